import './match.css';

/**
 * Opening an event at a search match. A search hit knows where its first match stands in the event's text (code
 * points, end exclusive: `match` in search:query); the hit's link carries it in the path (`…/match/START-END`,
 * see eventHref), and the screen that opens the event brings that passage into view and marks it: selected in a
 * note's or a reflection's text box, a <mark> in a phase entry's text and in a turn.
 */
export interface TextMatch {
  /** Code points from the start of the text. */
  start: number;
  /** Code points, exclusive. */
  end: number;
}

/** The path segment that carries a match. */
export function matchSegment(match: TextMatch): string {
  return `/match/${match.start}-${match.end}`;
}

/** The match from its path segment's value ("12-17"), or undefined when there is none or it makes no sense. */
export function parseMatch(range: string | undefined): TextMatch | undefined {
  const found = range ? /^(\d{1,9})-(\d{1,9})$/.exec(range) : null;
  if (!found) return undefined;
  const start = Number(found[1]);
  const end = Number(found[2]);
  return end > start ? { start, end } : undefined;
}

/**
 * The match as UTF-16 offsets into `text` (what text boxes and string slices count), or undefined when the text
 * is shorter than the match (it was edited since the search).
 */
export function utf16Range(text: string, match: TextMatch): { start: number; end: number } | undefined {
  let points = 0;
  let start: number | undefined;
  for (let index = 0; index <= text.length; ) {
    if (points === match.start) start = index;
    if (points === match.end) return start === undefined ? undefined : { start, end: index };
    if (index === text.length) break;
    const code = text.codePointAt(index)!;
    index += code > 0xffff ? 2 : 1;
    points += 1;
  }
  return undefined;
}

const MIRRORED = [
  'boxSizing', 'width', 'paddingTop', 'paddingRight', 'paddingBottom', 'paddingLeft', 'borderTopWidth', 'borderRightWidth',
  'borderBottomWidth', 'borderLeftWidth', 'borderStyle', 'fontFamily', 'fontSize', 'fontWeight', 'fontStyle', 'fontVariant',
  'lineHeight', 'letterSpacing', 'wordSpacing', 'textIndent', 'textTransform', 'tabSize',
] as const;

/** How far below the top of a text box's content the character at `index` stands (a hidden copy measures it). */
function offsetInTextarea(textarea: HTMLTextAreaElement, index: number): number {
  const style = getComputedStyle(textarea);
  const mirror = document.createElement('div');
  for (const property of MIRRORED) mirror.style[property] = style[property];
  Object.assign(mirror.style, { position: 'absolute', visibility: 'hidden', top: '0', left: '-10000px', height: 'auto', whiteSpace: 'pre-wrap', overflowWrap: 'break-word' });
  mirror.textContent = textarea.value.slice(0, index);
  const caret = document.createElement('span');
  caret.textContent = '\u200b';
  mirror.append(caret);
  document.body.append(mirror);
  const top = caret.offsetTop;
  mirror.remove();
  return top;
}

/** Brings a point inside an element (y pixels below its top) to the middle of whatever scrolls it into view. */
function scrollToPoint(element: HTMLElement, y: number): void {
  const parent = element.offsetParent instanceof HTMLElement ? element.offsetParent : document.body;
  const marker = document.createElement('span');
  Object.assign(marker.style, { position: 'absolute', left: `${element.offsetLeft}px`, top: `${element.offsetTop + y}px`, width: '1px', height: '1px' });
  marker.setAttribute('aria-hidden', 'true');
  parent.append(marker);
  marker.scrollIntoView?.({ block: 'center' });
  marker.remove();
}

/**
 * Selects the match in a text box, gives it focus and scrolls it into view (inside the box, when it scrolls, and
 * on the page). Returns false, changing nothing, when the text no longer holds the match's place.
 */
export function revealInTextarea(textarea: HTMLTextAreaElement, match: TextMatch): boolean {
  const range = utf16Range(textarea.value, match);
  if (!range) return false;
  textarea.focus({ preventScroll: true });
  textarea.setSelectionRange(range.start, range.end, 'forward');
  const top = offsetInTextarea(textarea, range.start);
  if (textarea.scrollHeight > textarea.clientHeight) textarea.scrollTop = Math.max(0, top - textarea.clientHeight / 3);
  scrollToPoint(textarea, top - textarea.scrollTop);
  return true;
}

/** Lower case where that keeps every offset (it does but for a few letters such as İ). */
function normalise(text: string): string {
  const lower = text.toLowerCase();
  return lower.length === text.length ? lower : text;
}

/**
 * Marks a match of `source` (the text a rendering was made from, e.g. Markdown) in the rendered `container`: the
 * matched words are looked for in the rendered text — the same occurrence as in the source, counting from the
 * start — and wrapped in <mark class="search-match">. Returns the mark, or undefined when the words are not
 * found as one run of text (the source changed, or formatting splits them).
 */
export function markInRendered(container: HTMLElement, source: string, match: TextMatch): HTMLElement | undefined {
  // One mark at a time: a mark left from before is taken away first.
  for (const old of Array.from(container.querySelectorAll('mark.search-match'))) old.replaceWith(...Array.from(old.childNodes));
  container.normalize();
  const range = utf16Range(source, match);
  if (!range) return undefined;
  const words = normalise(source.slice(range.start, range.end));
  if (!words.trim()) return undefined;
  const before = normalise(source.slice(0, range.start));
  let occurrence = 0;
  for (let at = before.indexOf(words); at !== -1; at = before.indexOf(words, at + 1)) occurrence += 1;

  const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
  const found: { node: Text; at: number }[] = [];
  for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
    const text = normalise(node.data);
    for (let at = text.indexOf(words); at !== -1; at = text.indexOf(words, at + 1)) found.push({ node, at });
  }
  const target = found[occurrence] ?? found[0];
  if (!target) return undefined;
  const matched = target.node.splitText(target.at);
  matched.splitText(words.length);
  const mark = document.createElement('mark');
  mark.className = 'search-match';
  matched.replaceWith(mark);
  mark.append(matched);
  return mark;
}
