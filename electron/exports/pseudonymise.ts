/**
 * Pseudonymisation for every export: stakeholders appear by pseudonym as speakers and inside free
 * text. A stakeholder's real name, each part of it, and each alias are replaced as whole words, in
 * any case (Danish letters included), longest first, by the pseudonym.
 */
export interface PseudonymSource {
  id: string;
  pseudonym: string;
  real_name: string;
  /** JSON array text, as stored. */
  aliases: string;
}

export interface Replacement {
  stakeholder_id: string;
  pseudonym: string;
  /** The text that is replaced (a full name, a part of it, or an alias). */
  term: string;
  kind: 'real_name' | 'name_part' | 'alias';
}

export interface PreviewEntry extends Replacement {
  occurrences: number;
}

/** A text after replacement, with a way to move code-point offsets of the original into it. */
export interface Mapped {
  text: string;
  /**
   * Where a code-point offset of the original lands in the new text. An offset inside a replaced
   * name moves to the start of its replacement ('start', for a passage's start) or its end ('end').
   */
  mapOffset(codePointOffset: number, bias?: 'start' | 'end'): number;
}

export interface Pseudonymiser {
  readonly enabled: boolean;
  /** How a stakeholder is named in the export (pseudonym, or real name when real names were chosen). */
  nameOf(stakeholderId: string | null | undefined): string;
  text(value: string): string;
  mapped(value: string): Mapped;
  /** What would be replaced in these texts, per term, for the preview before exporting. */
  preview(texts: Iterable<string>): PreviewEntry[];
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

export function replacementsFor(stakeholders: PseudonymSource[]): Replacement[] {
  const replacements: Replacement[] = [];
  for (const person of stakeholders) {
    const own: Replacement[] = [];
    const add = (term: string, kind: Replacement['kind']) => {
      const clean = term.trim().replace(/\s+/g, ' ');
      if (clean.length < 2 || clean.toLocaleLowerCase('da') === person.pseudonym.toLocaleLowerCase('da')) return;
      if (own.some((existing) => sameTerm(existing.term, clean))) return;
      own.push({ stakeholder_id: person.id, pseudonym: person.pseudonym, term: clean, kind });
    };
    add(person.real_name, 'real_name');
    for (const alias of parseAliases(person.aliases)) add(alias, 'alias');
    for (const part of person.real_name.split(/[\s-]+/)) if ([...part].length >= 2 && WORD_CHAR.test(part)) add(part, 'name_part');
    replacements.push(...own);
  }
  // Longest first, so "Inger Marie Holm" is replaced before "Inger".
  return replacements.sort((a, b) => [...b.term].length - [...a.term].length);
}

function sameTerm(a: string, b: string): boolean {
  return a.toLocaleLowerCase('da') === b.toLocaleLowerCase('da');
}

function parseAliases(raw: string): string[] {
  try {
    const value: unknown = JSON.parse(raw);
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  } catch {
    return [];
  }
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+');
}

// ---------------------------------------------------------------------------------------------
// Finding names fast.
//
// What is replaced is defined by one regular expression: every term as an alternative, longest first, in any
// case (the `iu` flags: Unicode simple case folding), as a whole word, with an optional possessive s. Running
// that expression with ~1,700 alternatives over every text of a large inquiry is slow, so each text is first
// split into words, and only the terms whose first word is one of the text's words (or one of them without a
// possessive s) can match; the same expression, restricted to those candidates in the same order, then finds
// exactly what the full one finds. Most texts have no candidate at all and are returned as they are.
//
// For that, a term's first word and a text's word must be compared the way the `iu` flags compare them:
// `foldWord` maps each code point to one representative of its case-insensitive class (test/exports checks
// that against the RegExp engine for every code point that has case).

/** The code points whose toUpperCase/toLowerCase round trip lands elsewhere than their case-insensitive class does. */
const FOLD_OVERRIDES = new Map<string, string>([
  ['\u1fd3', '\u0390'],
  ['\u1fe3', '\u03b0'],
  ['\ufb05', '\ufb06'],
]);
/** Code points that are not letters or digits but match a letter case-insensitively (U+0345 ≡ ι). */
export const NON_WORD_WITH_LETTER_CASE = /\u0345/u;
const HAS_CASE = /[\p{CWCM}\p{CWCF}]/u;
/** Latin-1 without µ: here toLowerCase folds as RegExp does. */
const SIMPLE_CASE = /^[\x00-\xb4\xb6-\xff]*$/;
const foldCache = new Map<string, string>();

/** One representative per case-insensitive class of code point (as RegExp's `iu` flags compare them). */
export function foldCodePoint(c: string): string {
  let folded = foldCache.get(c);
  if (folded === undefined) {
    folded = FOLD_OVERRIDES.get(c);
    if (folded === undefined) {
      const upper = c.toUpperCase();
      const one = upper.length <= 2 && [...upper].length === 1 ? upper : c;
      const lower = one.toLowerCase();
      folded = lower.length <= 2 && [...lower].length === 1 ? lower : one;
    }
    foldCache.set(c, folded);
  }
  return folded;
}

/** A word folded code point by code point, so that two words match case-insensitively exactly when their folds are equal. */
export function foldWord(word: string): string {
  if (SIMPLE_CASE.test(word)) return word.toLowerCase();
  let out = '';
  for (const c of word) out += foldCodePoint(c);
  return out;
}

const WORDS = /[\p{L}\p{N}]+/gu;
const LEADING_WORD = /^[\p{L}\p{N}]+/u;
/** The code points that match "s" case-insensitively (a possessive s). */
export const S_LIKE = new Set(['s', 'S', '\u017f']);

interface Found {
  /** UTF-16 index and length of the whole match (name and possessive). */
  index: number;
  length: number;
  replacement: Replacement;
  possessive: string;
}

/**
 * Finds the names in a text exactly as the one expression over every term (longest first) would:
 * `(?<![\p{L}\p{N}])(term|term|…)(['’]?s)?(?![\p{L}\p{N}])` with the `giu` flags.
 */
function createFinder(replacements: Replacement[]): (value: string) => Found[] {
  // First word (folded) → replacements starting with it, in the expression's order. A term whose start
  // cannot be keyed that way (it starts with a sign, or a sign with case follows its first word) sends the
  // texts that contain it anywhere through the whole expression.
  const byFirstWord = new Map<string, number[]>();
  const unkeyed: string[] = [];
  replacements.forEach((replacement, index) => {
    const term = replacement.term;
    const first = LEADING_WORD.exec(term)?.[0];
    const next = first === undefined ? undefined : [...term.slice(first.length)][0];
    if (first === undefined || NON_WORD_WITH_LETTER_CASE.test(term) || (next !== undefined && next !== ' ' && HAS_CASE.test(next))) {
      unkeyed.push(term);
      return;
    }
    const key = foldWord(first);
    const list = byFirstWord.get(key);
    if (list) list.push(index);
    else byFirstWord.set(key, [index]);
  });

  const unkeyedAnywhere = unkeyed.length === 0 ? undefined : new RegExp(unkeyed.map(escapeRegExp).join('|'), 'iu');

  // The whole expression, built only when needed (compiling Unicode property classes is slow): each term is its own group.
  let whole: RegExp | undefined;
  const wholeExpression = () =>
    (whole ??= new RegExp(
      `(?<![\\p{L}\\p{N}])(?:${replacements.map((replacement) => `(${escapeRegExp(replacement.term)})`).join('|')})(['’]?s)?(?![\\p{L}\\p{N}])`,
      'giu',
    ));
  const withWholeExpression = (value: string): Found[] => {
    const found: Found[] = [];
    for (const match of value.matchAll(wholeExpression())) {
      let which = 0;
      while (which < replacements.length && match[which + 1] === undefined) which += 1;
      found.push({ index: match.index ?? 0, length: match[0].length, replacement: replacements[which]!, possessive: match[replacements.length + 1] ?? '' });
    }
    return found;
  };

  // One sticky expression per term (no property classes: the word boundaries are checked here).
  const termPatterns: (RegExp | undefined)[] = [];
  const isWordAt = (value: string, index: number) => index < value.length && WORD_CHAR.test(String.fromCodePoint(value.codePointAt(index)!));
  /** The term at `index` of the text, at the start of a word: the expression's match there, or undefined. */
  const matchAt = (termIndex: number, value: string, index: number): Found | undefined => {
    const pattern = (termPatterns[termIndex] ??= new RegExp(escapeRegExp(replacements[termIndex]!.term), 'iuy'));
    pattern.lastIndex = index;
    const match = pattern.exec(value);
    if (!match) return undefined;
    const end = index + match[0].length;
    // (['’]?s)? is greedy, then (?![\p{L}\p{N}]) must hold: with an apostrophe, with only the s, or without.
    let possessive: string;
    if ((value[end] === "'" || value[end] === '’') && S_LIKE.has(value[end + 1]!) && !isWordAt(value, end + 2)) possessive = value.slice(end, end + 2);
    else if (S_LIKE.has(value[end]!) && !isWordAt(value, end + 1)) possessive = value[end]!;
    else if (!isWordAt(value, end)) possessive = '';
    else return undefined;
    return { index, length: match[0].length + possessive.length, replacement: replacements[termIndex]!, possessive };
  };

  return (value) => {
    if (NON_WORD_WITH_LETTER_CASE.test(value) || unkeyedAnywhere?.test(value)) return withWholeExpression(value);
    // A match can only start where a word starts (nothing before it is a letter or digit, and the term starts with one),
    // and only a term whose first word is that word, or that word without a possessive s ("Jensens").
    const found: Found[] = [];
    let resume = 0;
    WORDS.lastIndex = 0;
    for (let word = WORDS.exec(value); word !== null; word = WORDS.exec(value)) {
      const index = word.index;
      if (index < resume) continue;
      const folded = foldWord(word[0]);
      const same = byFirstWord.get(folded);
      const short = folded.length > 1 && folded.endsWith('s') ? byFirstWord.get(folded.slice(0, -1)) : undefined;
      if (!same && !short) continue;
      // The expression tries its alternatives in order (longest first): so do we.
      const terms = !short ? same! : !same ? short : [...same, ...short].sort((x, y) => x - y);
      for (const termIndex of terms) {
        const hit = matchAt(termIndex, value, index);
        if (hit) {
          found.push(hit);
          resume = index + hit.length;
          break;
        }
      }
    }
    return found;
  };
}

function codePoints(value: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) {
    const unit = value.charCodeAt(i);
    // A high surrogate followed by a low one is one code point.
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < to) {
      const low = value.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) i += 1;
    }
    count += 1;
  }
  return count;
}

