import { describe, expect, it } from 'vitest';
import { atLeast, atMost, ratioAtMost, row, tally, unavailableRow, verdictOf, verdictText } from '../../bench/verdict.js';

describe('bench verdicts', () => {
  it('judges an at-most target and says by how much it was missed', () => {
    const met = atMost(18, 20);
    expect(met).toMatchObject({ text: 'p95 ≤ 20.0 ms', met: true, verdict: 'pass', missed_by: null, value: 18, limit: 20 });
    const missed = atMost(50, 20);
    expect(missed).toMatchObject({ met: false, verdict: 'miss', ratio: 2.5 });
    expect(missed.missed_by).toBe('2.5× the target (+30.0 ms)');
    expect(atMost(20, 20).met).toBe(true);
  });

  it('judges at-least targets (rates, speed-ups) and ratios', () => {
    expect(atLeast(25_000, 20_000).met).toBe(true);
    const slow = atLeast(8_000, 20_000);
    expect(slow).toMatchObject({ text: '≥ 20,000 rows/s', met: false });
    expect(slow.missed_by).toBe('40% of the target (−12,000 rows/s)');
    const speedup = atLeast(12, 30, { unit: 'ratio', text: 'search ≥ 30× faster than ripgrep' });
    expect(speedup.missed_by).toBe('only 12× (40% of the target)');
    const overhead = ratioAtMost(1.56, 1.3, 'API ≤ 1.3× raw SQL');
    expect(overhead).toMatchObject({ met: false, verdict: 'miss' });
    expect(overhead.missed_by).toBe('1.56× is 20% over');
  });

  it('builds a row with wall and CPU percentiles, the load, and a verdict from every target', () => {
    const wall = [5, 1, 2, 3, 4];
    const cpu = [1, 1, 2, 2, 3];
    const passing = row({ key: 'x', name: 'X' }, { wall, cpu }, ({ p95 }) => [atMost(p95, 10)]);
    expect(passing).toMatchObject({ p50: 3, p95: 5, cpu_p50: 2, cpu_p95: 3, iterations: 5, verdict: 'pass', available: true });
    expect(typeof passing.load_average).toBe('number');
    const missing = row({ key: 'x', name: 'X' }, { wall }, ({ p50, p95 }) => [atMost(p50, 10, { what: 'p50' }), atMost(p95, 4)]);
    expect(missing.verdict).toBe('miss');
    expect(missing.cpu_p50).toBeNull();
    expect(verdictText(missing)).toBe('ok: p50 ≤ 10.0 ms; MISSED p95 ≤ 4.00 ms: 1.3× the target (+1.00 ms)');
    const plain = row({ key: 'y', name: 'Y' }, { wall });
    expect(plain.verdict).toBe('none');
    const gone = unavailableRow({ key: 'z', name: 'Z' }, 'not available: no rg');
    expect(verdictOf(gone)).toBe('unavailable');
    expect(tally([passing, missing, plain, gone])).toEqual({ pass: 1, miss: 1, none: 1, unavailable: 1 });
  });
});
