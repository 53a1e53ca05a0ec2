/**
 * Passages are stored as offsets in Unicode code points (an emoji counts once), while the DOM reports
 * selections in UTF-16 units and a textarea turns "\r\n" into "\n". These helpers translate.
 */

/** Code points in the first `utf16Offset` UTF-16 units of `text`. */
export function toCodePointOffset(text: string, utf16Offset: number): number {
  let count = 0;
  for (let i = 0; i < utf16Offset && i < text.length; i++) {
    const code = text.charCodeAt(i);
    // A low surrogate continues the code point its high surrogate started.
    if (code >= 0xdc00 && code <= 0xdfff && i > 0 && isHigh(text.charCodeAt(i - 1))) continue;
    count += 1;
  }
  return count;
}

function isHigh(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** Widens a UTF-16 range so it never cuts a surrogate pair in half, and trims white space at its ends. */
export function tidyRange(text: string, start: number, end: number): [number, number] {
  let s = Math.max(0, Math.min(start, end));
  let e = Math.min(text.length, Math.max(start, end));
  if (s > 0 && s < text.length && isHigh(text.charCodeAt(s - 1)) && !isHigh(text.charCodeAt(s))) s -= 1;
  if (e > 0 && e < text.length && isHigh(text.charCodeAt(e - 1))) e += 1;
  while (s < e && /\s/.test(text[s]!)) s += 1;
  while (e > s && /\s/.test(text[e - 1]!)) e -= 1;
  return [s, e];
}

/** How a textarea shows a text: every "\r\n" and lone "\r" become "\n". */
export function textareaValue(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/** Maps an offset in textareaValue(text) back to the same place in `text` (both in UTF-16 units). */
export function fromTextareaOffset(text: string, offset: number): number {
  if (!text.includes('\r')) return offset;
  let shown = 0;
  let i = 0;
  while (i < text.length && shown < offset) {
    i += text[i] === '\r' && text[i + 1] === '\n' ? 2 : 1;
    shown += 1;
  }
  return i;
}

export interface Passage {
  start: number;
  end: number;
  text: string;
}

/** The passage a textarea selection covers, as code-point offsets into the original text; undefined if empty. */
export function passageFromSelection(text: string, selectionStart: number, selectionEnd: number): Passage | undefined {
  const [s, e] = tidyRange(text, fromTextareaOffset(text, selectionStart), fromTextareaOffset(text, selectionEnd));
  if (e <= s) return undefined;
  return { start: toCodePointOffset(text, s), end: toCodePointOffset(text, e), text: text.slice(s, e) };
}
