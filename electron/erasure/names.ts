import { createHmac } from 'node:crypto';
import { createPseudonymiser, type Mapped } from '../exports/pseudonymise.js';
import type { PersonRow } from '../../db/repositories/erasure.js';

/** What an erased person's name becomes in text that stays (notes, summaries, other people's turns…). */
export const ERASED_MARKER = '[withdrawn]';

/**
 * A person's names replaced in any text: the real name, each part of it, every alias, and the pseudonym too (after a
 * withdrawal the pseudonym still points at one person inside the inquiry). It is the exports' pseudonymiser
 * (electron/exports/pseudonymise.ts), so a name is found in every spelling an export would find it in, with the
 * replacement as the "pseudonym".
 */
export interface NameScrubber {
  text(value: string): string;
  mapped(value: string): Mapped;
  /** Every string inside a JSON value (a revision's snapshot), names replaced; `dropId` removed from id fields and lists. */
  json(value: unknown, dropId?: string): unknown;
}

export function aliasesOf(person: Pick<PersonRow, 'aliases'>): string[] {
  try {
    const value: unknown = JSON.parse(person.aliases);
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  } catch {
    return [];
  }
}

export function nameScrubber(people: readonly Pick<PersonRow, 'id' | 'real_name' | 'pseudonym' | 'aliases'>[], replacement: (person: string) => string): NameScrubber {
  const pseudonymiser = createPseudonymiser(
    people.map((person) => ({
      id: person.id,
      pseudonym: replacement(person.id),
      real_name: person.real_name,
      aliases: JSON.stringify([...aliasesOf(person), person.pseudonym]),
    })),
  );
  const json = (value: unknown, dropId?: string): unknown => {
    if (typeof value === 'string') return pseudonymiser.text(value);
    if (Array.isArray(value)) return value.filter((item) => dropId === undefined || item !== dropId).map((item) => json(item, dropId));
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [key, dropId !== undefined && item === dropId ? null : json(item, dropId)]),
      );
    }
    return value;
  };
  return { text: pseudonymiser.text, mapped: pseudonymiser.mapped, json };
}

/** A name as it is compared: compatibility-normalised, case-folded the Danish way, single spaces. */
export function normaliseName(name: string): string {
  return name.normalize('NFKC').toLocaleLowerCase('da').replace(/\s+/g, ' ').trim();
}

export function nameHash(salt: Buffer, name: string): string {
  return createHmac('sha256', salt).update(normaliseName(name), 'utf8').digest('hex');
}

/** The hash the log keeps as `name_hash`: of the real name, or of the pseudonym when no real name was kept. */
export function primaryHash(salt: Buffer, person: Pick<PersonRow, 'real_name' | 'pseudonym'>): string {
  return nameHash(salt, normaliseName(person.real_name) ? person.real_name : person.pseudonym);
}

/** Hashes of every other name (pseudonym, aliases), without the primary one. */
export function otherHashes(salt: Buffer, person: Pick<PersonRow, 'real_name' | 'pseudonym' | 'aliases'>): string[] {
  const primary = primaryHash(salt, person);
  const hashes = new Set<string>();
  for (const name of [person.pseudonym, ...aliasesOf(person)]) if (normaliseName(name)) hashes.add(nameHash(salt, name));
  hashes.delete(primary);
  return [...hashes].sort();
}
