import { describe, expect, it } from 'vitest';
import { DRAWN_WHOLE_UP_TO, rowsInView } from '../../renderer/src/components/PagedList';

/** The rows a long list draws follow from the scroll position and the fixed row height alone (issue 14). */
describe('rowsInView', () => {
  it('gives the rows crossing the window, with six more at each edge', () => {
    // 40 px rows, the list 100 px down the page, scrolled to 100 + 4,000 px: rows 100… are at the top of the window.
    expect(rowsInView(100_000, 40, 100, 4_100, 800)).toEqual({ first: 94, last: 125 });
    // A row cut by the window's top edge counts.
    expect(rowsInView(100_000, 40, 100, 4_120, 800)).toEqual({ first: 94, last: 126 });
  });

  it('stays inside the list at its top, at its end and past it', () => {
    expect(rowsInView(100_000, 40, 300, 0, 800)).toEqual({ first: 0, last: 18 });
    expect(rowsInView(100, 40, 0, 3_600, 800)).toEqual({ first: 84, last: 99 });
    expect(rowsInView(100, 40, 0, 1_000_000, 800)).toEqual({ first: 99, last: 99 });
  });

  it('draws a short list whole, wherever the window is (find in page and screen readers see every row)', () => {
    // Six dialogues under a tall form, the window still at the top of the page: all six, not the first few.
    expect(rowsInView(6, 80, 1_050, 0, 800)).toEqual({ first: 0, last: 5 });
    expect(rowsInView(DRAWN_WHOLE_UP_TO, 40, 0, 100_000, 800)).toEqual({ first: 0, last: DRAWN_WHOLE_UP_TO - 1 });
    // One more and only the rows in view are drawn.
    expect(rowsInView(DRAWN_WHOLE_UP_TO + 1, 40, 2_000, 0, 800)).toEqual({ first: 0, last: 0 });
  });

  it('draws nothing for an empty list', () => {
    expect(rowsInView(0, 40, 0, 0, 800)).toEqual({ first: 0, last: -1 });
  });
});
