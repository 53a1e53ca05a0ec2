import type { Db } from '../connection.js';
import { ENTITIES, getEntity, type EntityType } from './entities.js';
import { recordRevision } from './revisions.js';

export interface TrashItemRow {
  id: string;
  project_id: string;
  entity_type: EntityType;
  entity_id: string;
  label: string;
  group_id: string;
  deleted_at: string;
}

/** The trash of a project, newest first; items of one group (one delete) sit together. */
export function listTrash(db: Db, projectId: string): TrashItemRow[] {
  return db
    .prepare(`SELECT * FROM trash_items WHERE project_id = ? ORDER BY deleted_at DESC, group_id, entity_type, id`)
    .all(projectId) as TrashItemRow[];
}

export function getTrashItem(db: Db, id: string): TrashItemRow | undefined {
  return db.prepare(`SELECT * FROM trash_items WHERE id = ?`).get(id) as TrashItemRow | undefined;
}

/** Restores everything deleted together with the given item; returns what came back. */
export function restoreTrashGroup(db: Db, trashItemId: string): TrashItemRow[] {
  return db.transaction(() => {
    const item = getTrashItem(db, trashItemId);
    if (!item) return [];
    const group = db.prepare(`SELECT * FROM trash_items WHERE group_id = ?`).all(item.group_id) as TrashItemRow[];
    for (const member of group) {
      const row = getEntity(db, member.entity_type, member.entity_id);
      if (row) {
        recordRevision(db, member.entity_type, member.project_id, row, 'restore');
        db.prepare(`UPDATE ${ENTITIES[member.entity_type].table} SET deleted_at = NULL, revision = revision + 1 WHERE id = ?`).run(
          member.entity_id,
        );
      }
      db.prepare(`DELETE FROM trash_items WHERE id = ?`).run(member.id);
    }
    return group;
  })();
}
