import type { Db } from '../connection.js';
import { getAttachmentMeta, untrashAttachment, type AttachmentMeta } from './attachments.js';
import { ENTITIES, getEntity, type EntityRow, type EntityType } from './entities.js';
import { recordRevision } from './revisions.js';

/** What the trash holds: records of the entities registry, and attachments (files kept with a record). */
export type TrashKind = EntityType | 'attachment';

export interface TrashItemRow {
  id: string;
  project_id: string;
  entity_type: TrashKind;
  entity_id: string;
  label: string;
  group_id: string;
  deleted_at: string;
}

/**
 * One item of a trash group and what it would bring back: `row` for a record, `attachment` for an attachment (its
 * bytes left out); both undefined when there is no such row, or no such kind.
 */
export interface TrashMember {
  item: TrashItemRow;
  row: EntityRow | undefined;
  attachment?: AttachmentMeta;
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

function memberOf(db: Db, item: TrashItemRow): TrashMember {
  if (item.entity_type === 'attachment') return { item, row: undefined, attachment: getAttachmentMeta(db, item.entity_id) };
  return { item, row: item.entity_type in ENTITIES ? getEntity(db, item.entity_type, item.entity_id) : undefined };
}

/**
 * Restores everything deleted together with the given item; returns what came back. An attachment comes back with
 * its bytes, which never left its row.
 *
 * Trash may come from an imported bundle, so callers that serve a person (the API, sync) pass `check` —
 * electron/api/records.ts trashRestoreCheck — which throws to refuse; it sees the whole group and runs in
 * the restore's transaction before anything is written. It also holds the rules of what may come back alone: a
 * phase entry not into a cycle in the trash, an attachment not onto a note in the trash.
 */
export function restoreTrashGroup(db: Db, trashItemId: string, check?: (item: TrashItemRow, group: TrashMember[]) => void): TrashItemRow[] {
  return db.transaction(() => {
    const item = getTrashItem(db, trashItemId);
    if (!item) return [];
    const group = (db.prepare(`SELECT * FROM trash_items WHERE group_id = ?`).all(item.group_id) as TrashItemRow[]).map((member) => memberOf(db, member));
    check?.(item, group);
    for (const { item: member, row, attachment } of group) {
      if (attachment) {
        untrashAttachment(db, attachment.id);
      } else if (row && member.entity_type !== 'attachment') {
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
