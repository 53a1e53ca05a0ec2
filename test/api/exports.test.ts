import { describe, expect, it } from 'vitest';
import { trashEntity } from '../../db/repositories/entities.js';
import { createProject } from '../../db/repositories/projects.js';
import { call, callOrThrow } from '../../electron/api/dispatch.js';
import { tempDatabase, rowCounts } from '../helpers/temp.js';
import { seedDemo } from '../exports/report-fixture.js';

const MISSING = '01900000-0000-7000-8000-000000000000';

/** A tiny inquiry whose texts name one stakeholder a known number of times. */
async function tiny() {
  const { db } = tempDatabase();
  const project = createProject(db, { title: 'Lille undersøgelse', concern: 'Hvordan har Lone det?' });
  const person = await callOrThrow(db, 'stakeholders:create', {
    project_id: project.id,
    pseudonym: 'Birgitte',
    real_name: 'Lone Kirkegaard',
    aliases: ['Lonni'],
    sector: 'public',
  });
  await callOrThrow(db, 'notes:create', { project_id: project.id, body: 'Lone Kirkegaard og Lonni. Lone kom.', occurred_at: '2026-01-05T10:00:00.000Z' });
  return { db, projectId: project.id, person };
}

describe('exports:preview', () => {
  it('lists what will be replaced, with how often it occurs in the report', async () => {
    const { db, projectId, person } = await tiny();
    const result = await call(db, 'exports:preview', { project_id: projectId }, { checkOutput: true });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const byTerm = Object.fromEntries(result.value.replacements.map((entry) => [entry.term, entry]));
    expect(byTerm['Lone Kirkegaard']).toEqual({ stakeholder_id: person.id, pseudonym: 'Birgitte', term: 'Lone Kirkegaard', kind: 'real_name', occurrences: 1 });
    expect(byTerm['Lonni']).toMatchObject({ kind: 'alias', occurrences: 1 });
    // "Lone" in the note and in the research question.
    expect(byTerm['Lone']).toMatchObject({ kind: 'name_part', occurrences: 2 });
    expect(byTerm['Kirkegaard']).toMatchObject({ kind: 'name_part', occurrences: 0 });
    expect(result.value.texts_checked).toBeGreaterThan(0);

    // The report makes exactly those replacements.
    const report = await callOrThrow(db, 'exports:report', { project_id: projectId, format: 'md' });
    const md = Buffer.from(report.data_base64, 'base64').toString('utf8');
    expect(md).toContain('Birgitte og Birgitte. Birgitte kom.');
    expect(md).toContain('Hvordan har Birgitte det?');
    expect(md).not.toMatch(/Lone|Lonni|Kirkegaard/);
  });

  it('counts only the texts in the chosen scope', async () => {
    const { db, projectId } = await tiny();
    const result = await callOrThrow(db, 'exports:preview', { project_id: projectId, scope: { from: '2026-02-01' } });
    expect(result.replacements.find((entry) => entry.term === 'Lone Kirkegaard')!.occurrences).toBe(0);
    expect(result.replacements.find((entry) => entry.term === 'Lone')!.occurrences).toBe(1);
  });

  it('refuses bad input and missing records, and writes nothing', async () => {
    const { db } = tempDatabase();
    const seeded = await seedDemo(db);
    const before = rowCounts(db);
    const cases: [unknown, string][] = [
      [{}, 'invalid_input'],
      [{ project_id: 'nope' }, 'invalid_input'],
      [{ project_id: 42 }, 'invalid_input'],
      [{ project_id: seeded.projectId, extra: 1 }, 'invalid_input'],
      [{ project_id: seeded.projectId, scope: { cycle_ids: [] } }, 'invalid_input'],
      [{ project_id: seeded.projectId, scope: { from: '2026-13-01' } }, 'invalid_input'],
      [{ project_id: seeded.projectId, scope: { from: '2026-03-01', to: '2026-02-01' } }, 'invalid_input'],
      [{ project_id: seeded.projectId, scope: { cycles: [] } }, 'invalid_input'],
      [{ project_id: MISSING }, 'not_found'],
      [{ project_id: seeded.projectId, scope: { cycle_ids: [MISSING] } }, 'not_found'],
    ];
    for (const [input, code] of cases) {
      const result = await call(db, 'exports:preview', input as never);
      expect(result.ok, JSON.stringify(input)).toBe(false);
      if (!result.ok) expect(result.error.code, JSON.stringify(input)).toBe(code);
    }
    expect(rowCounts(db)).toEqual(before);
  });
});

