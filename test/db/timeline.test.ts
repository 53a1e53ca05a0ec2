import { describe, expect, it } from 'vitest';
import { explainWindow, shortLabel, timelineBands, timelineWindow, type WindowCursor, type WindowQuery } from '../../db/repositories/timeline.js';
import { tempDatabase } from '../helpers/temp.js';
import { seedTimeline, timelineSeeder } from './timeline-seed.js';

const SOME_ID = '0190a000-0000-7000-8000-00000000beef';

describe('timeline window query plans', () => {
  const cases: [string, Omit<WindowQuery, 'project_id'>][] = [
    ['the whole inquiry', {}],
    ['a time window', { from: '2025-01-01T00:00:00.000Z', to: '2025-02-01T00:00:00.000Z' }],
    ['latest first', { order: 'desc', to: '2025-02-01T00:00:00.000Z' }],
    ['cycles and phases', { filters: { cycle_ids: [SOME_ID], phases: ['act'] } }],
    ['types', { filters: { types: ['turn', 'reflection'] } }],
    ['stakeholders and sectors', { filters: { stakeholder_ids: [SOME_ID], sectors: ['citizen'] } }],
    ['codes', { filters: { code_ids: [SOME_ID] } }],
    ['modes', { filters: { modes: ['aboutness'] } }],
    ['text', { filters: { text: 'døren' } }],
    ['sector lanes', { lanes: 'sector', from: '2025-01-01T00:00:00.000Z' }],
  ];

  it.each(cases)('reads the events of %s through the (project_id, occurred_at) index, never a table scan', (_name, query) => {
    const { db } = tempDatabase();
    const { project } = seedTimeline(db);
    for (const strategy of ['gather', 'probe'] as const) {
    const plans = explainWindow(db, { project_id: project, ...query }, strategy);
    expect(plans.map((plan) => plan.statement)).toEqual(['events', 'count', 'density', 'density by type ranges']);
    for (const { statement, plan } of plans) {
      const onEvents = plan.filter((detail) => /\b(SCAN|SEARCH) e\b/.test(detail));
      expect(onEvents.length, `${statement}: ${plan.join(' | ')}`).toBeGreaterThan(0);
      // Counting may narrow on the (project_id, entity_type, occurred_at) index instead when types are given.
      // events_time_facets (migration 011) starts with the same two columns and holds kind, phase, sector set and ids.
      const index = statement === 'density by type ranges' ? 'events_type_time' : statement === 'events' ? 'events_time(_facets)?' : '(events_time(_facets)?|events_type_time)';
      for (const detail of onEvents) expect(detail, statement).toMatch(new RegExp(`^SEARCH e USING (COVERING )?INDEX ${index} \\(project_id=\\?`));
      expect(plan.join('\n'), statement).not.toMatch(/^SCAN (e|events|dialogue_turns|field_notes|dialogues|reflections|code_applications|prompt_links)\b/m);
    }
    // The time-ordered read walks the index in order: only ties are sorted.
    const events = plans[0]!.plan.join('\n');
    expect(events).not.toMatch(/USE TEMP B-TREE FOR ORDER BY/);
    }
  });

  it('uses the time bounds in the index search when a window is given', () => {
    const { db } = tempDatabase();
    const { project } = seedTimeline(db);
    const [events] = explainWindow(db, { project_id: project, from: '2025-01-01T00:00:00.000Z', to: '2025-02-01T00:00:00.000Z' });
    expect(events!.plan.join(' ')).toMatch(/INDEX events_time(_facets)? \(project_id=\? AND occurred_at>\? AND occurred_at<\?\)/);
  });
});

