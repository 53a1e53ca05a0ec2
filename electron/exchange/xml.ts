/** A small, strict XML writer for project.qde: every attribute and text is escaped, nothing else is possible. */

export type XmlAttributes = Record<string, string | number | boolean | null | undefined>;

// XML 1.0 allows tab, LF, CR and everything from U+0020 except surrogates, U+FFFE and U+FFFF.
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Replaces characters XML cannot carry by U+FFFD (one code point for one, so offsets still count right). */
export function xmlSafe(value: string): string {
  return value.replace(NOT_XML, '\ufffd');
}

export function escapeText(value: string): string {
  return xmlSafe(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

export function escapeAttribute(value: string): string {
  return escapeText(value).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}

/** Text is encoded to UTF-8 about every megabyte, so a very large document never becomes one huge string. */
const FLUSH_CHARS = 1 << 20;

export class XmlWriter {
  private pending: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  private pendingChars = 0;
  private readonly chunks: Buffer[] = [];
  private flushed = false;
  private depth = 0;
  private indents: string[] = [''];

  /**
   * With a sink, each UTF-8 piece is handed to it as it is made and not kept (issue 14.4: the large inquiry's
   * project.qde is 190 MB, deflated into the archive as it is written); end() then finishes the document.
   */
  constructor(private readonly sink?: (piece: Uint8Array) => void) {}

  /** Finishes a document written to a sink: the rest of it and the final line end. */
  end(): void {
    if (!this.sink) throw new Error('This XML writer has no sink; use toBytes().');
    if (this.depth !== 0) throw new Error('Unbalanced XML elements.');
    this.flush();
    this.sink(Buffer.from('\n', 'utf8'));
  }

  open(name: string, attributes: XmlAttributes = {}): this {
    this.line(`${this.indent()}<${name}${formatAttributes(attributes)}>`);
    this.depth += 1;
    return this;
  }

  close(name: string): this {
    this.depth -= 1;
    this.line(`${this.indent()}</${name}>`);
    return this;
  }

  empty(name: string, attributes: XmlAttributes = {}): this {
    this.line(`${this.indent()}<${name}${formatAttributes(attributes)}/>`);
    return this;
  }

  text(name: string, value: string, attributes: XmlAttributes = {}): this {
    this.line(`${this.indent()}<${name}${formatAttributes(attributes)}>${escapeText(value)}</${name}>`);
    return this;
  }

  /** The document as UTF-8 bytes without a byte order mark, LF line endings. */
  toBytes(): Buffer {
    if (this.sink) throw new Error('This XML writer wrote to its sink; use end().');
    if (this.depth !== 0) throw new Error('Unbalanced XML elements.');
    this.flush();
    return Buffer.concat([...this.chunks, Buffer.from('\n', 'utf8')]);
  }

  /** The document: UTF-8 text with LF line endings (the caller encodes it without a byte order mark). */
  toString(): string {
    return this.toBytes().toString('utf8');
  }

  private line(text: string): void {
    this.pending.push(text);
    this.pendingChars += text.length;
    if (this.pendingChars >= FLUSH_CHARS) this.flush();
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    // Lines are joined by LF; a flushed chunk ends where the next one continues with its LF.
    const piece = Buffer.from((this.flushed ? '\n' : '') + this.pending.join('\n'), 'utf8');
    this.flushed = true;
    if (this.sink) this.sink(piece);
    else this.chunks.push(piece);
    this.pending = [];
    this.pendingChars = 0;
  }

  private indent(): string {
    return (this.indents[this.depth] ??= '  '.repeat(this.depth));
  }
}

function formatAttributes(attributes: XmlAttributes): string {
  let out = '';
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null) continue;
    out += ` ${key}="${escapeAttribute(String(value))}"`;
  }
  return out;
}
