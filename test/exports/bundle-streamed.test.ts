import { describe, expect, it } from 'vitest';
import { demoAndSmallInquiry } from '../helpers/export-corpora.js';
import { buildBundle, DEFAULT_BUNDLE_LIMITS, importBundle, readBundle } from '../../electron/exchange/bundle.js';
import { TABLES } from '../../electron/exchange/bundle-tables.js';
import { readZip } from '../../electron/exchange/zip.js';
import type { Db } from '../../db/connection.js';
import { rowCounts, tempDatabase } from '../helpers/temp.js';

/**
 * Issue 14.4: the bundle export reads each table row by row and deflates it in pieces, the import parses one table at
 * a time (twice: to check, then to write) and row by row. Against the whole-table way they replaced: each table entry
 * is exactly JSON.stringify of all its rows, and export → import into an empty journal gives every table row for row;
 * a bundle cut short or damaged anywhere is refused with nothing written.
 */
const when = new Date(2026, 11, 3, 19, 10, 0);

const sources = () => demoAndSmallInquiry(14);

const tableRows = (db: Db, projectId: string, sql: string) => db.prepare(sql).all(projectId);

describe('bundle export and import, table by table', { timeout: 300_000 }, () => {
  it('write each table as JSON.stringify of all its rows, and import into an empty journal as the same rows', () => {
    for (const { name, db, projectId } of sources()) {
      const bundle = buildBundle(db, projectId, { now: when })!;
      const files = readZip(bundle.bytes, DEFAULT_BUNDLE_LIMITS);
      for (const spec of TABLES) {
        const whole = JSON.stringify(tableRows(db, projectId, spec.exportSql));
        expect(new TextDecoder().decode(files.get(`tables/${spec.name}.json`)), `${name}: ${spec.name}`).toBe(whole);
      }
      const target = tempDatabase().db;
      const result = importBundle(target, bundle.bytes);
      expect(result.project_id).toBe(projectId);
      let rows = 0;
      for (const spec of TABLES) {
        const expected = tableRows(db, projectId, spec.exportSql);
        rows += expected.length;
        expect(tableRows(target, projectId, spec.exportSql), `${name}: ${spec.name}`).toEqual(expected);
        expect(result.created[spec.name], `${name}: ${spec.name}`).toBe(spec.name === 'trash_items' ? result.created.trash_items : expected.length);
      }
      expect(rows).toBeGreaterThan(name === 'demo' ? 50 : 1000);
      // The same events and index entries as in the source.
      for (const sql of [`SELECT count(*) FROM events`, `SELECT count(*) FROM events_fts`]) {
        expect(target.prepare(sql).pluck().get(), `${name}: ${sql}`).toBe(db.prepare(sql).pluck().get());
      }
      // The counts readBundle keeps are the tables' row counts.
      const read = readBundle(tempDatabase().db, bundle.bytes);
      for (const spec of TABLES) expect(read.counts[spec.name]).toBe(tableRows(db, projectId, spec.exportSql).length);
    }
  });

  it('refuses a bundle cut short or damaged anywhere, and writes nothing', () => {
    const { db, projectId } = sources()[1]!;
    const bytes = buildBundle(db, projectId, { now: when })!.bytes;
    const target = tempDatabase().db;
    const before = rowCounts(target);
    const cuts = [bytes.length - 1, bytes.length - 22, Math.floor(bytes.length * 0.9), Math.floor(bytes.length / 2), 1000];
    for (const cut of cuts) {
      expect(() => importBundle(target, bytes.subarray(0, cut)), `cut at ${cut}`).toThrow(/damaged|cut short|not a complete zip|not a zip/);
      expect(rowCounts(target)).toEqual(before);
    }
    for (const at of [0.2, 0.5, 0.8].map((share) => Math.floor(bytes.length * share))) {
      const damaged = Uint8Array.from(bytes);
      damaged[at] = damaged[at]! ^ 0x5a;
      expect(() => importBundle(target, damaged), `byte ${at}`).toThrow(/damaged|checksum|cut short|not valid/);
      expect(rowCounts(target)).toEqual(before);
    }
    // The intact bundle still imports into the same journal afterwards.
    importBundle(target, bytes);
    expect(rowCounts(target).field_notes).toBe(db.prepare(`SELECT count(*) FROM field_notes`).pluck().get());
  });
});
