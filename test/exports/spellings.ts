/**
 * A generated corpus of the ways a real name reaches a journal: decomposed letters (macOS, pasted text),
 * invisible characters, any case, fullwidth letters, HTML character references, Markdown emphasis that
 * splits the name, digits glued to either side and a possessive. And the check that no spelling of a name
 * survives in a text, made on the text as a reader sees it (references decoded, invisibles and emphasis
 * markers dropped, NFKC, any case) — written independently of the pseudonymiser.
 */
import fc from 'fast-check';
import { decodeHTMLStrict } from 'entities';
import type { PseudonymSource } from '../../electron/exports/pseudonymise.js';

export const PEOPLE: PseudonymSource[] = [
  { id: 'kirsten', pseudonym: 'Borger A', real_name: 'Kirsten Søndergård', aliases: '["Kis Ærø"]' },
  { id: 'aase', pseudonym: 'Frivillig B', real_name: 'Åse Ærbø-Nørgaard', aliases: '[]' },
];

/** Every name, each part of a real name, and each alias: what must never be readable in an export. */
export function namesOf(people: { real_name: string; aliases: string | string[] }[]): string[] {
  const names = new Set<string>();
  for (const person of people) {
    names.add(person.real_name);
    for (const part of person.real_name.split(/[\s-]+/)) if ([...part].length >= 2) names.add(part);
    for (const alias of typeof person.aliases === 'string' ? (JSON.parse(person.aliases) as string[]) : person.aliases) names.add(alias);
  }
  return [...names];
}

