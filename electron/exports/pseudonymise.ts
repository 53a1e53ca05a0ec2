import { decodeHTMLStrict } from 'entities';

/**
 * Pseudonymisation for every export: stakeholders appear by pseudonym as speakers and inside free
 * text. A stakeholder's real name, each part of it, and each alias are replaced as whole words, in
 * any case (Danish letters included), longest first, by the pseudonym — in whatever spelling the name
 * was typed, pasted or marked up: names are found in a normalised view of the text (see "The text as
 * names are read in it"), and only the original text each name came from is replaced.
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

/** Spellings added to a person's terms (written together, ø as o): in a preview only where they occur. */
const VARIANTS = new WeakSet<Replacement>();

export function replacementsFor(stakeholders: PseudonymSource[]): Replacement[] {
  const replacements: Replacement[] = [];
  const forms = new Map<Replacement, string>();
  for (const person of stakeholders) {
    // Terms and the pseudonym are compared as they are matched, so "Åse" typed composed and decomposed is one term.
    const seen = new Set([matchForm(person.pseudonym).toLocaleLowerCase('da')]);
    const add = (term: string, kind: Replacement['kind'], variant = false) => {
      const clean = term.trim().replace(/\s+/g, ' ');
      const form = matchForm(clean);
      const key = form.toLocaleLowerCase('da');
      if (clean.length < 2 || form === '' || seen.has(key)) return;
      seen.add(key);
      const replacement: Replacement = { stakeholder_id: person.id, pseudonym: person.pseudonym, term: clean, kind };
      forms.set(replacement, form);
      if (variant) VARIANTS.add(replacement);
      replacements.push(replacement);
    };
    add(person.real_name, 'real_name');
    for (const alias of parseAliases(person.aliases)) add(alias, 'alias');
    const parts = person.real_name.split(/[\s-]+/).filter((part) => [...part].length >= 2 && WORD_CHAR.test(part));
    for (const part of parts) add(part, 'name_part');
    // The names written together, as in an account or a tag ("ÅseHolm", "AaseSøndergårdHolm").
    if (parts.length >= 2) {
      add(`${parts[0]}${parts[parts.length - 1]}`, 'real_name', true);
      add(parts.join(''), 'real_name', true);
    }
    // "ø" also written as a plain "o" (the other Danish spellings are read alike in every text: see danishFold).
    const written = [...replacements.filter((replacement) => replacement.stakeholder_id === person.id)];
    for (const replacement of written) for (const variant of oSpellings(replacement.term)) add(variant, replacement.kind, true);
  }
  // Longest first (as matched), so "Inger Marie Holm" is replaced before "Inger".
  return replacements.sort((a, b) => [...forms.get(b)!].length - [...forms.get(a)!].length);
}

