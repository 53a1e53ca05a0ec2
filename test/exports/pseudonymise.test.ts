import { describe, expect, it } from 'vitest';
import { createPseudonymiser, replacementsFor } from '../../electron/exports/pseudonymise.js';

const people = [
  { id: 'a', pseudonym: 'Borger A', real_name: 'Åse Ørsted-Lund', aliases: '["Åsemor", "fru Lund"]' },
  { id: 'b', pseudonym: 'Frivillig B', real_name: 'Bo Jensen', aliases: '[]' },
  { id: 'c', pseudonym: 'Leder C', real_name: '', aliases: 'not json' },
];

describe('pseudonymiser', () => {
  const p = createPseudonymiser(people);

  it('replaces full names, name parts and aliases as whole words in any case, Danish letters included', () => {
    expect(p.text('Åse Ørsted-Lund sagde, at ÅSE ikke ville.')).toBe('Borger A sagde, at Borger A ikke ville.');
    expect(p.text('Vi talte med fru lund og åsemor.')).toBe('Vi talte med Borger A og Borger A.');
    expect(p.text('ørsted og lund')).toBe('Borger A og Borger A');
    expect(p.text('Bo Jensen og bo alene; Jensens bil og Åse’s cykel.')).toBe('Frivillig B og Frivillig B alene; Frivillig Bs bil og Borger A’s cykel.');
    expect(p.text('Åsebo er et sted; Åsen er et andet.')).toBe('Åsebo er et sted; Åsen er et andet.');
  });

  it('names speakers by pseudonym, or by real name only when chosen', () => {
    expect(p.nameOf('a')).toBe('Borger A');
    expect(p.nameOf(null)).toBe('Unknown speaker');
    const real = createPseudonymiser(people, { realNames: true });
    expect(real.nameOf('a')).toBe('Åse Ørsted-Lund');
    expect(real.nameOf('c')).toBe('Leder C');
    expect(real.text('Åse Ørsted-Lund')).toBe('Åse Ørsted-Lund');
    expect(real.enabled).toBe(false);
  });

  it('moves passage offsets (code points) into the replaced text', () => {
    const original = '👋 Åse Ørsted-Lund kom 🚲 i går';
    const mapped = p.mapped(original);
    expect(mapped.text).toBe('👋 Borger A kom 🚲 i går');
    const cp = (text: string, from: number, to: number) => [...text].slice(from, to).join('');
    const start = [...original].indexOf('k');
    expect(cp(mapped.text, mapped.mapOffset(start, 'start'), mapped.mapOffset([...original].length))).toBe('kom 🚲 i går');
    expect(mapped.mapOffset(0)).toBe(0);
    expect(mapped.mapOffset(4, 'start')).toBe(2);
    expect(mapped.mapOffset(4, 'end')).toBe(10);
  });

  it('previews what will be replaced, with counts', () => {
    const preview = p.preview(['Åse og Bo', 'åse']);
    expect(preview.find((entry) => entry.term === 'Åse')).toMatchObject({ pseudonym: 'Borger A', occurrences: 2, kind: 'name_part' });
    expect(preview.find((entry) => entry.term === 'Bo')).toMatchObject({ occurrences: 1 });
    expect(preview.find((entry) => entry.term === 'fru Lund')).toMatchObject({ kind: 'alias', occurrences: 0 });
    expect(replacementsFor(people).map((r) => r.term)[0]).toBe('Åse Ørsted-Lund');
  });
});
