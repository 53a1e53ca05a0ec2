import { describe, expect, it } from 'vitest';
import { countProjectContents, createDemoProject } from '../../db/demo/build.js';
import { DEMO_TITLE, demoContent } from '../../db/demo/content.js';
import { codePointLength, excerptOf, sliceCodePoints } from '../../db/demo/excerpt.js';
import type { DemoContent } from '../../db/demo/types.js';
import { describeEvent, type EventType } from '../../db/repositories/events.js';
import { rowCounts, tempDatabase } from '../helpers/temp.js';

const PHASES = ['plan', 'act', 'observe', 'reflect'];
const SECTORS = ['public', 'private', 'voluntary', 'citizen', 'researcher', 'other'];
const KINDS = ['workshop', 'meeting', 'interview', 'co_creation', 'informal'];

function buildDemo() {
  const { db, file } = tempDatabase();
  const created = createDemoProject(db);
  return { db, file, ...created };
}

describe('excerpt offsets in code points', () => {
  it('counts a character outside the BMP as one', () => {
    const text = 'Kage 🥐 og kaffe ☕ til alle';
    const excerpt = excerptOf(text, 'kaffe');
    expect(excerpt).toEqual({ start: 10, end: 15, text: 'kaffe' });
    expect(text.indexOf('kaffe')).toBe(11); // UTF-16 would be off by one
    expect(sliceCodePoints(text, excerpt.start, excerpt.end)).toBe('kaffe');
    expect(codePointLength('🥐')).toBe(1);
  });

  it('finds a later occurrence and refuses a passage that is not there', () => {
    expect(excerptOf('to og to', 'to', 2)).toEqual({ start: 6, end: 8, text: 'to' });
    expect(() => excerptOf('to og to', 'tre')).toThrow(/does not occur/);
    expect(() => excerptOf('to og to', 'to', 3)).toThrow(/does not occur/);
    expect(() => excerptOf('tekst', '')).toThrow(/empty/);
  });
});

