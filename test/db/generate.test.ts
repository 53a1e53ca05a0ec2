import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../db/connection.js';
import { apportion, GENERATOR_VERSION, generateInquiry, pickExcerpt, SCALES, type GenerateProgress, type GenerateResult } from '../../db/generate/generate.js';
import { Random, seededUuidV7 } from '../../db/generate/random.js';
import { describeEvent, type EventType } from '../../db/repositories/events.js';
import { call } from '../../electron/api/dispatch.js';
import { Id } from '../../electron/api/schemas.js';
import { rowCounts, tempDatabase } from '../helpers/temp.js';
import { allRows } from '../helpers/rows.js';

function codePointSlice(text: string, start: number, end: number): string {
  return Array.from(text).slice(start, end).join('');
}

/** Every row of every user table, ordered, as text (minus the FTS shadow tables). */
function dump(db: Db): string {
  return allRows(db, { searchIndex: false });
}

/** dump() without the events table (whose doc ids depend on how the index was filled; indexContent compares its rows). */
function dumpWithoutEvents(db: Db): string {
  return JSON.stringify((JSON.parse(dump(db)) as [string, unknown][]).filter(([name]) => name !== 'events'));
}

/** The events with their search-index text, by event (doc ids may differ between fill methods). */
function indexContent(db: Db): string {
  return JSON.stringify(
    db
      .prepare(
        `SELECT e.entity_type, e.entity_id, e.project_id, e.cycle_id, e.phase, e.occurred_at, f.title, f.body, s.title, s.body
         FROM events e JOIN events_fts f ON f.rowid = e.doc_id JOIN events_fts_stems s ON s.rowid = e.doc_id
         ORDER BY e.entity_type, e.entity_id`,
      )
      .raw()
      .all(),
  );
}

function triggers(db: Db): string {
  return JSON.stringify(db.prepare(`SELECT name, tbl_name, sql FROM sqlite_schema WHERE type = 'trigger' ORDER BY name`).raw().all());
}

