import type { Db } from '../../db/connection.js';
import { hasColumn, hasTable, type ErasureLogRow } from '../../db/repositories/erasure.js';
import { ERASED_MARKER, nameHash, normaliseName } from './names.js';

/**
 * A withdrawn person's names where they are no longer known: the log keeps only salted hashes of them, so text that
 * arrives later (a teammate's newer edit in a bundle, written after the erasure) is read word by word, every run of one
 * to MAX_WORDS words is hashed the same way, and a run whose hash is logged is replaced by the marker or the label.
 * Only rows of the person's inquiry changed after the erasure are read: anything older was rewritten by the erasure itself, or came back with
 * the person's own record (and so with the names, which the full erasure then replaces).
 */
const MAX_WORDS = 4;

/** Free-text columns of the tables that keep `updated_at`. */
const COLUMNS: readonly { table: string; columns: readonly string[] }[] = [
  { table: 'projects', columns: ['title', 'concern', 'setting'] },
  { table: 'cycles', columns: ['title', 'focus'] },
  { table: 'phase_entries', columns: ['body', 'author'] },
  { table: 'stakeholders', columns: ['organisation', 'role', 'consent_scope', 'notes'] },
  { table: 'field_notes', columns: ['title', 'body', 'place'] },
  { table: 'dialogues', columns: ['title', 'place', 'summary', 'decisions', 'follow_ups'] },
  { table: 'dialogue_turns', columns: ['text'] },
  { table: 'reflections', columns: ['title', 'body'] },
  { table: 'codes', columns: ['name', 'description'] },
];

const WORD = /[\p{L}\p{N}][\p{L}\p{N}\p{M}'’.-]*/gu;

/**
 * A run as typed and with the Danish letters a keyboard spelt out put back ("Aase Soendergaard" → "åse søndergård"),
 * so a name the log hashed in its Danish spelling is found in the other one (the pseudonymiser reads both alike; a
 * hash can only be compared spelling by spelling).
 */
function danishSpellings(run: string): string[] {
  const spellings = new Set([normaliseName(run)]);
  for (const [typed, letter] of [['aa', 'å'], ['oe', 'ø'], ['ae', 'æ']] as const) {
    for (const spelling of [...spellings]) if (spelling.includes(typed)) spellings.add(spelling.replaceAll(typed, letter));
  }
  return [...spellings];
}

/** The text with every run of words whose hash is in `hashes` replaced; the same text when none is. */
export function replaceHashedNames(text: string, salt: Buffer, hashes: ReadonlySet<string>, replacement: string): string {
  const words = [...text.matchAll(WORD)].map((match) => ({ start: match.index, end: match.index + match[0].replace(/[.'’-]+$/u, '').length }));
  const spans: { start: number; end: number }[] = [];
  for (let i = 0; i < words.length; i++) {
    // Longest first, so "Inger Marie Holm" wins over "Inger".
    for (let n = Math.min(MAX_WORDS, words.length - i); n >= 1; n--) {
      const start = words[i]!.start;
      const end = words[i + n - 1]!.end;
      const run = text.slice(start, end);
      if (!normaliseName(run) || !danishSpellings(run).some((spelling) => hashes.has(nameHash(salt, spelling)))) continue;
      spans.push({ start, end });
      i += n - 1;
      break;
    }
  }
  if (spans.length === 0) return text;
  let out = '';
  let last = 0;
  for (const span of spans) {
    out += text.slice(last, span.start) + replacement;
    last = span.end;
  }
  return out + text.slice(last);
}

/** Replaces the logged names in rows changed after each erasure; returns how many rows were rewritten. */
export function scrubHashedNames(db: Db, entries: readonly ErasureLogRow[], salt: Buffer): number {
  let rewritten = 0;
  for (const entry of entries) {
    const hashes = new Set([entry.name_hash, ...(JSON.parse(entry.other_hashes) as string[])]);
    const replacement = entry.mode === 'anonymise' && entry.label ? entry.label : ERASED_MARKER;
    for (const spec of COLUMNS) {
      if (!hasTable(db, spec.table) || !hasColumn(db, spec.table, 'updated_at')) continue;
      const columns = spec.columns.filter((column) => hasColumn(db, spec.table, column));
      const rows = db
        .prepare(`SELECT rowid AS _rowid, ${columns.join(', ')} FROM ${spec.table} WHERE ${spec.table === 'projects' ? 'id' : 'project_id'} = ? AND updated_at > ?`)
        .all(entry.project_id, entry.erased_at) as Record<string, unknown>[];
      for (const row of rows) {
        const changes: [string, string][] = [];
        for (const column of columns) {
          const value = row[column];
          if (typeof value !== 'string' || value === '') continue;
          const scrubbed = replaceHashedNames(value, salt, hashes, replacement);
          if (scrubbed !== value) changes.push([column, scrubbed]);
        }
        if (changes.length === 0) continue;
        db.prepare(`UPDATE ${spec.table} SET ${changes.map(([column]) => `${column} = ?`).join(', ')} WHERE rowid = ?`).run(
          ...changes.map(([, value]) => value),
          row._rowid,
        );
        rewritten += 1;
      }
    }
  }
  return rewritten;
}
