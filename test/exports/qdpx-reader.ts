import { DOMParser, type Element } from '@xmldom/xmldom';
import { expect } from 'vitest';
import { text, unzipAll } from './exchange-helpers.js';

/**
 * A REFI-QDA reader for tests, written apart from the exporter and the importer: a general XML parser
 * (@xmldom/xmldom) over project.qde and the archive's sources/ files.
 */
export const NS = 'urn:QDA-XML:project:1.0';

export interface ReadProject {
  byGuid: Map<string, Element>;
  elements: (name: string) => Element[];
  textOf: (container: Element) => string;
}

export function readQdpx(bytes: Uint8Array): ReadProject {
  const files = unzipAll(bytes);
  const errors: string[] = [];
  const document = new DOMParser({ onError: (level, message) => void (level !== 'warning' && errors.push(message)) }).parseFromString(text(files['project.qde']), 'text/xml');
  expect(errors).toEqual([]);
  const elements = (name: string) => Array.from(document.getElementsByTagNameNS(NS, name));
  const byGuid = new Map<string, Element>();
  for (const element of Array.from(document.getElementsByTagNameNS(NS, '*'))) {
    const guid = element.getAttribute('guid');
    if (!guid) continue;
    expect(byGuid.has(guid), `GUID ${guid} is used twice`).toBe(false);
    byGuid.set(guid, element);
  }
  const textOf = (container: Element) => {
    const path = container.getAttribute('plainTextPath');
    if (path) return text(files[`sources/${path.replace(/^internal:\/\//, '')}`]);
    return elements('PlainTextContent').find((content) => content.parentNode === container)?.textContent ?? '';
  };
  return { byGuid, elements, textOf };
}

export const codePoints = (value: string, start: number, end: number) => Array.from(value).slice(start, end).join('');


/** What a project holds, without GUIDs: codes by path, sources and notes by name with their text and coded selections. */
export function contentOf(read: ReadProject) {
  const codePath = (guid: string): string => {
    const code = read.byGuid.get(guid)!;
    const parent = code.parentNode as Element;
    return parent.localName === 'Code' ? `${codePath(parent.getAttribute('guid')!)} / ${code.getAttribute('name')}` : code.getAttribute('name')!;
  };
  const codingsOf = (owner: Element) =>
    read
      .elements('Coding')
      .filter((coding) => coding.parentNode === owner)
      .map((coding) => codePath(read.elements('CodeRef').find((ref) => ref.parentNode === coding)!.getAttribute('targetGUID')!))
      .sort();
  const container = (element: Element) => {
    const body = read.textOf(element);
    const selections = read
      .elements('PlainTextSelection')
      .filter((selection) => selection.parentNode === element)
      .map((selection) => {
        const start = Number(selection.getAttribute('startPosition'));
        const end = Number(selection.getAttribute('endPosition'));
        return { start, end, text: codePoints(body, start, end), codes: codingsOf(selection) };
      })
      .filter((selection) => selection.codes.length > 0)
      .sort((a, b) => a.start - b.start || a.end - b.end);
    return { name: element.getAttribute('name'), text: body, codes: codingsOf(element), selections };
  };
  const byName = (a: { name: string | null; text: string }, b: { name: string | null; text: string }) => (a.name ?? '').localeCompare(b.name ?? '') || a.text.localeCompare(b.text);
  return {
    codes: read.elements('Code').map((code) => ({ path: codePath(code.getAttribute('guid')!), color: code.getAttribute('color') })).sort((a, b) => a.path.localeCompare(b.path)),
    sources: read.elements('TextSource').map(container).sort(byName),
    notes: read.elements('Note').map(container).sort(byName),
  };
}
