import { describe, expect, it } from 'vitest';
import { JsonRowsError, parseJsonRows } from '../../electron/exchange/json-rows.js';

/** parseJsonRows accepts exactly the arrays JSON.parse accepts, and says why it refuses anything else. */
const encode = (text: string) => new TextEncoder().encode(text);

function reason(bytes: Uint8Array): string {
  try {
    parseJsonRows(bytes);
    return 'ok';
  } catch (error) {
    if (error instanceof JsonRowsError) return error.reason;
    throw error;
  }
}

describe('parseJsonRows', () => {
  it('gives what JSON.parse gives for arrays of rows, values, nesting, escapes and non-ASCII text', () => {
    const texts = [
      '[]',
      ' \n[ \t]\r\n',
      '[{"id":"a","body":"Åse sagde \\"hej\\" ] } , [ {","n":1.5e3,"x":null,"ok":true}]',
      '[ {"a":[1,[2,{"b":"]"}]]} , {"c":"\\\\"} ,"s",3,-0.5,false,null,[],{} ]',
      '[{"emoji":"🚲 og æøå","esc":"\\u00e6\\n"}]',
      JSON.stringify(Array.from({ length: 500 }, (_, i) => ({ id: `r${i}`, text: `række ${i} med , og ] og }`.repeat(i % 5) }))),
    ];
    for (const text of texts) expect(parseJsonRows(encode(text))).toEqual(JSON.parse(text));
    // A byte-order mark, as TextDecoder and the whole-text parse allowed before.
    expect(parseJsonRows(new Uint8Array([0xef, 0xbb, 0xbf, ...encode('[{"a":1}]')]))).toEqual([{ a: 1 }]);
  });

  it('refuses what JSON.parse refuses, and what is not an array, with the reason', () => {
    for (const text of ['[', '[1,]', '[,1]', '[1,,2]', '[1 2]', '[{"a":1]', '[{"a":1}}]', '[1]]', '[1] x', '["open]', '[{"a":1},', 'nope', '']) {
      expect(reason(encode(text)), text).toBe('json');
      expect(() => JSON.parse(text), text).toThrow();
    }
    for (const text of ['{"a":1}', '"text"', '12']) expect(reason(encode(text)), text).toBe('not-array');
    expect(reason(new Uint8Array([...encode('[{"a":"'), 0xff, 0xfe, ...encode('"}]')]))).toBe('utf8');
    expect(reason(new Uint8Array([...encode('[{"a":"'), 0xc3]))).toBe('json');
  });
});