const INVISIBLE = ['\u00ad', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u200e', '\u200f', '\u202a', '\u202c', '\u2066', '\u2069'];
const NAMED: Record<string, string> = { Å: '&Aring;', å: '&aring;', Æ: '&AElig;', æ: '&aelig;', Ø: '&Oslash;', ø: '&oslash;' };
type Form = 'plain' | 'decomposed' | 'decomposedBroken' | 'markAsEntity' | 'named' | 'decimal' | 'hex' | 'HEX' | 'fullwidth';
const FORMS: Form[] = ['plain', 'decomposed', 'decomposedBroken', 'markAsEntity', 'named', 'decimal', 'hex', 'HEX', 'fullwidth'];

const decimal = (c: string) => `&#${c.codePointAt(0)};`;
const hex = (c: string, upper: boolean) => `&#${upper ? 'X' : 'x'}${c.codePointAt(0)!.toString(16)};`;

/** One letter of a name, written one way. Forms that do not apply to the letter leave it as it is. */
function spellLetter(letter: string, form: Form, invisible: string): string {
  const decomposed = letter.normalize('NFD');
  switch (form) {
    case 'decomposed':
      return decomposed;
    case 'decomposedBroken':
      // An invisible character between the letter and its combining mark.
      return decomposed.length > 1 ? decomposed[0] + invisible + decomposed.slice(1) : letter;
    case 'markAsEntity':
      return decomposed.length > 1 ? decomposed[0] + decimal(decomposed.slice(1)) : letter;
    case 'named':
      return NAMED[letter] ?? letter;
    case 'decimal':
      return decimal(letter);
    case 'hex':
    case 'HEX':
      return hex(letter, form === 'HEX');
    case 'fullwidth':
      return /^[A-Za-z]$/.test(letter) ? String.fromCharCode(letter.charCodeAt(0) + 0xfee0) : letter;
    default:
      return letter;
  }
}

export interface Spelling {
  /** The name as it appears in the text. */
  text: string;
  /** The name as stored. */
  name: string;
  pseudonym: string;
  /** Text around the name that belongs to the reader, not to the name: it must be kept. */
  before: string;
  after: string;
}

// Most letters as typed, some written oddly: spellings range from one odd letter to every letter odd.
const letterWay = fc.record({
  caseOf: fc.constantFrom('keep', 'keep', 'upper', 'lower'),
  form: fc.oneof({ arbitrary: fc.constant<Form>('plain'), weight: 5 }, { arbitrary: fc.constantFrom(...FORMS), weight: 2 }),
  invisibles: fc.oneof({ arbitrary: fc.constant([]), weight: 5 }, { arbitrary: fc.array(fc.constantFrom(...INVISIBLE), { minLength: 1, maxLength: 2 }), weight: 1 }),
});

/** Sometimes: `weight` in four. */
const sometimes = <T>(arbitrary: fc.Arbitrary<T>, weight: number) =>
  fc.oneof({ arbitrary: fc.constant(null), weight: 4 - weight }, { arbitrary, weight });

const emphasis = sometimes(
  fc.record({ marker: fc.constantFrom('*', '**', '_', '__'), shape: fc.constantFrom('inside', 'open', 'close'), a: fc.nat(), b: fc.nat() }),
  2,
);

const digits = sometimes(fc.integer({ min: 0, max: 2030 }).map(String), 1);

/** A spelling of one of these names: every letter its own way, with emphasis, digits and possessive around it. */
export function spellingOf(people: PseudonymSource[]): fc.Arbitrary<Spelling> {
  const names = people.flatMap((person) => namesOf([person]).map((name) => ({ name, pseudonym: person.pseudonym })));
  return fc
    .record({
      target: fc.constantFrom(...names),
      ways: fc.array(letterWay, { minLength: 40, maxLength: 40 }),
      space: fc.constantFrom(' ', ' ', '  ', '\u00a0', '&nbsp;'),
      emphasis,
      prefix: digits,
      suffix: digits,
      possessive: fc.constantFrom('', '', 's', "'s", '’s'),
    })
    .map(({ target, ways, space, emphasis, prefix, suffix, possessive }) => {
      const letters = [...target.name.normalize('NFC')];
      const pieces = letters.map((letter, index) => {
        const way = ways[index % ways.length]!;
        if (letter === ' ') return space;
        const cased = way.caseOf === 'upper' ? letter.toUpperCase() : way.caseOf === 'lower' ? letter.toLowerCase() : letter;
        return spellLetter(cased, way.form, way.invisibles[0] ?? '\u200b');
      });
      // Invisible characters in the gaps between letters (never at the edges: there they are the reader's).
      const gaps: string[] = letters.map((_, index) => (index === 0 ? '' : ways[index % ways.length]!.invisibles.join('')));
      let opening = '';
      let closing = '';
      if (emphasis && letters.length > 2) {
        const at = 1 + (emphasis.a % (letters.length - 1));
        if (emphasis.shape === 'inside') {
          const other = 1 + (emphasis.b % (letters.length - 1));
          if (other !== at) {
            gaps[Math.min(at, other)] = emphasis.marker + gaps[Math.min(at, other)];
            gaps[Math.max(at, other)] = emphasis.marker + gaps[Math.max(at, other)];
          }
        } else if (emphasis.shape === 'open') {
          opening = emphasis.marker;
          gaps[at] = emphasis.marker + gaps[at];
        } else {
          gaps[at] = emphasis.marker + gaps[at];
          closing = emphasis.marker;
        }
      }
      const body = opening + pieces.map((piece, index) => gaps[index] + piece).join('') + closing;
      const before = prefix ?? '';
      const after = possessive + (suffix ?? '');
      return { text: before + body + after, name: target.name, pseudonym: target.pseudonym, before, after };
    });
}

/** Words that are no names, some of them written oddly too, and longer words that begin with a name. */
const WORDS = [
  'og', 'hun', 'sagde', 'mødet', 'i', 'går', 'kommunen', 'bøger', 'året', 'tæt', 'på', 'det', 'var', 'godt', '2026', 'kl.', '10',
  'Åsebo', 'Søndergårdsvej', 'Kirstensminde', 'ærbødig', 'Kisser', 'Annalise', 'g&aring;r', 'tr&aelig;', 'p&#229;', 'A&amp;O', '&lt;tag&gt;',
  'ma\u0308rke', 'bo\u0308ger'.normalize('NFD'), '**vigtigt**', '_kursiv_', 'snake_case', 'a*b', 'Åse\u00adbo', 'Kir\u200bstensminde', 'ＡＢＣ', '½', 'ﬁre', '&unknown;', '&', '#1',
];
const SEPARATORS = [' ', ' ', ', ', '. ', '\n', ' – ', '; ', '\n\n'];

/** Text with no name in it (words, odd spellings, references, emphasis), ending without a letter. */
export const filler: fc.Arbitrary<string> = fc
  .array(fc.tuple(fc.constantFrom(...WORDS), fc.constantFrom(...SEPARATORS)), { maxLength: 8 })
  .map((pairs) => pairs.map(([word, separator]) => word + separator).join(''));

/** Words, spellings, separators, emphasis markers and digits glued together in any order. */
export function anyText(people: PseudonymSource[]): fc.Arbitrary<string> {
  const piece = fc.oneof(
    fc.constantFrom(...WORDS),
    spellingOf(people).map((spelling) => spelling.text),
    fc.constantFrom(...SEPARATORS, '*', '**', '_', "'", '’', 's', '-'),
    fc.integer({ min: 0, max: 99 }).map(String),
  );
  return fc.array(piece, { maxLength: 12 }).map((pieces) => pieces.join(''));
}

/** What may stand right before a name and right after it: no letter, no digit. */
export const opening = fc.constantFrom(' ', '\n', '(', '»', '"', ': ', '> ', '- ');
export const closing = fc.constantFrom(' ', '.', ',', ')', '«', '!', '\n', '?', ' og');

/** The text as a reader sees it, for finding names: references decoded, invisibles and emphasis dropped, NFKC. */
export function readable(text: string): string {
  return decodeHTMLStrict(text).replace(/\p{Default_Ignorable_Code_Point}/gu, '').normalize('NFKC').replace(/[*_]/g, '');
}

/** The names still readable in a text as words (a longer word that begins with a name is another word). */
export function survivors(text: string, names: string[]): string[] {
  const seen = readable(text);
  return names.filter((name) => {
    const form = readable(name).replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+');
    return new RegExp(`(?<!\\p{L})${form}(?!\\p{L})`, 'iu').test(seen);
  });
}

/** Spellings every export must catch, written out (the generated corpus adds hundreds more). */
export const WRITTEN: string[] = [
  'A\u030Ase',
  'A\u030ASE Æ\u200Brbø',
  'Kir\u00adsten',
  'Kir\u200bsten Sønder\u2060gård',
  '&Aring;se',
  '&#197;se',
  '&#xC5;se',
  '&#xe5;SE',
  'S&oslash;nderg&aring;rd',
  '&#198;r&#x62;&#248;',
  'Kirsten2',
  '3Kirsten',
  '2024Søndergård1',
  '**Kir**sten',
  'Kir*st*en',
  '_Ki_rsten',
  'Sønder__gård__',
  'ＫＩＲＳＴＥＮ',
  'KIRSTEN\u00a0SØNDERGÅRD',
  'kis \u00adærø',
  'Kis &AElig;r&oslash;',
  'ÆRBØ-nørgaard',
  'A\u030Ase Ærbø&#8209;Nørgaard',
  '\ufeffKirsten\u200e',
  'Kirsten’s',
];