/** A term with each "ø" also as "o", every combination (up to four ø; beyond that, all or none). */
function oSpellings(term: string): string[] {
  const at = [...term.matchAll(/[øØ]/g)].map((match) => match.index);
  if (at.length === 0) return [];
  const masks = at.length <= 4 ? Array.from({ length: 2 ** at.length - 1 }, (_, i) => i + 1) : [2 ** at.length - 1];
  return masks.map((mask) => {
    const chars = [...term.split('')];
    at.forEach((index, bit) => {
      if (mask & (1 << bit)) chars[index] = chars[index] === 'Ø' ? 'O' : 'o';
    });
    return chars.join('');
  });
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
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// ---------------------------------------------------------------------------------------------
// The text as names are read in it.
//
// A name reaches a journal in spellings that a reader reads as that name: "Å" as one letter or as "A" plus a
// combining ring (macOS file names, pasted text), fullwidth letters or ligatures, HTML character references
// (Markdown shows "&Aring;" as "Å"), invisible characters inside it (soft hyphens, zero-width spaces, bidi
// marks). Names are matched in a view of the text where each of those reads as what it shows: references
// decoded, invisible (default-ignorable) characters dropped, then NFKC grapheme by grapheme. Case is left to
// the matching (the `iu` flags). Markdown emphasis markers stay in the view: inside a name the matching skips
// them ("**Kir**sten"), between words they still separate ("Bo_Jensen").
//
// Each UTF-16 unit of the view knows the range of the original it came from, so a name found in the view
// replaces exactly the original text it was read from, and everything else is kept as it was.

interface View {
  text: string;
  /** Original range [from, to) of each unit of `text`; absent when the view is the original itself. */
  from?: number[];
  to?: number[];
}

const REFERENCE_OR_INVISIBLE = /&(?:#\d{1,7}|#[xX][\da-fA-F]{1,6}|[A-Za-z][A-Za-z\d]{1,31});|\p{Default_Ignorable_Code_Point}/gu;
const HAS_REFERENCE_OR_INVISIBLE = new RegExp(REFERENCE_OR_INVISIBLE.source, 'u');
const INVISIBLE = /\p{Default_Ignorable_Code_Point}/gu;
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

const startOf = (view: View, unit: number): number => view.from?.[unit] ?? unit;
const endOf = (view: View, unit: number): number => view.to?.[unit] ?? unit + 1;

class ViewBuilder {
  private readonly parts: string[] = [];
  private readonly from: number[] = [];
  private readonly to: number[] = [];

  /** Text that stands, as a whole, for the original range [start, end). */
  add(text: string, start: number, end: number): void {
    this.parts.push(text);
    for (let i = 0; i < text.length; i++) {
      this.from.push(start);
      this.to.push(end);
    }
  }

  /** Units [start, end) of a view, each keeping its own original range. */
  copy(view: View, start: number, end: number): void {
    this.parts.push(view.text.slice(start, end));
    for (let i = start; i < end; i++) {
      this.from.push(startOf(view, i));
      this.to.push(endOf(view, i));
    }
  }

  build(): View {
    return { text: this.parts.join(''), from: this.from, to: this.to };
  }
}

/** The view names are matched in (most texts need no change: then it is the text itself). */
function viewOf(value: string): View {
  const read = HAS_REFERENCE_OR_INVISIBLE.test(value) ? decoded(value) : { text: value };
  return read.text.normalize('NFKC') === read.text && !FOLDED.test(read.text) ? read : normalised(read);
}

/**
 * Danish names are written in the letters a keyboard or a form allows: "Aase" for "Åse", "Soendergaard" for
 * "Søndergård", "Aerø" for "Ærø", accents left out ("Rene" for "René"). In the view, å/æ/ø read as aa/ae/oe and a
 * Latin letter without its accents, in names and texts alike, so each spelling finds the others ("ø" written as a
 * plain "o" is a variant of the term: oSpellings). The replaced text is always the original.
 */
const DANISH: Readonly<Record<string, string>> = { å: 'aa', Å: 'Aa', æ: 'ae', Æ: 'Ae', ø: 'oe', Ø: 'Oe' };
const FOLDED = /[ÅåÆæØø\u00c0-\u024f\u1e00-\u1eff]/u;
const LATIN_START = /^\p{Script=Latin}/u;
const MARKS = /\p{M}/gu;

function danishFold(grapheme: string): string {
  const danish = DANISH[grapheme];
  if (danish) return danish;
  if (!LATIN_START.test(grapheme)) return grapheme;
  const bare = grapheme.normalize('NFD').replace(MARKS, '');
  return bare === '' ? grapheme : bare.normalize('NFC');
}

/** Character references decoded (as a Markdown or HTML reader shows them) and invisible characters dropped. */
function decoded(value: string): View {
  const original: View = { text: value };
  const out = new ViewBuilder();
  let last = 0;
  for (const match of value.matchAll(REFERENCE_OR_INVISIBLE)) {
    out.copy(original, last, match.index);
    const piece = match[0];
    last = match.index + piece.length;
    if (piece[0] !== '&') continue;
    const character = decodeHTMLStrict(piece);
    // An unknown name ("&hello;") is no reference: it reads as written.
    if (character === piece) out.copy(original, match.index, last);
    else out.add(character.replace(INVISIBLE, ''), match.index, last);
  }
  out.copy(original, last, value.length);
  return out.build();
}

/**
 * NFKC, one grapheme at a time, so that what a grapheme becomes maps to the original range of the grapheme.
 *
 * Reading every grapheme through Intl.Segmenter made the whole-inquiry .qdpx export 6× slower once Danish
 * letters sent nearly every text here (issue 14.4). An ASCII grapheme never changes, and between two ASCII
 * characters there is always a grapheme boundary (CR LF aside, which is copied unchanged either way), so the
 * inside of a run of ASCII is copied at once; only its first character (a Prepend before it may hold on to it)
 * and its last (a combining mark after it may belong to it) are read with their neighbours.
 */
function normalised(view: View, everyGrapheme = false): View {
  const out = new ViewBuilder();
  const text = view.text;
  let at = 0;
  if (!everyGrapheme) {
    for (const run of text.matchAll(ASCII_RUN)) {
      const runEnd = run.index + run[0].length;
      const start = run.index === 0 ? 0 : run.index + 1;
      const end = runEnd === text.length ? runEnd : runEnd - 1;
      if (end <= start) continue;
      normaliseGraphemes(out, view, at, start);
      out.copy(view, start, end);
      at = end;
    }
  }
  normaliseGraphemes(out, view, at, text.length);
  return out.build();
}

const ASCII_RUN = /[\x00-\x7f]{3,}/g;

/** Units [start, end) of a view, which start and end on grapheme boundaries, grapheme by grapheme. */
function normaliseGraphemes(out: ViewBuilder, view: View, start: number, end: number): void {
  if (end <= start) return;
  for (const { segment, index: local } of graphemes.segment(view.text.slice(start, end))) {
    const index = start + local;
    const form = danishFold(segment.normalize('NFKC'));
    const after = index + segment.length;
    if (form === segment) out.copy(view, index, after);
    else out.add(form, startOf(view, index), endOf(view, after - 1));
  }
}

/** For tests: the view a text is read in, with the ASCII shortcut or grapheme by grapheme throughout. */
export function readingView(value: string, everyGrapheme = false): { text: string; from?: number[]; to?: number[] } {
  const read = HAS_REFERENCE_OR_INVISIBLE.test(value) ? decoded(value) : { text: value };
  return normalised(read, everyGrapheme);
}

/** A term as it is matched: read like a text, without emphasis markers (a name has none), single spaces. */
function matchForm(term: string): string {
  return viewOf(term).text.replace(/[*_]/g, '').replace(/\s+/g, ' ').trim();
}

/**
 * A term's pattern: its characters (any case by the `iu` flags), any white space between words, and emphasis
 * markers allowed between any two characters (`markers`; a text without markers is matched without them, faster).
 */
function termPattern(form: string, markers = true): string {
  return [...form].map((c) => (c === ' ' ? '\\s+' : escapeRegExp(c))).join(markers ? '[*_]*' : '');
}

// ---------------------------------------------------------------------------------------------
// Where a name may stand.
//
// Not inside a longer word: no letter right before or after it ("Anna" is not replaced in "Annalise"). Digits
// glued to a name do not hide it ("Kirsten2", "3Kirsten"), but a name that ends (or starts) with a digit does
// not match inside a longer number ("Navn3" is not in "Navn30").

const NAME_START = '(?<!\\p{L})(?!(?<=\\p{N})\\p{N})';
const NAME_END = '(?!\\p{L})(?!(?<=\\p{N})\\p{N})';
const ENDS_HERE = new RegExp(NAME_END, 'uy');

/** The length of a possessive s after a name that ends at `end` (0 for none), or undefined when no name can end there. */
function possessiveAt(view: string, end: number): number | undefined {
  // (['’]?s)? is greedy, then the end must hold: with an apostrophe, with only the s, or without.
  if ((view[end] === "'" || view[end] === '’') && S_LIKE.has(view[end + 1]!) && nameMayEndAt(view, end + 2)) return 2;
  if (S_LIKE.has(view[end]!) && nameMayEndAt(view, end + 1)) return 1;
  return nameMayEndAt(view, end) ? 0 : undefined;
}

function nameMayEndAt(view: string, at: number): boolean {
  ENDS_HERE.lastIndex = at;
  return ENDS_HERE.test(view);
}

// ---------------------------------------------------------------------------------------------
// Finding names fast.
//
// What is replaced is defined by one regular expression over the view: every term as an alternative, longest
// first, in any case (the `iu` flags: Unicode simple case folding), where a name may stand, with an optional
// possessive s. Running that expression with ~1,700 alternatives over every text of a large inquiry is slow, so
// at each place where a name may start, only the terms whose first word can be read from there are tried
// (most places have none); in the expression's order, they find exactly what the full expression finds.
//
// For that, a term's first word and the text's words must be compared the way the `iu` flags compare them:
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

/** Words of letters and digits; group 1 when the word holds only letters (the common case, kept quick). */
const WORDS = /(\p{L}+)(?![\p{L}\p{N}])|[\p{L}\p{N}]+/gu;
const LEADING_WORD = /^[\p{L}\p{N}]+/u;
/** Letters, digits and the emphasis markers a term's pattern skips. */
const RUN = /[\p{L}\p{N}*_]+/uy;
const DIGIT = /\p{N}/u;
const MARKERS = /[*_]/g;
const NONE: readonly number[] = [];
/** The code points that match "s" case-insensitively (a possessive s). */
export const S_LIKE = new Set(['s', 'S', '\u017f']);

interface Found {
  /** UTF-16 index in the view, and lengths of the name and of the whole match (name and possessive). */
  index: number;
  nameLength: number;
  length: number;
  replacement: Replacement;
}

/** Finds the names in a view exactly as the one expression over every term (longest first) would. */
function createFinder(replacements: Replacement[]): (view: string) => Found[] {
  const forms = replacements.map((replacement) => matchForm(replacement.term));
  const patterns = forms.map((form) => termPattern(form));
  const { byFirstWord, unkeyedAnywhere } = keyTerms(forms, patterns);
  const withWholeExpression = wholeExpressionFinder(replacements, patterns);
  const firstHit = termMatcher(replacements, forms, patterns);

  /** The terms whose first word can be read at `index` of this word, in the expression's order. */
  const candidatesAt = (view: string, word: RegExpExecArray, index: number): readonly number[] => {
    const end = word.index + word[0].length;
    if (word[1] === undefined || view[end] === '*' || view[end] === '_') return termsFor(byFirstWord, firstWordsAt(view, index));
    // The common case, kept quick: letters only, so the first word can only be this word, or it without a possessive s.
    const folded = foldWord(word[0]);
    const same = byFirstWord.get(folded);
    const short = folded.length > 1 && folded.endsWith('s') ? byFirstWord.get(folded.slice(0, -1)) : undefined;
    return !short ? (same ?? NONE) : !same ? short : [...same, ...short].sort((x, y) => x - y);
  };

  return (view) => {
    if (NON_WORD_WITH_LETTER_CASE.test(view) || unkeyedAnywhere?.test(view)) return withWholeExpression(view);
    const found: Found[] = [];
    const beforeMarker = solidBeforeMarker(view);
    let resume = 0;
    WORDS.lastIndex = 0;
    for (let word = WORDS.exec(view); word !== null; word = WORDS.exec(view)) {
      // A name can only start where a word starts, or at a letter after a digit inside one ("3Kirsten").
      for (const index of word[1] !== undefined ? [word.index] : startsInWord(view, word.index, word.index + word[0].length)) {
        if (index < resume) continue;
        const hit = firstHit(view, index, candidatesAt(view, word, index), beforeMarker);
        if (hit) {
          found.push(hit);
          // The expression goes on after its match.
          resume = hit.index + hit.length;
        }
      }
    }
    return found;
  };
}

/**
 * First word (folded) → the terms that start with it, in the expression's order. A term that starts with a sign,
 * or holds a sign that matches a letter (U+0345), cannot be keyed: a text that contains it anywhere goes through
 * the whole expression.
 */
function keyTerms(forms: string[], patterns: string[]): { byFirstWord: Map<string, number[]>; unkeyedAnywhere?: RegExp } {
  const byFirstWord = new Map<string, number[]>();
  const unkeyed: string[] = [];
  forms.forEach((form, index) => {
    const first = LEADING_WORD.exec(form)?.[0];
    if (first === undefined || NON_WORD_WITH_LETTER_CASE.test(form)) {
      unkeyed.push(patterns[index]!);
      return;
    }
    const key = foldWord(first);
    const list = byFirstWord.get(key);
    if (list) list.push(index);
    else byFirstWord.set(key, [index]);
  });
  return { byFirstWord, unkeyedAnywhere: unkeyed.length === 0 ? undefined : new RegExp(unkeyed.join('|'), 'iu') };
}

/** Terms keyed by any of these first words, in the expression's order. */
function termsFor(byFirstWord: Map<string, number[]>, words: string[]): readonly number[] {
  const terms = new Set<number>();
  for (const word of words) for (const term of byFirstWord.get(word) ?? NONE) terms.add(term);
  return [...terms].sort((x, y) => x - y);
}

/** The definition itself: the one expression, built only when needed (compiling Unicode property classes is slow); each term is its own group. */
function wholeExpressionFinder(replacements: Replacement[], patterns: string[]): (view: string) => Found[] {
  let whole: RegExp | undefined;
  return (view) => {
    whole ??= new RegExp(`${NAME_START}(?:${patterns.map((pattern) => `(${pattern})`).join('|')})(['’]?s)?${NAME_END}`, 'giu');
    const found: Found[] = [];
    for (const match of view.matchAll(whole)) {
      let which = 0;
      while (which < replacements.length && match[which + 1] === undefined) which += 1;
      const possessive = match[replacements.length + 1] ?? '';
      found.push({ index: match.index, nameLength: match[0].length - possessive.length, length: match[0].length, replacement: replacements[which]! });
    }
    return found;
  };
}

/**
 * The first of some terms (in the expression's order) that matches at an index where a name may start. One sticky
 * expression per term, without property classes (where a name may end is checked by possessiveAt). The variant
 * that skips emphasis markers is slower, so it is used only where a marker can fall inside the name: when fewer
 * characters (other than white space) than the term has stand before the next marker.
 */
function termMatcher(
  replacements: Replacement[],
  forms: string[],
  patterns: string[],
): (view: string, index: number, candidates: readonly number[], beforeMarker: MarkerDistance) => Found | undefined {
  const withMarkers: (RegExp | undefined)[] = [];
  const withoutMarkers: (RegExp | undefined)[] = [];
  const solidLengths = forms.map((form) => [...form.replace(/\s/g, '')].length);
  const longest = Math.max(0, ...solidLengths);
  const matchAt = (termIndex: number, view: string, index: number, markers: boolean): Found | undefined => {
    const pattern = markers
      ? (withMarkers[termIndex] ??= new RegExp(patterns[termIndex]!, 'iuy'))
      : (withoutMarkers[termIndex] ??= new RegExp(termPattern(forms[termIndex]!, false), 'iuy'));
    pattern.lastIndex = index;
    const match = pattern.exec(view);
    if (!match) return undefined;
    const possessive = possessiveAt(view, index + match[0].length);
    if (possessive === undefined) return undefined;
    return { index, nameLength: match[0].length, length: match[0].length + possessive, replacement: replacements[termIndex]! };
  };
  return (view, index, candidates, beforeMarker) => {
    if (candidates.length === 0) return undefined;
    const solid = beforeMarker(index, longest);
    for (const termIndex of candidates) {
      const hit = matchAt(termIndex, view, index, solid < solidLengths[termIndex]!);
      if (hit) return hit;
    }
    return undefined;
  };
}

/** How many code points other than white space stand between an index and the next emphasis marker (counted up to `cap`). */
type MarkerDistance = (index: number, cap: number) => number;

function solidBeforeMarker(view: string): MarkerDistance {
  if (!view.includes('*') && !view.includes('_')) return () => Infinity;
  let marker = -1;
  return (index, cap) => {
    if (marker < index) {
      MARKERS.lastIndex = index;
      marker = MARKERS.exec(view)?.index ?? Infinity;
    }
    if (marker === Infinity) return Infinity;
    let count = 0;
    for (let at = index; at < marker && count < cap; at++) {
      const unit = view.charCodeAt(at);
      // The second half of a surrogate pair is the same code point; white space is what the term's \s+ takes.
      if ((unit < 0xdc00 || unit > 0xdfff) && !(unit === 32 || (unit >= 9 && unit <= 13) || (unit > 127 && /\s/.test(view[at]!)))) count++;
    }
    return count;
  };
}

/** Where a name may start in the word view[index, end) that holds digits: at its start, and at each letter after a digit. */
function startsInWord(view: string, index: number, end: number): number[] {
  const starts = [index];
  let digitBefore = false;
  for (let at = index; at < end; ) {
    const c = String.fromCodePoint(view.codePointAt(at)!);
    const digit = isDigit(c);
    if (digitBefore && !digit) starts.push(at);
    digitBefore = digit;
    at += c.length;
  }
  return starts;
}

const LETTER = 1;
const DIGIT_CHAR = 2;
const MARKER = 3;

/**
 * The folded words a term's first word can be when a name starts at `index`: the letters and digits read from
 * there (skipping emphasis markers, as the term's pattern does) up to each place where the first word can end —
 * before a marker, before a digit that follows a letter, at the end of the run — each also without a possessive s.
 */
function firstWordsAt(view: string, index: number): string[] {
  RUN.lastIndex = index;
  const run = RUN.exec(view)?.[0] ?? '';
  const words: string[] = [];
  let letters = '';
  let previous = 0;
  for (const c of run) {
    const kind = c === '*' || c === '_' ? MARKER : isDigit(c) ? DIGIT_CHAR : LETTER;
    if ((kind === MARKER && previous !== MARKER) || (kind === DIGIT_CHAR && previous === LETTER)) addFirstWord(words, letters);
    if (kind !== MARKER) letters += c;
    previous = kind;
  }
  if (previous !== MARKER) addFirstWord(words, letters);
  return words;
}

function addFirstWord(words: string[], letters: string): void {
  if (!letters) return;
  const folded = foldWord(letters);
  words.push(folded);
  if (folded.length > 1 && folded.endsWith('s')) words.push(folded.slice(0, -1));
}

/** For a letter or digit: is it a digit? */
function isDigit(c: string): boolean {
  return c <= '9' ? c >= '0' : c > '\x7f' && DIGIT.test(c);
}

/**
 * The pseudonym for a name whose original text [start, end) held Markdown emphasis markers. Markers that pair
 * up inside the name go with it ("Kir*st*en"); one left over belongs to emphasis that goes on outside the name
 * ("**Kir**sten", "Kir**sten**"): it is kept on the side of its partner, so the emphasis stays balanced.
 */
function withEmphasis(pseudonym: string, value: string, start: number, end: number): string {
  const runs = value.slice(start, end).match(/[*_]+/g);
  if (!runs || runs.length % 2 === 0) return pseudonym;
  const run = runs[runs.length - 1]!;
  return value.startsWith(run, end) ? run + pseudonym : pseudonym + run;
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
    const view = find ? viewOf(value) : undefined;
    const found = view ? find!(view.text) : [];
    if (found.length === 0) return { text: value, mapOffset: identity };
    // Spans in code points: [start, end) of the original and the length of what replaced it.
    const spans: { start: number; end: number; length: number }[] = [];
    const pieces: string[] = [];
    let last = 0;
    let lastPoint = 0;
    for (const match of found) {
      // The original text the name was read from; a possessive s after it stays as written.
      const from = startOf(view!, match.index);
      const to = endOf(view!, match.index + match.nameLength - 1);
      // Two names read from one original character (a ligature): the first one replaced it.
      if (from < last) continue;
      const replaced = withEmphasis(match.replacement.pseudonym, value, from, to);
      pieces.push(value.slice(last, from), replaced);
      const start = lastPoint + codePoints(value, last, from);
      const end = start + codePoints(value, from, to);
      spans.push({ start, end, length: codePoints(replaced, 0, replaced.length) });
      last = to;
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
          for (const match of find(viewOf(value).text)) counts.set(match.replacement, (counts.get(match.replacement) ?? 0) + 1);
        }
      }
      return replacements
        .map((replacement) => ({ ...replacement, occurrences: counts.get(replacement) ?? 0 }))
        .filter((entry, index) => entry.occurrences > 0 || !VARIANTS.has(replacements[index]!));
    },
  };
}
