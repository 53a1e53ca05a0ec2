import { constants as zlibConstants, crc32, deflateRawSync, inflateRawSync } from 'node:zlib';

/**
 * Zip archives for .qdpx and .withness files, on Node's zlib (native deflate and inflate).
 * Writing is plain. Reading is deliberately careful, because bundles come from other people:
 * the central directory is parsed here so every entry is known and checked (path, declared size,
 * method) before any byte is inflated, and each entry is inflated with zlib's maxOutputLength so an entry
 * that inflates to more than its limit — whatever it declared — is stopped as soon as it crosses it.
 */

/** A zip that cannot be read safely; the message is for people. */
export class ZipError extends Error {}

export interface ZipEntryInput {
  path: string;
  data: Uint8Array;
  /** 0 stores the entry as is (already compressed data such as images); default 6. */
  level?: 0 | 6 | 9;
}

export interface ZipLimits {
  /** At most this many entries. */
  maxEntries: number;
  /** At most this many bytes in one entry once inflated. */
  maxEntryBytes: number;
  /** At most this many bytes in all entries together once inflated. */
  maxTotalBytes: number;
}

/**
 * Writes entries in the given order, deflated with Node's zlib (native, several times faster than deflate in
 * JavaScript on a large export). Names are UTF-8 (flag bit 11). With more than 65,535 entries (a .qdpx of a
 * large inquiry has a text file per source) the archive ends with the ZIP64 end records that carry the real
 * count, as the format requires. The entries are all at hand here; a large export adds them one at a time to ZipWriter
 * (which this is a shorthand for), keeping only compressed entries.
 */
export function writeZip(entries: ZipEntryInput[], mtime: Date = new Date()): Uint8Array {
  const writer = new ZipWriter(mtime);
  for (const entry of entries) writer.add(entry);
  return writer.finish();
}

/** Uncompressed bytes per deflate block of an entry (see ZipWriter.begin); an entry up to this size is one block. */
export const DEFLATE_BLOCK = 1024 * 1024;

/** One entry being written: its bytes in order, then end(). */
export interface ZipEntrySink {
  write(data: Uint8Array): void;
  end(): void;
}

interface WrittenEntry {
  name: Uint8Array;
  stored: boolean;
  crc: number;
  size: number;
  body: Uint8Array;
}

/**
 * A zip written one entry at a time (issue 14: bounded memory): each entry is deflated when it is added and only its
 * compressed bytes are kept, so a caller can make an entry, add it and let it go — the whole-inquiry export never holds
 * every source's text at once. `add(entry, { first: true })` puts an entry before all others (a bundle's manifest,
 * which lists the checksums of the entries after it). finish() lays the archive out.
 */
export class ZipWriter {
  private readonly encoder = new TextEncoder();
  private readonly seen = new Set<string>();
  private readonly entries: WrittenEntry[] = [];
  private readonly leading: WrittenEntry[] = [];
  private finished = false;
  private open: string | undefined;

  constructor(private readonly mtime: Date = new Date()) {}

  add(entry: ZipEntryInput, options: { first?: boolean } = {}): void {
    const sink = this.begin(entry.path, { level: entry.level, first: options.first });
    sink.write(entry.data);
    sink.end();
  }

