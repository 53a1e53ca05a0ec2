/**
 * `npm run bench [-- --scale small|large] [--json] [--seed N] [--iterations N] [--only a,b] [--dir DIR] [--rebuild] [--no-ripgrep]`
 *
 * Builds (once) a generated inquiry in .bench/, then measures the API the app uses on it — each figure next to
 * the same SQL on a raw better-sqlite3-multiple-ciphers handle (the floor) and search next to ripgrep over the same text as
 * Markdown files — and prints p50/p95 with the targets of the issue "Performance at scale". See PERFORMANCE.md.
 */
import { DATA_KEY_BYTES, openSqlite, rekeySqlite, type Db as SqliteDb } from '../db/sqlite.js';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { openDatabase, type Db } from '../db/connection.js';
import { GENERATOR_VERSION, type ScaleName } from '../db/generate/generate.js';
import { contract, type Channel } from '../electron/api/contract.js';
import { dispatch } from '../electron/api/dispatch.js';
import { Replayer, recordingDatabase, type Recording } from './capture.js';
import { ensureCorpus, ensureMarkdown, type Corpus } from './corpus.js';
import { ROW_SOURCES, sourceKeys } from './rows/index.js';
import type { ApiCase, RowContext } from './rows/source.js';
import { formatMs, formatNumber, formatRatio, percentile, table, timeOnce } from './stats.js';
import { atLeast, atMost, currentLoad, judged, ratioAtMost, tally, unavailableRow, verdictText, type BenchRow, type Target, type Verdict } from './verdict.js';

export type { Target } from './verdict.js';

export class BenchUsageError extends Error {}

export interface BenchOptions {
  scale: ScaleName;
  seed: number;
  json: boolean;
  dir: string;
  rebuild: boolean;
  ripgrep: boolean;
  /** Overrides every case's number of timed runs. */
  iterations?: number;
  /** Only these cases (by key). */
  only?: string[];
}

export const USAGE = `Usage: npm run bench -- [options]

  --scale small|large   corpus size (default large: 100k notes, 100k turns, 20k reflections; small is ~1%)
  --seed N              generator seed (default 1)
  --json                print the results as JSON on standard output (progress goes to standard error)
  --iterations N        timed runs per measurement (default: per measurement, fewer for the heavy exports)
  --only KEYS           comma-separated measurement keys (${'${keys}'})
  --dir DIR             where the corpus and scratch copies live (default .bench)
  --rebuild             build the corpus again even if its stamp matches
  --no-ripgrep          skip the ripgrep comparison
  --help                this text
`;

/** The measurements the API-overhead target applies to (the exports' files are mostly built in JavaScript). */
const QUERY_KEYS = ['save', 'search', 'timeline', 'timeline-filtered', 'timeline-all', 'timeline-list', 'backlinks', 'overview'] as const;

export const CASE_KEYS = [
  'ingest',
  'save',
  'search',
  'timeline',
  'timeline-filtered',
  'timeline-all',
  'timeline-list',
  'backlinks',
  'overview',
  'report',
  'qdpx',
  'bundle-export',
  'bundle-import',
  'encrypted',
] as const;
export type CaseKey = (typeof CASE_KEYS)[number];

export function usage(): string {
  return USAGE.replace('${keys}', allKeys().join(', '));
}

/** run.ts's own keys, then the row sources' (bench/rows/index.ts). */
export function allKeys(): string[] {
  return [...new Set<string>([...CASE_KEYS, ...sourceKeys()])];
}

/** Parses the command line; returns 'help' for --help; throws BenchUsageError for anything wrong. */
export function parseBenchArgs(argv: readonly string[]): BenchOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        scale: { type: 'string' },
        seed: { type: 'string' },
        json: { type: 'boolean' },
        iterations: { type: 'string' },
        only: { type: 'string' },
        dir: { type: 'string' },
        rebuild: { type: 'boolean' },
        'no-ripgrep': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    throw new BenchUsageError(error instanceof Error ? error.message : String(error));
  }
  const values = parsed.values;
  if (values.help) return 'help';
  const scale = values.scale ?? 'large';
  if (scale !== 'small' && scale !== 'large') throw new BenchUsageError(`--scale must be "small" or "large", not "${scale}".`);
  const seedText = values.seed ?? '1';
  if (!/^\d{1,9}$/.test(seedText)) throw new BenchUsageError(`--seed must be a whole number from 0 to 999999999, not "${seedText}".`);
  let iterations: number | undefined;
  if (values.iterations !== undefined) {
    if (!/^\d{1,5}$/.test(values.iterations) || Number(values.iterations) < 1) {
      throw new BenchUsageError(`--iterations must be a whole number from 1 to 99999, not "${values.iterations}".`);
    }
    iterations = Number(values.iterations);
  }
  let only: string[] | undefined;
  if (values.only !== undefined) {
    only = values.only.split(',').map((key) => key.trim()).filter(Boolean);
    const keys = allKeys();
    const unknown = only.filter((key) => !keys.includes(key));
    if (only.length === 0 || unknown.length > 0) {
      throw new BenchUsageError(`--only takes measurement keys from: ${keys.join(', ')}${unknown.length ? ` (unknown: ${unknown.join(', ')})` : ''}.`);
    }
  }
  if (values.dir !== undefined && values.dir.trim() === '') throw new BenchUsageError('--dir needs a folder.');
  return {
    scale,
    seed: Number(seedText),
    json: values.json ?? false,
    dir: resolve(values.dir ?? '.bench'),
    rebuild: values.rebuild ?? false,
    ripgrep: !values['no-ripgrep'],
    iterations,
    only,
  };
}

