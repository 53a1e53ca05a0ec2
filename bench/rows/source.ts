/**
 * What a module that adds rows to `npm run bench` receives and returns. A row source lives in bench/rows/<area>.ts
 * and is listed in bench/rows/index.ts; run.ts calls each wanted source after its own measurements, with the
 * working copies it measures on, and prints the rows it returns in the same table and JSON (see bench/verdict.ts
 * for the row, its targets and its verdict).
 */
import type { Db as SqliteDb } from '../../db/sqlite.js';
import type { Db } from '../../db/connection.js';
import type { Channel } from '../../electron/api/contract.js';
import type { Corpus } from '../corpus.js';
import type { BenchOptions } from '../run.js';
import type { BenchRow } from '../verdict.js';

/** One API measurement: dispatch(db, channel, input) against the same SQL replayed raw (as run.ts's own rows). */
export interface ApiCase {
  key: string;
  name: string;
  group?: string;
  channel: Channel;
  iterations: { small: number; large: number };
  /** The input of run i (prepared outside the timing), from the journal it will run on. */
  input: (i: number, db: Db) => unknown;
  /** p95 ≤ this many ms (a target row); the API ÷ raw SQL ≤ 1.3× target is added when `query` is set. */
  limitMs?: number;
  /** A query the API-overhead target applies to (and the API-overhead summary includes). */
  query?: boolean;
  /** Capture once and replay for every run (same input each time, and a read). */
  sameInputEachRun?: boolean;
  /** A database of its own per run (an import), created outside the timing. */
  freshDatabase?: boolean;
  /** A long export or import: no separate warm-up run. */
  heavy?: boolean;
  /** Names the input, to report figures per input (e.g. per search query). */
  label?: (input: unknown) => string;
}

export interface RowContext {
  options: BenchOptions;
  corpus: Corpus;
  projectId: string;
  /** The working copy the API runs on (plain), and the raw handle on its identical twin. */
  api: Db;
  raw: SqliteDb;
  log: (line: string) => void;
  /** Whether --only asked for this key (true for every key without --only). */
  wanted: (key: string) => boolean;
  /** The number of timed runs for a case (--iterations overrides it). */
  runs: (iterations: { small: number; large: number }) => number;
  /** Measures an API case on the plain copies, or on the encrypted copies (opened on first use). */
  measureApi: (spec: ApiCase, journal?: 'plain' | 'encrypted') => Promise<BenchRow>;
  /** A file path in the bench folder that is removed (with -wal/-shm) when the run ends. */
  scratchFile: (name: string) => string;
  /** The rows measured so far (e.g. the search row, to compare against). */
  results: readonly BenchRow[];
}

export interface RowSource {
  /** The --only keys this source answers to; it runs when any of them is wanted. */
  keys: readonly string[];
  rows: (context: RowContext) => Promise<BenchRow[]>;
}
