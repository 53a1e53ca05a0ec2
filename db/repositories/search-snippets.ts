/**
 * Search snippets made in JavaScript from the texts the index holds, the way FTS5's `snippet()` makes them.
 *
 * Why not `snippet()` itself: an auxiliary function only runs inside a MATCH statement, and such a statement costs
 * FTS5 a pass over every match of the query (or, asked by rowid, a seek per term per document, about 0.1 ms each on
 * the large inquiry): 4–8 ms per search for a common word, a quarter of the search budget, to mark 50 short
 * passages. The algorithm is small and fixed (fts5_aux.c): choose, over every hit, the window of `tokens` tokens
 * that holds the most distinct phrases (1,000 points each, 1 for a repeat), centred on its hits, or one starting a
 * sentence (+100, +120 at the very start of the column); the title column first, the earliest best window wins;
 * mark the hits, coalescing overlapping ones; "…" where the window does not reach an end of the text.
 * test/db/search-snippets.test.ts holds the two together on generated texts for many queries.
 */

/** FTS5 unicode61's token characters (L*, N*, Co), as the index splits words. */
const TOKEN = /[\p{L}\p{N}\p{Co}]+/gu;

/** One phrase of the query: words in order (one word for a word), the last one a prefix or not. */
export interface SnippetPhrase {
  /** Lower case. */
  words: readonly string[];
  prefix: boolean;
}

interface Token {
  folded: string;
  start: number;
  end: number;
}

interface Instance {
  phrase: number;
  column: number;
  offset: number;
}

function tokensOf(text: string): Token[] {
  const tokens: Token[] = [];
  for (const found of text.matchAll(TOKEN)) tokens.push({ folded: found[0].toLowerCase(), start: found.index, end: found.index + found[0].length });
  return tokens;
}

/** Every hit of every phrase in one column, in token order (FTS5's xInst order within a column). */
function instancesIn(tokens: readonly Token[], phrases: readonly SnippetPhrase[], column: number): Instance[] {
  const instances: Instance[] = [];
  for (let offset = 0; offset < tokens.length; offset += 1) {
    phrases.forEach((phrase, index) => {
      const last = phrase.words.length - 1;
      if (offset + last >= tokens.length) return;
      for (let k = 0; k <= last; k += 1) {
        const token = tokens[offset + k]!.folded;
        const word = phrase.words[k]!;
        if (!(k === last && phrase.prefix ? token.startsWith(word) : token === word)) return;
      }
      instances.push({ phrase: index, column, offset });
    });
  }
  return instances;
}

/** The first token of each sentence: the first one, and any after whitespace that follows '.' or ':'. */
function sentenceStarts(text: string, tokens: readonly Token[]): number[] {
  const starts: number[] = [];
  tokens.forEach((token, index) => {
    if (index === 0) {
      starts.push(0);
      return;
    }
    let i = token.start - 1;
    while (i >= 0 && ' \t\n\r'.includes(text[i]!)) i -= 1;
    if (i !== token.start - 1 && i >= 0 && (text[i] === '.' || text[i] === ':')) starts.push(index);
  });
  return starts;
}

/** fts5SnippetScore: the window's score and, centred on its hits, where it would start. */
function score(instances: readonly Instance[], phrases: readonly SnippetPhrase[], size: number, from: number, tokens: number): { score: number; start: number } {
  const seen = new Set<number>();
  let total = 0;
  let first = -1;
  let last = 0;
  for (const instance of instances) {
    if (instance.offset < from || instance.offset >= from + tokens) continue;
    total += seen.has(instance.phrase) ? 1 : 1000;
    seen.add(instance.phrase);
    if (first < 0) first = instance.offset;
    last = instance.offset + phrases[instance.phrase]!.words.length;
  }
  let start = first - Math.trunc((tokens - (last - first)) / 2);
  if (start + tokens > size) start = size - tokens;
  if (start < 0) start = 0;
  return { score: total, start };
}