describe('generated inquiry, small scale, on a real file', { timeout: 180_000 }, () => {
  let db: Db;
  let file: string;
  let result: GenerateResult;
  const progress: GenerateProgress[] = [];

  beforeAll(() => {
    // One generated journal for the read-only checks (tempDatabase() files are removed after each test).
    file = join(mkdtempSync(join(tmpdir(), 'withness-generate-')), 'journal.sqlite');
    db = openDatabase(file);
    result = generateInquiry(db, { scale: 'small', seed: 1, onProgress: (p) => progress.push(p) });
    db.close();
    db = openDatabase(file);
  });

  it('writes the planned number of rows of every kind', () => {
    const spec = SCALES.small;
    const count = (table: string) => db.prepare(`SELECT count(*) FROM ${table} WHERE project_id = ?`).pluck().get(result.project_id) as number;
    expect(count('cycles')).toBe(spec.cycles);
    expect(count('stakeholders')).toBe(spec.stakeholders);
    expect(count('phase_entries')).toBe(spec.cycles * spec.phaseEntriesPerCycle);
    expect(count('field_notes')).toBe(spec.notes);
    expect(count('dialogues')).toBe(spec.dialogues);
    expect(count('dialogue_turns')).toBe(spec.turns);
    expect(count('reflections')).toBe(spec.reflections);
    expect(count('prompt_links')).toBe(spec.links);
    expect(count('code_applications')).toBe(spec.codings);
    expect(result.counts.field_notes).toBe(spec.notes);
    expect(result.generator_version).toBe(GENERATOR_VERSION);
    // Every event is on the timeline and in the index, written by the schema's own logic.
    const events = spec.cycles * spec.phaseEntriesPerCycle + spec.notes + spec.dialogues + spec.turns + spec.reflections;
    expect(result.indexed_events).toBe(events);
    expect(db.prepare(`SELECT count(*) FROM events_fts`).pluck().get()).toBe(events);
    expect(result.rows).toBeGreaterThan(events);
  });

  it('leaves an intact database with the schema triggers in place', () => {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(() => db.prepare(`INSERT INTO events_fts(events_fts) VALUES ('integrity-check')`).run()).not.toThrow();
    expect(() => db.prepare(`INSERT INTO events_fts_stems(events_fts_stems) VALUES ('integrity-check')`).run()).not.toThrow();
    const fresh = tempDatabase().db;
    expect(triggers(db)).toBe(triggers(fresh));
  });

  it('reports progress per kind, ending at 100%', () => {
    expect(progress.length).toBeGreaterThanOrEqual(SCALES.small.cycles);
    const last = progress.at(-1)!;
    for (const { done, total } of Object.values(last.kinds)) expect(done).toBe(total);
    const middle = progress[Math.floor(progress.length / 2)]!;
    expect(middle.kinds.field_notes.done).toBeGreaterThan(0);
    expect(middle.kinds.field_notes.done).toBeLessThan(middle.kinds.field_notes.total);
    expect(last.rows).toBe(result.rows);
  });

  it('writes text that search finds: generated words, Danish letters, English, a cycle theme', async () => {
    const focus = db.prepare(`SELECT title FROM cycles WHERE project_id = ? AND ordinal = 1`).pluck().get(result.project_id) as string;
    const theme = focus.split(' ')[0]!.toLowerCase();
    for (const query of ['borgerne', 'frivillige', 'ældre', 'Søndervang', 'volunteers', 'community garden', theme]) {
      const found = await call(db, 'search:query', { project_id: result.project_id, query, limit: 50 }, { checkOutput: true });
      if (!found.ok) throw new Error(found.error.message);
      expect(found.value.total, query).toBeGreaterThan(0);
      expect(found.value.hits[0]!.snippet.some((part) => part.hit)).toBe(true);
    }
    const nothing = await call(db, 'search:query', { project_id: result.project_id, query: 'xylofonorkester' }, { checkOutput: true });
    expect(nothing.ok && nothing.value.total).toBe(0);
    // Both languages in the notes, and æ ø å in the text.
    const bodies = db.prepare(`SELECT body FROM field_notes WHERE project_id = ?`).pluck().all(result.project_id) as string[];
    expect(bodies.filter((body) => /\b(the|and)\b/.test(body)).length).toBeGreaterThan(100);
    expect(bodies.filter((body) => /[æøå]/.test(body)).length).toBeGreaterThan(100);
    const words = bodies.map((body) => body.split(/\s+/).length);
    const mean = words.reduce((a, b) => a + b, 0) / words.length;
    expect(mean).toBeGreaterThan(110);
    expect(mean).toBeLessThan(200);
  });

  it('stores excerpts whose text is the code-point slice of their target', () => {
    for (const table of ['prompt_links', 'code_applications']) {
      const rows = db
        .prepare(`SELECT target_type, target_id, excerpt_start, excerpt_end, excerpt_text FROM ${table} WHERE project_id = ? AND excerpt_text IS NOT NULL`)
        .all(result.project_id) as { target_type: EventType; target_id: string; excerpt_start: number; excerpt_end: number; excerpt_text: string }[];
      expect(rows.length, table).toBeGreaterThan(10);
      for (const row of rows) {
        const target = describeEvent(db, row.target_type, row.target_id);
        expect(target, `${table} → ${row.target_type} ${row.target_id}`).toBeDefined();
        expect(codePointSlice(target!.text, row.excerpt_start, row.excerpt_end)).toBe(row.excerpt_text);
        expect(row.excerpt_text.trim()).toBe(row.excerpt_text);
      }
    }
  });

  it('links reflections to events that happened before them, and every link and coding to a live event of the project', () => {
    const links = db
      .prepare(
        `SELECT l.target_type, l.target_id, r.written_at FROM prompt_links l JOIN reflections r ON r.id = l.reflection_id WHERE l.project_id = ?`,
      )
      .all(result.project_id) as { target_type: EventType; target_id: string; written_at: string }[];
    for (const link of links) {
      const target = describeEvent(db, link.target_type, link.target_id)!;
      expect(target.project_id).toBe(result.project_id);
      expect(target.occurred_at < link.written_at).toBe(true);
    }
    const duplicates = db
      .prepare(`SELECT count(*) FROM (SELECT reflection_id, target_type, target_id FROM prompt_links GROUP BY 1, 2, 3 HAVING count(*) > 1)`)
      .pluck()
      .get();
    expect(duplicates).toBe(0);
    const codings = db.prepare(`SELECT target_type, target_id FROM code_applications WHERE project_id = ?`).all(result.project_id) as {
      target_type: EventType;
      target_id: string;
    }[];
    for (const coding of codings) expect(describeEvent(db, coding.target_type, coding.target_id)?.deleted).toBe(false);
  });

  it('spreads events realistically: weekdays, busy act and observe phases, reflections in the reflect phase, inside their cycle', () => {
    const weekend = db
      .prepare(`SELECT avg(strftime('%w', occurred_at) IN ('0', '6')) FROM events WHERE project_id = ? AND entity_type IN ('field_note', 'dialogue')`)
      .pluck()
      .get(result.project_id) as number;
    expect(weekend).toBeLessThan(0.12); // two days of seven would be 0.29
    const notesByPhase: Record<string, number> = Object.fromEntries(
      (db.prepare(`SELECT phase, count(*) AS n FROM field_notes WHERE project_id = ? GROUP BY phase`).all(result.project_id) as { phase: string; n: number }[]).map(
        (row) => [row.phase, row.n],
      ),
    );
    const count = (phase: string) => notesByPhase[phase] ?? 0;
    expect(count('act') + count('observe')).toBeGreaterThan(2 * (count('plan') + count('reflect')));
    const reflectShare = db.prepare(`SELECT avg(phase = 'reflect') FROM reflections WHERE project_id = ?`).pluck().get(result.project_id) as number;
    expect(reflectShare).toBeGreaterThan(0.45);
    const outside = db
      .prepare(
        `SELECT count(*) FROM events e JOIN cycles c ON c.id = e.cycle_id
         WHERE e.project_id = ? AND (e.occurred_at < c.started_on OR (c.ended_on IS NOT NULL AND e.occurred_at >= date(c.ended_on, '+1 day')))`,
      )
      .pluck()
      .get(result.project_id);
    expect(outside).toBe(0);
    const office = db
      .prepare(`SELECT avg(CAST(strftime('%H', occurred_at) AS INTEGER) BETWEEN 6 AND 17) FROM field_notes WHERE project_id = ?`)
      .pluck()
      .get(result.project_id) as number;
    expect(office).toBeGreaterThan(0.85);
  });

  it('has stakeholders in every sector, with pseudonyms, speaking in dialogues they take part in', () => {
    const sectors = db.prepare(`SELECT DISTINCT sector FROM stakeholders WHERE project_id = ? ORDER BY sector`).pluck().all(result.project_id);
    expect(sectors).toEqual(['citizen', 'other', 'private', 'public', 'researcher', 'voluntary']);
    const strangers = db
      .prepare(
        `SELECT count(*) FROM dialogue_turns t WHERE t.project_id = ? AND t.speaker_id IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM dialogue_participants p WHERE p.dialogue_id = t.dialogue_id AND p.stakeholder_id = t.speaker_id)`,
      )
      .pluck()
      .get(result.project_id);
    expect(strangers).toBe(0);
    const pseudonyms = db.prepare(`SELECT count(DISTINCT pseudonym) FROM stakeholders WHERE project_id = ?`).pluck().get(result.project_id);
    expect(pseudonyms).toBe(SCALES.small.stakeholders);
  });

  it('serves through the API: overview, timeline and backlinks pass the contract', async () => {
    const overview = await call(db, 'projects:overview', { id: result.project_id }, { checkOutput: true });
    expect(overview.ok).toBe(true);
    const window = await call(db, 'timeline:window', { project_id: result.project_id, limit: 5000 }, { checkOutput: true });
    if (!window.ok) throw new Error(window.error.message);
    expect(window.value.total).toBe(result.indexed_events);
    const target = db.prepare(`SELECT target_type, target_id FROM prompt_links LIMIT 1`).get() as { target_type: EventType; target_id: string };
    const backlinks = await call(db, 'links:backlinks', target, { checkOutput: true });
    expect(backlinks.ok && backlinks.value.length).toBeGreaterThan(0);
    for (const id of db.prepare(`SELECT id FROM field_notes LIMIT 50`).pluck().all() as string[]) expect(Id.safeParse(id).success).toBe(true);
  });
});