  /**
   * An entry written in pieces (issue 14: a bundle's table as it is read, never its whole text at once). The data is
   * deflated in blocks of DEFLATE_BLOCK bytes as they fill, each its own raw deflate stream ended by a full flush
   * (byte-aligned, no back-references across blocks), so the blocks simply follow each other, as pigz does. The block
   * boundaries depend only on the bytes, not on how they were split into pieces: add() gives the same archive.
   */
  begin(path: string, options: { level?: 0 | 6 | 9; first?: boolean } = {}): ZipEntrySink {
    if (this.finished) throw new Error('This zip is already finished.');
    if (this.seen.has(path)) throw new Error(`Duplicate zip entry ${path}`);
    if (this.open) throw new Error(`The zip entry ${this.open} is not ended yet.`);
    this.seen.add(path);
    this.open = path;
    const level = options.level ?? 6;
    const stored = level === 0;
    const bodies: Uint8Array[] = [];
    let pending: Uint8Array[] = [];
    let pendingBytes = 0;
    let crc = 0;
    let size = 0;
    let ended = false;
    const deflateBlock = (block: Uint8Array, last: boolean) => {
      if (stored) bodies.push(block);
      else bodies.push(deflateRawSync(block, last ? { level } : { level, finishFlush: zlibConstants.Z_FULL_FLUSH }));
    };
    return {
      write: (data: Uint8Array) => {
        if (ended) throw new Error(`The zip entry ${path} is already ended.`);
        if (data.length === 0) return;
        crc = crc32(data, crc);
        size += data.length;
        if (size > 0xfffffffe) throw new Error('A zip archive over 4 GB is not supported.');
        pending.push(data);
        pendingBytes += data.length;
        if (pendingBytes < DEFLATE_BLOCK) return;
        let joined: Uint8Array = pending.length === 1 ? pending[0]! : Buffer.concat(pending);
        let at = 0;
        for (; joined.length - at >= DEFLATE_BLOCK; at += DEFLATE_BLOCK) deflateBlock(joined.subarray(at, at + DEFLATE_BLOCK), false);
        joined = joined.subarray(at);
        // A copy, so the caller's (possibly much larger) buffer is not kept alive by its tail.
        pending = joined.length > 0 ? [Uint8Array.prototype.slice.call(joined)] : [];
        pendingBytes = joined.length;
      },
      end: () => {
        if (ended) throw new Error(`The zip entry ${path} is already ended.`);
        ended = true;
        this.open = undefined;
        deflateBlock(pending.length === 1 ? pending[0]! : Buffer.concat(pending), true);
        pending = [];
        const body = bodies.length === 1 ? bodies[0]! : Buffer.concat(bodies);
        if (body.length > 0xfffffffe) throw new Error('A zip archive over 4 GB is not supported.');
        const written: WrittenEntry = { name: this.encoder.encode(path), stored, crc, size, body };
        if (options.first) this.leading.push(written);
        else this.entries.push(written);
      },
    };
  }

