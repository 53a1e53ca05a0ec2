/**
 * A bundle table's rows from its JSON bytes, parsed element by element (issue 14: bounded memory). JSON.parse of a
 * whole table would first hold its text as one string beside the bytes (the large inquiry's field notes: 158 MB of
 * UTF-8, up to twice that as a string); here each row's bytes are decoded and parsed on their own. The scan only finds
 * where each top-level element ends (a comma or the closing bracket outside strings and nesting); JSON.parse of each
 * element then checks it fully, so this accepts exactly the arrays JSON.parse accepts.
 */

/** Why the bytes could not be read as rows: 'utf8' (not valid UTF-8), 'json' (not valid JSON), 'not-array'. */
export class JsonRowsError extends Error {
  constructor(readonly reason: 'utf8' | 'json' | 'not-array') {
    super(reason);
  }
}

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

const isSpace = (byte: number) => byte === SPACE || byte === TAB || byte === LF || byte === CR;

export function parseJsonRows(bytes: Uint8Array): unknown[] {
  return [...jsonRows(bytes)];
}

/**
 * The rows one at a time, each parsed when it is reached (an import writing a table holds one row, not the table); a
 * fault is thrown when the scan reaches it, so a caller that must not act on a bad array checks it first.
 */
export function* jsonRows(bytes: Uint8Array): Generator<unknown, void> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const decode = (part: Uint8Array) => {
    try {
      return decoder.decode(part);
    } catch {
      throw new JsonRowsError('utf8');
    }
  };
  const parse = (part: Uint8Array): unknown => {
    const text = decode(part);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new JsonRowsError('json');
    }
  };
  let at = 0;
  while (at < bytes.length && isSpace(bytes[at]!)) at += 1;
  if (bytes[at] !== OPEN_BRACKET) {
    // Not an array (or a byte-order mark before one): the whole text decides, as JSON.parse would.
    const decoded = decode(bytes);
    let value: unknown;
    try {
      value = JSON.parse(decoded.charCodeAt(0) === 0xfeff ? decoded.slice(1) : decoded) as unknown;
    } catch {
      throw new JsonRowsError('json');
    }
    if (!Array.isArray(value)) throw new JsonRowsError('not-array');
    yield* value;
    return;
  }
  at += 1;
  let start = at;
  while (at < bytes.length && isSpace(bytes[at]!)) at += 1;
  if (bytes[at] === CLOSE_BRACKET) {
    at += 1;
  } else {
    let depth = 0;
    let closed = false;
    for (; at < bytes.length; at += 1) {
      const byte = bytes[at]!;
      if (byte === QUOTE) {
        for (at += 1; at < bytes.length && bytes[at] !== QUOTE; at += 1) if (bytes[at] === BACKSLASH) at += 1;
        continue;
      }
      if (byte === OPEN_BRACE || byte === OPEN_BRACKET) depth += 1;
      else if (depth > 0 && (byte === CLOSE_BRACE || byte === CLOSE_BRACKET)) depth -= 1;
      else if (depth === 0 && (byte === COMMA || byte === CLOSE_BRACKET)) {
        yield parse(bytes.subarray(start, at));
        start = at + 1;
        if (byte === CLOSE_BRACKET) {
          closed = true;
          at += 1;
          break;
        }
      } else if (byte === CLOSE_BRACE) throw new JsonRowsError('json');
    }
    if (!closed) throw new JsonRowsError('json');
  }
  for (; at < bytes.length; at += 1) if (!isSpace(bytes[at]!)) throw new JsonRowsError('json');
}
