import { createHash } from 'node:crypto';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import type { Db } from '../../db/connection.js';
import { createDemoProject } from '../../db/demo/build.js';
import { addAttachment } from '../../db/repositories/attachments.js';
import { updateEntity, trashEntity } from '../../db/repositories/entities.js';
import { setPhasePrompts } from '../../db/repositories/phases.js';
import { TABLES } from '../../electron/exchange/bundle-tables.js';
import { newId } from '../../db/ids.js';

/** Every entry of a zip (fflate's own reader: independent of the code under test). */
export function unzipAll(bytes: Uint8Array): Record<string, Uint8Array> {
  return unzipSync(bytes);
}

export function text(entry: Uint8Array | undefined): string {
  if (!entry) throw new Error('missing entry');
  return strFromU8(entry);
}

export const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

/**
 * The demo inquiry plus what a lived-in journal also has: an edited note (a revision), a note in the
 * trash (a trash item), an attachment with bytes, guiding prompts and a removed prompt link.
 */
export function seedRichProject(db: Db): { projectId: string; noteId: string; trashedNoteId: string; attachmentId: string } {
  const { project } = createDemoProject(db);
  const notes = db.prepare(`SELECT id, revision FROM field_notes WHERE project_id = ? ORDER BY occurred_at`).all(project.id) as { id: string; revision: number }[];
  const noteId = notes[0]!.id;
  const trashedNoteId = notes[notes.length - 1]!.id;
  updateEntity(db, 'field_note', noteId, { place: 'Biblioteket, Egeby (edited)' });
  trashEntity(db, 'field_note', trashedNoteId);
  const attachment = addAttachment(db, { project_id: project.id, owner_type: 'field_note', owner_id: noteId, file_name: 'dot.png', media_type: 'image/png', content: PNG });
  setPhasePrompts(db, project.id, 'plan', ['Hvad vil vi undersøge?', 'Hvem skal være med?']);
  const link = db.prepare(`SELECT id FROM prompt_links WHERE project_id = ? ORDER BY id LIMIT 1`).pluck().get(project.id) as string;
  db.prepare(`UPDATE prompt_links SET deleted_at = ? WHERE id = ?`).run(new Date().toISOString(), link);
  return { projectId: project.id, noteId, trashedNoteId, attachmentId: attachment.id };
}

/** Every row of every bundled table for a project, and each attachment's bytes as hex: to compare two journals. */
export function projectRows(db: Db, projectId: string): Record<string, unknown[]> {
  const rows: Record<string, unknown[]> = {};
  for (const spec of TABLES) rows[spec.name] = db.prepare(spec.exportSql).all(projectId);
  rows.attachment_content = (db.prepare(`SELECT id, hex(content) AS content FROM attachments WHERE project_id = ? ORDER BY id`).all(projectId) as unknown[]);
  return rows;
}

const sha = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

/**
 * A bundle rebuilt from another bundle's files after `change` had its way with them (and the manifest),
 * with fresh checksums unless `keepChecksums` — to make hostile bundles that are otherwise well-formed.
 */
export function rebuildBundle(
  bundle: Uint8Array,
  change: (files: Record<string, Uint8Array>, manifest: Record<string, unknown>) => void,
  options: { keepChecksums?: boolean } = {},
): Uint8Array {
  const files = unzipAll(bundle);
  const manifest = JSON.parse(text(files['manifest.json'])) as Record<string, unknown>;
  delete files['manifest.json'];
  change(files, manifest);
  if (!options.keepChecksums) manifest.sha256 = Object.fromEntries(Object.entries(files).map(([path, data]) => [path, sha(data)]));
  return zipSync({ 'manifest.json': strToU8(JSON.stringify(manifest)), ...files });
}

/** Reads and rewrites one table of a bundle's files. */
export function editTable(files: Record<string, Uint8Array>, table: string, edit: (rows: Record<string, unknown>[]) => void): void {
  const rows = JSON.parse(text(files[`tables/${table}.json`])) as Record<string, unknown>[];
  edit(rows);
  files[`tables/${table}.json`] = strToU8(JSON.stringify(rows));
}

export const HOSTILE_BODY =
  'Lone Kirkegaard said </script><script>window.__pwned = 1</script> and <img src=x onerror="window.__pwned = 2"> ' +
  '<!-- comment --> & \u2028 "quotes" \'single\' ]]>';

/** A note with markup that would run if the page ever treated text as HTML. */
export function addHostileNote(db: Db, projectId: string): string {
  const id = newId();
  const now = '2025-10-01T10:00:00.000Z';
  const cycleId = db.prepare(`SELECT id FROM cycles WHERE project_id = ? ORDER BY ordinal LIMIT 1`).pluck().get(projectId) as string;
  db.prepare(
    `INSERT INTO field_notes (id, project_id, cycle_id, phase, title, body, place, occurred_at, recorded_at, revision, created_at, updated_at)
     VALUES (?, ?, ?, 'observe', ?, ?, '<b>Biblioteket</b>', ?, ?, 1, ?, ?)`,
  ).run(id, projectId, cycleId, '<img src=x onerror="window.__pwned = 3">Hostile note', HOSTILE_BODY, now, now, now, now);
  return id;
}

