import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BUNDLE_LIMITS } from '../../electron/exchange/bundle.js';
import { DEFLATE_BLOCK, openZip, readZip, writeZip, ZipWriter } from '../../electron/exchange/zip.js';

/**
 * An entry written in pieces (ZipWriter.begin, issue 14: a bundle table as it is read) is deflated in blocks of
 * DEFLATE_BLOCK bytes that follow each other in one entry: it reads back as the same bytes, and the archive is the
 * same however the bytes were split into pieces (so writeZip, with the whole entry at hand, writes the same file).
 */
const when = new Date(2026, 11, 3, 19, 0, 0);

function textOf(size: number): Uint8Array {
  // Compressible text with some randomness, so the blocks are real deflate blocks with back-references.
  const words = ['Åse', 'kom', 'i', 'går', 'til', 'mødet', '🚲', 'og', 'fortalte', 'om', 'skolen'];
  const random = randomBytes(size);
  const out = Buffer.alloc(size);
  let at = 0;
  for (let i = 0; at < size; i += 1) at += out.write(`${words[random[i % size]! % words.length]} `, at);
  return out;
}

describe('ZipWriter entries written in pieces', () => {
  it('read back byte for byte, and give the same archive whatever the pieces', () => {
    for (const size of [0, 10, DEFLATE_BLOCK - 1, DEFLATE_BLOCK, DEFLATE_BLOCK + 1, 3 * DEFLATE_BLOCK + 12_345]) {
      const data = textOf(size);
      const whole = writeZip([{ path: 'tables/x.json', data }, { path: 'y', data: new Uint8Array([1, 2, 3]), level: 0 }], when);
      const streamed = new ZipWriter(when);
      const sink = streamed.begin('tables/x.json');
      // Uneven pieces, some crossing block boundaries, some empty.
      for (let at = 0, step = 1; at < size; step = (step * 7919) % 700_001) {
        sink.write(data.subarray(at, Math.min(size, at + step)));
        sink.write(new Uint8Array(0));
        at += step;
      }
      sink.end();
      streamed.add({ path: 'y', data: new Uint8Array([1, 2, 3]), level: 0 });
      const bytes = streamed.finish();
      expect(Buffer.from(bytes).equals(Buffer.from(whole)), `size ${size}`).toBe(true);
      const files = readZip(bytes, DEFAULT_BUNDLE_LIMITS);
      expect(Buffer.from(files.get('tables/x.json')!).equals(Buffer.from(data)), `size ${size}`).toBe(true);
      expect(Buffer.from(openZip(bytes, DEFAULT_BUNDLE_LIMITS).read('tables/x.json')).equals(Buffer.from(data))).toBe(true);
    }
  });

  it('refuses a second entry while one is open, and finishing with one open', () => {
    const writer = new ZipWriter(when);
    const sink = writer.begin('a');
    expect(() => writer.add({ path: 'b', data: new Uint8Array(1) })).toThrow(/not ended/);
    expect(() => writer.finish()).toThrow(/not ended/);
    sink.end();
    expect(() => sink.write(new Uint8Array(1))).toThrow(/already ended/);
    expect(readZip(writer.finish(), DEFAULT_BUNDLE_LIMITS).get('a')!.length).toBe(0);
  });

  it('openZip checks the table of contents first and inflates only what is read, within the limits', () => {
    const zip = writeZip([
      { path: 'a.json', data: textOf(200_000) },
      { path: 'b.json', data: textOf(10) },
    ]);
    const reader = openZip(zip, DEFAULT_BUNDLE_LIMITS);
    expect(reader.names).toEqual(['a.json', 'b.json']);
    expect(reader.has('c')).toBe(false);
    expect(() => reader.read('c')).toThrow(/no entry/);
    expect(() => openZip(zip, { ...DEFAULT_BUNDLE_LIMITS, maxTotalBytes: 100_000 })).toThrow(/unpacks to more than/);
    expect(() => openZip(zip.subarray(0, zip.length - 30), DEFAULT_BUNDLE_LIMITS)).toThrow(/not a complete zip|damaged/);
  });
});
