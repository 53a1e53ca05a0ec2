import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/connection.js';
import { createDemoProject } from '../../db/demo/build.js';
import { beginIndexFill } from '../../db/index-fill.js';
import { tempDatabase } from '../helpers/temp.js';

function outboxTriggers(db: Db): { name: string; sql: string }[] {
  return db.prepare(`SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'sync\\_outbox\\_%' ESCAPE '\\' ORDER BY name`).all() as {
    name: string;
    sql: string;
  }[];
}

/** A copy of one of the project's field notes under a new id (and its stakeholders), as a bulk writer inserts it. */
function copyNote(db: Db, projectId: string, newId: string): void {
  const columns = (db.prepare(`SELECT name FROM pragma_table_info('field_notes')`).pluck().all() as string[]).filter((c) => c !== 'id');
  db.prepare(`INSERT INTO field_notes (id, ${columns.join(', ')}) SELECT ?, ${columns.join(', ')} FROM field_notes WHERE project_id = ? ORDER BY rowid LIMIT 1`).run(
    newId,
    projectId,
  );
  db.prepare(
    `INSERT INTO field_note_stakeholders (note_id, stakeholder_id) SELECT ?, id FROM stakeholders WHERE project_id = ? ORDER BY rowid LIMIT 1`,
  ).run(newId, projectId);
}

function link(db: Db, projectId: string): void {
  db.prepare(`INSERT INTO sync_links (project_id, server_url, member, client_id, linked_at) VALUES (?, 'postgres://server/db', 'anna', 'client-1', '2026-12-03T00:00:00.000Z')`).run(
    projectId,
  );
}

const outboxRows = (db: Db) => db.prepare(`SELECT table_name, row_key FROM sync_outbox ORDER BY 1, 2`).all();

describe('team-sync outbox triggers during the set-wise index fill (db/sync-outbox-pause.ts)', () => {
  it('are away while nothing is linked and come back unchanged', () => {
    const { db } = tempDatabase();
    const { project } = createDemoProject(db);
    const before = outboxTriggers(db);
    expect(before.length).toBeGreaterThan(40);
    db.transaction(() => {
      const fill = beginIndexFill(db)!;
      expect(outboxTriggers(db)).toEqual([]);
      copyNote(db, project.id, 'note-bulk-1');
      fill.finish();
    })();
    expect(outboxTriggers(db)).toEqual(before);
    expect(outboxRows(db)).toEqual([]);
    expect(db.prepare(`SELECT count(*) FROM events WHERE entity_id = 'note-bulk-1'`).pluck().get()).toBe(1);
    // Back in place: a linked inquiry's next write reaches the outbox.
    link(db, project.id);
    copyNote(db, project.id, 'note-after');
    expect(outboxRows(db)).toContainEqual({ table_name: 'field_notes', row_key: 'note-after' });
  });

  it('stay while an inquiry is linked, so a bulk write into it reaches the outbox', () => {
    const { db } = tempDatabase();
    const { project } = createDemoProject(db);
    link(db, project.id);
    const before = outboxTriggers(db);
    db.transaction(() => {
      const fill = beginIndexFill(db)!;
      expect(outboxTriggers(db)).toEqual(before);
      copyNote(db, project.id, 'note-bulk-1');
      fill.finish();
    })();
    expect(outboxRows(db)).toContainEqual({ table_name: 'field_notes', row_key: 'note-bulk-1' });
    expect(outboxRows(db)).toContainEqual({ table_name: 'field_note_stakeholders', row_key: expect.stringContaining('note-bulk-1') });
  });

  it('refuse a link made during the fill and roll the whole write back', () => {
    const { db } = tempDatabase();
    const { project } = createDemoProject(db);
    const before = outboxTriggers(db);
    expect(() =>
      db.transaction(() => {
        const fill = beginIndexFill(db)!;
        copyNote(db, project.id, 'note-bulk-1');
        link(db, project.id);
        fill.finish();
      })(),
    ).toThrow(/linked to a team server during a bulk write/);
    expect(outboxTriggers(db)).toEqual(before);
    expect(db.prepare(`SELECT count(*) FROM field_notes WHERE id = 'note-bulk-1'`).pluck().get()).toBe(0);
    expect(db.prepare(`SELECT count(*) FROM sync_links`).pluck().get()).toBe(0);
  });
});
