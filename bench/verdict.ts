/**
 * One bench row, its targets and its verdict — the shape every figure of `npm run bench -- --json` takes, so that
 * rows measured by different modules (search, timeline, ingest and memory, team sync, …) are judged and printed
 * alike. A row source (bench/rows/*.ts, listed in bench/rows/index.ts) returns rows built with `row()` and
 * targets built with `atMost` / `atLeast` / `ratioAtMost`; run.ts prints them in the same table and JSON.
 *
 * Wall time and CPU time are carried side by side because the bench machine is shared: the wall figure includes
 * waiting for the CPU and the disk, the CPU figure (user + system of the bench process, plus its worker threads)
 * much less so. Each row also records the load average when it was measured.
 */
import { loadavg } from 'node:os';
import { formatMs, formatNumber, formatRatio, percentile } from './stats.js';

export type Unit = 'ms' | 'rows/s' | 'ratio' | 'MB';

/** pass: every target met; miss: at least one missed; none: a figure without a target; unavailable: not measured. */
export type Verdict = 'pass' | 'miss' | 'none' | 'unavailable';

export interface Target {
  /** What the target says, e.g. "p95 ≤ 20.0 ms". */
  text: string;
  met: boolean;
  verdict: 'pass' | 'miss';
  /** The figure judged and the limit it was judged against (in the row's unit unless the target says otherwise). */
  value: number;
  limit: number;
  /** value ÷ limit: above 1 misses an at-most target, below 1 misses an at-least target. */
  ratio: number;
  /** How far off, when missed, e.g. "2.4× the target (+28 ms)"; null when met. */
  missed_by: string | null;
}

export interface BenchRow {
  /** The measurement key (what --only selects), e.g. 'search'; several rows may share one key. */
  key: string;
  /** The area a row belongs to, for grouping: 'query', 'search', 'timeline', 'ingest', 'memory', 'sync', 'ui', 'encrypted', … */
  group?: string;
  name: string;
  channel: string | null;
  available: boolean;
  /** Why a measurement has no figures (channel missing, tool missing, failure), or a remark on the figures. */
  note: string | null;
  unit: Unit;
  iterations: number;
  p50: number | null;
  p95: number | null;
  /** The same SQL replayed on a raw better-sqlite3-multiple-ciphers handle (API rows only). */
  raw_p50: number | null;
  raw_p95: number | null;
  /** API p50 ÷ raw SQL p50. */
  overhead: number | null;
  /** CPU time (user + system) per run, ms: less sensitive to a busy machine than wall time. */
  cpu_p50: number | null;
  cpu_p95?: number | null;
  targets: Target[];
  /** pass / miss / none / unavailable, from the targets. */
  verdict: Verdict;
  /** The 1-minute load average when the row was measured. */
  load_average?: number;
  /** Peak resident set of the process that did the work, when the row measures it (a command run in a child). */
  peak_rss_mb?: number;
  /** For the encrypted journal's rows: the same measurement's p50 on the plain journal, and encrypted ÷ plain. */
  plain_p50?: number;
  /** Encrypted ÷ plain: wall p50, and CPU p50 (what the target judges when both sides have CPU figures). */
  encrypted_ratio?: number;
  encrypted_cpu_ratio?: number;
  /** Figures per input where they differ a lot (search: per query). */
  by_input?: { label: string; p50: number; raw_p50: number | null; cpu_p50?: number | null }[];
}

function formatIn(unit: Unit, value: number): string {
  if (unit === 'ms') return formatMs(value);
  if (unit === 'rows/s') return `${formatNumber(value)} rows/s`;
  if (unit === 'MB') return `${formatNumber(value)} MB`;
  return formatRatio(value);
}

function limitText(unit: Unit, limit: number): string {
  if (unit === 'ratio') return `${limit}×`;
  return formatIn(unit, limit);
}

/** The figure must be at most `limit` (times, sizes, ratios). `what` names the figure, e.g. 'p95', 'API ÷ raw SQL'. */
export function atMost(value: number, limit: number, options: { what?: string; unit?: Unit; text?: string } = {}): Target {
  const unit = options.unit ?? 'ms';
  const text = options.text ?? `${options.what ?? 'p95'} ≤ ${limitText(unit, limit)}`;
  const ratio = value / limit;
  const met = value <= limit;
  let missed_by: string | null = null;
  if (!met) {
    missed_by =
      unit === 'ratio'
        ? `${formatRatio(value)} is ${Math.round((ratio - 1) * 100)}% over`
        : `${ratio.toFixed(ratio >= 10 ? 0 : 1)}× the target (+${formatIn(unit, value - limit)})`;
  }
  return { text, met, verdict: met ? 'pass' : 'miss', value, limit, ratio, missed_by };
}

/** The figure must be at least `limit` (rates, speed-ups). */
export function atLeast(value: number, limit: number, options: { what?: string; unit?: Unit; text?: string } = {}): Target {
  const unit = options.unit ?? 'rows/s';
  const text = options.text ?? `${options.what ? `${options.what} ` : ''}≥ ${limitText(unit, limit)}`;
  const ratio = value / limit;
  const met = value >= limit;
  const missed_by = met
    ? null
    : unit === 'ratio'
      ? `only ${formatRatio(value)} (${Math.round(ratio * 100)}% of the target)`
      : `${Math.round(ratio * 100)}% of the target (−${formatIn(unit, limit - value)})`;
  return { text, met, verdict: met ? 'pass' : 'miss', value, limit, ratio, missed_by };
}