  /** The archive's bytes; the writer lets go of its entries. */
  finish(): Uint8Array {
    if (this.finished) throw new Error('This zip is already finished.');
    if (this.open) throw new Error(`The zip entry ${this.open} is not ended yet.`);
    this.finished = true;
    const { time, date } = dosDateTime(this.mtime);
    const entries = [...this.leading, ...this.entries];
    this.leading.length = 0;
    this.entries.length = 0;
    const parts: Uint8Array[] = [];
    const central: Uint8Array[] = [];
    let offset = 0;
    for (const entry of entries) {
      const { name, stored, crc, size, body } = entry;
      if (offset > 0xfffffffe) throw new Error('A zip archive over 4 GB is not supported.');
      const local = new Uint8Array(30 + name.length);
      const view = new DataView(local.buffer);
      view.setUint32(0, LOCAL_HEADER, true);
      view.setUint16(4, 20, true);
      view.setUint16(6, 0x0800, true);
      view.setUint16(8, stored ? 0 : 8, true);
      view.setUint16(10, time, true);
      view.setUint16(12, date, true);
      view.setUint32(14, crc, true);
      view.setUint32(18, body.length, true);
      view.setUint32(22, size, true);
      view.setUint16(26, name.length, true);
      view.setUint16(28, 0, true);
      local.set(name, 30);

      const header = new Uint8Array(46 + name.length);
      const cd = new DataView(header.buffer);
      cd.setUint32(0, CENTRAL_HEADER, true);
      cd.setUint16(4, 20, true);
      cd.setUint16(6, 20, true);
      cd.setUint16(8, 0x0800, true);
      cd.setUint16(10, stored ? 0 : 8, true);
      cd.setUint16(12, time, true);
      cd.setUint16(14, date, true);
      cd.setUint32(16, crc, true);
      cd.setUint32(20, body.length, true);
      cd.setUint32(24, size, true);
      cd.setUint16(28, name.length, true);
      cd.setUint32(42, offset, true);
      header.set(name, 46);
      central.push(header);

      parts.push(local, body);
      offset += local.length + body.length;
    }
    const centralOffset = offset;
    const centralSize = central.reduce((sum, header) => sum + header.length, 0);
    parts.push(...central);
    const count = entries.length;
    const zip64 = count > 0xffff;
    if (zip64) {
      const record = new Uint8Array(56 + 20);
      const view = new DataView(record.buffer);
      view.setUint32(0, ZIP64_END_OF_CENTRAL_DIRECTORY, true);
      view.setBigUint64(4, 44n, true);
      view.setUint16(12, 45, true);
      view.setUint16(14, 45, true);
      view.setBigUint64(24, BigInt(count), true);
      view.setBigUint64(32, BigInt(count), true);
      view.setBigUint64(40, BigInt(centralSize), true);
      view.setBigUint64(48, BigInt(centralOffset), true);
      // The locator: where the record above starts.
      view.setUint32(56, ZIP64_LOCATOR, true);
      view.setBigUint64(64, BigInt(centralOffset + centralSize), true);
      view.setUint32(72, 1, true);
      parts.push(record);
    }
    const end = new Uint8Array(22);
    const view = new DataView(end.buffer);
    view.setUint32(0, END_OF_CENTRAL_DIRECTORY, true);
    view.setUint16(8, zip64 ? 0xffff : count, true);
    view.setUint16(10, zip64 ? 0xffff : count, true);
    view.setUint32(12, centralSize, true);
    view.setUint32(16, centralOffset, true);
    parts.push(end);
    return Buffer.concat(parts);
  }
}

