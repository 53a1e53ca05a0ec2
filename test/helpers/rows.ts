import type { Db } from '../../db/sqlite.js';

/**
 * Every row of every table of a journal, ordered, as text: two journals built alike must give the same text. The
 * erasure salt is left out, as each journal draws its own at random (so name hashes cannot be compared across
 * journals); the FTS shadow tables only when asked to.
 */
export function allRows(db: Db, options: { searchIndex: boolean }): string {
  const tables = db
    .prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'erasure_salt' ORDER BY name`)
    .pluck()
    .all() as string[];
  const wanted = options.searchIndex ? tables : tables.filter((name) => !name.startsWith('events_fts'));
  // A one-column table (team sync's sync_applying) has no second column to order by.
  const order = (name: string) => ((db.prepare(`SELECT count(*) FROM pragma_table_info(?)`).pluck().get(name) as number) > 1 ? '1, 2' : '1');
  return JSON.stringify(wanted.map((name) => [name, db.prepare(`SELECT * FROM "${name}" ORDER BY ${order(name)}`).raw().all()]));
}