/** One row of the report (bench/verdict.ts): figures, targets, verdict. */
export type BenchResult = BenchRow;

export interface BenchReport {
  generated_at: string;
  scale: ScaleName;
  seed: number;
  generator_version: number;
  schema_version: number;
  corpus: { file: string; reused: boolean; built_at: string; counts: Record<string, number>; markdown_files: number | null };
  machine: {
    cpus: number;
    cpu_model: string;
    memory_gb: number;
    free_memory_gb: number;
    node: string;
    sqlite: string;
    platform: string;
    /** 1, 5 and 15 minutes, when the run started and when it ended (each row also has the 1-minute load when measured). */
    load_average: [number, number, number];
    load_average_at_end: [number, number, number];
    load_average_at_build: number;
  };
  results: BenchResult[];
  /** How many rows passed, missed, had no target, or could not be measured. */
  verdicts: Record<Verdict, number>;
  peak_rss_mb: number;
  method: string;
}

const TARGETS = {
  search: 20,
  timeline: 5,
  backlinks: 1,
  save: 10,
  report: 1000,
  overhead: 1.3,
  ingest: 20_000,
  /** Issue 14: our search ≥ 30× faster than ripgrep over the same text (p50). */
  ripgrep: 30,
  encrypted: 1.2,
};

/** Bundles are encrypted by default, so the bench measures that way (the key derivation is part of the cost). */
const BUNDLE_PASSPHRASE = 'bench passphrase, not secret';

/** The measurements repeated on an encrypted copy of the corpus (issue 14 point 6: the main rows, encrypted ≤ 1.2× plain). */
export const ENCRYPTED_KEYS = ['save', 'search', 'timeline', 'timeline-filtered', 'timeline-all', 'timeline-list', 'backlinks', 'overview'] as const;

function maxTarget(p95: number, limit: number): Target {
  return atMost(p95, limit, { what: 'p95', unit: 'ms' });
}

function overheadTarget(ratio: number): Target {
  return ratioAtMost(ratio, TARGETS.overhead, `API ≤ ${TARGETS.overhead}× raw SQL`);
}

/** run.ts's own cases: an API case (bench/rows/source.ts) under one of CASE_KEYS. */
interface CaseSpec extends ApiCase {
  key: CaseKey;
  channel: Channel;
}

function isQuery(spec: ApiCase): boolean {
  return spec.query ?? (QUERY_KEYS as readonly string[]).includes(spec.key);
}

/** Opens a raw handle with the pragmas the app uses (WAL, synchronous=FULL, foreign keys), keyed for an encrypted copy. */
function rawHandle(file: string, key?: Buffer): SqliteDb {
  const db = openSqlite(file, { key });
  db.pragma('busy_timeout = 5000');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  return db;
}

