import { v5 as uuidv5 } from 'uuid';
import type { Db } from '../../db/connection.js';
import { createPseudonymiser, type Pseudonymiser } from '../exports/pseudonymise.js';
import { loadNameSources } from '../exports/snapshot.js';

/** Namespace for GUIDs derived from our ids (a passage's selection, a phase's set): stable across exports. */
const WITHNESS_NAMESPACE = '1b8f4c1e-6a55-4d5e-9a0c-5f2b7e3d9c41';

/** A GUID derived from one of our UUIDs and a purpose; the same inputs give the same GUID in every export. */
export function derivedGuid(id: string, purpose: string): string {
  return uuidv5(`${id}/${purpose}`, WITHNESS_NAMESPACE);
}

/**
 * The pseudonymiser for an export of this project. It knows every stakeholder of the project, those in
 * the trash included, so a name that was deleted from the directory is still replaced in old notes.
 */
export function pseudonymiserFor(db: Db, projectId: string, realNames: boolean): Pseudonymiser {
  return createPseudonymiser(loadNameSources(db, projectId), { realNames });
}

export function codePointLength(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

export function sliceCodePoints(text: string, start: number, end: number): string {
  return Array.from(text).slice(start, end).join('');
}

/** Code-point offset of the first occurrence of `passage` in `text`, or undefined. */
export function findCodePoints(text: string, passage: string): { start: number; end: number } | undefined {
  if (!passage) return undefined;
  const index = text.indexOf(passage);
  if (index < 0) return undefined;
  const start = codePointLength(text.slice(0, index));
  return { start, end: start + codePointLength(passage) };
}

/** A file name from a title: letters and digits kept (Danish letters too), the rest as single dashes. */
export function fileSlug(title: string): string {
  const slug = title
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/g, '')
    .toLocaleLowerCase('da');
  return slug || 'inquiry';
}

/** The date part of an ISO time, for file names. */
export function datePart(iso: string): string {
  return iso.slice(0, 10);
}

export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

export function shorten(text: string, max: number): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  const chars = Array.from(clean);
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : clean;
}

export const PHASE_NAMES: Record<string, string> = { plan: 'Plan', act: 'Act', observe: 'Observe', reflect: 'Reflect' };
export const PHASES = ['plan', 'act', 'observe', 'reflect'] as const;

export const SECTOR_NAMES: Record<string, string> = {
  public: 'Public sector',
  private: 'Private sector',
  voluntary: 'Voluntary sector',
  citizen: 'Citizen',
  researcher: 'Researcher',
  other: 'Other',
};

export const DIALOGUE_KINDS: Record<string, string> = {
  workshop: 'Workshop',
  meeting: 'Meeting',
  interview: 'Interview',
  co_creation: 'Co-creation session',
  informal: 'Informal conversation',
};
