import { describe, expect, it } from 'vitest';
import { eventHref } from '../../renderer/src/features/events/eventHref';
import { markInRendered, parseMatch, revealInTextarea, utf16Range } from '../../renderer/src/features/events/openAtMatch';
import { renderMarkdown } from '../../renderer/src/components/Markdown';

/** Opening an event at a search match (features/events/openAtMatch.ts): the address, the offsets, the marking. */
describe('open at a search match', () => {
  it('carries the match in the address of notes, reflections, phase entries and turns', () => {
    const match = { start: 12, end: 17 };
    expect(eventHref({ type: 'field_note', id: 'n', project_id: 'p' }, match)).toBe('/projects/p/notes/n/match/12-17');
    expect(eventHref({ type: 'reflection', id: 'r', project_id: 'p' }, match)).toBe('/projects/p/reflections/r/match/12-17');
    expect(eventHref({ type: 'phase_entry', id: 'e', project_id: 'p', cycle_id: 'c' }, match)).toBe('/projects/p/cycles/c/entries/e/match/12-17');
    expect(eventHref({ type: 'turn', id: 't', project_id: 'p', dialogue_id: 'd' }, match)).toBe('/projects/p/dialogues/d/turns/t/match/12-17');
    expect(eventHref({ type: 'dialogue', id: 'd', project_id: 'p' }, match)).toBe('/projects/p/dialogues/d');
    expect(eventHref({ type: 'field_note', id: 'n', project_id: 'p' }, null)).toBe('/projects/p/notes/n');
    expect(parseMatch('12-17')).toEqual(match);
    for (const bad of [undefined, '', '17-12', '3-3', 'a-b', '1-2-3', '-1-4']) expect(parseMatch(bad), bad).toBeUndefined();
  });

  it('turns code points into text-box offsets, and refuses a match the text no longer holds', () => {
    const text = '😀 Vi så døren.';
    expect(utf16Range(text, { start: 8, end: 13 })).toEqual({ start: 9, end: 14 });
    expect(text.slice(9, 14)).toBe('døren');
    expect(utf16Range(text, { start: 0, end: 1 })).toEqual({ start: 0, end: 2 });
    expect(utf16Range(text, { start: 8, end: 30 })).toBeUndefined();
  });

  it('selects the match in a text box and gives it focus', () => {
    const box = document.createElement('textarea');
    box.value = `${'linje\n'.repeat(50)}😀 Til sidst døren.`;
    document.body.append(box);
    const start = Array.from(box.value).length - 'døren.'.length;
    expect(revealInTextarea(box, { start, end: start + 5 })).toBe(true);
    expect(document.activeElement).toBe(box);
    expect(box.value.slice(box.selectionStart, box.selectionEnd)).toBe('døren');
    expect(revealInTextarea(box, { start: 900, end: 905 })).toBe(false);
    box.remove();
  });

  it('marks the same occurrence in rendered Markdown as in its source, once', () => {
    const source = 'En **dør** stod åben.\n\nVed *døren*: en dør til.';
    const container = document.createElement('div');
    container.innerHTML = renderMarkdown(source);
    // The last "dør" of the source is the third "dør…" of the rendered text.
    const start = source.lastIndexOf('dør');
    const mark = markInRendered(container, source, { start, end: start + 3 })!;
    expect(mark.textContent).toBe('dør');
    expect(mark.parentElement!.tagName).toBe('P');
    expect(mark.nextSibling!.textContent).toBe(' til.');
    expect(mark.previousSibling!.textContent).toBe(': en ');
    expect(container.querySelectorAll('mark.search-match')).toHaveLength(1);
    // Marking again leaves one mark, the words unchanged.
    const first = markInRendered(container, source, { start: 5, end: 8 })!;
    expect(first.parentElement!.tagName).toBe('STRONG');
    expect(container.querySelectorAll('mark.search-match')).toHaveLength(1);
    // Words that are not in the text as one run are not marked.
    expect(markInRendered(container, source, { start: 200, end: 203 })).toBeUndefined();
  });
});