describe('generator determinism and index filling', { timeout: 180_000 }, () => {
  it('gives the same rows for the same seed and other rows for another seed', () => {
    const a = tempDatabase().db;
    const b = tempDatabase().db;
    const c = tempDatabase().db;
    generateInquiry(a, { scale: 'small', seed: 42 });
    generateInquiry(b, { scale: 'small', seed: 42 });
    generateInquiry(c, { scale: 'small', seed: 43 });
    expect(dump(a)).toBe(dump(b));
    expect(dump(a)).not.toBe(dump(c));
  });

  it('fills events and the search index exactly as the triggers do', () => {
    const batch = tempDatabase().db;
    const rowByRow = tempDatabase().db;
    generateInquiry(batch, { scale: 'small', seed: 7, index: 'rebuild' });
    generateInquiry(rowByRow, { scale: 'small', seed: 7, index: 'triggers' });
    expect(indexContent(batch)).toBe(indexContent(rowByRow));
    expect(triggers(batch)).toBe(triggers(rowByRow));
    // And the restored triggers still index what the app writes afterwards.
    const projectId = batch.prepare(`SELECT id FROM projects`).pluck().get() as string;
    batch.prepare(`UPDATE field_notes SET body = 'pindsvinekage' WHERE id = (SELECT id FROM field_notes LIMIT 1)`).run();
    const hits = batch.prepare(`SELECT count(*) FROM events_fts WHERE events_fts MATCH 'pindsvinekage'`).pluck().get();
    expect(hits).toBe(1);
    expect(projectId).toBeTruthy();
  });

  it('builds a new journal with the bulk settings, writing the same rows and index, and puts WAL, FULL and the FTS defaults back', () => {
    const bulk = tempDatabase().db;
    const durable = tempDatabase().db;
    const auto = generateInquiry(bulk, { scale: 'small', seed: 5 });
    const careful = generateInquiry(durable, { scale: 'small', seed: 5, bulk: false });
    expect(auto.bulk).toBe(true); // a journal with no inquiry yet
    expect(careful.bulk).toBe(false);
    // The bulk build fills the index once for the whole build (built aside, db/index-prebuilt.ts; its doc ids are
    // compared in test/db/index-prebuilt.test.ts): the same rows, and the same events and index by event.
    expect(dumpWithoutEvents(bulk)).toBe(dumpWithoutEvents(durable));
    expect(indexContent(bulk)).toBe(indexContent(durable));
    expect(triggers(bulk)).toBe(triggers(durable));
    for (const db of [bulk, durable]) {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('synchronous', { simple: true })).toBe(2);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.prepare(`SELECT count(*) FROM events_fts WHERE events_fts MATCH 'borgermøde'`).pluck().get()).toBeGreaterThan(0);
    }
    expect(bulk.prepare(`SELECT v FROM events_fts_config WHERE k = 'hashsize'`).pluck().get()).toBe(1024 * 1024);
    expect(bulk.prepare(`SELECT v FROM events_fts_stems_config WHERE k = 'hashsize'`).pluck().get()).toBe(1024 * 1024);
    // A journal that already holds an inquiry is written with its normal durability.
    expect(generateInquiry(bulk, { scale: 'small', seed: 6 }).bulk).toBe(false);
    expect(bulk.pragma('journal_mode', { simple: true })).toBe('wal');
  });

  it('restores the settings when a bulk build fails half-way', () => {
    const { db } = tempDatabase();
    let calls = 0;
    expect(() =>
      generateInquiry(db, {
        scale: 'small',
        seed: 8,
        onProgress: () => {
          calls += 1;
          if (calls === 3) throw new Error('stopped');
        },
      }),
    ).toThrow('stopped');
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.prepare(`SELECT v FROM events_fts_config WHERE k = 'hashsize'`).pluck().get()).toBe(1024 * 1024);
    expect(db.prepare(`SELECT v FROM events_fts_stems_config WHERE k = 'hashsize'`).pluck().get()).toBe(1024 * 1024);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('refuses to write the same inquiry twice into one journal, and writes nothing then', () => {
    const { db } = tempDatabase();
    generateInquiry(db, { scale: 'small', seed: 3 });
    const before = rowCounts(db);
    expect(() => generateInquiry(db, { scale: 'small', seed: 3 })).toThrow(/already holds the generated inquiry/);
    expect(rowCounts(db)).toEqual(before);
  });
});

