import type { Db } from '../connection.js';
import { ENTITIES, getEntity, type EntityRow, type EntityType } from './entities.js';
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

/** One item of a trash group and the row it would bring back (undefined when there is no such row, or no such kind). */
export interface TrashMember {
  item: TrashItemRow;
  row: EntityRow | undefined;
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

/**
 * Restores everything deleted together with the given item; returns what came back.
 *
 * Trash may come from an imported bundle, so callers that serve a person (the API, sync) pass `check` —
 * electron/api/records.ts trashRestoreCheck — which throws to refuse; it sees the whole group and runs in
 * the restore's transaction before anything is written.
 */
export function restoreTrashGroup(db: Db, trashItemId: string, check?: (item: TrashItemRow, group: TrashMember[]) => void): TrashItemRow[] {
  return db.transaction(() => {
    const item = getTrashItem(db, trashItemId);
    if (!item) return [];
    const group = (db.prepare(`SELECT * FROM trash_items WHERE group_id = ?`).all(item.group_id) as TrashItemRow[]).map(
      (member): TrashMember => ({ item: member, row: member.entity_type in ENTITIES ? getEntity(db, member.entity_type, member.entity_id) : undefined }),
    );
    check?.(item, group);
    for (const { item: member, row } of group) {
      if (row) {
        recordRevision(db, member.entity_type, member.project_id, row, 'restore');
        db.prepare(`UPDATE ${ENTITIES[member.entity_type].table} SET deleted_at = NULL, revision = revision + 1 WHERE id = ?`).run(
          member.entity_id,
        );
      }
      db.prepare(`DELETE FROM trash_items WHERE id = ?`).run(member.id);
    }
    return group.map((member) => member.item);
  })();
}
