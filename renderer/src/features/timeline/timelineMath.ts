import {
  addDays,
  addHours,
  addMonths,
  addWeeks,
  addYears,
  format,
  startOfDay,
  startOfHour,
  startOfMonth,
  startOfWeek,
  startOfYear,
  type Locale,
} from 'date-fns';

/** The visible stretch of time, in milliseconds since the epoch; `end` is exclusive. */
export interface View {
  start: number;
  end: number;
}

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
/** The closest zoom: one day across the whole width. */
export const MIN_SPAN = DAY;

/** The whole inquiry with a little air on both sides (at least a day across). */
export function fitView(first: number, last: number): View {
  const span = Math.max(last - first, 0);
  const pad = Math.max(span * 0.04, 12 * HOUR);
  let start = first - pad;
  let end = last + pad;
  if (end - start < MIN_SPAN) {
    const middle = (first + last) / 2;
    start = middle - MIN_SPAN / 2;
    end = middle + MIN_SPAN / 2;
  }
  return { start: Math.floor(start), end: Math.ceil(end) };
}

/** The widest zoom: somewhat more than the whole inquiry (or a year when it is short). */
export function maxSpan(whole: View | undefined): number {
  const span = whole ? whole.end - whole.start : 0;
  return Math.max(span * 1.5, 365 * DAY);
}

/** Zooms by `factor` (< 1 zooms in) keeping the time at `anchor` where it is on screen. */
export function zoomView(view: View, factor: number, anchor: number, widest: number): View {
  const span = view.end - view.start;
  const next = Math.min(Math.max(span * factor, MIN_SPAN), widest);
  const ratio = span > 0 ? (anchor - view.start) / span : 0.5;
  const start = anchor - ratio * next;
  return { start: Math.round(start), end: Math.round(start + next) };
}

export function panView(view: View, delta: number): View {
  return { start: Math.round(view.start + delta), end: Math.round(view.end + delta) };
}

/** The same span, centred on a time (used to bring a selected event into view). */
export function centreOn(view: View, time: number): View {
  const half = (view.end - view.start) / 2;
  return { start: Math.round(time - half), end: Math.round(time + half) };
}

export function contains(view: View, time: number): boolean {
  return time >= view.start && time < view.end;
}

interface TickUnit {
  step: number;
  start: (date: Date, locale: Locale) => Date;
  add: (date: Date, amount: number) => Date;
  amount: number;
  pattern: string;
  /** Pattern when the tick starts a larger unit (a new day among hours, a new year among months). */
  major?: { test: (date: Date) => boolean; pattern: string };
}

const UNITS: TickUnit[] = [
  { step: HOUR, amount: 1, start: (d) => startOfHour(d), add: addHours, pattern: 'HH:mm', major: { test: (d) => d.getHours() === 0, pattern: 'd MMM' } },
  { step: 3 * HOUR, amount: 3, start: (d) => startOfDay(d), add: addHours, pattern: 'HH:mm', major: { test: (d) => d.getHours() === 0, pattern: 'd MMM' } },
  { step: 6 * HOUR, amount: 6, start: (d) => startOfDay(d), add: addHours, pattern: 'HH:mm', major: { test: (d) => d.getHours() === 0, pattern: 'd MMM' } },
  { step: 12 * HOUR, amount: 12, start: (d) => startOfDay(d), add: addHours, pattern: 'HH:mm', major: { test: (d) => d.getHours() === 0, pattern: 'd MMM' } },
  { step: DAY, amount: 1, start: (d) => startOfDay(d), add: addDays, pattern: 'd', major: { test: (d) => d.getDate() === 1, pattern: 'd MMM' } },
  { step: 2 * DAY, amount: 2, start: (d) => startOfDay(d), add: addDays, pattern: 'd', major: { test: (d) => d.getDate() <= 2, pattern: 'd MMM' } },
  { step: 7 * DAY, amount: 1, start: (date, locale) => startOfWeek(date, { locale }), add: addWeeks, pattern: 'd MMM' },
  { step: 30 * DAY, amount: 1, start: (d) => startOfMonth(d), add: addMonths, pattern: 'MMM', major: { test: (d) => d.getMonth() === 0, pattern: 'yyyy' } },
  { step: 91 * DAY, amount: 3, start: (d) => startOfYear(d), add: addMonths, pattern: 'MMM', major: { test: (d) => d.getMonth() === 0, pattern: 'yyyy' } },
  { step: 365 * DAY, amount: 1, start: (d) => startOfYear(d), add: addYears, pattern: 'yyyy' },
  { step: 5 * 365 * DAY, amount: 5, start: (d) => startOfYear(d), add: addYears, pattern: 'yyyy' },
];

export interface Tick {
  time: number;
  label: string;
  major: boolean;
}

/** Axis ticks at calendar boundaries, spaced at least `minGap` pixels apart, labelled in the UI's language. */
export function ticks(view: View, width: number, locale: Locale, minGap = 64): Tick[] {
  const msPerPx = (view.end - view.start) / Math.max(width, 1);
  const unit = UNITS.find((candidate) => candidate.step / msPerPx >= minGap) ?? UNITS[UNITS.length - 1]!;
  const result: Tick[] = [];
  let date = unit.start(new Date(view.start), locale);
  for (let guard = 0; guard < 400 && date.getTime() < view.end; guard++) {
    const time = date.getTime();
    if (time >= view.start) {
      const major = unit.major?.test(date) ?? false;
      result.push({ time, label: format(date, major && unit.major ? unit.major.pattern : unit.pattern, { locale }), major });
    }
    date = unit.add(date, unit.amount);
  }
  return result;
}

/** Marks standing at (nearly) the same place are stacked in rows instead of hiding one another. */
export function stackRows(xs: readonly number[], gap: number, maxRows: number): { rows: number[]; used: number } {
  const lastInRow: number[] = [];
  const rows = xs.map((x) => {
    for (let row = 0; row < lastInRow.length; row++) {
      if (x - lastInRow[row]! >= gap) {
        lastInRow[row] = x;
        return row;
      }
    }
    if (lastInRow.length < maxRows) {
      lastInRow.push(x);
      return lastInRow.length - 1;
    }
    // Every row is taken here: overlap in the row that has been free the longest.
    let oldest = 0;
    for (let row = 1; row < lastInRow.length; row++) if (lastInRow[row]! < lastInRow[oldest]!) oldest = row;
    lastInRow[oldest] = x;
    return oldest;
  });
  return { rows, used: lastInRow.length };
}
