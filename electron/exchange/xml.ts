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

export class XmlWriter {
  private readonly lines: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  private depth = 0;

  open(name: string, attributes: XmlAttributes = {}): this {
    this.lines.push(`${this.indent()}<${name}${formatAttributes(attributes)}>`);
    this.depth += 1;
    return this;
  }

  close(name: string): this {
    this.depth -= 1;
    this.lines.push(`${this.indent()}</${name}>`);
    return this;
  }

  empty(name: string, attributes: XmlAttributes = {}): this {
    this.lines.push(`${this.indent()}<${name}${formatAttributes(attributes)}/>`);
    return this;
  }

  text(name: string, value: string, attributes: XmlAttributes = {}): this {
    this.lines.push(`${this.indent()}<${name}${formatAttributes(attributes)}>${escapeText(value)}</${name}>`);
    return this;
  }

  /** The document: UTF-8 text with LF line endings (the caller encodes it without a byte order mark). */
  toString(): string {
    if (this.depth !== 0) throw new Error('Unbalanced XML elements.');
    return `${this.lines.join('\n')}\n`;
  }

  private indent(): string {
    return '  '.repeat(this.depth);
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
