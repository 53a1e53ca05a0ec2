import { describe, expect, it } from 'vitest';
import { createDemoProject } from '../../db/demo/build.js';
import { DEFAULT_BUNDLE_LIMITS } from '../../electron/exchange/bundle.js';
import { buildQdpx } from '../../electron/exchange/qdpx.js';
import { importQdpx } from '../../electron/exchange/qdpx-import/index.js';
import { readZip, writeZip, ZipError } from '../../electron/exchange/zip.js';
import { tempDatabase } from '../helpers/temp.js';

/**
 * A .qdpx has a text file per source, so the export of a large inquiry has more than 65,535 entries and ends with
 * the ZIP64 end records. The import read that as "a ZIP64 archive, which a .qdpx never is" and refused the
 * project its own export wrote (issue 14.4). Reading ZIP64 must not loosen the other checks.
 */
const encode = (text: string) => new TextEncoder().encode(text);
const SOURCES = 66_000;
const limits = { ...DEFAULT_BUNDLE_LIMITS, maxEntries: 1_000_000 };

function u64At(bytes: Uint8Array, at: number): number {
  return Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(at, true));
}
/** Offsets of the ZIP64 end record, its locator and the end record of an archive ZipWriter wrote. */
function zip64Layout(bytes: Uint8Array) {
  const end = bytes.length - 22;
  const locator = end - 20;
  return { end, locator, record: u64At(bytes, locator + 8) };
}

describe('ZIP64 archives (more than 65,535 entries)', { timeout: 300_000 }, () => {
  it('exports a project with more than 65,535 sources and imports it again', async () => {
    const { db } = tempDatabase();
    const { project } = createDemoProject(db);
    // Field notes and phase entries come back as field notes (dialogues as dialogues).
    const before = db
      .prepare(
        `SELECT (SELECT count(*) FROM field_notes WHERE project_id = ? AND deleted_at IS NULL) + (SELECT count(*) FROM phase_entries WHERE project_id = ? AND deleted_at IS NULL)`,
      )
      .pluck()
      .get(project.id, project.id) as number;
    // Set-wise, as the generator fills a journal: one INSERT … SELECT of 66,000 short field notes.
    db.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
       INSERT INTO field_notes (id, project_id, title, body, occurred_at, recorded_at, created_at, updated_at)
       SELECT printf('00000000-0000-4000-8000-%012d', i), ?, 'Note ' || i, 'Text of note ' || i || ' at the bakery.',
              '2025-03-01T10:00:00.000Z', '2025-03-01T10:00:00.000Z', '2025-03-01T10:00:00.000Z', '2025-03-01T10:00:00.000Z'
       FROM n`,
    ).run(SOURCES, project.id);

    const exported = buildQdpx(db, project.id, { realNames: true })!;
    const { end, record } = zip64Layout(exported.bytes);
    expect(new DataView(exported.bytes.buffer, exported.bytes.byteOffset).getUint16(end + 10, true)).toBe(0xffff);
    const entries = u64At(exported.bytes, record + 32);
    expect(entries).toBeGreaterThan(SOURCES + before);

    const { db: target } = tempDatabase();
    const result = await importQdpx(target, exported.bytes);
    expect(result.created.field_notes).toBe(SOURCES + before);
    const imported = target.prepare(`SELECT body FROM field_notes WHERE title = 'Note 65999'`).pluck().all();
    expect(imported).toEqual(['Text of note 65999 at the bakery.']);
  });

  it('reads every entry of a ZIP64 archive, and a plain one of exactly 65,535 entries', () => {
    const many = Array.from({ length: SOURCES }, (_, i) => ({ path: `sources/${i}.txt`, data: encode(`tekst ${i}`), level: 0 as const }));
    const files = readZip(writeZip(many), limits);
    expect(files.size).toBe(SOURCES);
    expect(new TextDecoder().decode(files.get('sources/65999.txt'))).toBe('tekst 65999');
    // 65,535 entries fit a plain count (0xffff): no ZIP64 records, and still read.
    const plain = writeZip(many.slice(0, 0xffff));
    expect(new DataView(plain.buffer, plain.byteOffset).getUint32(plain.length - 22 - 20, true)).not.toBe(0x07064b50);
    expect(readZip(plain, limits).size).toBe(0xffff);
  });

  it('keeps refusing what is unsafe or damaged in a ZIP64 archive', () => {
    const many = Array.from({ length: SOURCES }, (_, i) => ({ path: `sources/${i}.txt`, data: encode(`tekst ${i}`), level: 0 as const }));
    // The entry limit applies to the ZIP64 count.
    expect(() => readZip(writeZip(many), { ...limits, maxEntries: 70_000 })).not.toThrow();
    expect(() => readZip(writeZip(many), { ...limits, maxEntries: 65_000 })).toThrow(/66000 entries; a bundle may have at most 65000/);
    // A path that climbs out, the last entry of many.
    const climbing = [...many.slice(0, -1), { path: '../../evil.txt', data: encode('x'), level: 0 as const }];
    expect(() => readZip(writeZip(climbing), limits)).toThrow(/unsafe path/);
    // An entry that inflates past the limit (a zip bomb), behind 66,000 small ones.
    const bomb = [...many, { path: 'bomb.txt', data: new Uint8Array(4 * 1024 * 1024) }];
    expect(() => readZip(writeZip(bomb), { ...limits, maxEntryBytes: 1024 * 1024 })).toThrow(/larger than 1 MB/);
    expect(() => readZip(writeZip(bomb), { ...limits, maxTotalBytes: 2 * 1024 * 1024 })).toThrow(/unpacks to more than 2 MB/);

    const good = writeZip(many);
    const { locator, record } = zip64Layout(good);
    const view = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset);
    // The locator pointing past itself, the record's signature broken, the table of contents said to start
    // after it ends, a count larger than what a number holds: damaged, never read.
    const past = good.slice();
    view(past).setBigUint64(locator + 8, BigInt(locator + 4), true);
    const unsigned = good.slice();
    view(unsigned).setUint32(record, 0, true);
    const outside = good.slice();
    view(outside).setBigUint64(record + 48, BigInt(record), true);
    const huge = good.slice();
    view(huge).setBigUint64(record + 24, 2n ** 60n, true);
    view(huge).setBigUint64(record + 32, 2n ** 60n, true);
    const noLocator = good.slice();
    view(noLocator).setUint32(locator, 0, true);
    view(noLocator).setUint32(noLocator.length - 22 + 16, 0xffffffff, true);
    for (const damaged of [past, unsigned, outside, huge, noLocator]) {
      expect(() => readZip(damaged, limits)).toThrow(ZipError);
      expect(() => readZip(damaged, limits)).toThrow(/damaged/);
    }
  });
});