/** MS-DOS date and time fields (local time, two-second steps), as zip tools expect. */
function dosDateTime(when: Date): { time: number; date: number } {
  const year = Math.min(Math.max(when.getFullYear(), 1980), 2107);
  return {
    time: (when.getHours() << 11) | (when.getMinutes() << 5) | (when.getSeconds() >> 1),
    date: ((year - 1980) << 9) | ((when.getMonth() + 1) << 5) | when.getDate(),
  };
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const ZIP64_END_OF_CENTRAL_DIRECTORY = 0x06064b50;
const ZIP64_LOCATOR = 0x07064b50;

/** True when the bytes start like a zip archive (a local file header, or an empty archive). */
export function looksLikeZip(bytes: Uint8Array): boolean {
  if (bytes.length < 22) return false;
  const signature = readU32(bytes, 0);
  return signature === LOCAL_HEADER || signature === END_OF_CENTRAL_DIRECTORY;
}

/**
 * Why an entry name is unsafe, or undefined when it is a plain relative path such as `tables/cycles.json`:
 * no `..` or `.` segments, no absolute paths or drive letters, no backslashes, no empty segments, no
 * control characters.
 */
export function unsafePathReason(name: string): string | undefined {
  if (name.length === 0) return 'it has no name';
  if (name.includes('\\')) return 'it contains a backslash';
  if (name.startsWith('/')) return 'it is an absolute path';
  if (/^[A-Za-z]:/.test(name)) return 'it starts with a drive letter';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'it contains control characters';
  const segments = name.split('/');
  if (segments.some((segment) => segment === '..')) return 'it climbs out of the archive (“..”)';
  if (segments.some((segment, index) => segment === '.' || (segment === '' && index < segments.length - 1))) return 'it has empty or “.” segments';
  if (name.length > 300) return 'its name is too long';
  return undefined;
}

interface CentralEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

/**
 * Reads every file entry of a zip (directories are skipped) within the limits, or throws a ZipError
 * that says what is wrong. Nothing is returned unless every entry passed.
 */
export function readZip(bytes: Uint8Array, limits: ZipLimits): Map<string, Uint8Array> {
  if (!looksLikeZip(bytes)) throw new ZipError('This file is not a zip archive, so it cannot be a Withness bundle.');
  const central = readCentralDirectory(bytes, limits);
  const files = new Map<string, Uint8Array>();
  let total = 0;
  for (const entry of central) {
    if (entry.name.endsWith('/')) continue;
    const data = inflateEntry(bytes, entry, limits, limits.maxTotalBytes - total);
    total += data.length;
    files.set(entry.name, data);
  }
  return files;
}

/** A zip whose entries are inflated one at a time, when asked for (see openZip). */
export interface ZipReader {
  /** The file entries (not directories), in the archive's order. */
  readonly names: readonly string[];
  has(name: string): boolean;
  /** The entry's bytes, inflated now (each call inflates again; nothing is kept). */
  read(name: string): Uint8Array;
}

/**
 * Checks a zip's table of contents as readZip does, but inflates no entry until it is read (issue 14: a bundle import
 * holds one table's bytes at a time, not the whole unpacked archive). Every entry must unpack to exactly its declared
 * size, and the declared sizes together are within the limits, so no sequence of reads can unpack more than they allow.
 */
export function openZip(bytes: Uint8Array, limits: ZipLimits): ZipReader {
  if (!looksLikeZip(bytes)) throw new ZipError('This file is not a zip archive, so it cannot be a Withness bundle.');
  const central = readCentralDirectory(bytes, limits).filter((entry) => !entry.name.endsWith('/'));
  const byName = new Map(central.map((entry) => [entry.name, entry]));
  const declaredTotal = central.reduce((sum, entry) => sum + entry.size, 0);
  return {
    names: central.map((entry) => entry.name),
    has: (name) => byName.has(name),
    read: (name) => {
      const entry = byName.get(name);
      if (!entry) throw new ZipError(`The archive has no entry “${printable(name)}”.`);
      return inflateEntry(bytes, entry, limits, limits.maxTotalBytes - (declaredTotal - entry.size));
    },
  };
}

function readCentralDirectory(bytes: Uint8Array, limits: ZipLimits): CentralEntry[] {
  const end = findEndOfCentralDirectory(bytes);
  let count = readU16(bytes, end + 10);
  let size = readU32(bytes, end + 12);
  let offset = readU32(bytes, end + 16);
  // Where the table of contents ends: the end record, or the ZIP64 end record before it.
  let tocEnd = end;
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
    // ZIP64 (our own .qdpx of a large inquiry has more than 65,535 entries): the real figures are in the ZIP64
    // end record, which the locator right before the end record points at. The same limits apply to them.
    const zip64 = readZip64End(bytes, end);
    if (zip64) {
      ({ count, size, offset } = zip64);
      tocEnd = zip64.record;
    } else if (size === 0xffffffff || offset === 0xffffffff) {
      throw new ZipError('This archive is damaged (its table of contents cannot be read).');
    }
    // Without ZIP64 records, 0xffff is a plain count of 65,535 entries (ZipWriter writes ZIP64 only above it).
  }
  if (count > limits.maxEntries) throw new ZipError(`This archive has ${count} entries; a bundle may have at most ${limits.maxEntries}.`);
  if (offset + size > tocEnd) throw new ZipError('This archive is damaged (its table of contents points outside the file).');

  const entries: CentralEntry[] = [];
  const names = new Set<string>();
  let declaredTotal = 0;
  let at = offset;
  for (let index = 0; index < count; index += 1) {
    if (at + 46 > tocEnd || readU32(bytes, at) !== CENTRAL_HEADER) throw new ZipError('This archive is damaged (its table of contents cannot be read).');
    const flags = readU16(bytes, at + 8);
    const method = readU16(bytes, at + 10);
    const compressed32 = readU32(bytes, at + 20);
    const size32 = readU32(bytes, at + 24);
    const nameLength = readU16(bytes, at + 28);
    const extraLength = readU16(bytes, at + 30);
    const commentLength = readU16(bytes, at + 32);
    const offset32 = readU32(bytes, at + 42);
    const rawName = bytes.subarray(at + 46, at + 46 + nameLength);
    const extra = bytes.subarray(at + 46 + nameLength, Math.min(tocEnd, at + 46 + nameLength + extraLength));
    at += 46 + nameLength + extraLength + commentLength;
    if (at > tocEnd) throw new ZipError('This archive is damaged (its table of contents cannot be read).');
    let entrySize = size32;
    let compressedSize = compressed32;
    let localOffset = offset32;
    if (entrySize === 0xffffffff || compressedSize === 0xffffffff || localOffset === 0xffffffff) {
      ({ entrySize, compressedSize, localOffset } = zip64Sizes(extra, { entrySize, compressedSize, localOffset }));
    }

    let name: string;
    try {
      name = new TextDecoder('utf-8', { fatal: true }).decode(rawName);
    } catch {
      throw new ZipError('This archive has an entry whose name is not valid text.');
    }
    const unsafe = unsafePathReason(name);
    if (unsafe) throw new ZipError(`This archive has an entry with an unsafe path (“${printable(name)}”): ${unsafe}. Nothing was imported.`);
    if (names.has(name)) throw new ZipError(`This archive has the entry “${printable(name)}” twice.`);
    names.add(name);
    if (flags & 0x1) throw new ZipError(`The entry “${printable(name)}” is encrypted; bundles are never encrypted.`);
    if (method !== 0 && method !== 8) throw new ZipError(`The entry “${printable(name)}” uses an unsupported compression method (${method}).`);
    if (entrySize > limits.maxEntryBytes) throw new ZipError(tooLargeEntry(name, limits));
    declaredTotal += entrySize;
    if (declaredTotal > limits.maxTotalBytes) throw new ZipError(tooLargeTotal(limits));
    entries.push({ name, method, flags, compressedSize, size: entrySize, localOffset });
  }
  return entries;
}

