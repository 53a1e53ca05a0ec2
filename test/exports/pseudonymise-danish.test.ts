import { describe, expect, it } from 'vitest';
import { createPseudonymiser } from '../../electron/exports/pseudonymise.js';
import { nameScrubber } from '../../electron/erasure/names.js';

/**
 * Review finding M6: Danish names are written in the letters a keyboard or a form allows ("Aase" for "Åse",
 * "Soendergaard" or "Sondergaard" for "Søndergård"). One matcher serves the exports and erasure, so both must find them.
 */
const person = { id: 'aase', pseudonym: 'Borger C', real_name: 'Åse Søndergård-Holm', aliases: '["Søsse"]' };

const SPELLINGS = [
  'Aase Sondergaard',
  'Aase Søndergaard',
  'Søndergaard',
  'Soendergaard',
  'Sondergård',
  'ÅseHolm',
  'Aasé',
  'Soesse',
  'SOSSE',
  'aase.holm@kommune.dk',
];

describe('Danish spelling variants of a name', () => {
  it.each(SPELLINGS)('the export pseudonymiser replaces “%s”', (spelling) => {
    const text = createPseudonymiser([person]).text(`Vi talte med ${spelling} i går.`);
    expect(text).not.toMatch(/aa?se|s(ø|oe?)nderg|s(ø|oe?)sse|holm/i);
    expect(text).toContain('Borger C');
    expect(text.startsWith('Vi talte med ')).toBe(true);
    expect(text.endsWith(' i går.')).toBe(true);
  });

  it.each(SPELLINGS)('erasure’s scrubber replaces “%s”', (spelling) => {
    expect(nameScrubber([{ ...person, pseudonym: 'P3' }], () => '[withdrawn]').text(`${spelling} said`)).toMatch(/^\[withdrawn\]((\.| )\[withdrawn\])?(@kommune\.dk)? said$/);
  });

  it('the spelling the name was written in goes the other way too: a name typed in ASCII finds the Danish letters', () => {
    const ascii = createPseudonymiser([{ id: 'x', pseudonym: 'P', real_name: 'Aase Soendergaard', aliases: '[]' }]);
    expect(ascii.text('Åse Søndergård kom.')).toBe('P kom.');
  });

  it('leaves words that only look alike when folded as they are, and keeps the rest of the text byte for byte', () => {
    const p = createPseudonymiser([person]);
    expect(p.text('Åsen og søen ved Holmegaard, æbler.')).toBe('Åsen og søen ved Holmegaard, æbler.');
    const mapped = p.mapped('Før: Soendergaard, så Ærø.');
    expect(mapped.text).toBe('Før: Borger C, så Ærø.');
    expect(mapped.mapOffset(22)).toBe(mapped.text.indexOf('Ærø'));
  });
});

describe('the preview before an export', () => {
  it('lists a spelling variant only where it occurs', () => {
    const preview = createPseudonymiser([person]).preview(['Soendergaard kom, og Sondergaard gik.']);
    const terms = preview.map((entry) => `${entry.term}:${entry.occurrences}`);
    expect(terms).toContain('Søndergård:1');
    expect(terms).toContain('Sondergård:1');
    expect(terms).not.toContain('ÅseHolm:0');
  });
});
