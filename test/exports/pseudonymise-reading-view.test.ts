import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readingView } from '../../electron/exports/pseudonymise.js';

/**
 * The view names are read in copies runs of ASCII at once instead of reading every grapheme (issue 14.4: the
 * whole-inquiry .qdpx export spent most of its time there). It must be the very view, unit for unit, that reading
 * every grapheme gives, also where a non-ASCII character holds on to the ASCII beside it.
 */
const PIECES = [
  'a', 'b', 'Z', ' ', '.', '1', '\r', '\n', '\r\n', '*', '_', '&amp;', '&Aring;', '&#229;',
  '\u0301', '\u030a', // combining marks (belong to the letter before)
  '\u0600', '\u0605', // Prepend (holds on to the character after)
  '\u0903', // a spacing mark
  '\u200d', '\u00ad', '\u200b', // ZWJ, soft hyphen, zero-width space
  'å', 'Æ', 'ø', 'é', 'ﬁ', 'Ａ', '①', '👋', '👩\u200d👩\u200d👧', '🇩🇰', '\ufe0f', '한', '\u1100\u1161',
];
const anyText = fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((pieces) => pieces.join(''));

const same = (value: string) => {
  const fast = readingView(value);
  const slow = readingView(value, true);
  expect(fast.text, JSON.stringify(value)).toBe(slow.text);
  expect(fast.from, JSON.stringify(value)).toEqual(slow.from);
  expect(fast.to, JSON.stringify(value)).toEqual(slow.to);
};

describe('the view names are read in', () => {
  it('is the same with the ASCII shortcut as grapheme by grapheme', () => {
    for (const value of [
      'abce\u0301def',
      '\u0600123 og mere',
      'Søren kom\r\nind i går',
      'Ase\u030a Holm og Ã\u0301se',
      'xyz\u200dabc',
      'Mødet 👋🏽 gik godt, sagde Åse.',
      '',
      'abc',
      'ab\u0301',
    ]) same(value);
    fc.assert(fc.property(anyText, (value) => same(value)), { numRuns: 3000 });
  });
});