/** The ZIP64 end record's entry count, table size and offset, and where the record starts; undefined without a locator. */
function readZip64End(bytes: Uint8Array, end: number): { count: number; size: number; offset: number; record: number } | undefined {
  const damaged = () => new ZipError('This archive is damaged (its table of contents cannot be read).');
  const locator = end - 20;
  if (locator < 0 || readU32(bytes, locator) !== ZIP64_LOCATOR) return undefined;
  const record = readU64(bytes, locator + 8);
  // One disk only, and the record wholly before the locator.
  if (readU32(bytes, locator + 4) !== 0 || readU32(bytes, locator + 16) > 1) throw damaged();
  if (record === undefined || record + 56 > locator || readU32(bytes, record) !== ZIP64_END_OF_CENTRAL_DIRECTORY) throw damaged();
  const count = readU64(bytes, record + 32);
  const size = readU64(bytes, record + 40);
  const offset = readU64(bytes, record + 48);
  if (count === undefined || size === undefined || offset === undefined || readU64(bytes, record + 24) !== count) throw damaged();
  return { count, size, offset, record };
}

/**
 * An entry's real sizes and offset from its ZIP64 extra field (id 1), which holds, in this order, only the ones
 * whose 32-bit field is 0xffffffff.
 */
function zip64Sizes(
  extra: Uint8Array,
  fields: { entrySize: number; compressedSize: number; localOffset: number },
): { entrySize: number; compressedSize: number; localOffset: number } {
  const damaged = () => new ZipError('This archive is damaged (its table of contents cannot be read).');
  for (let at = 0; at + 4 <= extra.length; ) {
    const id = readU16(extra, at);
    const length = readU16(extra, at + 2);
    const body = at + 4;
    if (body + length > extra.length) throw damaged();
    if (id === 0x0001) {
      const out = { ...fields };
      let read = body;
      const next = () => {
        const value = read + 8 <= body + length ? readU64(extra, read) : undefined;
        if (value === undefined) throw damaged();
        read += 8;
        return value;
      };
      if (fields.entrySize === 0xffffffff) out.entrySize = next();
      if (fields.compressedSize === 0xffffffff) out.compressedSize = next();
      if (fields.localOffset === 0xffffffff) out.localOffset = next();
      return out;
    }
    at = body + length;
  }
  throw damaged();
}

