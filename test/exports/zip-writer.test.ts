import { describe, expect, it } from 'vitest';
import { demoAndSmallInquiry } from '../helpers/export-corpora.js';
import { buildBundle, DEFAULT_BUNDLE_LIMITS } from '../../electron/exchange/bundle.js';
import { buildQdpx } from '../../electron/exchange/qdpx.js';
import { readZip, writeZip, ZipWriter, type ZipEntryInput } from '../../electron/exchange/zip.js';

/**
 * The exports add their entries to a ZipWriter one at a time (issue 14: bounded memory). Each archive they make
 * is read back and written again from all its entries at once (writeZip): the same bytes, so nothing of an entry
 * (name, order, level, data) is lost between writing and reading, also past 65,535 entries (ZIP64).
 */
const when = new Date(2026, 10, 3, 9, 15, 42);
const encode = (text: string) => new TextEncoder().encode(text);

function rewrittenInMemory(zip: Uint8Array, level: (path: string) => 0 | 6 = () => 6): Uint8Array {
  const files = readZip(zip, { ...DEFAULT_BUNDLE_LIMITS, maxEntries: 1_000_000 });
  return writeZip([...files].map(([path, data]) => ({ path, data, level: level(path) })), when);
}

const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

describe('ZipWriter (streaming) against writeZip (in memory)', { timeout: 180_000 }, () => {
  it('gives the same bytes, with an entry put first, stored entries and the ZIP64 end records of a large archive', () => {
    const entries: ZipEntryInput[] = [
      { path: 'sources/æøå 👋.txt', data: encode('Åse kom 🚲 i går. '.repeat(40)) },
      { path: 'attachments/x', data: new Uint8Array([0, 1, 2, 250, 255]), level: 0 },
      { path: 'empty.txt', data: new Uint8Array(0) },
    ];
    const manifest: ZipEntryInput = { path: 'manifest.json', data: encode('{"format":"withness-bundle"}\n') };
    const streaming = new ZipWriter(when);
    for (const entry of entries) streaming.add(entry);
    streaming.add(manifest, { first: true });
    expect(same(streaming.finish(), writeZip([manifest, ...entries], when))).toBe(true);
    expect(() => streaming.finish()).toThrow(/already finished/);
    const twice = new ZipWriter(when);
    twice.add(entries[0]!);
    expect(() => twice.add(entries[0]!)).toThrow(/Duplicate/);

    // More entries than a plain zip count holds (the large inquiry's .qdpx has 111,201).
    const many = Array.from({ length: 66_000 }, (_, i) => ({ path: `sources/${i}.txt`, data: encode(`tekst ${i}`) }));
    const large = new ZipWriter(when);
    for (const entry of many) large.add(entry);
    const bytes = large.finish();
    expect(same(bytes, writeZip(many, when))).toBe(true);
    // The ZIP64 end of central directory record counts all of them.
    expect(Buffer.from(bytes).indexOf(Buffer.from([0x50, 0x4b, 0x06, 0x06]))).toBeGreaterThan(0);
  });

  it('writes the .qdpx and the bundle of the demo project and of a small generated inquiry as writeZip would', () => {
    for (const { db, projectId } of demoAndSmallInquiry(11)) {
      const qdpx = buildQdpx(db, projectId, { now: when })!;
      expect(readZip(qdpx.bytes, { ...DEFAULT_BUNDLE_LIMITS, maxEntries: 1_000_000 }).size).toBeGreaterThan(1);
      expect(same(qdpx.bytes, rewrittenInMemory(qdpx.bytes))).toBe(true);
      const bundle = buildBundle(db, projectId, { now: when })!;
      const files = readZip(bundle.bytes, DEFAULT_BUNDLE_LIMITS);
      expect([...files.keys()][0]).toBe('manifest.json');
      expect(same(bundle.bytes, rewrittenInMemory(bundle.bytes, (path) => (path.startsWith('attachments/') ? 0 : 6)))).toBe(true);
    }
  });
});
