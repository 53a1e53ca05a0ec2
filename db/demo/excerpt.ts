/**
 * Offsets of a quoted passage in Unicode code points, as prompt_links and code_applications store them.
 * JavaScript strings index UTF-16 code units, so an emoji or any character outside the Basic Multilingual
 * Plane before the passage would shift a naive indexOf; these helpers count code points instead.
 */
export interface Excerpt {
  start: number;
  end: number;
  text: string;
}

/** The code-point length of a string. */
export function codePointLength(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

/** The slice [start, end) of text, counted in code points. */
export function sliceCodePoints(text: string, start: number, end: number): string {
  return Array.from(text).slice(start, end).join('');
}

/**
 * Finds `passage` in `text` (its `occurrence`-th appearance, from 1) and returns its code-point offsets.
 * Throws when the passage is not there, so content that drifted from its quotes fails loudly instead of
 * storing a link to the wrong words.
 */
export function excerptOf(text: string, passage: string, occurrence = 1): Excerpt {
  if (passage.length === 0) throw new Error('An excerpt cannot be empty.');
  let index = -1;
  for (let seen = 0; seen < occurrence; seen += 1) {
    index = text.indexOf(passage, index + 1);
    if (index < 0) {
      throw new Error(`The passage “${passage.slice(0, 60)}” does not occur ${occurrence} time(s) in the text “${text.slice(0, 60)}…”.`);
    }
  }
  const start = codePointLength(text.slice(0, index));
  const excerpt = { start, end: start + codePointLength(passage), text: passage };
  if (sliceCodePoints(text, excerpt.start, excerpt.end) !== passage) throw new Error('Excerpt offsets do not match the passage.');
  return excerpt;
}