function copyDatabase(from: string, to: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${to}${suffix}`, { force: true });
  copyFileSync(from, to);
}

/** Encrypts a plain copy in place with `key` (SQLite refuses to rekey in WAL mode; the journal's open turns WAL on again). */
function encryptCopy(file: string, key: Buffer): void {
  const db = openSqlite(file);
  try {
    db.pragma('journal_mode = DELETE');
    rekeySqlite(db, key);
  } finally {
    db.close();
  }
}

/** The API and its raw-SQL floor on one pair of identical copies: the plain corpus, or the encrypted one. */
interface Side {
  api: Db;
  raw: SqliteDb;
  replayer: Replayer;
}

/** The search queries: one to three words, Danish and English, common and rare, the last word a prefix. */
export const SEARCH_QUERIES = [
  'borgerne',
  'frivillige',
  'madspild',
  'fælles',
  'volunteers',
  'biblioteket',
  'ældre dame',
  'community garden',
  'borgermøde kaffen',
  'frivillige kaffen tør',
  'volunteers bus stop',
  'sundhedsplejersken bekymrede åen',
];

function ripgrepAvailable(): boolean {
  const result = spawnSync('rg', ['--version'], { encoding: 'utf8' });
  return result.status === 0;
}

function ripgrep(dir: string, query: string): number {
  const terms = query.split(/\s+/).filter(Boolean);
  const args = ['--files-with-matches', '--ignore-case', '--fixed-strings', '--no-ignore', '--no-messages', ...terms.flatMap((term) => ['-e', term]), dir];
  const start = process.hrtime.bigint();
  const result = spawnSync('rg', args, { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0 && result.status !== 1) throw new Error(`ripgrep failed: ${result.stderr?.toString() ?? ''}`);
  return ms;
}

/** Runs the benchmark and returns its report; `log` receives progress lines. */
export async function runBench(options: BenchOptions, log: (line: string) => void): Promise<BenchReport> {
  const wanted = (key: CaseKey) => !options.only || options.only.includes(key);
  const corpus: Corpus = ensureCorpus({ dir: options.dir, scale: options.scale, seed: options.seed, rebuild: options.rebuild, log });
  log(corpus.reused ? `Reusing the corpus ${corpus.file} (built ${corpus.stamp.built_at}).` : `Corpus ready: ${corpus.file}.`);
  const projectId = corpus.stamp.project_id;
  const results: BenchResult[] = [];
  const runs = (spec: { small: number; large: number }) => options.iterations ?? spec[options.scale];
  let markdownFiles: number | null = null;
  let bundle: string | undefined;

  // 1. Ingest: from the generation that built the corpus.
  if (wanted('ingest')) {
    const rate = corpus.stamp.generation.rows_per_second;
    results.push({
      key: 'ingest',
      name: 'Bulk ingest (generator: text in a worker, one transaction, index filled set-wise)',
      channel: null,
      available: true,
      note:
        `${formatNumber(corpus.stamp.generation.rows)} rows in ${(corpus.stamp.generation.elapsed_ms / 1000).toFixed(1)} s when the corpus was built ` +
        `(${corpus.stamp.built_at}, load ${corpus.stamp.load_average}); ${(corpus.stamp.generation.cpu_ms / 1000).toFixed(1)} s of CPU, ` +
        `${formatNumber(corpus.stamp.generation.rows / (corpus.stamp.generation.cpu_ms / 1000))} rows per CPU-second`,
      unit: 'rows/s',
      iterations: 1,
      p50: rate,
      p95: rate,
      raw_p50: null,
      raw_p95: null,
      overhead: null,
      cpu_p50: corpus.stamp.generation.cpu_ms,
      targets: [atLeast(rate, TARGETS.ingest, { unit: 'rows/s' })],
      verdict: 'none',
      group: 'ingest',
      load_average: corpus.stamp.load_average,
    });
    judged(results[results.length - 1]!);
  }

  // Two identical working copies: the API writes to one, the raw replay to the other, so both stay in step.
  const apiFile = join(options.dir, `work-api-${options.scale}.sqlite`);
  const rawFile = join(options.dir, `work-raw-${options.scale}.sqlite`);
  log('Copying the corpus into two working copies …');
  copyDatabase(corpus.file, apiFile);
  copyDatabase(corpus.file, rawFile);
  const api: Db = openDatabase(apiFile);
  const raw = rawHandle(rawFile);
  const plainSide: Side = { api, raw, replayer: new Replayer(raw) };
  const scratch: string[] = [];
  const startMachine = machine(corpus.stamp.load_average);
  // Two encrypted copies, made on first use (the encrypted rows, or a row source asking for them).
  let encrypted: Side | undefined;
  const encryptedSide = async (): Promise<Side> => {
    if (encrypted) return encrypted;
    const dataKey = randomBytes(DATA_KEY_BYTES);
    const encryptedFiles = [join(options.dir, `work-encrypted-api-${options.scale}.sqlite`), join(options.dir, `work-encrypted-raw-${options.scale}.sqlite`)];
    scratch.push(...encryptedFiles);
    log('Encrypting two copies of the corpus …');
    for (const file of encryptedFiles) {
      copyDatabase(corpus.file, file);
      encryptCopy(file, dataKey);
    }
    const encryptedApi = openDatabase(encryptedFiles[0]!, { key: dataKey });
    const encryptedRaw = rawHandle(encryptedFiles[1]!, dataKey);
    encrypted = { api: encryptedApi, raw: encryptedRaw, replayer: new Replayer(encryptedRaw) };
    return encrypted;
  };

  try {
    const cycles = api.prepare(`SELECT id, started_on FROM cycles WHERE project_id = ? AND deleted_at IS NULL ORDER BY ordinal`).all(projectId) as {
      id: string;
      started_on: string;
    }[];
    const range = api
      .prepare(
        `SELECT (SELECT min(occurred_at) FROM events WHERE project_id = @p) AS first, (SELECT max(occurred_at) FROM events WHERE project_id = @p) AS last`,
      )
      .get({ p: projectId }) as {
      first: string;
      last: string;
    };
    const notes = api
      .prepare(`SELECT id FROM field_notes WHERE project_id = ? AND deleted_at IS NULL ORDER BY id LIMIT 2000`)
      .pluck()
      .all(projectId) as string[];
    const linked = api
      .prepare(`SELECT DISTINCT target_type, target_id FROM prompt_links WHERE project_id = ? AND deleted_at IS NULL ORDER BY id LIMIT 2000`)
      .all(projectId) as { target_type: string; target_id: string }[];
    const monthWindow = (i: number) => {
      const cycle = cycles[(i * 7) % cycles.length]!;
      const from = Date.parse(`${cycle.started_on}T00:00:00Z`) + (i % 3) * 86_400_000;
      return { from: new Date(from).toISOString(), to: new Date(from + 30 * 86_400_000).toISOString() };
    };
    const bundleData = () => {
      if (!bundle) throw new Error('No bundle was exported to import.');
      return bundle;
    };

    const cases: CaseSpec[] = [
      {
        key: 'save',
        name: 'Save one note (revision + search index, synchronous=FULL)',
        channel: 'notes:update',
        iterations: { small: 20, large: 60 },
        limitMs: TARGETS.save,
        input: (i, db) => {
          const id = notes[(i * 37) % notes.length]!;
          const row = db.prepare(`SELECT revision, body FROM field_notes WHERE id = ?`).get(id) as { revision: number; body: string };
          return { id, expected_revision: row.revision, body: `${row.body}\n\nTilføjet efter mødet (${i}): vi aftalte at ringe til biblioteket.` };
        },
      },
      {
        key: 'search',
        name: 'Search, 1–3 words, 50 results with snippets',
        channel: 'search:query',
        iterations: { small: SEARCH_QUERIES.length * 2, large: SEARCH_QUERIES.length * 5 },
        limitMs: TARGETS.search,
        input: (i) => ({ project_id: projectId, query: SEARCH_QUERIES[i % SEARCH_QUERIES.length]!, limit: 50 }),
        label: (input) => (input as { query: string }).query,
      },
      {
        key: 'timeline',
        name: 'Timeline window, one month, chart (density when over 2000 events)',
        channel: 'timeline:window',
        iterations: { small: 20, large: 40 },
        limitMs: TARGETS.timeline,
        input: (i) => ({ project_id: projectId, ...monthWindow(i), limit: 2000, buckets: 250, lanes: 'type' }),
      },
      {
        key: 'timeline-filtered',
        name: 'Timeline window, one month, filtered (phases, kinds, sectors)',
        channel: 'timeline:window',
        iterations: { small: 20, large: 40 },
        limitMs: TARGETS.timeline,
        input: (i) => ({
          project_id: projectId,
          ...monthWindow(i),
          filters: { phases: ['act', 'observe'], types: ['field_note', 'turn', 'reflection'], sectors: ['citizen', 'voluntary'] },
          limit: 2000,
          buckets: 250,
          lanes: 'sector',
        }),
      },
      {
        key: 'timeline-all',
        name: 'Timeline window, whole inquiry (density)',
        channel: 'timeline:window',
        iterations: { small: 10, large: 10 },
        limitMs: TARGETS.timeline,
        sameInputEachRun: true,
        input: () => ({ project_id: projectId, from: range.first, to: new Date(Date.parse(range.last) + 1).toISOString(), limit: 2000, buckets: 250, lanes: 'type' }),
      },
      {
        key: 'timeline-list',
        name: 'Timeline list, one month, first page of 200 labelled events',
        channel: 'timeline:window',
        iterations: { small: 20, large: 40 },
        limitMs: TARGETS.timeline,
        input: (i) => ({ project_id: projectId, ...monthWindow(i), limit: 200 }),
      },
      {
        key: 'backlinks',
        name: 'Backlinks of one event',
        channel: 'links:backlinks',
        iterations: { small: 50, large: 200 },
        limitMs: TARGETS.backlinks,
        input: (i) => {
          const target = linked[(i * 13) % linked.length]!;
          return { target_type: target.target_type, target_id: target.target_id };
        },
      },
      {
        key: 'overview',
        name: 'Project overview',
        channel: 'projects:overview',
        iterations: { small: 10, large: 10 },
        sameInputEachRun: true,
        input: () => ({ id: projectId }),
      },
      {
        key: 'report',
        heavy: true,
        name: 'Reflection report, one cycle, HTML',
        channel: 'exports:report',
        iterations: { small: 5, large: 3 },
        limitMs: TARGETS.report,
        input: (i) => ({ project_id: projectId, format: 'html', scope: { cycle_ids: [cycles[(i * 11 + 5) % cycles.length]!.id] } }),
      },
      {
        key: 'qdpx',
        heavy: true,
        name: 'Full REFI-QDA export (.qdpx)',
        channel: 'exchange:qdpx',
        iterations: { small: 3, large: 2 },
        sameInputEachRun: true,
        input: () => ({ project_id: projectId }),
      },
      {
        key: 'bundle-export',
        heavy: true,
        name: 'Bundle export (.withness, encrypted with a passphrase)',
        channel: 'exchange:bundleExport',
        iterations: { small: 3, large: 2 },
        sameInputEachRun: true,
        input: () => ({ project_id: projectId, passphrase: BUNDLE_PASSPHRASE }),
      },
      {
        key: 'bundle-import',
        heavy: true,
        name: 'Bundle import into an empty journal',
        channel: 'exchange:bundleImport',
        iterations: { small: 3, large: 2 },
        sameInputEachRun: true,
        freshDatabase: true,
        input: () => ({ file_name: 'corpus.withness', data_base64: bundleData(), passphrase: BUNDLE_PASSPHRASE }),
      },
    ];
    if (wanted('bundle-import') && !wanted('bundle-export')) cases.find((c) => c.key === 'bundle-export')!.iterations = { small: 1, large: 1 };

    for (const spec of cases) {
      const needed = wanted(spec.key) || (spec.key === 'bundle-export' && wanted('bundle-import'));
      if (!needed) continue;
      if (!(spec.channel in contract)) {
        results.push(unavailable(spec, `not available: there is no '${spec.channel}' channel yet`));
        continue;
      }
      log(`Measuring: ${spec.name} …`);
      try {
        const result = await measure(spec, runs(spec.iterations));
        if (wanted(spec.key)) results.push(result);
      } catch (error) {
        results.push(unavailable(spec, `failed: ${error instanceof Error ? error.message : String(error)}`));
      }
    }

    // The main queries again on an encrypted copy of the corpus, each beside its plain figure.
    if (wanted('encrypted')) {
      for (const key of ENCRYPTED_KEYS) {
        const spec = cases.find((c) => c.key === key)!;
        log(`Measuring on the encrypted journal: ${spec.name} …`);
        try {
          const plain = results.find((result) => result.key === key && result.available) ?? (await measure(spec, runs(spec.iterations)));
          results.push(encryptedRow(await measure(spec, runs(spec.iterations), await encryptedSide()), plain));
        } catch (error) {
          results.push(unavailable({ ...spec, key: 'encrypted', name: `Encrypted journal: ${spec.name}` }, `failed: ${error instanceof Error ? error.message : String(error)}`));
        }
      }
    }

    // Rows from the other modules (bench/rows/index.ts), each judged the same way.
    const context: RowContext = {
      options,
      corpus,
      projectId,
      api,
      raw,
      log,
      wanted: (key) => !options.only || options.only.includes(key),
      runs,
      measureApi: async (spec, journal = 'plain') => measure(spec, runs(spec.iterations), journal === 'encrypted' ? await encryptedSide() : plainSide),
      scratchFile: (name) => {
        const file = join(options.dir, name);
        scratch.push(file);
        return file;
      },
      results,
    };
    for (const source of ROW_SOURCES) {
      if (options.only && !source.keys.some((key) => options.only!.includes(key))) continue;
      try {
        for (const result of await source.rows(context)) results.push(judged(result));
      } catch (error) {
        results.push(unavailable({ key: source.keys[0]!, name: `Rows of ${source.keys.join(', ')}`, channel: null }, `failed: ${error instanceof Error ? error.message : String(error)}`));
      }
    }

    // The search figures against ripgrep over the same text.
    if (wanted('search')) {
      const search = results.find((result) => result.key === 'search');
      if (!options.ripgrep) results.push(ripgrepRow(null, 'skipped (--no-ripgrep)', search));
      else if (!ripgrepAvailable()) results.push(ripgrepRow(null, 'not available: ripgrep (rg) is not installed — apt-get install ripgrep', search));
      else {
        const markdown = ensureMarkdown(corpus, log);
        markdownFiles = markdown.files;
        log(`Measuring: ripgrep over ${formatNumber(markdown.files)} Markdown files …`);
        ripgrep(markdown.dir, SEARCH_QUERIES[0]!); // warm the page cache, as the database's is warm
        const samples: number[] = [];
        const perQuery = options.iterations ?? (options.scale === 'large' ? 3 : 2);
        const byQuery = new Map<string, number[]>();
        for (let round = 0; round < perQuery; round += 1) {
          for (const query of SEARCH_QUERIES) {
            const ms = ripgrep(markdown.dir, query);
            samples.push(ms);
            byQuery.set(query, [...(byQuery.get(query) ?? []), ms]);
          }
        }
        results.push({
          ...ripgrepRow(samples, null, search),
          by_input: [...byQuery].map(([label, times]) => ({ label, p50: percentile(times, 50), raw_p50: null })),
        });
      }
    }

    // API overhead summary: the median of the per-measurement ratios (plain journal; every query row, the sources' too).
    const ratios = results.filter((result) => result.overhead !== null && result.group === 'query').map((result) => result.overhead!);
    if (ratios.length > 0) {
      const median = percentile(ratios, 50);
      results.push({
        key: 'api-overhead',
        name: 'API overhead over raw SQL (median over the query rows: save, search, timeline, timeline list, backlinks, overview, …)',
        channel: null,
        available: true,
        note: `worst: ${formatRatio(Math.max(...ratios))}; every query row is judged on its own as well`,
        unit: 'ratio',
        iterations: ratios.length,
        p50: median,
        p95: percentile(ratios, 95),
        raw_p50: null,
        raw_p95: null,
        overhead: median,
        cpu_p50: null,
        targets: [overheadTarget(median)],
        verdict: 'none',
        group: 'query',
        load_average: currentLoad(),
      });
      judged(results[results.length - 1]!);
    }
  } finally {
    api.close();
    raw.close();
    if (encrypted) {
      encrypted.api.close();
      encrypted.raw.close();
    }
    for (const file of [apiFile, rawFile, ...scratch]) for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
  }

  return {
    generated_at: new Date().toISOString(),
    scale: options.scale,
    seed: options.seed,
    generator_version: GENERATOR_VERSION,
    schema_version: corpus.stamp.schema_version,
    corpus: {
      file: corpus.file,
      reused: corpus.reused,
      built_at: corpus.stamp.built_at,
      counts: corpus.stamp.generation.counts,
      markdown_files: markdownFiles,
    },
    machine: { ...startMachine, load_average_at_end: loadNow() },
    results,
    verdicts: tally(results),
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    method: METHOD,
  };

  async function measure(spec: ApiCase, iterations: number, side: Side = plainSide): Promise<BenchResult> {
    const apiTimes: number[] = [];
    const cpuTimes: number[] = [];
    const rawTimes: number[] = [];
    const captures = new Map<string, Recording>();
    const byLabel = new Map<string, { api: number[]; raw: number[]; cpu: number[] }>();
    for (let i = spec.heavy ? 0 : -1; i < iterations; i += 1) {
      // Run -1 warms caches and prepared statements on both sides; it is not counted.
      const input = spec.input(Math.max(0, i) + (i < 0 ? 1000 : 0), side.api);
      let apiDb: Db = side.api;
      let rawDb: SqliteDb = side.raw;
      let rawReplayer = side.replayer;
      let captureDb: Db = side.api;
      const opened: SqliteDb[] = [];
      if (spec.freshDatabase) {
        const n = scratch.length;
        const files = [join(options.dir, `fresh-api-${n}.sqlite`), join(options.dir, `fresh-raw-${n}.sqlite`), join(options.dir, `fresh-capture-${n}.sqlite`)];
        scratch.push(...files);
        apiDb = openDatabase(files[0]!);
        openDatabase(files[1]!).close();
        rawDb = rawHandle(files[1]!);
        rawReplayer = new Replayer(rawDb);
        captureDb = openDatabase(files[2]!);
        opened.push(apiDb, rawDb, captureDb);
      }
      try {
        // Capture the statements of this input without changing anything: BEGIN … ROLLBACK around a recorded call.
        const key = spec.sameInputEachRun ? 'same' : JSON.stringify(input);
        let recording = spec.freshDatabase ? undefined : captures.get(key);
        if (!recording) {
          recording = { steps: [], statements: 0 };
          captureDb.exec('BEGIN');
          try {
            const captured = await dispatch(recordingDatabase(captureDb, recording), spec.channel, input);
            if (!captured.ok) throw new Error(`${spec.channel}: ${captured.error.message}`);
          } finally {
            captureDb.exec('ROLLBACK');
          }
          if (!spec.freshDatabase) captures.set(key, recording);
        }
        let value: unknown;
        const cpuBefore = process.cpuUsage();
        const apiMs = await timeOnce(async () => {
          const result = await dispatch(apiDb, spec.channel, input);
          if (!result.ok) throw new Error(`${spec.channel}: ${result.error.message}`);
          value = result.value;
        });
        const cpu = process.cpuUsage(cpuBefore);
        const rawMs = await timeOnce(() => rawReplayer.replay(recording!));
        if (spec.key === 'bundle-export' && !bundle) bundle = (value as { data_base64: string }).data_base64;
        if (i >= 0) {
          apiTimes.push(apiMs);
          cpuTimes.push((cpu.user + cpu.system) / 1000);
          rawTimes.push(rawMs);
          const label = spec.label?.(input);
          if (label !== undefined) {
            const entry = byLabel.get(label) ?? { api: [], raw: [], cpu: [] };
            entry.api.push(apiMs);
            entry.raw.push(rawMs);
            entry.cpu.push((cpu.user + cpu.system) / 1000);
            byLabel.set(label, entry);
          }
        }
      } finally {
        for (const db of opened) db.close();
      }
    }
    const p50 = percentile(apiTimes, 50);
    const p95 = percentile(apiTimes, 95);
    const rawP50 = percentile(rawTimes, 50);
    const overhead = rawP50 > 0 ? p50 / rawP50 : null;
    const targets: Target[] = [];
    if (spec.limitMs !== undefined) targets.push(maxTarget(p95, spec.limitMs));
    if (overhead !== null && isQuery(spec)) targets.push(overheadTarget(overhead));
    return judged({
      key: spec.key,
      group: spec.group ?? (isQuery(spec) ? 'query' : 'export'),
      name: spec.name,
      channel: spec.channel,
      available: true,
      note: null,
      unit: 'ms',
      iterations,
      p50,
      p95,
      raw_p50: rawP50,
      raw_p95: percentile(rawTimes, 95),
      overhead,
      cpu_p50: percentile(cpuTimes, 50),
      cpu_p95: percentile(cpuTimes, 95),
      targets,
      verdict: 'none',
      load_average: currentLoad(),
      ...(byLabel.size > 0
        ? {
            by_input: [...byLabel].map(([label, times]) => ({
              label,
              p50: percentile(times.api, 50),
              raw_p50: percentile(times.raw, 50),
              cpu_p50: percentile(times.cpu, 50),
            })),
          }
        : {}),
    });
  }
}

/** An encrypted-journal row: its own figures, with the ratio to the plain journal's p50 as its target. */
function encryptedRow(encrypted: BenchResult, plain: BenchResult): BenchResult {
  const ratio = encrypted.p50! / plain.p50!;
  // Judged on CPU time when both sides have it: the two runs are minutes apart on a shared machine, and the wall
  // ratio moves with whatever else runs meanwhile (the wall ratio stays in the row and its note).
  const cpuRatio = encrypted.cpu_p50 && plain.cpu_p50 ? encrypted.cpu_p50 / plain.cpu_p50 : null;
  return judged({
    ...encrypted,
    key: 'encrypted',
    group: 'encrypted',
    name: `Encrypted journal: ${encrypted.name}`,
    plain_p50: plain.p50!,
    encrypted_ratio: ratio,
    ...(cpuRatio !== null ? { encrypted_cpu_ratio: cpuRatio } : {}),
    note:
      `${formatRatio(cpuRatio)} the plain journal's CPU p50 (${formatMs(encrypted.cpu_p50)} against ${formatMs(plain.cpu_p50)}); ` +
      `wall p50 ${formatRatio(ratio)} (${formatMs(encrypted.p50)} against ${formatMs(plain.p50)})`,
    by_input: undefined,
    targets: [
      ...encrypted.targets,
      cpuRatio !== null
        ? ratioAtMost(cpuRatio, TARGETS.encrypted, `encrypted ≤ ${TARGETS.encrypted}× plain (CPU p50)`)
        : ratioAtMost(ratio, TARGETS.encrypted, `encrypted ≤ ${TARGETS.encrypted}× plain (p50)`),
    ],
  });
}

