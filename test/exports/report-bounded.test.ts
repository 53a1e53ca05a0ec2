import { describe, expect, it } from 'vitest';
import { generateInquiry } from '../../db/generate/generate.js';
import { renderHtmlReport, renderHtmlReportBuffer } from '../../electron/exports/report/html.js';
import { renderMarkdownReport, renderMarkdownReportBuffer } from '../../electron/exports/report/markdown.js';
import { buildReportModel, loadReportModel, loadReportSnapshot } from '../../electron/exports/report/model.js';
import { loadProjectSnapshot } from '../../electron/exports/snapshot.js';
import { tempDatabase } from '../helpers/temp.js';
import { seedDemo } from './report-fixture.js';

const NOW = new Date('2026-05-20T10:00:00.000Z');

// Issue 14.4: the whole-inquiry report must not hold the whole journal (every note's body, every turn's text) nor its
// HTML several times over, and must stay the same report.
describe('a report reads and writes only what it shows', () => {
  it('builds the same model from its lean snapshot as from the whole project, for phases with more notes than it lists', () => {
    const { db } = tempDatabase();
    const generated = generateInquiry(db, { scale: 'small', seed: 5, bulk: false, threads: false });
    const projectId = String((db.prepare(`SELECT id FROM projects WHERE deleted_at IS NULL`).get() as { id: string }).id);
    expect(generated).toBeTruthy();
    const crowded = db
      .prepare(`SELECT max(n) AS n FROM (SELECT count(*) AS n FROM field_notes WHERE project_id = ? AND deleted_at IS NULL GROUP BY cycle_id, phase)`)
      .get(projectId) as { n: number };
    expect(crowded.n).toBeGreaterThan(12);
    const citedTurns = db.prepare(`SELECT count(*) AS n FROM prompt_links WHERE project_id = ? AND target_type = 'turn'`).get(projectId) as { n: number };
    expect(citedTurns.n).toBeGreaterThan(0);

    const lean = loadReportSnapshot(db, projectId, {})!;
    // Most notes come without their body, and uncited turns without their text: that is where the memory went.
    expect(lean.field_notes.filter((row) => row.body !== undefined).length).toBeLessThan(lean.field_notes.length / 2);
    expect(lean.turns.some((row) => row.text === undefined)).toBe(true);

    const cycle = String((db.prepare(`SELECT id FROM cycles WHERE project_id = ? AND deleted_at IS NULL ORDER BY ordinal LIMIT 1`).get(projectId) as { id: string }).id);
    for (const scope of [{}, { cycle_ids: [cycle] }]) {
      for (const realNames of [false, true]) {
        const whole = buildReportModel(loadProjectSnapshot(db, projectId)!, { scope, realNames, now: NOW });
        expect(loadReportModel(db, projectId, { scope, realNames, now: NOW }), JSON.stringify(scope)).toEqual(whole);
      }
    }
  });

  it('writes the HTML and Markdown in pieces that add up to exactly the same bytes, whatever the piece size', async () => {
    const { db } = tempDatabase();
    const seeded = await seedDemo(db);
    for (const language of ['en', 'da'] as const) {
      const model = loadReportModel(db, seeded.projectId, { language, now: NOW });
      const expected = Buffer.from(renderHtmlReport(model), 'utf8');
      expect(expected.toString('utf8')).toMatch(/[æøå—]/);
      for (const size of [1, 7, 4096, 1 << 20]) expect(renderHtmlReportBuffer(model, size).equals(expected), `${language} ${size}`).toBe(true);
      const markdown = Buffer.from(renderMarkdownReport(model), 'utf8');
      for (const size of [1, 7, 4096, 1 << 20]) expect(renderMarkdownReportBuffer(model, size).equals(markdown), `md ${language} ${size}`).toBe(true);
    }
  });
});