describe('timeline window on many events', () => {
  it('returns the first events of a crowded window, counts them all and sums the density to the total', () => {
    const { db } = tempDatabase();
    const { project } = seedTimeline(db);
    const s = timelineSeeder(db, project);
    db.transaction(() => {
      for (let i = 0; i < 3000; i++) s.note(new Date(Date.parse('2024-01-01T00:00:00.000Z') + i * 3_600_000).toISOString(), { body: `note ${i}` });
    })();
    const page = timelineWindow(db, { project_id: project, to: '2025-01-01T00:00:00.000Z', limit: 100 });
    expect(page.total).toBe(3000);
    expect(page.events).toHaveLength(100);
    expect(page.events[0]!.label).toBe('note 0');
    expect(page.events[99]!.label).toBe('note 99');
    expect(page).toMatchObject({ truncated: true, density: null });
    // The chart (buckets asked for) gets the density instead of events it would not draw.
    const window = timelineWindow(db, { project_id: project, to: '2025-01-01T00:00:00.000Z', limit: 100, buckets: 50 });
    expect(window.total).toBe(3000);
    expect(window.events).toEqual([]);
    expect(window.links).toEqual([]);
    expect(window.truncated).toBe(true);
    const sum = window.density!.lanes.reduce((total, lane) => total + lane.counts.reduce((a, b) => a + b, 0), 0);
    expect(sum).toBe(3000);
    // Buckets of a day or more are whole UTC days from midnight (the per-day counts fill them): at most 50 of them.
    const counts = window.density!.lanes.find((lane) => lane.key === 'field_note')!.counts;
    expect(counts.length).toBeLessThanOrEqual(50);
    expect(counts.length).toBeGreaterThan(40);
    expect(window.density!.bucket_ms % 86_400_000).toBe(0);
    expect(window.density!.from).toMatch(/T00:00:00\.000Z$/);
    // No limit asked: at most 2000 by default, and never more than 5000.
    expect(timelineWindow(db, { project_id: project }).events).toHaveLength(2000);
    expect(timelineWindow(db, { project_id: project, limit: 1_000_000 }).events).toHaveLength(3011);
  });
});

describe('shortLabel', () => {
  it('makes one plain line of Markdown and shortens it by characters, not UTF-16 units', () => {
    expect(shortLabel('# Title\n\n**Bold** and _soft_ [link](http://x) ![img](a.png)\n- item')).toBe('Title Bold and soft link item');
    expect(shortLabel('æøå '.repeat(40), 10)).toBe('æøå æøå æ…');
    expect(Array.from(shortLabel('🕊️'.repeat(100))).length).toBeLessThanOrEqual(80);
    expect(shortLabel('   ')).toBe('');
  });
});

describe('timeline window strategies give the same answers', () => {
  function crowded() {
    const { db } = tempDatabase();
    const seeded = seedTimeline(db);
    const s = timelineSeeder(db, seeded.project);
    db.transaction(() => {
      for (let i = 0; i < 400; i++) s.note(new Date(Date.parse('2024-01-01T00:00:00.000Z') + i * 5_400_000).toISOString(), { body: `note ${i}` });
    })();
    return { db, project: seeded.project, stakeholders: seeded.stakeholders };
  }

  it('counts density per type on the index exactly as row by row, with and without a types filter', () => {
    const { db, project } = crowded();
    for (const query of [
      { project_id: project, limit: 50, buckets: 37 },
      { project_id: project, from: '2024-01-03T05:00:00.000Z', to: '2025-12-01T00:00:00.000Z', limit: 10, buckets: 250 },
      { project_id: project, limit: 5, buckets: 20, filters: { types: ['field_note', 'turn'] } },
    ] satisfies WindowQuery[]) {
      const rowByRow = timelineWindow(db, query, { largeWindow: 1_000_000 });
      const onIndex = timelineWindow(db, query, { largeWindow: 0 });
      expect(rowByRow.truncated).toBe(true);
      expect(onIndex).toEqual(rowByRow);
    }
  });

  it('finds the same events for stakeholder and sector filters whether it gathers or probes', () => {
    const { db, project, stakeholders } = crowded();
    const filterSets = [{ sectors: ['citizen'] }, { sectors: ['public', 'voluntary'], types: ['turn', 'dialogue'] }, { stakeholder_ids: Object.values(stakeholders) }] as WindowQuery['filters'][];
    for (const filters of filterSets) {
      for (const lanes of ['type', 'sector'] as const) {
        const query: WindowQuery = { project_id: project, filters, limit: 3, buckets: 30, lanes };
        const gathered = timelineWindow(db, query, { probeWindow: 0 });
        const probed = timelineWindow(db, query, { probeWindow: 1_000_000 });
        expect(probed).toEqual(gathered);
        const list = { project_id: project, filters, limit: 5000 };
        expect(timelineWindow(db, list, { probeWindow: 1_000_000 })).toEqual(timelineWindow(db, list, { probeWindow: 0 }));
      }
    }
  });
});

