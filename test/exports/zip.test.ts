import { crc32, inflateRawSync } from 'node:zlib';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BUNDLE_LIMITS } from '../../electron/exchange/bundle.js';
import { XmlWriter } from '../../electron/exchange/xml.js';
import { readZip, writeZip } from '../../electron/exchange/zip.js';

const encode = (text: string) => new TextEncoder().encode(text);
const u32 = (bytes: Uint8Array, at: number) => new DataView(bytes.buffer, bytes.byteOffset).getUint32(at, true);
const u16 = (bytes: Uint8Array, at: number) => new DataView(bytes.buffer, bytes.byteOffset).getUint16(at, true);

describe('writeZip', () => {
  it('writes deflated and stored entries in order, with UTF-8 names and checksums, that read back', () => {
    const entries = [
      { path: 'project.qde', data: encode('<?xml version="1.0"?>\n<Project/>\n'.repeat(50)) },
      { path: 'sources/æøå 👋.txt', data: encode('Åse kom 🚲 i går') },
      { path: 'attachments/x', data: new Uint8Array([0, 1, 2, 250, 255]), level: 0 as const },
      { path: 'empty.txt', data: new Uint8Array(0) },
    ];
    const zip = writeZip(entries, new Date(2026, 4, 1, 10, 30, 20));
    const files = readZip(zip, DEFAULT_BUNDLE_LIMITS);
    expect([...files.keys()]).toEqual(entries.map((entry) => entry.path));
    for (const entry of entries) expect(Buffer.from(files.get(entry.path)!).equals(Buffer.from(entry.data))).toBe(true);
    expect(Object.keys(unzipSync(zip))).toEqual(entries.map((entry) => entry.path));
    // Local headers: UTF-8 flag, method, the CRC-32 of the data, DOS time; the first entry is really deflated.
    expect(u32(zip, 0)).toBe(0x04034b50);
    expect(u16(zip, 6) & 0x0800).toBe(0x0800);
    expect(u16(zip, 8)).toBe(8);
    expect(u32(zip, 14)).toBe(crc32(entries[0]!.data));
    expect(u16(zip, 10)).toBe((10 << 11) | (30 << 5) | 10);
    const body = zip.subarray(30 + u16(zip, 26), 30 + u16(zip, 26) + u32(zip, 18));
    expect(body.length).toBeLessThan(entries[0]!.data.length);
    expect(Buffer.from(inflateRawSync(body)).equals(Buffer.from(entries[0]!.data))).toBe(true);
    expect(() => writeZip([entries[0]!, entries[0]!])).toThrow(/Duplicate/);
    // An entry whose deflate stream is cut short is refused in words (its sizes in the headers still claim more).
    const cut = Buffer.from(zip);
    const compressedSize = u32(zip, 18);
    const start = 30 + u16(zip, 26);
    const truncated = Buffer.concat([cut.subarray(0, start + Math.floor(compressedSize / 2)), Buffer.alloc(compressedSize - Math.floor(compressedSize / 2), 0xff), cut.subarray(start + compressedSize)]);
    expect(() => readZip(truncated, DEFAULT_BUNDLE_LIMITS)).toThrow(/project\.qde” is (cut short|damaged)/);
  });

  it('writes the ZIP64 end records when there are more than 65,535 entries (a .qdpx of a large inquiry)', () => {
    const entries = Array.from({ length: 70_000 }, (_, index) => ({ path: `sources/${index}.txt`, data: encode(`tekst ${index}`), level: 0 as const }));
    const zip = writeZip(entries);
    const end = zip.length - 22;
    expect(u32(zip, end)).toBe(0x06054b50);
    expect(u16(zip, end + 10)).toBe(0xffff);
    expect(u32(zip, end - 20)).toBe(0x07064b50);
    const record = Number(new DataView(zip.buffer, zip.byteOffset).getBigUint64(end - 20 + 8, true));
    expect(u32(zip, record)).toBe(0x06064b50);
    expect(Number(new DataView(zip.buffer, zip.byteOffset).getBigUint64(record + 32, true))).toBe(70_000);
    const files = unzipSync(zip);
    expect(Object.keys(files)).toHaveLength(70_000);
    expect(new TextDecoder().decode(files['sources/69999.txt'])).toBe('tekst 69999');
  });
});

describe('XmlWriter', () => {
  it('writes a document of many megabytes in UTF-8 pieces that join exactly as one text would', () => {
    const xml = new XmlWriter();
    const expected = ['<?xml version="1.0" encoding="UTF-8"?>', '<Project a="1">'];
    xml.open('Project', { a: 1 });
    for (let index = 0; index < 40_000; index++) {
      const value = `Åse & Bo <${index}> 👋 ${'ø'.repeat(index % 90)}`;
      xml.text('Note', value, { guid: `g${index}`, name: 'a"b\n' });
      expected.push(`  <Note guid="g${index}" name="a&quot;b&#10;">${value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</Note>`);
    }
    xml.close('Project');
    expected.push('</Project>');
    const bytes = xml.toBytes();
    expect(bytes.length).toBeGreaterThan(3 * 1024 * 1024);
    expect(bytes.toString('utf8')).toBe(`${expected.join('\n')}\n`);
    expect(xml.toString()).toBe(bytes.toString('utf8'));
    expect(() => new XmlWriter().open('A').toBytes()).toThrow(/Unbalanced/);
  });
});
