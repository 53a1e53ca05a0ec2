import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/connection.js';
import { trashEntity } from '../../db/repositories/entities.js';
import { call, dispatch } from '../../electron/api/dispatch.js';
import { rowCounts, tempDatabase } from '../helpers/temp.js';
import { NASTY_QUERIES } from '../db/search-queries.js';

const strict = { checkOutput: true };
const MISSING = '0190a000-0000-7000-8000-00000000beef';

async function ok<T>(promise: Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>): Promise<T> {
  const result = await promise;
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

/** The fictional demo inquiry: real Danish text, cycles, stakeholders, dialogues and codes. */
async function demo() {
  const { db } = tempDatabase();
  const project = await ok(call(db, 'demo:create', {}, strict));
  return { db, project: project.id };
}

async function idOf(db: Db, sql: string, ...params: unknown[]): Promise<string> {
  return db.prepare(sql).pluck().get(...params) as string;
}

describe('search:query', () => {
  it('finds Danish words in the demo, ranked, with marked snippets and where the match is', async () => {
    const { db, project } = await demo();
    const result = await ok(call(db, 'search:query', { project_id: project, query: 'fællesbordet' }, strict));
    expect(result.total).toBeGreaterThan(5);
    expect(result.nothing_to_search).toBe(false);
    expect(result.terms).toEqual([{ kind: 'word', words: ['fællesbordet'], prefix: true, exact: false, stems: ['fællesbord'] }]);
    // Events with the word in their title come first.
    const titles = result.hits.map((hit) => db.prepare(`SELECT title FROM events_fts WHERE rowid = (SELECT doc_id FROM events WHERE entity_id = ?)`).pluck().get(hit.id) as string);
    expect(titles[0]!.toLowerCase()).toContain('fællesbordet');
    // Every hit holds the word or another form of it (its stem "fællesbord"): marked in the snippet, where the match is.
    for (const hit of result.hits) {
      expect(hit.snippet.some((part) => part.hit && part.text.toLowerCase().startsWith('fællesbord'))).toBe(true);
      if (hit.match) expect(Array.from(hit.text).slice(hit.match.start, hit.match.end).join('').toLowerCase()).toMatch(/^fællesbord/);
    }
    const turn = result.hits.find((hit) => hit.type === 'turn');
    expect(turn?.dialogue_id).toBeTruthy();
  });

  it('pages with a total and filters like the timeline', async () => {
    const { db, project } = await demo();
    const first = await ok(call(db, 'search:query', { project_id: project, query: 'det', limit: 10 }, strict));
    const second = await ok(call(db, 'search:query', { project_id: project, query: 'det', limit: 10, offset: 10 }, strict));
    expect(first.total).toBe(second.total);
    expect(first.total).toBeGreaterThan(20);
    expect(second.hits[0]!.rank).toBe(11);
    expect(new Set([...first.hits, ...second.hits].map((hit) => hit.id)).size).toBe(20);

    const turns = await ok(call(db, 'search:query', { project_id: project, query: 'det', filters: { types: ['turn'] }, limit: 100 }, strict));
    expect(turns.hits.every((hit) => hit.type === 'turn')).toBe(true);
    const else_ = await idOf(db, `SELECT id FROM stakeholders WHERE pseudonym = 'Else'`);
    const spoken = await ok(call(db, 'search:query', { project_id: project, query: '', filters: { types: ['turn'], stakeholder_ids: [else_] }, order: 'oldest', limit: 100 }, strict));
    expect(spoken.total).toBe(db.prepare(`SELECT count(*) FROM dialogue_turns WHERE speaker_id = ? AND deleted_at IS NULL`).pluck().get(else_));
    expect(spoken.hits.every((hit) => hit.label.startsWith('Else:'))).toBe(true);
    const citizens = await ok(call(db, 'search:query', { project_id: project, query: '', filters: { types: ['turn'], sectors: ['citizen'] }, limit: 100 }, strict));
    expect(citizens.total).toBeGreaterThanOrEqual(spoken.total);
    const withness = await ok(call(db, 'search:query', { project_id: project, query: '', filters: { types: ['reflection'], modes: ['aboutness'] }, limit: 100 }, strict));
    expect(withness.total).toBe(db.prepare(`SELECT count(*) FROM reflections WHERE mode = 'aboutness' AND deleted_at IS NULL`).pluck().get());
  });

  it('answers hostile query syntax with results or a clear invalid_input, never another error', async () => {
    const { db, project } = await demo();
    const before = rowCounts(db);
    for (const query of NASTY_QUERIES) {
      const result = await call(db, 'search:query', { project_id: project, query }, strict);
      if (result.ok) continue;
      expect(result.error.code, query.slice(0, 40)).toBe('invalid_input');
      expect(result.error.message).toMatch(/at most 1000 characters/);
    }
    const tooLong = await call(db, 'search:query', { project_id: project, query: 'x'.repeat(10_000) });
    expect(tooLong).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('search for a few words') } });
    const punctuation = await ok(call(db, 'search:query', { project_id: project, query: '"()*^:-' }, strict));
    expect(punctuation).toEqual({ total: 0, hits: [], terms: [], nothing_to_search: true, ranked_among: null, total_is_estimate: false });
    expect(rowCounts(db)).toEqual(before);
  });

  it('never fails otherwise for arbitrary strings and filters (property)', async () => {
    const { db, project } = await demo();
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'grapheme', maxLength: 80 }),
        fc.subarray(['field_note', 'turn', 'reflection', 'phase_entry', 'dialogue'] as const),
        async (query, types) => {
          const result = await call(db, 'search:query', { project_id: project, query, filters: { types } }, strict);
          if (!result.ok) expect(result.error.code).toBe('invalid_input');
        },
      ),
      { numRuns: 200 },
    );
  });

  it('refuses bad input and a missing or trashed project', async () => {
    const { db, project } = await demo();
    const before = rowCounts(db);
    const bad = [
      { project_id: 'nope', query: 'x' },
      { project_id: project },
      { project_id: project, query: 1 },
      { project_id: project, query: 'x', extra: true },
      { project_id: project, query: 'x', limit: 101 },
      { project_id: project, query: 'x', limit: 0 },
      { project_id: project, query: 'x', offset: -1 },
      { project_id: project, query: 'x', filters: { types: ['letter'] } },
      { project_id: project, query: 'x', filters: { sectors: ['pirates'] } },
      { project_id: project, query: 'x', filters: { cycle_ids: ['x'] } },
      { project_id: project, query: 'x', filters: { unknown: [] } },
      { project_id: project, query: 'x', order: 'random' },
    ];
    for (const input of bad) expect(await dispatch(db, 'search:query', input), JSON.stringify(input)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await call(db, 'search:query', { project_id: MISSING, query: 'x' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    trashEntity(db, 'project', project);
    expect(await call(db, 'search:query', { project_id: project, query: 'x' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(rowCounts(db).projects).toBe(before.projects);
  });
});

describe('search:speakers', () => {
  it('counts who spoke when in the demo, by sector and cycle', async () => {
    const { db, project } = await demo();
    const map = await ok(call(db, 'search:speakers', { project_id: project }, strict));
    expect(map.columns.map((column) => column.number)).toEqual(['1', '2', '3']);
    const totalTurns = map.rows.reduce((sum, row) => sum + row.turns, 0);
    expect(totalTurns).toBe(db.prepare(`SELECT count(*) FROM dialogue_turns WHERE speaker_id IS NOT NULL AND deleted_at IS NULL`).pluck().get());
    const sectors = map.rows.map((row) => row.sector);
    // Grouped: each sector's rows stand together.
    expect(sectors.filter((sector, i) => sector !== sectors[i - 1]).length).toBe(new Set(sectors).size);
    const else_ = map.rows.find((row) => row.pseudonym === 'Else')!;
    expect(else_.cells).toHaveLength(3);
    expect(else_.cells.reduce((sum, cell) => sum + cell.turns, 0)).toBe(else_.turns);
    expect(JSON.stringify(map)).not.toContain('real_name');
  });

  it('refuses bad input and missing projects', async () => {
    const { db } = tempDatabase();
    expect(await dispatch(db, 'search:speakers', {})).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await dispatch(db, 'search:speakers', { project_id: MISSING, x: 1 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await call(db, 'search:speakers', { project_id: MISSING })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});

describe('codings', () => {
  async function setup() {
    const { db, project } = await demo();
    const note = await ok(call(db, 'notes:create', { project_id: project, title: 'Kaffe', body: 'Vi drak 🙂 kaffe i gården bag kirken.' }, strict));
    const code = await ok(call(db, 'codes:create', { project_id: project, name: 'Steder' }, strict));
    const child = await ok(call(db, 'codes:create', { project_id: project, name: 'Gårde', parent_id: code.id }, strict));
    return { db, project, note, code, child };
  }

  it('adds a passage by code points, lists it with context and counts it, and removes it', async () => {
    const { db, project, note, child, code } = await setup();
    // "gården" starts at UTF-16 unit 19 but code point 18 (the emoji is two units).
    const added = await ok(call(db, 'codings:add', { code_id: child.id, target_type: 'field_note', target_id: note.id, excerpt: { start: 18, end: 24, text: 'gården' } }, strict));
    expect(added).toMatchObject({ code_id: child.id, excerpt_start: 18, excerpt_end: 24, excerpt_text: 'gården', project_id: project, deleted_at: null });
    const whole = await ok(call(db, 'codings:add', { code_id: code.id, target_type: 'field_note', target_id: note.id }, strict));
    expect(whole.excerpt_start).toBeNull();

    const own = await ok(call(db, 'codings:list', { project_id: project, code_id: child.id }, strict));
    expect(own.total).toBe(1);
    expect(own.segments[0]).toMatchObject({
      state: 'current',
      context: { before: 'Vi drak 🙂 kaffe i ', passage: 'gården', after: ' bag kirken.' },
      event: { type: 'field_note', id: note.id, label: 'Kaffe' },
      code: { id: child.id, name: 'Gårde' },
    });
    const withChildren = await ok(call(db, 'codings:list', { project_id: project, code_id: code.id, include_children: true }, strict));
    expect(withChildren.segments.map((segment) => segment.state)).toEqual(['whole', 'current']);
    const counts = await ok(call(db, 'codings:counts', { project_id: project }, strict));
    expect(counts.find((count) => count.code_id === child.id)).toEqual({ code_id: child.id, events: 0, passages: 1 });
    expect(counts.find((count) => count.code_id === code.id)).toEqual({ code_id: code.id, events: 1, passages: 0 });
    // The demo's code book is counted too.
    const all = await ok(call(db, 'codings:list', { project_id: project, limit: 500 }, strict));
    expect(all.total).toBe(counts.reduce((sum, count) => sum + count.events + count.passages, 0));

    const removed = await ok(call(db, 'codings:remove', { id: added.id }, strict));
    expect(removed.deleted_at).not.toBeNull();
    expect((await ok(call(db, 'codings:list', { project_id: project, code_id: child.id }, strict))).total).toBe(0);
    expect(await call(db, 'codings:remove', { id: added.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    // The whole-event coding shows on the note as a tag.
    expect((await ok(call(db, 'notes:get', { id: note.id }, strict))).code_ids).toEqual([code.id]);
  });

  it('refuses a mismatched, out-of-range, duplicate or foreign coding and writes nothing', async () => {
    const { db, project, note, code } = await setup();
    await ok(call(db, 'codings:add', { code_id: code.id, target_type: 'field_note', target_id: note.id, excerpt: { start: 0, end: 2, text: 'Vi' } }, strict));
    const other = await ok(call(db, 'projects:create', { title: 'Andet' }, strict));
    const foreignCode = await ok(call(db, 'codes:create', { project_id: other.id, name: 'Fremmed' }, strict));
    const trashedCode = await ok(call(db, 'codes:create', { project_id: project, name: 'Væk' }, strict));
    await ok(call(db, 'codes:delete', { id: trashedCode.id }, strict));
    const trashedNote = await ok(call(db, 'notes:create', { project_id: project, body: 'Slettet' }, strict));
    await ok(call(db, 'notes:delete', { id: trashedNote.id }, strict));
    const before = rowCounts(db);

    const cases: [unknown, string, RegExp][] = [
      [{ code_id: code.id, target_type: 'field_note', target_id: note.id, excerpt: { start: 19, end: 25, text: 'gården' } }, 'invalid_input', /does not match/],
      [{ code_id: code.id, target_type: 'field_note', target_id: note.id, excerpt: { start: 30, end: 90, text: 'x' } }, 'invalid_input', /only 36 characters long/],
      [{ code_id: code.id, target_type: 'field_note', target_id: note.id, excerpt: { start: 5, end: 5, text: 'x' } }, 'invalid_input', /end after it starts/],
      [{ code_id: code.id, target_type: 'field_note', target_id: note.id, excerpt: { start: 0, end: 2, text: '' } }, 'invalid_input', /cannot be empty/],
      [{ code_id: code.id, target_type: 'field_note', target_id: note.id, excerpt: { start: -1, end: 2, text: 'Vi' } }, 'invalid_input', /before the text/],
      [{ code_id: code.id, target_type: 'field_note', target_id: note.id, excerpt: { start: 0, end: 2, text: 'Vi' } }, 'conflict', /already coded “Steder”/],
      [{ code_id: foreignCode.id, target_type: 'field_note', target_id: note.id }, 'invalid_input', /another inquiry/],
      [{ code_id: trashedCode.id, target_type: 'field_note', target_id: note.id }, 'not_found', /No code/],
      [{ code_id: code.id, target_type: 'field_note', target_id: trashedNote.id }, 'invalid_input', /in the trash/],
      [{ code_id: MISSING, target_type: 'field_note', target_id: note.id }, 'not_found', /No code/],
      [{ code_id: code.id, target_type: 'turn', target_id: note.id }, 'not_found', /No turn/],
      [{ code_id: code.id, target_type: 'letter', target_id: note.id }, 'invalid_input', /target_type/],
      [{ code_id: code.id, target_type: 'field_note', target_id: 'x' }, 'invalid_input', /target_id/],
      [{ code_id: code.id, target_type: 'field_note', target_id: note.id, colour: 'red' }, 'invalid_input', /colour|Unrecognized/i],
      [{ code_id: code.id, target_type: 'field_note', target_id: note.id, excerpt: { start: 0, end: 2, text: 'Vi', extra: 1 } }, 'invalid_input', /./],
      [{ code_id: code.id, target_type: 'field_note', target_id: note.id, excerpt: { start: 0, end: 2, text: 'x'.repeat(100_001) } }, 'invalid_input', /100,000/],
    ];
    for (const [input, code_, message] of cases) {
      const result = await dispatch(db, 'codings:add', input);
      expect(result, JSON.stringify(input).slice(0, 120)).toMatchObject({ ok: false, error: { code: code_, message: expect.stringMatching(message) } });
    }
    expect(rowCounts(db)).toEqual(before);
  });

  it('refuses bad input for remove, list and counts', async () => {
    const { db, project, code } = await setup();
    const otherProject = await ok(call(db, 'projects:create', { title: 'Andet' }, strict));
    for (const [channel, input] of [
      ['codings:remove', { id: 'x' }],
      ['codings:remove', {}],
      ['codings:list', { project_id: project, code_id: 'x' }],
      ['codings:list', { project_id: project, limit: 501 }],
      ['codings:list', { project_id: project, include_children: 'yes' }],
      ['codings:counts', { project_id: project, code_id: code.id }],
    ] as const) {
      expect(await dispatch(db, channel, input), `${channel} ${JSON.stringify(input)}`).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    expect(await call(db, 'codings:remove', { id: MISSING })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await call(db, 'codings:list', { project_id: MISSING })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await call(db, 'codings:list', { project_id: otherProject.id, code_id: code.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await call(db, 'codings:counts', { project_id: MISSING })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
