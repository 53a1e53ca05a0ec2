import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPseudonymiser } from '../../electron/exports/pseudonymise.js';
import { anyText, closing, filler, namesOf, opening, PEOPLE, readable, spellingOf, survivors, WRITTEN } from './spellings.js';

const NAMES = namesOf(PEOPLE);
const p = createPseudonymiser(PEOPLE);
const points = (text: string) => [...text].length;

describe('pseudonymisation of names in any spelling', () => {
  it('replaces the written-out spellings, keeping what stands around them', () => {
    for (const spelling of WRITTEN) {
      const out = p.text(`Vi mødte ${spelling}, i går.`);
      expect(survivors(out, NAMES), `${JSON.stringify(spelling)} → ${JSON.stringify(out)}`).toEqual([]);
      expect(out.startsWith('Vi mødte '), out).toBe(true);
      expect(out.endsWith(', i går.'), out).toBe(true);
    }
  });

  it('keeps Markdown emphasis balanced around a name it split', () => {
    expect(p.text('**Kir**sten kom')).toBe('**Borger A** kom');
    expect(p.text('Kir**sten** kom')).toBe('**Borger A** kom');
    expect(p.text('_Ki_rsten kom')).toBe('_Borger A_ kom');
    expect(p.text('Kir*st*en kom')).toBe('Borger A kom');
    expect(p.text('**Kirsten** kom')).toBe('**Borger A** kom');
    // "Kirsten_Søndergård" reads as the names written together ("KirstenSøndergård", a term since review M6): one name.
    expect(p.text('bo_Kirsten_x og Kirsten_Søndergård')).toBe('bo_Borger A_x og Borger A_');
  });

  it('replaces a name glued to digits, but not a name inside a longer word or a number inside a longer number', () => {
    const people = [
      { id: 'anna', pseudonym: 'Person 1', real_name: 'Anna', aliases: '["Navn3"]' },
      ...PEOPLE,
    ];
    const q = createPseudonymiser(people);
    expect(q.text('Anna2 og 3Anna og 2Anna3 og Annas.')).toBe('Person 12 og 3Person 1 og 2Person 13 og Person 1s.');
    expect(q.text('Annalise, xAnna, Åsebo og Søndergårdsvej')).toBe('Annalise, xAnna, Åsebo og Søndergårdsvej');
    expect(q.text('Navn3 og Navn30, 12Navn3, Navn3x, xNavn3')).toBe('Person 1 og Navn30, 12Person 1, Navn3x, xNavn3');
  });

  it('never lets a generated spelling of a name through, and keeps the text around it unchanged', () => {
    fc.assert(
      fc.property(filler, opening, spellingOf(PEOPLE), closing, filler, (head, open, spelling, close, tail) => {
        const before = head + open + spelling.before;
        const after = spelling.after + close + tail;
        const input = head + open + spelling.text + close + tail;
        const out = p.text(input);
        expect(survivors(out, NAMES)).toEqual([]);
        expect(out.startsWith(before)).toBe(true);
        expect(out.endsWith(after)).toBe(true);
        const middle = out.slice(before.length, out.length - after.length);
        expect(readable(middle).replace(/\s+/g, ' ')).toBe(spelling.pseudonym);
      }),
      { numRuns: 1500 },
    );
  });

  it('moves passage offsets around a name in any spelling', () => {
    fc.assert(
      fc.property(filler, opening, spellingOf(PEOPLE), closing, filler, (head, open, spelling, close, tail) => {
        const before = head + open;
        const after = close + tail;
        const mapped = p.mapped(before + spelling.text + after);
        const cut = [...mapped.text];
        expect(cut.slice(0, mapped.mapOffset(points(before), 'start')).join('')).toBe(before);
        expect(cut.slice(mapped.mapOffset(points(before + spelling.text), 'end')).join('')).toBe(after);
      }),
      { numRuns: 500 },
    );
  });

  it('leaves a text without names exactly as it was, however it is written', () => {
    fc.assert(
      fc.property(filler, filler, (a, b) => {
        expect(p.text(a + b)).toBe(a + b);
      }),
      { numRuns: 1000 },
    );
  });

  it('finds exactly what the one expression over every term finds, however words and names are glued together', () => {
    // A term that starts with a sign cannot be keyed: a text that holds it goes through the whole expression.
    const q = createPseudonymiser([...PEOPLE, { id: 'z', pseudonym: 'Person Z', real_name: '', aliases: '["(Zz)"]' }]);
    fc.assert(
      fc.property(anyText(PEOPLE), (text) => {
        expect(q.text(`${text} (Zz)`)).toBe(`${q.text(text)} Person Z`);
      }),
      { numRuns: 2000 },
    );
  });

  it('counts every spelling in the preview', () => {
    fc.assert(
      fc.property(spellingOf(PEOPLE), (spelling) => {
        const total = p.preview([`(${spelling.text})`]).reduce((sum, entry) => sum + entry.occurrences, 0);
        expect(total).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
  });
});