/** A ratio that must stay at most `limit`, e.g. API ÷ raw SQL ≤ 1.3×, encrypted ÷ plain ≤ 1.2×. */
export function ratioAtMost(ratio: number, limit: number, text: string): Target {
  return atMost(ratio, limit, { unit: 'ratio', text });
}

export function verdictOf(row: Pick<BenchRow, 'available' | 'targets'>): Verdict {
  if (!row.available) return 'unavailable';
  if (row.targets.length === 0) return 'none';
  return row.targets.every((target) => target.met) ? 'pass' : 'miss';
}

/** Wall and CPU samples of one measurement (ms each), e.g. from `timeWithCpu`. */
export interface Samples {
  wall: number[];
  cpu?: number[];
}

/**
 * A row from samples: p50/p95 of the wall times, p50/p95 of the CPU times, the load now, and the verdict of the
 * targets, which `targets` builds from the figures (so a target can be on p95, p50, a ratio, …).
 */
export function row(
  base: { key: string; name: string; group?: string; channel?: string | null; unit?: Unit; note?: string | null } & Partial<
    Pick<BenchRow, 'raw_p50' | 'raw_p95' | 'overhead' | 'peak_rss_mb' | 'by_input' | 'plain_p50' | 'encrypted_ratio'>
  >,
  samples: Samples,
  targets: (figures: { p50: number; p95: number; cpu_p50: number | null }) => Target[] = () => [],
): BenchRow {
  const p50 = percentile(samples.wall, 50);
  const p95 = percentile(samples.wall, 95);
  const cpu = samples.cpu && samples.cpu.length > 0 ? samples.cpu : null;
  const cpu_p50 = cpu ? percentile(cpu, 50) : null;
  const built: BenchRow = {
    key: base.key,
    ...(base.group ? { group: base.group } : {}),
    name: base.name,
    channel: base.channel ?? null,
    available: true,
    note: base.note ?? null,
    unit: base.unit ?? 'ms',
    iterations: samples.wall.length,
    p50,
    p95,
    raw_p50: base.raw_p50 ?? null,
    raw_p95: base.raw_p95 ?? null,
    overhead: base.overhead ?? null,
    cpu_p50,
    cpu_p95: cpu ? percentile(cpu, 95) : null,
    targets: targets({ p50, p95, cpu_p50 }),
    verdict: 'none',
    load_average: currentLoad(),
    ...(base.peak_rss_mb !== undefined ? { peak_rss_mb: base.peak_rss_mb } : {}),
    ...(base.by_input ? { by_input: base.by_input } : {}),
    ...(base.plain_p50 !== undefined ? { plain_p50: base.plain_p50 } : {}),
    ...(base.encrypted_ratio !== undefined ? { encrypted_ratio: base.encrypted_ratio } : {}),
  };
  built.verdict = verdictOf(built);
  return built;
}

/** A row that could not be measured, saying why. */
export function unavailableRow(base: { key: string; name: string; group?: string; channel?: string | null; unit?: Unit }, note: string): BenchRow {
  return {
    key: base.key,
    ...(base.group ? { group: base.group } : {}),
    name: base.name,
    channel: base.channel ?? null,
    available: false,
    note,
    unit: base.unit ?? 'ms',
    iterations: 0,
    p50: null,
    p95: null,
    raw_p50: null,
    raw_p95: null,
    overhead: null,
    cpu_p50: null,
    cpu_p95: null,
    targets: [],
    verdict: 'unavailable',
    load_average: currentLoad(),
  };
}

/** Sets `verdict` from the targets again (after a caller added a target to a row). */
export function judged<T extends BenchRow>(result: T): T {
  result.verdict = verdictOf(result);
  return result;
}

export function currentLoad(): number {
  return Number(loadavg()[0]!.toFixed(2));
}

/** Times `fn` once: wall ms and CPU ms (user + system of this process, worker threads included). */
export async function timeWithCpu<T>(fn: () => T | Promise<T>): Promise<{ wall: number; cpu: number; value: T }> {
  const cpuBefore = process.cpuUsage();
  const start = process.hrtime.bigint();
  const value = await fn();
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  const cpu = process.cpuUsage(cpuBefore);
  return { wall, cpu: (cpu.user + cpu.system) / 1000, value };
}

/** The verdict column of the table: "ok: …" for each met target, "MISSED …: by how much" for each missed one. */
export function verdictText(result: BenchRow): string {
  if (!result.available) return result.note ?? 'not available';
  if (result.targets.length === 0) return result.note ?? '';
  return result.targets.map((target) => (target.met ? `ok: ${target.text}` : `MISSED ${target.text}: ${target.missed_by}`)).join('; ');
}

/** Counts of the verdicts, for the report's summary line. */
export function tally(rows: readonly BenchRow[]): Record<Verdict, number> {
  const counts: Record<Verdict, number> = { pass: 0, miss: 0, none: 0, unavailable: 0 };
  for (const result of rows) counts[result.verdict] += 1;
  return counts;
}
