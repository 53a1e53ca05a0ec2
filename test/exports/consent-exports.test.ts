import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { updateStakeholder } from '../../db/repositories/stakeholders.js';
import { call, callOrThrow } from '../../electron/api/dispatch.js';
import { consentDecision, createConsentFilter } from '../../electron/exports/consent-filter.js';
import { buildQdpx } from '../../electron/exchange/qdpx.js';
import { buildReviewPage } from '../../electron/exchange/review-page.js';
import { generateReport } from '../../electron/exports/report/index.js';
import { tempDatabase, tempDir } from '../helpers/temp.js';
import { seedConsentInquiry, WORDS } from './consent-fixture.js';

const MARKER = '[not quoted: consent]';
const MARKER_DA = '[ikke citeret: samtykke]';

function pdfText(pdf: Buffer): string {
  const file = join(tempDir(), 'report.pdf');
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

function docxText(docx: Buffer): string {
  const xml = strFromU8(unzipSync(new Uint8Array(docx))['word/document.xml']!);
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)]
    .map((p) => [...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''))
    .join('\n')
    .replace(/&amp;/g, '&');
}

/** Text as a reader sees it: line breaks and hyphenation of a PDF folded into single spaces. */
const flat = (text: string) => text.replace(/\s+/g, ' ');

/** The quotable person's words are there, the others' are not, and the marker stands in their place. */
function expectConsentRespected(text: string, marker = MARKER): void {
  const reading = flat(text);
  expect(reading).toContain(WORDS.quote);
  expect(reading).not.toContain(WORDS.describe);
  expect(reading).not.toContain(WORDS.pending);
  // Not even a part of their sentences (a passage of them is cited too).
  expect(reading).not.toContain('night bus');
  expect(reading).not.toContain('blue pot');
  expect(reading).toContain(marker);
}