function unavailable(spec: { key: string; name: string; channel: string | null }, note: string): BenchResult {
  return unavailableRow(spec, note);
}

function ripgrepRow(samples: number[] | null, note: string | null, search: BenchResult | undefined): BenchResult {
  const p50 = samples ? percentile(samples, 50) : null;
  const p95 = samples ? percentile(samples, 95) : null;
  const targets: Target[] = [];
  let speedup: number | null = null;
  if (p50 !== null && search?.p50) {
    speedup = p50 / search.p50;
    targets.push(atLeast(speedup, TARGETS.ripgrep, { unit: 'ratio', text: `search ≥ ${TARGETS.ripgrep}× faster than ripgrep` }));
  }
  return judged({
    key: 'ripgrep',
    name: 'ripgrep over the same text as Markdown files (same queries)',
    channel: null,
    available: samples !== null,
    note: note ?? (speedup !== null ? `our search is ${formatRatio(speedup)} faster at p50` : null),
    unit: 'ms',
    iterations: samples?.length ?? 0,
    p50,
    p95,
    raw_p50: null,
    raw_p95: null,
    overhead: null,
    cpu_p50: null,
    targets,
    verdict: 'none',
    group: 'search',
    load_average: currentLoad(),
  });
}

function loadNow(): [number, number, number] {
  return loadavg().map((value) => Number(value.toFixed(2))) as [number, number, number];
}