describe('exports:report', () => {
  it('returns each format as a named file, pseudonymised unless real names are asked for', async () => {
    const { db } = tempDatabase();
    const seeded = await seedDemo(db);
    const before = rowCounts(db);
    const expected = {
      md: ['text/markdown; charset=utf-8', '# Fællesskaber'],
      html: ['text/html; charset=utf-8', '<!doctype html>'],
      docx: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'PK'],
    } as const;
    for (const [format, [mediaType, start]] of Object.entries(expected)) {
      const result = await call(db, 'exports:report', { project_id: seeded.projectId, format: format as 'md' }, { checkOutput: true });
      expect(result.ok, format).toBe(true);
      if (!result.ok) continue;
      expect(result.value.media_type).toBe(mediaType);
      expect(result.value.file_name).toMatch(new RegExp(`-report-\\d{4}-\\d{2}-\\d{2}\\.${format}$`));
      expect(Buffer.from(result.value.data_base64, 'base64').toString('utf8').startsWith(start)).toBe(true);
    }
    const real = await callOrThrow(db, 'exports:report', { project_id: seeded.projectId, format: 'md', real_names: true, language: 'da' });
    expect(real.file_name).toMatch(/-rapport-real-names-\d{4}-\d{2}-\d{2}\.md$/);
    expect(Buffer.from(real.data_base64, 'base64').toString('utf8')).toContain('Lone Kirkegaard');
    const scoped = await callOrThrow(db, 'exports:report', { project_id: seeded.projectId, format: 'md', scope: { cycle_ids: [seeded.cycles[2]!.id] } });
    const md = Buffer.from(scoped.data_base64, 'base64').toString('utf8');
    expect(md).toContain('## Cycle 3: ');
    expect(md).not.toContain('## Cycle 1: ');
    expect(rowCounts(db)).toEqual(before);
  });

  it('refuses bad input and missing records, and writes nothing', async () => {
    const { db } = tempDatabase();
    const seeded = await seedDemo(db);
    const before = rowCounts(db);
    const ok = { project_id: seeded.projectId, format: 'md' };
    const cases: [unknown, string][] = [
      [{ project_id: seeded.projectId }, 'invalid_input'],
      [{ ...ok, format: 'rtf' }, 'invalid_input'],
      [{ ...ok, format: 'qdpx' }, 'invalid_input'],
      [{ ...ok, real_names: 'yes' }, 'invalid_input'],
      [{ ...ok, language: 'de' }, 'invalid_input'],
      [{ ...ok, unknown: true }, 'invalid_input'],
      [{ ...ok, scope: { cycle_ids: ['x'] } }, 'invalid_input'],
      [{ ...ok, scope: { cycle_ids: Array.from({ length: 1001 }, () => MISSING) } }, 'invalid_input'],
      [{ ...ok, scope: { to: '1.2.2026' } }, 'invalid_input'],
      [{ ...ok, scope: { from: '2026-03-01', to: '2026-02-01' } }, 'invalid_input'],
      [{ ...ok, project_id: MISSING }, 'not_found'],
      [{ ...ok, scope: { cycle_ids: [MISSING] } }, 'not_found'],
    ];
    for (const [input, code] of cases) {
      const result = await call(db, 'exports:report', input as never);
      expect(result.ok, JSON.stringify(input).slice(0, 200)).toBe(false);
      if (!result.ok) expect(result.error.code, JSON.stringify(input).slice(0, 200)).toBe(code);
    }
    const missing = await call(db, 'exports:report', { ...ok, project_id: MISSING } as never);
    expect(!missing.ok && missing.error.message).toBe(`No project with id ${MISSING} exists (it may have been deleted).`);
    expect(rowCounts(db)).toEqual(before);
  });

  it('does not export an inquiry that is in the trash', async () => {
    const { db } = tempDatabase();
    const project = createProject(db, { title: 'Snart væk' });
    trashEntity(db, 'project', project.id);
    const result = await call(db, 'exports:report', { project_id: project.id, format: 'md' });
    expect(!result.ok && result.error.code).toBe('not_found');
  });
});