describe('timeline window pages (keyset on time, kind, turn position, id)', () => {
  /** Many events that tie on time: notes, phase entries and reflections at one instant, a dialogue whose turns share its time. */
  function tied() {
    const { db } = tempDatabase();
    const seeded = seedTimeline(db);
    const s = timelineSeeder(db, seeded.project);
    const at = '2024-05-01T10:00:00.000Z';
    db.transaction(() => {
      for (let i = 0; i < 7; i++) s.note(at, { body: `tied note ${i}`, stakeholders: i % 2 ? [seeded.stakeholders.karen!] : [] });
      for (let i = 0; i < 3; i++) s.reflection(at, { body: `tied reflection ${i}` });
      const dialogue = s.dialogue(at, { title: 'Tied dialogue' });
      for (const position of [4, 1, 3, 2, 5]) s.turn(dialogue, position, `turn ${position}`);
      for (let i = 0; i < 30; i++) s.note(new Date(Date.parse(at) + (i % 5) * 60_000).toISOString(), { body: `near note ${i}` });
    })();
    return { db, project: seeded.project };
  }

  function walk(db: ReturnType<typeof tempDatabase>['db'], query: WindowQuery, size: number) {
    const keys: string[] = [];
    let after: WindowCursor | undefined;
    for (let pages = 0; pages < 1000; pages++) {
      const page = timelineWindow(db, { ...query, limit: size, ...(after ? { after } : {}) });
      keys.push(...page.events.map((event) => `${event.type}:${event.id}`));
      if (!page.next) return { keys, total: page.total };
      const last = page.events[page.events.length - 1]!;
      expect(page.next).toMatchObject({ type: last.type, id: last.id, occurred_at: last.occurred_at });
      expect(page.events).toHaveLength(size);
      after = page.next;
    }
    throw new Error('paging did not end');
  }

  it.each([1, 2, 3, 7, 50])('walks every event once, in the same order as one read, in pages of %i (both orders, with filters)', (size) => {
    const { db, project } = tied();
    for (const query of [
      { project_id: project },
      { project_id: project, order: 'desc' },
      { project_id: project, from: '2024-05-01T10:00:00.000Z', to: '2024-05-01T10:03:00.000Z' },
      { project_id: project, order: 'desc', from: '2024-05-01T10:00:00.000Z', to: '2024-05-01T10:03:00.000Z' },
      { project_id: project, filters: { types: ['turn', 'field_note'] } },
      { project_id: project, filters: { stakeholder_ids: [] , sectors: ['citizen', 'public'] } },
    ] satisfies WindowQuery[]) {
      const whole = timelineWindow(db, { ...query, limit: 5000 });
      expect(whole.next).toBeNull();
      const paged = walk(db, query, size);
      expect(paged.keys).toEqual(whole.events.map((event) => `${event.type}:${event.id}`));
      expect(paged.total).toBe(whole.total);
    }
  });

  it('gives turns their position in the cursor and other events none; the last page has no next', () => {
    const { db, project } = tied();
    const all = timelineWindow(db, { project_id: project, from: '2024-05-01T10:00:00.000Z', to: '2024-05-01T10:00:00.001Z', limit: 5000 });
    const turns = all.events.filter((event) => event.type === 'turn');
    expect(turns.map((event) => event.label)).toEqual(['?: turn 1', '?: turn 2', '?: turn 3', '?: turn 4', '?: turn 5']);
    const beforeTurns = all.events.indexOf(turns[0]!);
    const page = timelineWindow(db, { project_id: project, from: '2024-05-01T10:00:00.000Z', to: '2024-05-01T10:00:00.001Z', limit: beforeTurns + 2 });
    expect(page.next).toEqual({ occurred_at: '2024-05-01T10:00:00.000Z', type: 'turn', position: 2, id: turns[1]!.id });
    expect(page.total).toBe(all.total);
    expect(page.truncated).toBe(true);
    const rest = timelineWindow(db, { project_id: project, from: '2024-05-01T10:00:00.000Z', to: '2024-05-01T10:00:00.001Z', limit: 5000, after: page.next! });
    expect(rest.events.map((event) => event.id)).toEqual(all.events.slice(beforeTurns + 2).map((event) => event.id));
    expect(rest.next).toBeNull();
    expect(rest.total).toBe(all.total);
    const firstNote = timelineWindow(db, { project_id: project, from: '2024-05-01T10:00:00.000Z', limit: 1 });
    expect(firstNote.next).toMatchObject({ position: null });
  });

  it('starts the index range search at the cursor, not at the window start', () => {
    const { db, project } = tied();
    const after: WindowCursor = { occurred_at: '2024-05-01T10:00:00.000Z', type: 'field_note', position: null, id: SOME_ID };
    const [asc] = explainWindow(db, { project_id: project, after });
    expect(asc!.plan.join(' ')).toMatch(/INDEX events_time(_facets)? \(project_id=\? AND occurred_at>\?\)/);
    const [desc] = explainWindow(db, { project_id: project, after, order: 'desc', from: '2024-01-01T00:00:00.000Z' });
    expect(desc!.plan.join(' ')).toMatch(/INDEX events_time(_facets)? \(project_id=\? AND occurred_at>\? AND occurred_at<\?\)/);
    expect(asc!.plan.join('\n')).not.toMatch(/USE TEMP B-TREE FOR ORDER BY/);
  });
});