function machine(loadAtBuild: number): Omit<BenchReport['machine'], 'load_average_at_end'> {
  const probe = openSqlite(':memory:');
  const sqlite = probe.prepare('SELECT sqlite_version()').pluck().get() as string;
  probe.close();
  const load = loadavg().map((value) => Number(value.toFixed(2))) as [number, number, number];
  return {
    cpus: cpus().length,
    cpu_model: cpus()[0]?.model ?? 'unknown',
    memory_gb: Number((totalmem() / 2 ** 30).toFixed(1)),
    free_memory_gb: Number((freemem() / 2 ** 30).toFixed(1)),
    node: process.version,
    sqlite,
    platform: `${process.platform} ${process.arch}`,
    load_average: load,
    load_average_at_build: loadAtBuild,
  };
}

export const METHOD =
  'Each API figure is dispatch(db, channel, input) on a working copy of the corpus, as the app calls it (validation, handler, ' +
  'repositories, no output check). The raw SQL floor is the same statements with the same arguments, captured by running the ' +
  'same call once through a recording wrapper around db.prepare/exec/pragma/transaction inside BEGIN … ROLLBACK, then replayed ' +
  'on a plain better-sqlite3-multiple-ciphers handle to a second identical copy with the same pragmas (WAL, synchronous=FULL), each statement ' +
  'prepared once. Writes replay to their own copy, so both copies change alike. One untimed warm-up run precedes the timed runs ' +
  '(for the exports and the import, the untimed capture run is the warm-up). ' +
  'ripgrep: rg --files-with-matches --ignore-case --fixed-strings -e WORD … over one Markdown file per note, turn and ' +
  'reflection, page cache warm; it lists files with any of the words, a lower bound for an all-words search.';

