import { describe, expect, it } from 'vitest';
import { explainWindow, shortLabel, timelineWindow, type WindowQuery } from '../../db/repositories/timeline.js';
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
      const index = statement === 'density by type ranges' ? 'events_type_time' : statement === 'events' ? 'events_time' : '(events_time|events_type_time)';
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
    expect(events!.plan.join(' ')).toMatch(/INDEX events_time \(project_id=\? AND occurred_at>\? AND occurred_at<\?\)/);
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
    expect(window.density!.lanes.find((lane) => lane.key === 'field_note')!.counts).toHaveLength(50);
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