export function createPseudonymiser(stakeholders: PseudonymSource[], options: { realNames?: boolean } = {}): Pseudonymiser {
  const byId = new Map(stakeholders.map((person) => [person.id, person]));
  const replacements = options.realNames ? [] : replacementsFor(stakeholders);
  const find = replacements.length === 0 ? undefined : createFinder(replacements);
  const identity: Mapped['mapOffset'] = (offset) => offset;

  function mapped(value: string): Mapped {
    const found = find ? find(value) : [];
    if (found.length === 0) return { text: value, mapOffset: identity };
    // Spans in code points: [start, end) of the original and the length of what replaced it.
    const spans: { start: number; end: number; length: number }[] = [];
    const pieces: string[] = [];
    let last = 0;
    let lastPoint = 0;
    for (const match of found) {
      const replaced = match.replacement.pseudonym + match.possessive;
      pieces.push(value.slice(last, match.index), replaced);
      const start = lastPoint + codePoints(value, last, match.index);
      const end = start + codePoints(value, match.index, match.index + match.length);
      spans.push({ start, end, length: codePoints(replaced, 0, replaced.length) });
      last = match.index + match.length;
      lastPoint = end;
    }
    pieces.push(value.slice(last));
    return {
      text: pieces.join(''),
      mapOffset(offset: number, bias: 'start' | 'end' = 'end'): number {
        let shift = 0;
        for (const span of spans) {
          if (offset <= span.start) break;
          if (offset < span.end) return span.start + shift + (bias === 'start' ? 0 : span.length);
          shift += span.length - (span.end - span.start);
        }
        return offset + shift;
      },
    };
  }

  return {
    enabled: !options.realNames,
    nameOf(stakeholderId) {
      if (!stakeholderId) return 'Unknown speaker';
      const person = byId.get(stakeholderId);
      if (!person) return 'Unknown speaker';
      return options.realNames && person.real_name.trim() ? person.real_name : person.pseudonym;
    },
    text: (value) => mapped(value).text,
    mapped,
    preview(texts) {
      const counts = new Map<Replacement, number>();
      if (find) {
        for (const value of texts) {
          for (const match of find(value)) counts.set(match.replacement, (counts.get(match.replacement) ?? 0) + 1);
        }
      }
      return replacements.map((replacement) => ({ ...replacement, occurrences: counts.get(replacement) ?? 0 }));
    },
  };
}
