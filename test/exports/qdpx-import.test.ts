import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { createDemoProject } from '../../db/demo/build.js';
import type { Db } from '../../db/connection.js';
import { call, callOrThrow } from '../../electron/api/dispatch.js';
import { importQdpx } from '../../electron/exchange/qdpx-import/index.js';
import { consentToQuoteForAll } from '../helpers/consent.js';
import { rowCounts, tempDatabase } from '../helpers/temp.js';
import { contentOf, readQdpx } from './qdpx-reader.js';

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const GUID = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

async function exportQdpx(db: Db, projectId: string): Promise<Uint8Array> {
  const file = await callOrThrow(db, 'exchange:qdpx', { project_id: projectId, real_names: true });
  return new Uint8Array(Buffer.from(file.data_base64, 'base64'));
}

/** A small foreign-looking project: an interview transcript with I:/R: labels, a memo, codes and a coded passage. */
function foreignQdpx(options: { qde?: (qde: string) => string; extra?: Record<string, Uint8Array> } = {}): Uint8Array {
  const transcript = 'I: How do you spend Tuesdays?\nR: At the bakery, with the others.\nI: Always?\nR: Since the table started.\nWe talk about everything.';
  const start = transcript.indexOf('the bakery'); // ASCII: UTF-16 units are code points here
  const qde = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Tuesday study" origin="Another tool">
  <Users><User guid="${GUID(1)}" name="Coder"/></Users>
  <CodeBook><Codes>
    <Code guid="${GUID(2)}" name="Place" isCodable="true" color="#AA3300"><Code guid="${GUID(3)}" name="Bakery" isCodable="true"/></Code>
  </Codes></CodeBook>
  <Cases><Case guid="${GUID(4)}" name="R"><SourceRef targetGUID="${GUID(5)}"/></Case></Cases>
  <Sources>
    <TextSource guid="${GUID(5)}" name="Interview 1" plainTextPath="internal://${GUID(5)}.txt" creatingUser="${GUID(1)}" creationDateTime="2024-02-01T10:00:00Z">
      <PlainTextSelection guid="${GUID(6)}" name="bakery" startPosition="${start}" endPosition="${start + 10}" creatingUser="${GUID(1)}">
        <Coding guid="${GUID(7)}" creatingUser="${GUID(1)}"><CodeRef targetGUID="${GUID(3)}"/></Coding>
        <NoteRef targetGUID="${GUID(9)}"/>
      </PlainTextSelection>
      <PlainTextSelection guid="${GUID(8)}" name="across turns" startPosition="10" endPosition="60">
        <Coding guid="${GUID(10)}"><CodeRef targetGUID="${GUID(2)}"/></Coding>
      </PlainTextSelection>
      <PlainTextSelection guid="${GUID(11)}" name="outside" startPosition="5" endPosition="99999"/>
    </TextSource>
  </Sources>
  <Notes>
    <Note guid="${GUID(9)}" name="Memo on the bakery" creationDateTime="2024-02-02T09:00:00Z"><PlainTextContent>The bakery is where the table lives.</PlainTextContent></Note>
  </Notes>
</Project>`;
  return zipSync({ 'project.qde': strToU8(options.qde ? options.qde(qde) : qde), [`sources/${GUID(5)}.txt`]: strToU8(transcript), ...options.extra });
}

describe('REFI-QDA import', () => {
  it('round trip: export → import → export gives the same codes, sources, coded selections and notes', async () => {
    const { db } = tempDatabase();
    const { project } = createDemoProject(db);
    // Every turn's words in both exports: consent to quote on each side (a .qdpx carries no consent, so the people it
    // brings in start with consent unknown and would be held back; consent-exports.test.ts covers that).
    consentToQuoteForAll(db, project.id);
    const first = await exportQdpx(db, project.id);

    const { db: other } = tempDatabase();
    const result = await callOrThrow(other, 'exchange:qdpxImport', { data_base64: base64(first) });
    expect(result.created).toMatchObject({ codes: 10, reflections: 12, codings: 47 });
    expect(result.created.dialogues).toBeGreaterThan(0);
    expect(result.widened).toBe(0);
    consentToQuoteForAll(other, result.project_id);
    const second = await exportQdpx(other, result.project_id);

    const before = contentOf(readQdpx(first));
    const after = contentOf(readQdpx(second));
    expect(after.codes).toEqual(before.codes);
    expect(after.sources).toEqual(before.sources);
    expect(after.notes).toEqual(before.notes);
    expect(before.sources.flatMap((source) => source.selections).length).toBeGreaterThan(20);
  });

  it('previews the mapping, and imports a transcript as a dialogue with turns, or as a note when asked', async () => {
    const { db } = tempDatabase();
    const preview = await callOrThrow(db, 'exchange:qdpxPreview', { data_base64: base64(foreignQdpx()) });
    expect(preview).toMatchObject({
      project_name: 'Tuesday study',
      sources: [{ guid: GUID(5), name: 'Interview 1', transcript: { turns: 4, speakers: ['I', 'R'] } }],
      counts: { codes: 2, cases: 1, sources: 1, notes: 1, codings: 2, links: 1 },
      skipped: [{ what: '1 selection', reason: expect.stringContaining('outside') }],
    });
    expect(rowCounts(db).projects).toBe(0);

    const asDialogue = await callOrThrow(db, 'exchange:qdpxImport', { data_base64: base64(foreignQdpx()) });
    expect(asDialogue.created).toMatchObject({ dialogues: 1, field_notes: 0, turns: 4, codes: 2, reflections: 1, codings: 2, links: 1, stakeholders: 2 });
    expect(asDialogue.widened).toBe(1); // the passage across turns is kept on the whole dialogue
    const turns = db.prepare(`SELECT t.text, s.pseudonym FROM dialogue_turns t LEFT JOIN stakeholders s ON s.id = t.speaker_id WHERE t.project_id = ? ORDER BY t.position`).all(asDialogue.project_id);
    expect(turns).toEqual([
      { text: 'How do you spend Tuesdays?', pseudonym: 'I' },
      { text: 'At the bakery, with the others.', pseudonym: 'R' },
      { text: 'Always?', pseudonym: 'I' },
      { text: 'Since the table started.\nWe talk about everything.', pseudonym: 'R' },
    ]);
    const passage = db.prepare(`SELECT target_type, excerpt_start, excerpt_end, excerpt_text FROM code_applications WHERE project_id = ? AND excerpt_text IS NOT NULL`).get(asDialogue.project_id);
    expect(passage).toEqual({ target_type: 'turn', excerpt_start: 3, excerpt_end: 13, excerpt_text: 'the bakery' });
    const link = db.prepare(`SELECT l.target_type, l.excerpt_text, r.title FROM prompt_links l JOIN reflections r ON r.id = l.reflection_id WHERE l.project_id = ?`).get(asDialogue.project_id);
    expect(link).toMatchObject({ target_type: 'turn', title: 'Memo on the bakery' });

    const asNote = await callOrThrow(db, 'exchange:qdpxImport', { data_base64: base64(foreignQdpx()), as_notes: [GUID(5)] });
    expect(asNote.created).toMatchObject({ dialogues: 0, field_notes: 1, codings: 2 });
    const noteCoding = db.prepare(`SELECT excerpt_start, excerpt_text FROM code_applications WHERE project_id = ? AND target_type = 'field_note' AND excerpt_end - excerpt_start = 10`).get(asNote.project_id);
    expect(noteCoding).toEqual({ excerpt_start: 36, excerpt_text: 'the bakery' });
  });

  it('imports into an existing inquiry, using its codes and stakeholders of the same name instead of doubling them', async () => {
    const { db } = tempDatabase();
    const first = await callOrThrow(db, 'exchange:qdpxImport', { data_base64: base64(foreignQdpx()) });
    const again = await callOrThrow(db, 'exchange:qdpxImport', { data_base64: base64(foreignQdpx()), project_id: first.project_id });
    expect(again.project_id).toBe(first.project_id);
    expect(again.created).toMatchObject({ codes: 0, stakeholders: 0, dialogues: 1 });
    expect(db.prepare(`SELECT count(*) FROM codes WHERE project_id = ?`).pluck().get(first.project_id)).toBe(2);
  });

  const hostile: [string, () => Uint8Array, RegExp][] = [
    ['not a zip', () => strToU8('<Project/>'), /a .qdpx is a zip archive, and this is not one/],
    ['no project.qde', () => zipSync({ 'other.xml': strToU8('<x/>') }), /no project\.qde/],
    ['a path that climbs out (zip slip)', () => foreignQdpx({ extra: { '../../evil.sh': strToU8('rm -rf ~') } }), /climbs out/],
    [
      'an external entity (XXE)',
      () => foreignQdpx({ qde: (qde) => qde.replace('<Project ', '<!DOCTYPE Project [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n<Project ').replace('Tuesday study', '&secret;') }),
      /document type or entities/,
    ],
    [
      'an entity expansion bomb',
      () => foreignQdpx({ qde: (qde) => qde.replace('<Project ', '<!DOCTYPE p [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n<Project ').replace('Tuesday study', '&b;') }),
      /document type or entities/,
    ],
    ['a file that breaks the schema', () => foreignQdpx({ qde: (qde) => qde.replace(' name="Bakery" isCodable="true"', ' name="Bakery"') }), /not a valid REFI-QDA project.*isCodable/],
    ['a source file that is missing', () => zipSync({ 'project.qde': strToU8(new TextDecoder().decode(foreignQdpxQde())) }), /not in the archive/],
    ['XML that is not well-formed', () => foreignQdpx({ qde: (qde) => qde.replace('</Project>', '') }), /not a valid REFI-QDA project|cannot be read as XML/],
  ];

  for (const [name, build, message] of hostile) {
    it(`refuses ${name} with a clear message and writes nothing`, async () => {
      const { db } = tempDatabase();
      createDemoProject(db);
      const before = rowCounts(db);
      const result = await call(db, 'exchange:qdpxImport', { data_base64: base64(build()) });
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(message) } });
      expect(rowCounts(db)).toEqual(before);
    });
  }

  it('refuses an archive whose entries inflate past the limits (a zip bomb), writing nothing', async () => {
    const { db } = tempDatabase();
    const before = rowCounts(db);
    const bomb = foreignQdpx({ extra: { 'sources/padding.txt': new Uint8Array(4 * 1024 * 1024) } });
    expect(bomb.length).toBeLessThan(64 * 1024);
    await expect(importQdpx(db, bomb, {}, { maxFileBytes: 1024 * 1024, maxEntries: 100, maxEntryBytes: 1024 * 1024, maxTotalBytes: 2 * 1024 * 1024 })).rejects.toThrow(/larger|limit|more than/i);
    expect(rowCounts(db)).toEqual(before);
  });

  it('reports progress while it writes', async () => {
    const { db } = tempDatabase();
    const seen: { step: string; done: number; total: number }[] = [];
    await importQdpx(db, foreignQdpx(), { onProgress: (progress) => seen.push(progress) });
    expect(seen.length).toBeGreaterThan(3);
    expect(seen.at(-1)!.done).toBe(seen.at(-1)!.total);
    expect(new Set(seen.map((progress) => progress.step))).toEqual(new Set(['reading', 'codes', 'sources', 'notes', 'codings', 'links']));
  });
});

function foreignQdpxQde(): Uint8Array {
  return unzipSync(foreignQdpx())['project.qde']!;
}