describe('timeline bands count', () => {
  it('counts every live event of the inquiry, in cycles or not, and reads its ends', () => {
    const { db } = tempDatabase();
    const { project } = seedTimeline(db);
    const bands = timelineBands(db, project);
    const direct = db.prepare(`SELECT count(*) AS n, min(occurred_at) AS first, max(occurred_at) AS last FROM events WHERE project_id = ?`).get(project) as { n: number; first: string; last: string };
    expect(bands.event_count).toBe(direct.n);
    expect(bands.event_count).toBeGreaterThan(bands.cycles.reduce((sum, cycle) => sum + cycle.event_count, 0));
    expect([bands.first_event_at, bands.last_event_at]).toEqual([direct.first, direct.last]);
  });

  it("gives each live cycle its phases' first, last and count as the events table has them", () => {
    const { db } = tempDatabase();
    const { project } = seedTimeline(db);
    const bands = timelineBands(db, project);
    expect(bands.cycles.length).toBeGreaterThan(1);
    for (const cycle of bands.cycles) {
      const direct = db
        .prepare(
          `SELECT phase, min(occurred_at) AS first_at, max(occurred_at) AS last_at, count(*) AS event_count FROM events
           WHERE cycle_id = ? AND phase IS NOT NULL GROUP BY phase`,
        )
        .all(cycle.id) as { phase: string }[];
      const order = ['plan', 'act', 'observe', 'reflect'];
      direct.sort((a, b) => order.indexOf(a.phase) - order.indexOf(b.phase));
      expect(cycle.phases).toEqual(direct);
      const all = db.prepare(`SELECT count(*) FROM events WHERE cycle_id = ?`).pluck().get(cycle.id);
      expect(cycle.event_count).toBe(all);
    }
  });
});

describe('shortLabel on plain text takes a shortcut with the same result', () => {
  function reference(text: string, max = 80): string {
    const plain = text
      .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/^\s{0,3}(#{1,6}|>|[-*+]|\d+[.)])\s+/gm, '')
      .replace(/[*_`~]+/g, '')
      .replace(/\s+/g, ' ')
      .trim();
    const chars = Array.from(plain);
    return chars.length > max ? `${chars.slice(0, max - 1).join('').trimEnd()}…` : plain;
  }

  it('matches the full Markdown rules on random text with marks, line breaks, surrogates and lone halves', () => {
    const alphabet = ['a', 'b', ' ', '\n', '\r', '#', '>', '-', '*', '+', '1', '.', ')', '[', ']', '(', '!', '_', '`', '~', 'æ', '😀', '\t', '\u2028', '\ud800', '\udc00'];
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let i = 0; i < 20000; i++) {
      let text = '';
      const length = Math.floor(random() * 120);
      for (let j = 0; j < length; j++) text += alphabet[Math.floor(random() * alphabet.length)];
      const max = 1 + Math.floor(random() * 90);
      expect(shortLabel(text, max), JSON.stringify([text, max])).toBe(reference(text, max));
    }
    expect(shortLabel('x'.repeat(80))).toBe('x'.repeat(80));
    expect(shortLabel('x'.repeat(81))).toBe(`${'x'.repeat(79)}…`);
    expect(shortLabel(`${'x'.repeat(79)}😀`)).toBe(`${'x'.repeat(79)}😀`);
  });
});
