import { describe, expect, it } from 'vitest';
import { trashEntity } from '../../db/repositories/entities.js';
import { call, dispatch } from '../../electron/api/dispatch.js';
import { rowCounts, tempDatabase } from '../helpers/temp.js';
import { seedTimeline, timelineSeeder } from '../db/timeline-seed.js';

const strict = { checkOutput: true };
const MISSING = '0190a000-0000-7000-8000-00000000beef';

async function ok<T>(promise: Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>): Promise<T> {
  const result = await promise;
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

function setup() {
  const { db } = tempDatabase();
  return { db, ...seedTimeline(db) };
}

describe('timeline:window', () => {
  it('returns every live event of the inquiry in time order, a dialogue before its turns and turns by position', async () => {
    const { db, project, events: e } = setup();
    const window = await ok(call(db, 'timeline:window', { project_id: project }, strict));
    expect(window.events.map((event) => event.id)).toEqual([
      e.plan1,
      e.note1,
      e.dialogue,
      e.turn1,
      e.turn2,
      e.turn3,
      e.reflection1,
      e.act2,
      e.note2,
      e.reflection2,
      e.loose,
    ]);
    expect(window.total).toBe(11);
    expect(window.truncated).toBe(false);
    expect(window.density).toBeNull();
  });

  it('describes each event: short plain label, cycle, phase, dialogue, stakeholders and sectors, codes, mode', async () => {
    const { db, project, cycles, stakeholders: s, codes, events: e } = setup();
    const { events } = await ok(call(db, 'timeline:window', { project_id: project }, strict));
    const byId = new Map(events.map((event) => [event.id, event]));
    expect(byId.get(e.plan1)).toMatchObject({ type: 'phase_entry', label: 'We want to listen before we act.', cycle_id: cycles.cycle1, phase: 'plan', mode: null });
    expect(byId.get(e.note1)).toMatchObject({
      type: 'field_note',
      label: 'Coffee in the hall',
      occurred_at: '2025-09-05T09:00:00.000Z',
      phase: 'observe',
      sectors: ['voluntary', 'citizen'],
      code_ids: [codes.belonging],
    });
    expect(new Set(byId.get(e.note1)!.stakeholder_ids)).toEqual(new Set([s.karen, s.bo]));
    expect(byId.get(e.dialogue)).toMatchObject({ type: 'dialogue', dialogue_id: e.dialogue, sectors: ['public', 'citizen'] });
    expect(byId.get(e.turn2)).toMatchObject({
      type: 'turn',
      label: 'Karen: Nobody knocks on my door any more.',
      dialogue_id: e.dialogue,
      stakeholder_ids: [s.karen],
      sectors: ['citizen'],
      code_ids: [codes.doorway],
      cycle_id: cycles.cycle1,
      phase: 'act',
    });
    expect(byId.get(e.reflection1)).toMatchObject({ type: 'reflection', label: 'The door', mode: 'withness', stakeholder_ids: [] });
    expect(byId.get(e.reflection2)).toMatchObject({ mode: 'aboutness' });
    expect(byId.get(e.loose)).toMatchObject({ cycle_id: null, phase: null });
  });

  it('lists the prompt links among the returned events, once per reflection and target', async () => {
    const { db, project, events: e } = setup();
    const all = await ok(call(db, 'timeline:window', { project_id: project }, strict));
    const links = all.links.map((link) => `${link.reflection_id}>${link.target_type}:${link.target_id}`).sort();
    expect(links).toEqual(
      [`${e.reflection1}>turn:${e.turn2}`, `${e.reflection1}>field_note:${e.note1}`, `${e.reflection2}>field_note:${e.note2}`, `${e.reflection2}>reflection:${e.reflection1}`].sort(),
    );
    // Only reflections and turns: the links to notes have no end to draw.
    const some = await ok(call(db, 'timeline:window', { project_id: project, filters: { types: ['reflection', 'turn'] } }, strict));
    expect(some.links.map((link) => link.target_id).sort()).toEqual([e.turn2, e.reflection1].sort());
  });

  it('keeps to the window: from is inclusive, to exclusive, any offset accepted', async () => {
    const { db, project, events: e } = setup();
    const window = await ok(
      call(db, 'timeline:window', { project_id: project, from: '2025-09-10T12:00:00+02:00', to: '2025-12-03T09:00:00.000Z' }, strict),
    );
    expect(window.events.map((event) => event.id)).toEqual([e.dialogue, e.turn1, e.turn2, e.turn3, e.reflection1, e.act2]);
    expect(window.total).toBe(6);
  });

  it('counts the whole window but returns at most limit events, latest first with order desc', async () => {
    const { db, project, events: e } = setup();
    const first = await ok(call(db, 'timeline:window', { project_id: project, limit: 3 }, strict));
    expect(first.events.map((event) => event.id)).toEqual([e.plan1, e.note1, e.dialogue]);
    expect(first).toMatchObject({ total: 11, truncated: true, density: null });
    const last = await ok(call(db, 'timeline:window', { project_id: project, limit: 2, order: 'desc' }, strict));
    expect(last.events.map((event) => event.id)).toEqual([e.loose, e.reflection2]);
    const before = await ok(call(db, 'timeline:window', { project_id: project, to: '2025-09-10T10:00:00.001Z', order: 'desc', limit: 5 }, strict));
    expect(before.events.map((event) => event.id)).toEqual([e.turn3, e.turn2, e.turn1, e.dialogue, e.note1]);
  });

  it('pages through a window with the cursor it returns, in either order, each page counting the whole window', async () => {
    const { db, project, events: e } = setup();
    const all = await ok(call(db, 'timeline:window', { project_id: project }, strict));
    expect(all.next).toBeNull();
    for (const order of ['asc', 'desc'] as const) {
      const seen: string[] = [];
      let after: NonNullable<typeof all.next> | undefined;
      do {
        const page = await ok(call(db, 'timeline:window', { project_id: project, limit: 2, order, ...(after ? { after } : {}) }, strict));
        expect(page.total).toBe(11);
        seen.push(...page.events.map((event) => event.id));
        after = page.next ?? undefined;
      } while (after);
      const expected = all.events.map((event) => event.id);
      expect(seen).toEqual(order === 'asc' ? expected : [...expected].reverse());
    }
    // After the second turn of the dialogue: the third turn, then what follows it.
    const page = await ok(call(db, 'timeline:window', { project_id: project, limit: 4 }, strict));
    expect(page.events.map((event) => event.id)).toEqual([e.plan1, e.note1, e.dialogue, e.turn1]);
    expect(page.next).toMatchObject({ type: 'turn', id: e.turn1, position: 1 });
    const next = await ok(call(db, 'timeline:window', { project_id: project, limit: 2, after: page.next! }, strict));
    expect(next.events.map((event) => event.id)).toEqual([e.turn2, e.turn3]);
  });

  it('summarises a window with more events than the limit as density per type or per sector', async () => {
    const { db, project } = setup();
    const byType = await ok(
      call(db, 'timeline:window', { project_id: project, from: '2025-09-01T00:00:00Z', to: '2025-09-15T00:00:00Z', limit: 2, buckets: 14 }, strict),
    );
    expect(byType.density).not.toBeNull();
    // The chart draws bars for a crowded window, so it gets no events to label.
    expect(byType).toMatchObject({ events: [], links: [], truncated: true });
    expect(byType.total).toBeGreaterThan(2);
    const lanes = Object.fromEntries(byType.density!.lanes.map((lane) => [lane.key, lane.counts]));
    expect(byType.density!.bucket_ms).toBe(86_400_000);
    expect(lanes.turn![9]).toBe(3); // three turns on 10 September
    expect(lanes.dialogue![9]).toBe(1);
    expect(lanes.field_note![4]).toBe(1);
    expect(lanes.reflection![11]).toBe(1);
    expect(Object.values(lanes).flat().reduce((sum, n) => sum + n, 0)).toBe(byType.total);

    const bySector = await ok(
      call(db, 'timeline:window', { project_id: project, from: '2025-09-01T00:00:00Z', to: '2025-09-15T00:00:00Z', limit: 2, buckets: 14, lanes: 'sector' }, strict),
    );
    const sectors = Object.fromEntries(bySector.density!.lanes.map((lane) => [lane.key, lane.counts]));
    expect(sectors.citizen![9]).toBe(3); // the dialogue (Karen) and Karen's two turns
    expect(sectors.public![9]).toBe(2); // the dialogue (Mette) and Mette's turn
    expect(sectors.none![1]).toBe(1); // the plan entry involves nobody
    expect(sectors.none![11]).toBe(1); // nor does the reflection
  });

  describe('filters', () => {
    const ids = async (db: ReturnType<typeof setup>['db'], project: string, filters: object) =>
      (await ok(call(db, 'timeline:window', { project_id: project, filters }, strict))).events.map((event) => event.id);

    it('by cycle and by phase', async () => {
      const { db, project, cycles, events: e } = setup();
      expect(await ids(db, project, { cycle_ids: [cycles.cycle2] })).toEqual([e.act2, e.note2, e.reflection2]);
      expect(await ids(db, project, { phases: ['act'] })).toEqual([e.dialogue, e.turn1, e.turn2, e.turn3, e.act2, e.note2]);
      expect(await ids(db, project, { cycle_ids: [cycles.cycle1], phases: ['plan', 'observe'] })).toEqual([e.plan1, e.note1]);
    });

    it('by event type', async () => {
      const { db, project, events: e } = setup();
      expect(await ids(db, project, { types: ['reflection', 'turn'] })).toEqual([e.turn1, e.turn2, e.turn3, e.reflection1, e.reflection2]);
      expect(await ids(db, project, { types: ['phase_entry'] })).toEqual([e.plan1, e.act2]);
    });

    it('by stakeholder: speaker of a turn, participant of a dialogue, involved in a note', async () => {
      const { db, project, stakeholders: s, events: e } = setup();
      expect(await ids(db, project, { stakeholder_ids: [s.karen] })).toEqual([e.note1, e.dialogue, e.turn1, e.turn2]);
      expect(await ids(db, project, { stakeholder_ids: [s.mette] })).toEqual([e.dialogue, e.turn3]);
      expect(await ids(db, project, { stakeholder_ids: [s.bo, s.mette] })).toEqual([e.note1, e.dialogue, e.turn3, e.note2]);
      // A stakeholder in the trash no longer counts as involved.
      trashEntity(db, 'stakeholder', s.mette);
      expect(await ids(db, project, { stakeholder_ids: [s.mette] })).toEqual([]);
    });

    it('by sector', async () => {
      const { db, project, events: e } = setup();
      expect(await ids(db, project, { sectors: ['public'] })).toEqual([e.dialogue, e.turn3]);
      expect(await ids(db, project, { sectors: ['voluntary'] })).toEqual([e.note1, e.note2]);
      expect(await ids(db, project, { sectors: ['private'] })).toEqual([]);
    });

    it('by code, including the codes beneath it, ignoring removed applications', async () => {
      const { db, project, codes, events: e } = setup();
      expect(await ids(db, project, { code_ids: [codes.doorway] })).toEqual([e.turn2]);
      expect(await ids(db, project, { code_ids: [codes.belonging] })).toEqual([e.note1, e.turn2]);
      expect(await ids(db, project, { code_ids: [codes.other] })).toEqual([e.note2]);
      db.prepare(`UPDATE code_applications SET deleted_at = ? WHERE code_id = ?`).run('2026-01-01T00:00:00.000Z', codes.other);
      expect(await ids(db, project, { code_ids: [codes.other] })).toEqual([]);
    });

    it('by reflection mode, which narrows reflections only', async () => {
      const { db, project, events: e } = setup();
      expect(await ids(db, project, { types: ['reflection'], modes: ['aboutness'] })).toEqual([e.reflection2]);
      expect(await ids(db, project, { types: ['reflection'], modes: ['withness'] })).toEqual([e.reflection1]);
      const withNotes = await ids(db, project, { modes: ['withness'] });
      expect(withNotes).toContain(e.note1);
      expect(withNotes).not.toContain(e.reflection2);
    });

    it('by text, made safe like search: FTS syntax is plain words, the last one a prefix, Danish letters kept', async () => {
      const { db, project, events: e } = setup();
      expect(await ids(db, project, { text: 'coffee' })).toEqual([e.note1]);
      expect(await ids(db, project, { text: 'knock' })).toEqual([e.turn2]);
      expect(await ids(db, project, { text: 'door' })).toEqual([e.turn2, e.turn3, e.reflection1]);
      expect(await ids(db, project, { text: 'door heavy' })).toEqual([e.turn3]);
      expect(await ids(db, project, { text: '"door" OR NEAR(coffee) -- *' })).toEqual([]);
      expect(await ids(db, project, { text: 'café' })).toEqual([e.act2, e.note2]);
      expect(await ids(db, project, { text: 'cafe' })).toEqual([]);
      // Nothing but punctuation is no text filter at all.
      expect(await ids(db, project, { text: '?!' })).toHaveLength(11);
    });

    it('combine (all must hold)', async () => {
      const { db, project, cycles, stakeholders: s, events: e } = setup();
      expect(await ids(db, project, { cycle_ids: [cycles.cycle1], types: ['turn'], stakeholder_ids: [s.karen], text: 'door' })).toEqual([e.turn2]);
    });
  });

  it('never shows trashed events, nor another inquiry’s', async () => {
    const { db, project, foreign, events: e } = setup();
    trashEntity(db, 'turn', e.turn1);
    const { events } = await ok(call(db, 'timeline:window', { project_id: project, filters: { text: 'coffee' } }, strict));
    expect(events.map((event) => event.id)).toEqual([e.note1]);
    const all = await ok(call(db, 'timeline:window', { project_id: project }, strict));
    expect(all.events.map((event) => event.id)).not.toContain(e.turn1);
    expect(all.events.map((event) => event.id)).not.toContain(e.trashed);
    const other = await ok(call(db, 'timeline:window', { project_id: foreign }, strict));
    expect(other.events.map((event) => event.label)).toEqual(['Coffee elsewhere']);
  });

  it('refuses invalid input and writes nothing', async () => {
    const { db, project } = setup();
    const before = rowCounts(db);
    const cases: [unknown, RegExp][] = [
      [{}, /project_id/],
      [{ project_id: 'not-a-uuid' }, /project_id/],
      [{ project_id: project, extra: 1 }, /extra|Unrecognized/i],
      [{ project_id: project, from: 'yesterday' }, /from/],
      [{ project_id: project, limit: 5001 }, /At most 5000/],
      [{ project_id: project, limit: 0 }, /limit/],
      [{ project_id: project, limit: 2.5 }, /limit/],
      [{ project_id: project, filters: { types: ['memo'] } }, /types/],
      [{ project_id: project, filters: { phases: ['dream'] } }, /phases/],
      [{ project_id: project, filters: { sectors: ['army'] } }, /sectors/],
      [{ project_id: project, filters: { modes: ['both'] } }, /modes/],
      [{ project_id: project, filters: { cycle_ids: ['x'] } }, /cycle_ids/],
      [{ project_id: project, filters: { text: 'x'.repeat(501) } }, /At most 500/],
      [{ project_id: project, filters: { colour: 'red' } }, /colour|Unrecognized/i],
      [{ project_id: project, buckets: 0 }, /buckets/],
      [{ project_id: project, lanes: 'people' }, /lanes/],
      [{ project_id: project, order: 'random' }, /order/],
      [{ project_id: project, after: { occurred_at: '2025-09-05T09:00:00.000Z', type: 'turn', position: null, id: project } }, /A turn has a position/],
      [{ project_id: project, after: { occurred_at: '2025-09-05T09:00:00.000Z', type: 'field_note', position: 3, id: project } }, /A turn has a position/],
      [{ project_id: project, after: { occurred_at: '2025-09-05T09:00:00.000Z', type: 'turn', position: 1.5, id: project } }, /position/],
      [{ project_id: project, after: { occurred_at: 'soon', type: 'field_note', position: null, id: project } }, /occurred_at/],
      [{ project_id: project, after: { occurred_at: '2025-09-05T09:00:00.000Z', type: 'memo', position: null, id: project } }, /type/],
      [{ project_id: project, after: { occurred_at: '2025-09-05T09:00:00.000Z', type: 'field_note', position: null, id: 'x' } }, /id/],
      [{ project_id: project, after: { occurred_at: '2025-09-05T09:00:00.000Z', type: 'field_note', position: null, id: project, rank: 1 } }, /rank|Unrecognized/i],
      [{ project_id: project, after: { occurred_at: '2025-09-05T09:00:00.000Z', type: 'field_note', id: project } }, /position/],
      [{ project_id: project, after: 'abc' }, /after/],
      [{ project_id: project, from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z' }, /end of the time window must come after/],
    ];
    for (const [input, message] of cases) {
      const result = await dispatch(db, 'timeline:window', input);
      expect(result, JSON.stringify(input)).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(message) } });
    }
    expect(rowCounts(db)).toEqual(before);
  });

  it('reports a missing or trashed inquiry as not found', async () => {
    const { db, project } = setup();
    expect(await call(db, 'timeline:window', { project_id: MISSING })).toMatchObject({ ok: false, error: { code: 'not_found', message: expect.stringContaining('No inquiry') } });
    trashEntity(db, 'project', project);
    expect(await call(db, 'timeline:window', { project_id: project })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});

describe('timeline:bands', () => {
  it('gives each cycle its dates or else its first and last event, with phase spans inside, and the overall span', async () => {
    const { db, project, cycles } = setup();
    const bands = await ok(call(db, 'timeline:bands', { project_id: project }, strict));
    expect(bands).toMatchObject({ first_event_at: '2025-09-02T08:00:00.000Z', last_event_at: '2026-01-15T12:00:00.000Z', event_count: 11 });
    expect(bands.cycles.map((cycle) => cycle.id)).toEqual([cycles.cycle1, cycles.cycle2]);
    const [one, two] = bands.cycles;
    expect(one).toMatchObject({
      title: 'Listening',
      started_on: '2025-09-01',
      ended_on: '2025-10-31',
      from: '2025-09-01T00:00:00.000Z',
      to: '2025-10-31T23:59:59.999Z',
      first_event_at: '2025-09-02T08:00:00.000Z',
      last_event_at: '2025-09-12T19:00:00.000Z',
      event_count: 7,
    });
    expect(one!.phases).toEqual([
      { phase: 'plan', first_at: '2025-09-02T08:00:00.000Z', last_at: '2025-09-02T08:00:00.000Z', event_count: 1 },
      { phase: 'act', first_at: '2025-09-10T10:00:00.000Z', last_at: '2025-09-10T10:00:00.000Z', event_count: 4 },
      { phase: 'observe', first_at: '2025-09-05T09:00:00.000Z', last_at: '2025-09-05T09:00:00.000Z', event_count: 1 },
      { phase: 'reflect', first_at: '2025-09-12T19:00:00.000Z', last_at: '2025-09-12T19:00:00.000Z', event_count: 1 },
    ]);
    // No dates: the span falls back to the cycle's events.
    expect(two).toMatchObject({ started_on: null, ended_on: null, from: '2025-12-01T08:00:00.000Z', to: '2025-12-20T19:00:00.000Z', event_count: 3 });
    expect(two!.phases.map((span) => [span.phase, span.first_at, span.last_at])).toEqual([
      ['act', '2025-12-01T08:00:00.000Z', '2025-12-03T09:00:00.000Z'],
      ['reflect', '2025-12-20T19:00:00.000Z', '2025-12-20T19:00:00.000Z'],
    ]);
  });

  it('leaves out trashed cycles and gives an empty inquiry no span', async () => {
    const { db, project, foreign, cycles } = setup();
    trashEntity(db, 'cycle', cycles.cycle2);
    const bands = await ok(call(db, 'timeline:bands', { project_id: project }, strict));
    expect(bands.cycles.map((cycle) => cycle.id)).toEqual([cycles.cycle1]);
    const empty = timelineSeeder(db, foreign);
    const cycle = empty.cycle(1);
    db.prepare(`DELETE FROM field_notes WHERE project_id = ?`).run(foreign);
    const none = await ok(call(db, 'timeline:bands', { project_id: foreign }, strict));
    expect(none).toMatchObject({ first_event_at: null, last_event_at: null, event_count: 0 });
    expect(none.cycles).toEqual([expect.objectContaining({ id: cycle, from: null, to: null, event_count: 0, phases: [] })]);
  });

  it('refuses bad input and a missing inquiry', async () => {
    const { db, project } = setup();
    const before = rowCounts(db);
    expect(await dispatch(db, 'timeline:bands', { project_id: 'x' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await dispatch(db, 'timeline:bands', { project_id: project, from: 'now' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await dispatch(db, 'timeline:bands', {})).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await call(db, 'timeline:bands', { project_id: MISSING })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(rowCounts(db)).toEqual(before);
  });
});

describe('timeline:chain', () => {
  it('for a reflection: the events it cites (with the quoted passage) and the reflections that cite it', async () => {
    const { db, project, events: e } = setup();
    const chain = await ok(call(db, 'timeline:chain', { type: 'reflection', id: e.reflection1 }, strict));
    expect(chain.event).toMatchObject({ type: 'reflection', id: e.reflection1, project_id: project, label: 'The door' });
    expect(chain.targets.map((item) => [item.type, item.id, item.excerpt_text])).toEqual([
      ['turn', e.turn2, null],
      ['field_note', e.note1, null],
      ['turn', e.turn2, 'Nobody'],
    ]);
    expect(chain.targets[0]).toMatchObject({ dialogue_id: e.dialogue, label: 'Karen: Nobody knocks on my door any more.' });
    expect(chain.reflections.map((item) => item.id)).toEqual([e.reflection2]);
  });

  it('for an event: the reflections it prompted; none for an event nobody cited', async () => {
    const { db, events: e } = setup();
    const turn = await ok(call(db, 'timeline:chain', { type: 'turn', id: e.turn2 }, strict));
    expect(turn.targets).toEqual([]);
    expect(turn.reflections.map((item) => [item.id, item.excerpt_text])).toEqual([
      [e.reflection1, null],
      [e.reflection1, 'Nobody'],
    ]);
    const quiet = await ok(call(db, 'timeline:chain', { type: 'turn', id: e.turn1 }, strict));
    expect(quiet).toMatchObject({ targets: [], reflections: [] });
  });

  it('skips trashed ends and removed links', async () => {
    const { db, events: e } = setup();
    trashEntity(db, 'field_note', e.note1);
    trashEntity(db, 'reflection', e.reflection2);
    db.prepare(`UPDATE prompt_links SET deleted_at = ? WHERE excerpt_text = 'Nobody'`).run('2026-01-01T00:00:00.000Z');
    const chain = await ok(call(db, 'timeline:chain', { type: 'reflection', id: e.reflection1 }, strict));
    expect(chain.targets.map((item) => item.id)).toEqual([e.turn2]);
    expect(chain.reflections).toEqual([]);
  });

  it('refuses bad input; a missing or trashed event is not found', async () => {
    const { db, events: e } = setup();
    const before = rowCounts(db);
    for (const input of [{}, { type: 'memo', id: e.note1 }, { type: 'turn', id: 'x' }, { type: 'turn', id: e.turn1, project_id: e.turn1 }]) {
      expect(await dispatch(db, 'timeline:chain', input), JSON.stringify(input)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    expect(await call(db, 'timeline:chain', { type: 'turn', id: MISSING })).toMatchObject({ ok: false, error: { code: 'not_found', message: expect.stringContaining('No turn') } });
    // The right id under the wrong type is not that event.
    expect(await call(db, 'timeline:chain', { type: 'field_note', id: e.turn1 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(rowCounts(db)).toEqual(before);
    trashEntity(db, 'reflection', e.reflection1);
    expect(await call(db, 'timeline:chain', { type: 'reflection', id: e.reflection1 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
