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
    const plans = explainWindow(db, { project_id: project, ...query });
    expect(plans.map((plan) => plan.statement)).toEqual(['events', 'count', 'density']);
    for (const { statement, plan } of plans) {
      const onEvents = plan.filter((detail) => /\b(SCAN|SEARCH) e\b/.test(detail));
      expect(onEvents.length, `${statement}: ${plan.join(' | ')}`).toBeGreaterThan(0);
      for (const detail of onEvents) expect(detail, statement).toMatch(/^SEARCH e USING (COVERING )?INDEX events_time \(project_id=\?/);
      expect(plan.join('\n'), statement).not.toMatch(/^SCAN (e|events|dialogue_turns|field_notes|dialogues|reflections|code_applications|prompt_links)\b/m);
    }
    // The time-ordered read walks the index in order: only ties are sorted.
    const events = plans[0]!.plan.join('\n');
    expect(events).not.toMatch(/USE TEMP B-TREE FOR ORDER BY/);
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
    const window = timelineWindow(db, { project_id: project, to: '2025-01-01T00:00:00.000Z', limit: 100, buckets: 50 });
    expect(window.total).toBe(3000);
    expect(window.events).toHaveLength(100);
    expect(window.events[0]!.label).toBe('note 0');
    expect(window.events[99]!.label).toBe('note 99');
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