describe('the fictional demo inquiry', () => {
  it('is one project, marked fictional in its flag, title and setting', () => {
    const { db, project } = buildDemo();
    const projects = db.prepare('SELECT * FROM projects').all() as { id: string; is_fictional: number; title: string; setting: string }[];
    expect(projects).toHaveLength(1);
    expect(projects[0]).toMatchObject({ id: project.id, is_fictional: 1, title: DEMO_TITLE });
    expect(project.title).toMatch(/fiktiv/i);
    expect(project.setting).toMatch(/FIKTIVT EKSEMPEL/);
    expect(project.setting).toMatch(/opdigtet/);
    // Every row of every table that belongs to a project belongs to this one.
    const tables = db
      .prepare(`SELECT m.name FROM sqlite_schema m WHERE m.type = 'table' AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) WHERE name = 'project_id')`)
      .pluck()
      .all() as string[];
    expect(tables.length).toBeGreaterThan(10);
    for (const table of tables) {
      expect(db.prepare(`SELECT count(*) FROM "${table}" WHERE project_id <> ?`).pluck().get(project.id), table).toBe(0);
    }
  });

  it('has at least three cycles, each with entries in all four phases, and a next step in every reflect entry', () => {
    const { db, project } = buildDemo();
    const cycles = db.prepare('SELECT id, ordinal, status FROM cycles WHERE project_id = ? ORDER BY ordinal').all(project.id) as { id: string; ordinal: number; status: string }[];
    expect(cycles.length).toBeGreaterThanOrEqual(3);
    expect(cycles.map((c) => c.ordinal)).toEqual([1, 2, 3]);
    for (const cycle of cycles) {
      const phases = db.prepare('SELECT DISTINCT phase FROM phase_entries WHERE cycle_id = ? ORDER BY phase').pluck().all(cycle.id);
      expect([...phases].sort()).toEqual([...PHASES].sort());
      const reflect = db.prepare(`SELECT body FROM phase_entries WHERE cycle_id = ? AND phase = 'reflect'`).pluck().all(cycle.id) as string[];
      for (const body of reflect) expect(body).toContain('Næste skridt');
    }
    expect(cycles.at(-1)!.status).toBe('open');
  });

  it('has 25 field notes with places, spread over cycles and phases across about nine months', () => {
    const { db, project } = buildDemo();
    const notes = db.prepare('SELECT * FROM field_notes WHERE project_id = ? ORDER BY occurred_at').all(project.id) as {
      id: string; cycle_id: string | null; phase: string | null; place: string; occurred_at: string; recorded_at: string;
    }[];
    expect(notes).toHaveLength(25);
    for (const note of notes) {
      expect(note.place.trim()).not.toBe('');
      expect(note.cycle_id).not.toBeNull();
      expect(note.recorded_at >= note.occurred_at).toBe(true);
      expect(note.occurred_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    }
    expect(new Set(notes.map((n) => n.cycle_id)).size).toBe(3);
    expect(new Set(notes.map((n) => n.phase))).toEqual(new Set(PHASES));
    const days = (Date.parse(notes.at(-1)!.occurred_at) - Date.parse(notes[0]!.occurred_at)) / 86_400_000;
    expect(days).toBeGreaterThan(240);
    expect(days).toBeLessThan(320);
    const withPeople = db.prepare('SELECT count(DISTINCT note_id) FROM field_note_stakeholders').pluck().get() as number;
    expect(withPeople).toBeGreaterThanOrEqual(10);
    const coded = db.prepare(`SELECT count(DISTINCT target_id) FROM code_applications WHERE target_type = 'field_note'`).pluck().get() as number;
    expect(coded).toBeGreaterThanOrEqual(10);
    expect(coded).toBeLessThan(25);
  });

  it('has 10 stakeholders covering every sector, with pseudonyms, confidential names, aliases and consent', () => {
    const { db, project } = buildDemo();
    const people = db.prepare('SELECT * FROM stakeholders WHERE project_id = ?').all(project.id) as {
      pseudonym: string; real_name: string; aliases: string; sector: string; organisation: string; role: string; consent_status: string; consent_date: string | null;
    }[];
    expect(people).toHaveLength(10);
    expect(new Set(people.map((p) => p.sector))).toEqual(new Set(SECTORS));
    for (const person of people) {
      expect(person.pseudonym).not.toBe('');
      expect(person.real_name).not.toBe('');
      expect(person.real_name).not.toBe(person.pseudonym);
      expect(person.role).not.toBe('');
      expect(Array.isArray(JSON.parse(person.aliases))).toBe(true);
      if (person.consent_status === 'given') expect(person.consent_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    expect(people.filter((p) => JSON.parse(p.aliases).length > 0).length).toBeGreaterThanOrEqual(3);
    expect(people.filter((p) => p.organisation !== '').length).toBeGreaterThanOrEqual(7);
    expect(new Set(people.map((p) => p.consent_status)).size).toBeGreaterThanOrEqual(2);
  });

  it('keeps real names out of every text that a pseudonymised export would show', () => {
    const { db, project } = buildDemo();
    const names = (db.prepare('SELECT real_name, aliases FROM stakeholders').all() as { real_name: string; aliases: string }[]).flatMap((s) => [
      s.real_name,
      ...s.real_name.split(' ').filter((part) => part.length > 3),
      ...(JSON.parse(s.aliases) as string[]),
    ]);
    const texts = db
      .prepare(
        `SELECT body FROM field_notes WHERE project_id = @p UNION ALL SELECT title FROM field_notes WHERE project_id = @p
         UNION ALL SELECT text FROM dialogue_turns WHERE project_id = @p UNION ALL SELECT body FROM reflections WHERE project_id = @p
         UNION ALL SELECT body FROM phase_entries WHERE project_id = @p UNION ALL SELECT author FROM phase_entries WHERE project_id = @p
         UNION ALL SELECT summary || decisions || follow_ups || title FROM dialogues WHERE project_id = @p`,
      )
      .pluck()
      .all({ p: project.id }) as string[];
    for (const name of names) {
      const pattern = new RegExp(`(^|[^\\p{L}])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}])`, 'iu');
      expect(texts.filter((text) => pattern.test(text)), name).toEqual([]);
    }
  });

  it('has 6 dialogues of all five kinds with 60 turns by their participants, some by unknown speakers', () => {
    const { db, project } = buildDemo();
    const dialogues = db.prepare('SELECT * FROM dialogues WHERE project_id = ?').all(project.id) as {
      id: string; kind: string; summary: string; decisions: string; follow_ups: string; place: string;
    }[];
    expect(dialogues).toHaveLength(6);
    expect(new Set(dialogues.map((d) => d.kind))).toEqual(new Set(KINDS));
    for (const dialogue of dialogues) {
      expect(dialogue.summary).not.toBe('');
      expect(dialogue.decisions).not.toBe('');
      expect(dialogue.follow_ups).not.toBe('');
      expect(dialogue.place).not.toBe('');
      const positions = db.prepare('SELECT position FROM dialogue_turns WHERE dialogue_id = ? ORDER BY position').pluck().all(dialogue.id) as number[];
      expect(positions).toEqual(positions.map((_, index) => index + 1));
    }
    expect(db.prepare('SELECT count(*) FROM dialogue_turns WHERE project_id = ?').pluck().get(project.id)).toBe(60);
    const strangers = db
      .prepare(
        `SELECT count(*) FROM dialogue_turns t WHERE t.speaker_id IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM dialogue_participants p WHERE p.dialogue_id = t.dialogue_id AND p.stakeholder_id = t.speaker_id)`,
      )
      .pluck()
      .get();
    expect(strangers).toBe(0);
    const unknown = db.prepare('SELECT count(*) FROM dialogue_turns WHERE speaker_id IS NULL').pluck().get() as number;
    expect(unknown).toBeGreaterThanOrEqual(2);
    expect(unknown).toBeLessThanOrEqual(5);
  });

  it('has a small hierarchical, coloured code book applied to notes and to passages of turns', () => {
    const { db, project } = buildDemo();
    const codes = db.prepare('SELECT * FROM codes WHERE project_id = ?').all(project.id) as { id: string; parent_id: string | null; color: string }[];
    expect(codes.length).toBeGreaterThanOrEqual(6);
    expect(codes.length).toBeLessThanOrEqual(10);
    expect(codes.filter((c) => c.parent_id !== null).length).toBeGreaterThanOrEqual(3);
    expect(new Set(codes.map((c) => c.color)).size).toBe(codes.length);
    const byType = Object.fromEntries(
      (db.prepare('SELECT target_type, count(*) AS n, count(excerpt_start) AS excerpts FROM code_applications GROUP BY target_type').all() as {
        target_type: string; n: number; excerpts: number;
      }[]).map((row) => [row.target_type, row]),
    );
    expect(byType.field_note!.n).toBeGreaterThan(0);
    expect(byType.field_note!.n).toBeGreaterThan(byType.field_note!.excerpts); // some whole notes
    expect(byType.turn!.excerpts).toBeGreaterThanOrEqual(10);
  });

  it('has 12 reflections of both modes, each linked to at least one event, several to passages of turns', () => {
    const { db, project } = buildDemo();
    const modes = db.prepare('SELECT mode, count(*) AS n FROM reflections WHERE project_id = ? GROUP BY mode').all(project.id) as { mode: string; n: number }[];
    expect(modes.reduce((sum, m) => sum + m.n, 0)).toBe(12);
    expect(modes.find((m) => m.mode === 'withness')!.n).toBeGreaterThanOrEqual(4);
    expect(modes.find((m) => m.mode === 'aboutness')!.n).toBeGreaterThanOrEqual(4);
    const unlinked = db.prepare('SELECT count(*) FROM reflections r WHERE NOT EXISTS (SELECT 1 FROM prompt_links l WHERE l.reflection_id = r.id)').pluck().get();
    expect(unlinked).toBe(0);
    const turnPassages = db
      .prepare(`SELECT count(DISTINCT reflection_id) FROM prompt_links WHERE target_type = 'turn' AND excerpt_start IS NOT NULL`)
      .pluck()
      .get() as number;
    expect(turnPassages).toBeGreaterThanOrEqual(5);
    const targetTypes = db.prepare('SELECT DISTINCT target_type FROM prompt_links').pluck().all();
    expect(new Set(targetTypes)).toEqual(new Set(['field_note', 'dialogue', 'turn', 'phase_entry', 'reflection']));
  });

  it('quotes exactly the code-point slice of its target in every excerpt, also after an emoji', () => {
    const { db } = buildDemo();
    const excerpts = db
      .prepare(
        `SELECT 'link' AS source, target_type, target_id, excerpt_start, excerpt_end, excerpt_text FROM prompt_links WHERE excerpt_start IS NOT NULL
         UNION ALL
         SELECT 'code', target_type, target_id, excerpt_start, excerpt_end, excerpt_text FROM code_applications WHERE excerpt_start IS NOT NULL`,
      )
      .all() as { source: string; target_type: EventType; target_id: string; excerpt_start: number; excerpt_end: number; excerpt_text: string }[];
    expect(excerpts.length).toBeGreaterThanOrEqual(40);
    let afterAstral = 0;
    for (const excerpt of excerpts) {
      const target = describeEvent(db, excerpt.target_type, excerpt.target_id);
      expect(target, `${excerpt.source} → ${excerpt.target_type}`).toBeDefined();
      expect(sliceCodePoints(target!.text, excerpt.excerpt_start, excerpt.excerpt_end)).toBe(excerpt.excerpt_text);
      expect(excerpt.excerpt_end - excerpt.excerpt_start).toBe(codePointLength(excerpt.excerpt_text));
      if (/[\u{10000}-\u{10FFFF}]/u.test(sliceCodePoints(target!.text, 0, excerpt.excerpt_start))) afterAstral += 1;
    }
    expect(afterAstral).toBeGreaterThanOrEqual(1);
    // Every link without an excerpt still points at an event that exists.
    const links = db.prepare('SELECT target_type, target_id FROM prompt_links').all() as { target_type: EventType; target_id: string }[];
    for (const link of links) expect(describeEvent(db, link.target_type, link.target_id)?.deleted).toBe(false);
  });

  it('stands on the timeline and in the search index through the triggers', () => {
    const { db, project } = buildDemo();
    const events = db.prepare('SELECT entity_type, count(*) AS n FROM events WHERE project_id = ? GROUP BY entity_type ORDER BY entity_type').all(project.id);
    expect(events).toEqual([
      { entity_type: 'dialogue', n: 6 },
      { entity_type: 'field_note', n: 25 },
      { entity_type: 'phase_entry', n: 12 },
      { entity_type: 'reflection', n: 12 },
      { entity_type: 'turn', n: 60 },
    ]);
    const search = db.prepare(
      `SELECT e.entity_type FROM events_fts JOIN events e ON e.doc_id = events_fts.rowid WHERE events_fts MATCH ? ORDER BY e.entity_type`,
    );
    expect(search.pluck().all('wienerbrød')).toEqual(expect.arrayContaining(['field_note', 'turn']));
    expect(search.pluck().all('rollatoren').length).toBeGreaterThanOrEqual(1);
    expect(search.pluck().all('Fællesbordet').length).toBeGreaterThanOrEqual(5);
    expect(search.pluck().all('loneliness').length).toBeGreaterThanOrEqual(1); // English passages too
  });

  it('leaves an intact journal', () => {
    const { db } = buildDemo();
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.prepare(`INSERT INTO events_fts (events_fts) VALUES ('integrity-check')`).run().changes).toBeGreaterThanOrEqual(0);
  });

  it('counts what it created', () => {
    const { db, project, counts } = buildDemo();
    expect(counts).toEqual(countProjectContents(db, project.id));
    expect(counts).toMatchObject({ cycles: 3, phase_entries: 12, field_notes: 25, stakeholders: 10, dialogues: 6, turns: 60, reflections: 12 });
    expect(counts.prompt_links).toBe(demoContent.reflections.reduce((sum, r) => sum + r.links.length, 0));
  });

  it('writes nothing when the content is broken halfway through', () => {
    const { db } = tempDatabase();
    const before = rowCounts(db);
    const broken: DemoContent = structuredClone(demoContent);
    broken.reflections[11]!.links.push({ target: { note: 'n01' }, quote: 'this passage is not in the note' });
    expect(() => createDemoProject(db, broken)).toThrow(/does not occur/);
    expect(rowCounts(db)).toEqual(before);
    const strangerSpeaks: DemoContent = structuredClone(demoContent);
    strangerSpeaks.dialogues[1]!.turns[0]!.speaker = 'poul';
    expect(() => createDemoProject(db, strangerSpeaks)).toThrow(/not a participant/);
    expect(rowCounts(db)).toEqual(before);
  });
});