describe('generator helpers', () => {
  it('apportions totals exactly', () => {
    expect(apportion(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(apportion(100_000, [0.3, 1.2, 0.7, 0.01]).reduce((a, b) => a + b, 0)).toBe(100_000);
    expect(apportion(5, [0, 1])).toEqual([0, 5]);
  });

  it('makes valid, time-ordered UUIDv7 ids from a seed', () => {
    const random = new Random(9);
    const first = seededUuidV7(Date.parse('2021-01-04T08:00:00Z'), random);
    const later = seededUuidV7(Date.parse('2021-01-05T08:00:00Z'), random);
    expect(Id.safeParse(first).success).toBe(true);
    expect(first[14]).toBe('7');
    expect(first < later).toBe(true);
    expect(seededUuidV7(0, new Random(9))).toBe(seededUuidV7(0, new Random(9)));
  });

  it('cuts excerpts in code points, also after characters outside the Basic Multilingual Plane', () => {
    const text = 'Vi drak kaffe ☕ og 🙂 talte om fællesspisning på Ærøvej i Østerby bagefter.';
    const random = new Random(1);
    for (let i = 0; i < 200; i += 1) {
      const excerpt = pickExcerpt(random, text)!;
      expect(codePointSlice(text, excerpt.start, excerpt.end)).toBe(excerpt.text);
      expect(excerpt.end).toBeGreaterThan(excerpt.start);
    }
  });
});
