import { describe, expect, it } from 'vitest';
import { describeEvent, plainLabel } from '../../db/repositories/events.js';
import { createProject } from '../../db/repositories/projects.js';
import { newId, nowIso } from '../../db/ids.js';
import { tempDatabase } from '../helpers/temp.js';

describe('event labels', () => {
  it('show Markdown as plain words', () => {
    expect(plainLabel('\n## Næste skridt\n- **Ring** til [Anna](https://example.com)')).toBe('Næste skridt');
    expect(plainLabel('- **Ring** til [Anna](https://example.com) om `kaffe`')).toBe('Ring til Anna om kaffe');
    expect(plainLabel('> Et citat')).toBe('Et citat');
    expect(plainLabel('3. punkt')).toBe('punkt');
  });

  it('describe a phase entry by its first words, without Markdown', () => {
    const { db } = tempDatabase();
    const project = createProject(db, { title: 'P' });
    const now = nowIso();
    const cycleId = newId();
    db.prepare(`INSERT INTO cycles (id, project_id, ordinal, created_at, updated_at) VALUES (?, ?, 1, ?, ?)`).run(cycleId, project.id, now, now);
    const entryId = newId();
    db.prepare(
      `INSERT INTO phase_entries (id, project_id, cycle_id, phase, body, occurred_at, created_at, updated_at) VALUES (?, ?, ?, 'reflect', '# Hvad lærte vi?\n**Meget**', ?, ?, ?)`,
    ).run(entryId, project.id, cycleId, now, now, now);
    expect(describeEvent(db, 'phase_entry', entryId)).toMatchObject({ label: 'Hvad lærte vi?', cycle_id: cycleId, deleted: false });
    expect(describeEvent(db, 'phase_entry', newId())).toBeUndefined();
  });
});