/** The table as text. */
export function formatReport(report: BenchReport): string {
  const rows = report.results.map((result) => {
    const value = (v: number | null) =>
      v === null ? '–' : result.unit === 'rows/s' ? `${formatNumber(v)} rows/s` : result.unit === 'ratio' ? formatRatio(v) : result.unit === 'MB' ? `${formatNumber(v)} MB` : formatMs(v);
    return [
      result.name,
      result.available ? value(result.p50) : '–',
      result.available ? value(result.p95) : '–',
      formatMs(result.cpu_p50),
      formatMs(result.cpu_p95),
      formatMs(result.raw_p50),
      result.unit === 'ms' ? formatRatio(result.overhead) : '–',
      String(result.iterations || '–'),
      result.load_average === undefined ? '–' : result.load_average.toFixed(1),
      result.verdict === 'pass' ? 'pass' : result.verdict === 'miss' ? 'MISS' : result.verdict === 'none' ? '–' : 'n/a',
      verdictText(result),
    ];
  });
  const m = report.machine;
  const notes = report.results
    .filter((result) => result.available && result.note && result.targets.length > 0)
    .map((result) => `  ${result.name}: ${result.note}`);
  const search = report.results.find((result) => result.key === 'search' && result.by_input);
  if (search?.by_input) {
    const slowest = [...search.by_input].sort((a, b) => b.p50 - a.p50);
    notes.push(`  Search per query (API p50 / raw SQL p50): ${slowest.map((q) => `“${q.label}” ${formatMs(q.p50)} / ${formatMs(q.raw_p50)}`).join(', ')}`);
  }
  return [
    `Withness benchmark — ${report.scale} corpus (seed ${report.seed}, generator ${report.generator_version}, schema ${report.schema_version}), ${report.generated_at}`,
    `Corpus: ${Object.entries(report.corpus.counts).map(([kind, count]) => `${formatNumber(count)} ${kind.replace(/_/g, ' ')}`).join(', ')}`,
    `Machine: ${m.cpus} × ${m.cpu_model}, ${m.memory_gb} GB, Node ${m.node}, SQLite ${m.sqlite}, ${m.platform}; load average ${m.load_average.join(' / ')} at the start, ${(m.load_average_at_end ?? m.load_average).join(' / ')} at the end (shared machine: wall figures are noisy, compare CPU)`,
    '',
    table(['Measure', 'p50', 'p95', 'CPU p50', 'CPU p95', 'raw SQL p50', 'API÷raw', 'runs', 'load', 'verdict', 'Target'], rows),
    '',
    `Verdicts: ${report.verdicts ? `${report.verdicts.pass} pass, ${report.verdicts.miss} miss, ${report.verdicts.none} without a target, ${report.verdicts.unavailable} not measured` : '–'}`,
    '',
    ...(notes.length ? ['Notes:', ...notes, ''] : []),
    `Peak RSS of the benchmark process: ${formatNumber(report.peak_rss_mb)} MB`,
  ].join('\n');
}

async function main(): Promise<number> {
  let options;
  try {
    options = parseBenchArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof BenchUsageError) {
      process.stderr.write(`bench: ${error.message}\n\n${usage()}`);
      return 2;
    }
    throw error;
  }
  if (options === 'help') {
    process.stdout.write(usage());
    return 0;
  }
  mkdirSync(options.dir, { recursive: true });
  const log = (line: string) => void process.stderr.write(`${line}\n`);
  const result = await runBench(options, log);
  process.stdout.write(options.json ? `${JSON.stringify(result, null, 2)}\n` : `\n${formatReport(result)}\n`);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
