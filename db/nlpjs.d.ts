// The two Snowball stemmers db/stems.ts uses from nlp.js, which ships no type declarations.
declare module '@nlpjs/lang-da' {
  export class StemmerDa {
    constructor(container?: unknown);
    setCurrent(word: string): void;
    /** Snowball's stemming routine over the current word. */
    innerStem(): void;
    getCurrent(): string;
  }
}

declare module '@nlpjs/lang-en-min' {
  export class StemmerEn {
    constructor(container?: unknown);
    setCurrent(word: string): void;
    /** Snowball's stemming routine over the current word. */
    innerStem(): void;
    getCurrent(): string;
  }
}