/**
 * The snippet of one event: `columns` are its indexed texts (title, body), `phrases` what to mark. The same text
 * FTS5's `snippet(table, -1, start, end, ellipsis, tokens)` gives for a row holding these columns.
 */
export function makeSnippet(
  columns: readonly string[],
  phrases: readonly SnippetPhrase[],
  marks: { start: string; end: string; ellipsis: string; tokens: number },
): string;
/**
 * Or undefined when the texts do not match: `require: 'all'` (the phrases joined by AND), 'any' (by OR) — the rows a
 * MATCH statement would not have returned.
 */
export function makeSnippet(
  columns: readonly string[],
  phrases: readonly SnippetPhrase[],
  marks: { start: string; end: string; ellipsis: string; tokens: number },
  require: 'all' | 'any',
): string | undefined;
export function makeSnippet(
  columns: readonly string[],
  phrases: readonly SnippetPhrase[],
  marks: { start: string; end: string; ellipsis: string; tokens: number },
  require?: 'all' | 'any',
): string | undefined {
  const n = marks.tokens;
  const tokenised = columns.map(tokensOf);
  const hits = tokenised.map((tokens, column) => instancesIn(tokens, phrases, column));
  if (require) {
    const found = new Set(hits.flatMap((column) => column.map((instance) => instance.phrase)));
    if (require === 'all' ? found.size < phrases.length : found.size === 0) return undefined;
  }
  let best = 0;
  let bestColumn = 0;
  let bestStart = 0;
  columns.forEach((text, column) => {
    const tokens = tokenised[column]!;
    const size = tokens.length;
    const starts = sentenceStarts(text, tokens);
    for (const instance of hits[column]!) {
      const window = score(hits[column]!, phrases, size, instance.offset, n);
      if (window.score > best) {
        best = window.score;
        bestColumn = column;
        bestStart = window.start;
      }
      if (starts.length > 0 && size > n) {
        let j = 0;
        while (j < starts.length - 1 && !(starts[j + 1]! > instance.offset)) j += 1;
        if (starts[j]! < instance.offset) {
          const sentence = score(hits[column]!, phrases, size, starts[j]!, n).score + (starts[j] === 0 ? 120 : 100);
          if (sentence > best) {
            best = sentence;
            bestColumn = column;
            bestStart = starts[j]!;
          }
        }
      }
    }
  });
  const text = columns[bestColumn] ?? '';
  const tokens = tokenised[bestColumn] ?? [];
  const rangeEnd = bestStart + n - 1;
  // Coalesced hits (overlapping instances make one), from the first that starts inside the window.
  const spans: { start: number; end: number }[] = [];
  for (const instance of hits[bestColumn] ?? []) {
    const end = instance.offset + phrases[instance.phrase]!.words.length - 1;
    const open = spans[spans.length - 1];
    if (open && instance.offset <= open.end) open.end = Math.max(open.end, end);
    else spans.push({ start: instance.offset, end });
  }
  let out = bestStart > 0 ? marks.ellipsis : '';
  let copied = bestStart > 0 && tokens[bestStart] ? tokens[bestStart]!.start : 0;
  let span = spans.findIndex((candidate) => candidate.start >= bestStart);
  if (span < 0) span = spans.length;
  let open = false;
  for (let position = bestStart; position <= rangeEnd && position < tokens.length; position += 1) {
    const token = tokens[position]!;
    const current = spans[span];
    if (current && position === current.start && !open) {
      out += text.slice(copied, token.start) + marks.start;
      copied = token.start;
      open = true;
    }
    if (current && position === current.end) {
      out += text.slice(copied, token.end) + marks.end;
      copied = token.end;
      open = false;
      span += 1;
    }
    if (position === rangeEnd) {
      out += text.slice(copied, token.end) + (open ? marks.end : '');
      copied = token.end;
      open = false;
    }
  }
  if (open) out += marks.end;
  out += rangeEnd >= tokens.length - 1 ? text.slice(copied) : marks.ellipsis;
  return out;
}