describe('consent decides what exports contain', { timeout: 120_000 }, () => {
  it('the rule: only given + quote is quoted; given + describe is described; anything else is left out', () => {
    expect(consentDecision('given', 'quote')).toBe('quote');
    expect(consentDecision('given', 'describe')).toBe('describe');
    expect(consentDecision('given', 'none')).toBe('leave_out');
    for (const status of ['unknown', 'pending', 'declined', 'withdrawn']) {
      for (const use of ['quote', 'describe', 'none']) expect(consentDecision(status, use), `${status}/${use}`).toBe('leave_out');
    }
    const filter = createConsentFilter([{ id: 'a', pseudonym: 'A', consent_status: 'given', consent_use: 'quote' }]);
    expect(filter.mayQuote(null)).toBe(true);
    expect(filter.mayQuote('a')).toBe(true);
    // A speaker no longer in the journal (erased) cannot be quoted.
    expect(filter.mayQuote('gone')).toBe(false);
    expect(filter.turnText('t1', 'gone', 'secret')).toBe(MARKER);
    expect(filter.heldBack()).toEqual([expect.objectContaining({ stakeholder_id: 'gone', decision: 'leave_out', consent_status: 'gone', turns: 1, passages: 0 })]);
  });

  it('reports in Markdown, HTML, Word and PDF quote only the quotable person and show the marker; Danish reports say it in Danish', async () => {
    const { db } = tempDatabase();
    const seed = await seedConsentInquiry(db);
    const md = (await generateReport(db, { project_id: seed.projectId, format: 'md' })).data.toString('utf8');
    expectConsentRespected(md);
    // Dana may be described: she is named as speaker and in the appendix; Pia, pending, is named nowhere.
    expect(md).toMatch(/\*\*Dana:\*\* \[not quoted: consent\]/);
    expect(md).not.toMatch(/\bPia\b/);
    expect(md).toContain('Quinn');
    // The front page says why some words are missing (only when some are).
    expect(md).toContain('their words are not quoted here and a note in brackets says so');
    // Pseudonymisation still applies to what remains.
    expect(md).not.toContain('Realname');

    expectConsentRespected((await generateReport(db, { project_id: seed.projectId, format: 'html' })).data.toString('utf8'));
    expectConsentRespected(docxText((await generateReport(db, { project_id: seed.projectId, format: 'docx' })).data));
    const pdf = pdfText((await generateReport(db, { project_id: seed.projectId, format: 'pdf' })).data);
    expectConsentRespected(pdf);
    expect(flat(pdf)).not.toMatch(/\bPia\b/);

    const danish = (await generateReport(db, { project_id: seed.projectId, format: 'md', language: 'da' })).data.toString('utf8');
    expectConsentRespected(danish, MARKER_DA);
    expect(danish).not.toContain(MARKER);
    expect(danish).toContain('en note i klammer siger det');

    // Real names chosen: consent still holds the words back (it is about the person's words, not their name).
    const real = (await generateReport(db, { project_id: seed.projectId, format: 'md', real_names: true })).data.toString('utf8');
    expectConsentRespected(real);

    // Giving Dana quote consent brings her words back: the marker came from consent, not from something else.
    updateStakeholder(db, seed.dana, { consent_use: 'quote' });
    updateStakeholder(db, seed.pia, { consent_status: 'given' });
    const after = (await generateReport(db, { project_id: seed.projectId, format: 'md' })).data.toString('utf8');
    expect(after).toContain(WORDS.describe);
    expect(after).toContain(WORDS.pending);
    expect(after).not.toContain(MARKER);
    expect(after).not.toContain('a note in brackets says so');
  });

  it('the .qdpx holds the marker in the held-back turns, no Case for a person who may not be named, and no passage of them', async () => {
    const { db } = tempDatabase();
    const seed = await seedConsentInquiry(db);
    const file = buildQdpx(db, seed.projectId)!;
    const entries = unzipSync(file.bytes);
    const sources = Object.entries(entries)
      .filter(([path]) => path.startsWith('sources/'))
      .map(([, data]) => strFromU8(data))
      .join('\n');
    const everything = `${file.qde}\n${sources}`;
    expectConsentRespected(everything);
    expect(sources).toContain(`Dana: ${MARKER}`);
    expect(sources).toContain(`Participant: ${MARKER}`);
    expect(file.qde).toContain('name="Quinn"');
    expect(file.qde).toContain('name="Dana"');
    expect(file.qde).not.toMatch(/\bPia\b/);
    expect(file.held_back.map(({ pseudonym, decision, turns, passages }) => ({ pseudonym, decision, turns, passages }))).toEqual([
      { pseudonym: 'Dana', decision: 'describe', turns: 1, passages: 1 },
      { pseudonym: 'Pia', decision: 'leave_out', turns: 1, passages: 1 },
    ]);
  });

  it('the review page shows the marker for held-back turns and quotes', async () => {
    const { db } = tempDatabase();
    const seed = await seedConsentInquiry(db);
    const page = buildReviewPage(db, seed.projectId)!;
    expectConsentRespected(page.html);
    expect(page.html).not.toMatch(/\bPia\b/);
    expect(page.html).toContain('Dana');
    expect(page.held_back.map(({ pseudonym, turns, passages }) => ({ pseudonym, turns, passages }))).toEqual([
      { pseudonym: 'Dana', turns: 1, passages: 1 },
      { pseudonym: 'Pia', turns: 1, passages: 1 },
    ]);
  });

  it('the export previews list what is held back, by pseudonym (never the real name) and with counts', async () => {
    const { db } = tempDatabase();
    const seed = await seedConsentInquiry(db);
    const preview = await callOrThrow(db, 'exports:preview', { project_id: seed.projectId });
    expect(preview.held_back).toEqual([
      { stakeholder_id: seed.dana, pseudonym: 'Dana', decision: 'describe', consent_status: 'given', consent_use: 'describe', turns: 1, passages: 1 },
      { stakeholder_id: seed.pia, pseudonym: 'Pia', decision: 'leave_out', consent_status: 'pending', consent_use: 'quote', turns: 1, passages: 1 },
    ]);
    expect(JSON.stringify(preview.held_back)).not.toContain('Realname');
    for (const kind of ['qdpx', 'review_page', 'report'] as const) {
      const held = await callOrThrow(db, 'consent:heldBack', { project_id: seed.projectId, export: kind });
      expect(held.held_back.map((entry) => entry.pseudonym), kind).toEqual(['Dana', 'Pia']);
    }
    // A report scoped to a time before the dialogue cites nothing of theirs: nothing is held back.
    const early = await callOrThrow(db, 'consent:heldBack', { project_id: seed.projectId, export: 'report', scope: { to: '2026-01-01' } });
    expect(early.held_back).toEqual([]);
    expect(await call(db, 'consent:heldBack', { project_id: seed.projectId, export: 'bundle' as never })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });
});
