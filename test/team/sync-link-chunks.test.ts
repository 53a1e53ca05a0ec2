import { describe, expect, it } from 'vitest';
import { linkProject, teamStatus } from '../../electron/team/sync.js';
import { callOrThrow, createInquiry, journal } from './engine-support.js';

/**
 * Linking a project queues every row of it without holding the main process: the rows go into the outbox a chunk at
 * a time, and the event loop turns between chunks (one INSERT … SELECT per table took 12.8 s on the large inquiry,
 * during which nothing else ran). A medium inquiry: 12,000 notes, each linked to a person, 24,000 rows to queue.
 */
describe('linking a medium inquiry', () => {
  it('queues every row while the event loop keeps turning, and leaves no fill pending', async () => {
    const db = journal();
    const projectId = await createInquiry(db);
    const person = await callOrThrow(db, 'stakeholders:create', { project_id: projectId, pseudonym: 'Ole', sector: 'public' });
    db.transaction(() => {
      db.prepare(
        `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 12000)
         INSERT INTO field_notes (id, project_id, title, body, occurred_at, recorded_at, created_at, updated_at)
         SELECT printf('01930000-0000-7000-8000-%012d', i), ?, 'Note ' || i, 'Text ' || i, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z' FROM n`,
      ).run(projectId);
      db.prepare(`INSERT INTO field_note_stakeholders (note_id, stakeholder_id) SELECT id, ? FROM field_notes WHERE project_id = ?`).run(person.id, projectId);
    })();
    const rows = 1 + 1 + 12_000 + 12_000 + (db.prepare(`SELECT count(*) FROM revisions WHERE project_id = ?`).pluck().get(projectId) as number);

    let turns = 0;
    let linking = true;
    const spin = () => {
      turns += 1;
      if (linking) setImmediate(spin);
    };
    setImmediate(spin);
    await linkProject(db, projectId, { url: 'postgres://ann@127.0.0.1/team', member: 'ann' }, { chunk: 1000 });
    linking = false;

    // 12 chunks of notes and 12 of their links at least, each followed by a turn of the loop.
    expect(turns).toBeGreaterThanOrEqual(24);
    expect(db.prepare(`SELECT count(*) FROM sync_outbox WHERE project_id = ?`).pluck().get(projectId)).toBe(rows);
    expect(db.prepare(`SELECT count(*) FROM sync_outbox WHERE table_name = 'field_note_stakeholders'`).pluck().get()).toBe(12_000);
    expect(db.prepare(`SELECT fill_pending FROM sync_links WHERE project_id = ?`).pluck().get(projectId)).toBe(0);
    expect(teamStatus(db, projectId).pending).toBe(rows);
  }, 60_000);
});
