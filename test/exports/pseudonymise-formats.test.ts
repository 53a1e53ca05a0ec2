import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { decodeHTMLStrict, decodeXML } from 'entities';
import { strFromU8, unzipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/connection.js';
import { callOrThrow } from '../../electron/api/dispatch.js';
import { registerPdfPrinter } from '../../electron/exports/pdf.js';
import { generateReport } from '../../electron/exports/report/index.js';
import { tempDatabase, tempDir } from '../helpers/temp.js';
import { namesOf, PEOPLE, spellingOf, survivors, WRITTEN } from './spellings.js';

/** The written-out spellings and a fixed sample of generated ones (the same on every run). */
const SPELLINGS = [...WRITTEN, ...fc.sample(spellingOf(PEOPLE), { seed: 15, numRuns: 60 }).map((spelling) => spelling.text)];

/** Groups of a few spellings, each group one text of the journal. */
function groups(size: number): string[][] {
  const out: string[][] = [];
  for (let index = 0; index < SPELLINGS.length; index += size) out.push(SPELLINGS.slice(index, index + size));
  return out;
}

/**
 * A journal whose stakeholders' real names appear in every odd spelling in note titles and bodies, a
 * dialogue's turns, a reflection's title and body, and link comments; every event linked as evidence
 * (whole, and a passage of a note), so each report quotes them.
 */
async function seedSpellings(db: Db) {
  const project = await callOrThrow(db, 'projects:create', { title: 'Stavemåder', concern: 'Hvordan taler vi om naboskab?' });
  const cycle = await callOrThrow(db, 'cycles:create', { project_id: project.id, title: 'Første runde' });
  const people = [];
  for (const person of PEOPLE) {
    people.push(
      await callOrThrow(db, 'stakeholders:create', {
        project_id: project.id,
        pseudonym: person.pseudonym,
        real_name: person.real_name,
        aliases: JSON.parse(person.aliases) as string[],
        sector: 'citizen',
      }),
    );
  }
  const base = { project_id: project.id, cycle_id: cycle.id };
  const reflection = await callOrThrow(db, 'reflections:create', {
    ...base,
    phase: 'reflect',
    mode: 'withness',
    title: `Efter mødet med ${SPELLINGS[0]}`,
    body: `Jeg tænker på ${SPELLINGS.join(' og ')}.`,
    written_at: '2026-03-01T09:00:00.000Z',
  });
  for (const [index, group] of groups(3).entries()) {
    const body = `Feltnote ${index}: ${group.join(', så ')} kom forbi.`;
    const note = await callOrThrow(db, 'notes:create', {
      ...base,
      phase: 'observe',
      title: `Besøg hos ${group[0]}`,
      body,
      occurred_at: `2026-02-${String(1 + (index % 27)).padStart(2, '0')}T09:00:00.000Z`,
    });
    await callOrThrow(db, 'links:add', { reflection_id: reflection.id, target_type: 'field_note', target_id: note.id, comment: `Se ${group.at(-1)}.` });
    const start = [...body].length - [...body.slice(body.indexOf(group[0]!))].length;
    const passage = [...body].slice(start, start + [...group[0]!].length + 4).join('');
    await callOrThrow(db, 'links:add', { reflection_id: reflection.id, target_type: 'field_note', target_id: note.id, excerpt: { start, end: start + [...passage].length, text: passage } });
  }
  const dialogue = await callOrThrow(db, 'dialogues:create', {
    ...base,
    phase: 'act',
    kind: 'meeting',
    title: 'Møde i beboerhuset',
    occurred_at: '2026-02-20T09:00:00.000Z',
    participant_ids: people.map((person) => person.id),
  });
  for (const [index, group] of groups(4).entries()) {
    const turn = await callOrThrow(db, 'turns:add', { dialogue_id: dialogue.id, speaker_id: people[index % 2]!.id, text: `Replik ${index}: jeg så ${group.join(' og ')} i går.` });
    await callOrThrow(db, 'links:add', { reflection_id: reflection.id, target_type: 'turn', target_id: turn.id });
  }
  return { projectId: project.id };
}

const NAMES = namesOf(PEOPLE);
const decoded = (base64: string) => Buffer.from(base64, 'base64');

/** Text of HTML as shown: tags dropped, references decoded (the check decodes once more, as a Markdown reader would). */
const htmlText = (html: string) => decodeHTMLStrict(html.replace(/<style[\s\S]*?<\/style>|<script(?![^>]*application\/json)[\s\S]*?<\/script>/g, ' ').replace(/<[^>]*>/g, ''));

/** The text of every run of a Word document, joined without spaces (so a name cut into runs would show whole). */
function docxText(bytes: Buffer): string {
  const files = unzipSync(new Uint8Array(bytes));
  return Object.entries(files)
    .filter(([name]) => name.startsWith('word/') && name.endsWith('.xml'))
    .map(([, data]) => [...strFromU8(data).matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((run) => decodeXML(run[1]!)).join(''))
    .join('\n');
}

/** Every XML part and plain-text source of a REFI-QDA project, XML references decoded. */
function qdpxText(bytes: Buffer): string {
  const files = unzipSync(new Uint8Array(bytes));
  const names = Object.keys(files).filter((name) => name.endsWith('.qde') || name.endsWith('.txt') || name.endsWith('.xml'));
  expect(names.some((name) => name.endsWith('.txt'))).toBe(true);
  return names.map((name) => decodeXML(strFromU8(files[name]!))).join('\n');
}

/** The review page's visible text and the strings of its embedded data. */
function reviewText(html: string): string {
  const json = /<script type="application\/json" id="review-data">([\s\S]*?)<\/script>/.exec(html)?.[1];
  expect(json).toBeDefined();
  const strings: string[] = [];
  JSON.parse(json!, (_key, value: unknown) => {
    if (typeof value === 'string') strings.push(value);
    return value;
  });
  return `${htmlText(html)}\n${strings.join('\n')}`;
}

function pdfText(pdf: Buffer): string {
  const file = join(tempDir(), 'report.pdf');
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

function expectPseudonymised(format: string, text: string): void {
  expect(survivors(text, NAMES), format).toEqual([]);
  // The texts are in the export (the check is not vacuous): their own words and the pseudonyms.
  expect(text, format).toMatch(/Feltnote|Replik/);
  expect(text, format).toContain('Borger A');
  expect(text, format).toContain('Frivillig B');
}

afterEach(() => registerPdfPrinter(undefined));

describe('every export format replaces names in any spelling', { timeout: 120_000 }, () => {
  it('Markdown, HTML and Word reports', async () => {
    const { db } = tempDatabase();
    const { projectId } = await seedSpellings(db);
    const md = await callOrThrow(db, 'exports:report', { project_id: projectId, format: 'md' });
    expectPseudonymised('md', decoded(md.data_base64).toString('utf8'));
    const html = await callOrThrow(db, 'exports:report', { project_id: projectId, format: 'html' });
    expectPseudonymised('html', htmlText(decoded(html.data_base64).toString('utf8')));
    const docx = await callOrThrow(db, 'exports:report', { project_id: projectId, format: 'docx' });
    expectPseudonymised('docx', docxText(decoded(docx.data_base64)));
  });

  it('REFI-QDA project and team review page', async () => {
    const { db } = tempDatabase();
    const { projectId } = await seedSpellings(db);
    const qdpx = await callOrThrow(db, 'exchange:qdpx', { project_id: projectId });
    expectPseudonymised('qdpx', qdpxText(decoded(qdpx.data_base64)));
    const review = await callOrThrow(db, 'exchange:reviewPage', { project_id: projectId });
    expectPseudonymised('review page', reviewText(decoded(review.data_base64).toString('utf8')));
  });

  it('PDF report (printed by Chromium)', async () => {
    const { db } = tempDatabase();
    const { projectId } = await seedSpellings(db);
    const pdf = await generateReport(db, { project_id: projectId, format: 'pdf' });
    expectPseudonymised('pdf', pdfText(pdf.data));
  });
});