function findEndOfCentralDirectory(bytes: Uint8Array): number {
  const lowest = Math.max(0, bytes.length - 22 - 0xffff);
  for (let at = bytes.length - 22; at >= lowest; at -= 1) {
    if (readU32(bytes, at) === END_OF_CENTRAL_DIRECTORY) return at;
  }
  throw new ZipError('This file is not a complete zip archive (its table of contents is missing); it may be damaged or cut short.');
}

function inflateEntry(bytes: Uint8Array, entry: CentralEntry, limits: ZipLimits, totalLeft: number): Uint8Array {
  const at = entry.localOffset;
  if (at + 30 > bytes.length || readU32(bytes, at) !== LOCAL_HEADER) throw new ZipError(`The entry “${printable(entry.name)}” is damaged.`);
  const start = at + 30 + readU16(bytes, at + 26) + readU16(bytes, at + 28);
  if (start + entry.compressedSize > bytes.length) throw new ZipError(`The entry “${printable(entry.name)}” is cut short.`);
  const compressed = bytes.subarray(start, start + entry.compressedSize);
  const cap = Math.min(limits.maxEntryBytes, totalLeft);
  const capMessage = () => (cap === limits.maxEntryBytes ? tooLargeEntry(entry.name, limits) : tooLargeTotal(limits));

  if (entry.method === 0) {
    if (compressed.length > cap) throw new ZipError(capMessage());
    if (compressed.length !== entry.size) throw new ZipError(`The entry “${printable(entry.name)}” is damaged (its size does not match).`);
    return compressed.slice();
  }

  // Node's zlib inflates natively and stops as soon as the output would cross the cap (maxOutputLength),
  // whatever the entry declared.
  let out: Buffer;
  try {
    out = inflateRawSync(compressed, { maxOutputLength: Math.max(1, cap) });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') throw new ZipError(capMessage());
    if (code === 'Z_BUF_ERROR') throw new ZipError(`The entry “${printable(entry.name)}” is cut short.`);
    throw new ZipError(`The entry “${printable(entry.name)}” is damaged and cannot be unpacked.`);
  }
  if (out.length > cap) throw new ZipError(capMessage());
  if (out.length !== entry.size) throw new ZipError(`The entry “${printable(entry.name)}” is damaged (it unpacks to a different size than it declares).`);
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
}

function tooLargeEntry(name: string, limits: ZipLimits): string {
  return `The entry “${printable(name)}” is larger than ${formatBytes(limits.maxEntryBytes)} once unpacked, which is more than a bundle may hold in one file. Nothing was imported.`;
}

function tooLargeTotal(limits: ZipLimits): string {
  return `This archive unpacks to more than ${formatBytes(limits.maxTotalBytes)}, which is more than a bundle may hold. Nothing was imported.`;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 * 1024) return `${Math.round((bytes / (1024 * 1024 * 1024)) * 10) / 10} GB`;
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

function printable(name: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = name.replace(/[\u0000-\u001f\u007f]/g, '?');
  return clean.length > 80 ? `${clean.slice(0, 79)}…` : clean;
}

function readU16(bytes: Uint8Array, at: number): number {
  return (bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8);
}

/** A 64-bit field, or undefined when it is past what a number holds exactly (no real archive comes near). */
function readU64(bytes: Uint8Array, at: number): number | undefined {
  const high = readU32(bytes, at + 4);
  if (high >= 0x200000) return undefined;
  return high * 0x100000000 + readU32(bytes, at);
}

function readU32(bytes: Uint8Array, at: number): number {
  return ((bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8) | ((bytes[at + 2] ?? 0) << 16)) + (bytes[at + 3] ?? 0) * 0x1000000;
}
