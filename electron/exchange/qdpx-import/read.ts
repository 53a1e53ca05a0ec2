import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SaxesParser } from 'saxes';
import { ApiError } from '../../api/result.js';
import { formatBytes, looksLikeZip, openZip, ZipError, type ZipLimits, type ZipReader } from '../zip.js';

/**
 * Reading a .qdpx from another tool safely, before anything is planned or written: the archive within limits
 * (no path that climbs out, no entry that inflates without bound), project.qde free of any document type
 * declaration (so no entity, internal or external, is ever expanded: XXE and "billion laughs" are refused, not
 * defused), valid against REFI-QDA's Project.xsd, then parsed into a small element tree.
 */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own text (character data directly inside it). */
  text: string;
}

export interface QdpxArchive {
  project: XmlElement;
  /** Every other file of the archive, by its path in lower case (sources/…), inflated when asked for. */
  files: { get(path: string): Uint8Array | undefined };
}

export interface QdpxLimits extends ZipLimits {
  maxFileBytes: number;
}

export const DEFAULT_QDPX_LIMITS: QdpxLimits = {
  maxFileBytes: 512 * 1024 * 1024,
  maxEntries: 200_000,
  maxEntryBytes: 256 * 1024 * 1024,
  maxTotalBytes: 1024 * 1024 * 1024,
};

const NAMESPACE = 'urn:QDA-XML:project:1.0';

export function refusedQdpx(message: string): ApiError {
  return new ApiError('invalid_input', message);
}

export async function readQdpx(bytes: Uint8Array, limits: QdpxLimits = DEFAULT_QDPX_LIMITS): Promise<QdpxArchive> {
  if (bytes.length > limits.maxFileBytes) throw refusedQdpx(`This .qdpx file is larger than ${formatBytes(limits.maxFileBytes)}, more than Withness imports at once.`);
  if (!looksLikeZip(bytes)) throw refusedQdpx('This file is not a .qdpx project: a .qdpx is a zip archive, and this is not one.');
  const zipped = (read: () => Uint8Array | undefined) => {
    try {
      return read();
    } catch (error) {
      if (error instanceof ZipError) throw refusedQdpx(error.message.replace(/Withness bundles?|a bundle/g, 'a .qdpx project'));
      throw error;
    }
  };
  // Every entry is inflated once here, within the limits, and let go (a damaged entry or a bomb anywhere refuses the
  // file, as when all were kept); the sources are inflated again one at a time as the plan reads them (issue 14.4).
  let zip: ZipReader | undefined;
  zipped(() => {
    zip = openZip(bytes, limits);
    for (const name of zip.names) zip.read(name);
    return undefined;
  });
  const reader = zip!;
  // Tools differ in the case of their paths (sources/ vs Sources/, GUIDs upper or lower): look up by lower case.
  const byLowerName = new Map<string, string>();
  for (const name of reader.names) if (!byLowerName.has(name.toLowerCase())) byLowerName.set(name.toLowerCase(), name);
  const qdeName = byLowerName.get('project.qde');
  if (!qdeName) throw refusedQdpx('This zip is not a .qdpx project: it has no project.qde.');
  const qde = decodeUtf8(zipped(() => reader.read(qdeName))!);
  byLowerName.delete('project.qde');
  refuseDeclarations(qde);
  await validateAgainstSchema(qde);
  const files = {
    get(path: string): Uint8Array | undefined {
      const name = byLowerName.get(path);
      return name === undefined ? undefined : zipped(() => reader.read(name));
    },
  };
  return { project: parseQde(qde), files };
}

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw refusedQdpx('project.qde is not UTF-8 text, as REFI-QDA requires.');
  }
}

/** A DTD is how entity attacks are written; REFI-QDA never needs one. */
function refuseDeclarations(qde: string): void {
  if (/<!DOCTYPE|<!ENTITY/i.test(qde)) {
    throw refusedQdpx('project.qde declares a document type or entities, which a REFI-QDA project never needs; Withness does not read such files.');
  }
}

let schemaText: string | undefined;
function projectSchema(): string {
  // Beside this module in the source tree, and copied beside the bundle by scripts/build-electron.mjs.
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, '..', 'schema', 'Project.xsd'), join(here, 'schema', 'Project.xsd')];
  for (const candidate of candidates) {
    try {
      return (schemaText ??= readFileSync(candidate, 'utf8'));
    } catch {
      // try the next place
    }
  }
  throw new Error('The REFI-QDA schema (Project.xsd) is missing from this installation of Withness.');
}

async function validateAgainstSchema(qde: string): Promise<void> {
  const { validateXML } = await import('xmllint-wasm');
  const size = Buffer.byteLength(qde);
  // libxml2 in WebAssembly needs memory in proportion to the document; 64 KiB pages.
  const pages = Math.min(65_536, Math.max(512, Math.ceil((size * 12) / 65_536)));
  const result = await validateXML({
    xml: { fileName: 'project.qde', contents: qde },
    schema: { fileName: 'Project.xsd', contents: projectSchema() },
    maxMemoryPages: pages,
  });
  if (!result.valid) {
    const first = result.errors.slice(0, 3).map((error) => error.message.replace(/^Schemas validity error : /, ''));
    throw refusedQdpx(`project.qde is not a valid REFI-QDA project (Project.xsd): ${first.join('; ')}`);
  }
}

/** Parses project.qde (already checked) into elements of the REFI-QDA namespace. */
export function parseQde(qde: string): XmlElement {
  const parser = new SaxesParser({ xmlns: true, position: false });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let failure: Error | undefined;
  parser.on('error', (error) => {
    failure ??= error;
  });
  parser.on('doctype', () => {
    failure ??= new Error('a document type declaration');
  });
  parser.on('opentag', (tag) => {
    const attributes: Record<string, string> = {};
    for (const attribute of Object.values(tag.attributes)) {
      if (typeof attribute === 'object' && !attribute.prefix && attribute.local !== 'xmlns') attributes[attribute.local] = attribute.value;
    }
    const element: XmlElement = { name: tag.uri === NAMESPACE ? tag.local : `{${tag.uri}}${tag.local}`, attributes, children: [], text: '' };
    stack[stack.length - 1]?.children.push(element);
    root ??= element;
    stack.push(element);
  });
  parser.on('text', (text) => {
    const current = stack[stack.length - 1];
    if (current) current.text += text;
  });
  parser.on('cdata', (text) => {
    const current = stack[stack.length - 1];
    if (current) current.text += text;
  });
  parser.on('closetag', () => void stack.pop());
  try {
    parser.write(qde).close();
  } catch (error) {
    failure ??= error as Error;
  }
  if (failure || !root) throw refusedQdpx(`project.qde cannot be read as XML: ${failure?.message ?? 'it is empty'}.`);
  if (root.name !== 'Project') throw refusedQdpx('project.qde is not a REFI-QDA project (its root is not a Project of urn:QDA-XML:project:1.0).');
  return root;
}

export function child(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((candidate) => candidate.name === name);
}

export function children(element: XmlElement | undefined, name: string): XmlElement[] {
  return element ? element.children.filter((candidate) => candidate.name === name) : [];
}
