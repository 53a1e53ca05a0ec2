import type { Random } from './random.js';
import * as W from './words.js';

export type Language = 'da' | 'en';

/** What a piece of text can talk about: the cycle's themes and the people involved (first names). */
export interface TextContext {
  themes: readonly string[];
  names: readonly string[];
}

const COMPOUNDS: readonly string[] = W.DA_PREFIXES.flatMap((prefix) => W.DA_SUFFIXES.map((suffix) => prefix + suffix));

/** Every Danish compound the generator can write (for tests and benchmark queries). */
export function danishCompounds(): readonly string[] {
  return COMPOUNDS;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function danishObject(random: Random, context: TextContext): string {
  if (context.themes.length > 0 && random.chance(0.22)) return `${random.pick(W.DA_DETERMINERS)} ${random.pick(context.themes)}`;
  return `${random.pick(W.DA_DETERMINERS)} ${random.zipf(COMPOUNDS, 1.05)}`;
}

function englishObject(random: Random, context: TextContext): string {
  if (context.themes.length > 0 && random.chance(0.22)) return `the ${random.pick(context.themes)}`;
  if (random.chance(0.15)) return `the ${random.zipf(COMPOUNDS, 1.05)}`; // Danish words turn up in English notes too
  return random.pick(W.EN_OBJECTS);
}

function subject(random: Random, language: Language, context: TextContext): string {
  if (context.names.length > 0 && random.chance(0.08)) return random.pick(context.names);
  return random.pick(language === 'da' ? W.DA_SUBJECTS : W.EN_SUBJECTS);
}

/** One sentence, 8–20 words, ending with a full stop. */
export function sentence(random: Random, language: Language, context: TextContext): string {
  return sentenceWithLength(random, language, context).text;
}

function wordsIn(text: string): number {
  let count = 1;
  for (let i = text.indexOf(' '); i >= 0; i = text.indexOf(' ', i + 1)) count += 1;
  return count;
}

function sentenceWithLength(random: Random, language: Language, context: TextContext): { text: string; words: number } {
  const parts: string[] = [];
  const who = subject(random, language, context);
  const isName = context.names.includes(who);
  if (language === 'da') {
    // Subject, verb, object, place, time: Danish word order without inversion.
    parts.push(who, random.pick(W.DA_VERBS), danishObject(random, context));
    if (random.chance(0.7)) parts.push(random.pick(W.DA_PLACES));
    if (random.chance(0.25)) parts.push(random.pick(W.DA_OPENERS).toLowerCase());
    if (random.chance(0.45)) parts.push(random.pick(W.DA_CLAUSES));
  } else {
    if (random.chance(0.3)) parts.push(`${random.pick(W.EN_OPENERS)},`, isName ? who : who.charAt(0).toLowerCase() + who.slice(1));
    else parts.push(who);
    parts.push(random.pick(W.EN_VERBS), englishObject(random, context));
    if (random.chance(0.7)) parts.push(random.pick(W.EN_PLACES));
    if (random.chance(0.45)) parts.push(random.pick(W.EN_CLAUSES));
  }
  let text = parts.join(' ');
  if (random.chance(0.004)) text += ` ${random.pick(W.EMOJI)}`;
  return { text: `${capitalise(text)}${random.chance(0.06) ? '?' : '.'}`, words: wordsIn(text) };
}

/** About `words` words of mixed-language sentences (mostly `language`), as one paragraph. */
export function paragraph(random: Random, language: Language, context: TextContext, words: number): string {
  const sentences: string[] = [];
  let total = 0;
  while (total < words) {
    const lang: Language = random.chance(0.12) ? (language === 'da' ? 'en' : 'da') : language;
    const next = sentenceWithLength(random, lang, context);
    sentences.push(next.text);
    total += next.words;
  }
  return sentences.join(' ');
}

/** A field note body in Markdown: a few paragraphs, sometimes a list or a bold phrase, about `words` words. */
export function noteBody(random: Random, language: Language, context: TextContext, words: number): string {
  const paragraphs: string[] = [];
  let left = words;
  while (left > 0) {
    const size = Math.min(left, random.int(35, 70));
    let text = paragraph(random, language, context, size);
    if (random.chance(0.1)) text = text.replace(/^(\S+ \S+)/, '**$1**');
    paragraphs.push(text);
    left -= size;
    if (left > 0 && random.chance(0.12)) {
      const items = random.int(2, 4);
      const list: string[] = [];
      for (let i = 0; i < items; i += 1) list.push(`- ${sentence(random, language, context)}`);
      paragraphs.push(list.join('\n'));
      left -= items * 10;
    }
  }
  return paragraphs.join('\n\n');
}

export function noteTitle(random: Random, language: Language, context: TextContext): string {
  if (language === 'da') {
    const place = random.pick(W.DA_PLACES);
    const topic = context.themes.length > 0 && random.chance(0.4) ? ` om ${random.pick(context.themes)}` : '';
    return `${random.pick(W.NOTE_TITLE_DA)} ${place}${topic}`;
  }
  const place = random.pick(W.EN_PLACES);
  const topic = context.themes.length > 0 && random.chance(0.4) ? ` about ${random.pick(context.themes)}` : '';
  return `${random.pick(W.NOTE_TITLE_EN)} ${place}${topic}`;
}

/** A reflection: withness prose, first person, mixing reflective sentences with what happened. */
export function reflectionBody(random: Random, language: Language, context: TextContext, words: number): string {
  const reflective = language === 'da' ? W.DA_REFLECTIVE : W.EN_REFLECTIVE;
  const paragraphs: string[] = [];
  let left = words;
  while (left > 0) {
    const size = Math.min(left, random.int(40, 80));
    paragraphs.push(`${random.pick(reflective)} ${paragraph(random, language, context, size)}`);
    left -= size + 12;
  }
  return paragraphs.join('\n\n');
}

/** What someone says in a dialogue: one to four sentences, sometimes a short reply. */
export function turnText(random: Random, language: Language, context: TextContext): string {
  if (random.chance(0.1)) return random.pick(language === 'da' ? ['Ja, præcis.', 'Det er jeg ikke sikker på.', 'Må jeg lige spørge om noget?', 'Godt.', 'Nej, det tror jeg ikke på.'] : ['Yes, exactly.', 'I am not sure about that.', 'Can I ask something?', 'Good.', 'No, I do not think so.']);
  return paragraph(random, language, context, random.int(15, 70));
}

/** Turns a sentence list into a heading-like title (first words of a sentence). */
export function shortTitle(random: Random, language: Language, context: TextContext, maxWords = 8): string {
  const words = sentence(random, language, context).replace(/[.?]$/, '').split(' ');
  return words.slice(0, Math.min(words.length, random.int(4, maxWords))).join(' ');
}
