import type { Output } from '../../../../electron/api/contract';
import { plainInline } from '../cycles/cycleNames';

export type SearchHit = Output<'search:query'>['hits'][number];
export type SnippetPart = SearchHit['snippet'][number];

/** A snippet from the search index: plain text parts, the matched words in <mark>. Never HTML. */
export function Snippet({ parts, className, id }: { parts: readonly SnippetPart[]; className?: string; id?: string }) {
  return (
    <span className={className} id={id}>
      {parts.map((part, i) => (part.hit ? <mark key={i}>{part.text}</mark> : <span key={i}>{plainSnippet(part.text)}</span>))}
    </span>
  );
}

/** The start of a text as one calm line, for results that have no snippet (lists by filter). */
export function preview(text: string, max = 220): string {
  const line = text
    .replace(/[#>*_`~[\]()]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const points = Array.from(line);
  return points.length > max ? `${points.slice(0, max).join('').replace(/\s+\S*$/, '')}…` : line;
}

/** Markdown marks (emphasis, headings, list bullets) left out of snippet text; the words stay. */
function plainSnippet(text: string): string {
  return plainInline(text.replace(/(^|\n)\s*(#{1,6}|[-*+]|>)\s+/g, '$1')).replace(/\*+/g, '');
}

/**
 * An event's label for lists. Labels cut from the text (turns, untitled notes) end mid-word at 80
 * characters; this ends them at a word, with "…".
 */
export function eventLabel(event: { label: string; text: string }, fallback: string): string {
  const label = event.label.replace(/\s+/g, ' ').trim();
  if (!label) return fallback;
  const text = event.text.replace(/\s+/g, ' ').trim();
  const colon = label.indexOf(': ');
  const tail = colon >= 0 && !text.startsWith(label) ? label.slice(colon + 2) : label;
  if (tail.length >= 20 && text.startsWith(tail) && text.length > tail.length) {
    return `${label.slice(0, label.length - tail.length)}${tail.replace(/\s+\S*$/, '').replace(/[.,;:!?]+$/, '')}…`;
  }
  return label;
}
