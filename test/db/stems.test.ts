import { describe, expect, it } from 'vitest';
import { indexedStems, isStemmable, snowballStem, stemsOf } from '../../db/stems.js';

/**
 * The stemmers are Snowball's (db/stems.ts). These pairs are taken from Snowball's own test vocabularies
 * (snowball-data: danish/ and english/ voc.txt → output.txt), plus the words of issue 13, so that a version of the
 * package that stems differently is noticed before it changes what the search index holds.
 */
const DANISH: [string, string][] = [
  ['anamerne', 'anam'], ['bedømte', 'bedømt'], ['danitiske', 'danitisk'], ['efterslætten', 'efterslæt'], ['firben', 'firb'],
  ['forråder', 'forråd'], ['føbe', 'føb'], ['grædetiden', 'grædetid'], ['helliggave', 'helliggav'], ['hustruer', 'hustru'],
  ['indtaget', 'indtag'], ['kamiternes', 'kamit'], ['lignende', 'lign'], ['møde', 'mød'], ['ombundne', 'ombundn'],
  ['overtænke', 'overtænk'], ['sjælekvide', 'sjælekvid'], ['smerter', 'smert'], ['strenge', 'streng'], ['sønnedatters', 'sønnedat'],
  ['tomheden', 'tom'], ['udgiver', 'udgiv'], ['utaknemmelige', 'utaknem'], ['dør', 'dør'], ['døren', 'dør'], ['dørene', 'dør'],
  ['ensom', 'ensom'], ['ensomme', 'ensom'], ['borgerne', 'borg'], ['frivillige', 'frivil'],
];
const ENGLISH: [string, string][] = [
  ['annoyances', 'annoy'], ['barbare', 'barbar'], ['bootuns', 'bootun'], ['coleridge', 'coleridg'], ['demoralisation', 'demoralis'],
  ['enshelter', 'enshelt'], ['fecks', 'feck'], ['guardedness', 'guarded'], ['instrumentality', 'instrument'], ['lapse', 'laps'],
  ['monopoly', 'monopoli'], ['october', 'octob'], ['peacocks', 'peacock'], ['resided', 'resid'], ['scattering', 'scatter'],
  ['skeletons', 'skeleton'], ['tangible', 'tangibl'], ['trials', 'trial'], ['unreasonable', 'unreason'], ['waning', 'wane'],
  ['meeting', 'meet'], ['meetings', 'meet'], ['happiness', 'happi'], ['communities', 'communiti'], ['generously', 'generous'],
];

describe('Snowball stemmers (db/stems.ts)', () => {
  it("give Snowball's reference stems in Danish and English", () => {
    expect(DANISH.map(([word]) => [word, snowballStem('da', word)])).toEqual(DANISH);
    expect(ENGLISH.map(([word]) => [word, snowballStem('en', word)])).toEqual(ENGLISH);
  });

  it('give each word its Danish and English stems that differ from it, in lower case', () => {
    expect(stemsOf('Ensomheden')).toEqual(['ensom']);
    expect(stemsOf('dør')).toEqual([]);
    expect(stemsOf('DØRENE')).toEqual(['dør']);
    expect(stemsOf('meetings')).toEqual(['meeting', 'meet']);
    // Decomposed letters are composed first (NFC), as the search box does.
    expect(stemsOf('A\u030Arene')).toEqual(stemsOf('årene'));
    expect(stemsOf('årene')).toEqual(['åren']);
  });

  it('stem only words that the index reads as one token', () => {
    for (const word of ['dør', 'Æbler', 'café', 'straße', '2026', 'łódź']) expect(isStemmable(word), word).toBe(true);
    for (const word of ['İstanbul', 'الكتاب', '東京', 'e\u0301\u0301x', 'x\u0308\u0301']) expect(isStemmable(word), word).toBe(false);
    expect(stemsOf('الكتاب')).toEqual([]);
  });

  it("index a text as its distinct words as they stand, then the stems that differ, split where FTS5's unicode61 splits", () => {
    expect(indexedStems('Døren, døren og DØRENE — meetings!')).toBe('Døren døren og DØRENE meetings dør meeting meet');
    expect(indexedStems('')).toBe('');
    expect(indexedStems(null)).toBe('');
    expect(indexedStems(42)).toBe('');
    // Marks split words for unicode61 (categories L* N* Co), so they split them here too; emoji are not words.
    expect(indexedStems('cafe\u0301 😀 x')).toBe('cafe x caf');
    // The same text gives the same stems (the SQL function is registered as deterministic).
    const text = 'De ensomme borgere mødtes ved dørene til biblioteket. Volunteers met at the community garden.';
    expect(indexedStems(text)).toBe(indexedStems(text));
  });
});
