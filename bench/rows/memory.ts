/**
 * `npm run bench -- --only memory`: peak memory of every export and import of the benchmark corpus (issue 14.4: peak RSS ≤ 1 GB each). Each command runs
 * in a child process of its own (bench/memory-child.ts), because a process's peak resident set only ever grows: the
 * figure is that command's alone, start-up included. The exports run on a working copy of the corpus; each import
 * reads the file its export wrote into a fresh journal. WITHNESS_BENCH_MEMORY (a comma-separated list of commands)
 * runs only those.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { atMost, row, unavailableRow, type BenchRow } from '../verdict.js';
import { formatMs, formatNumber } from '../stats.js';
import type { MemoryChildResult, MemoryCommand } from '../memory-child.js';
import type { RowContext, RowSource } from './source.js';

export const MEMORY_TARGET_MB = 1024;

export interface MemoryRow extends Partial<MemoryChildResult> {
  command: MemoryCommand;
  name: string;
  ok: boolean;
  /** Why a command has no figures. */
  error?: string;
}

const NAMES: Record<MemoryCommand, string> = {
  'qdpx-export': 'Peak RSS: .qdpx export (whole inquiry)',
  'qdpx-import': 'Peak RSS: .qdpx import into an empty journal',
  'bundle-export': 'Peak RSS: bundle export (plain)',
  'bundle-import': 'Peak RSS: bundle import (plain) into an empty journal',
  'bundle-export-encrypted': 'Peak RSS: bundle export (encrypted with a passphrase)',
  'bundle-import-encrypted': 'Peak RSS: bundle import (encrypted) into an empty journal',
  'report-cycle': 'Peak RSS: reflection report, one cycle, HTML',
  'report-inquiry': 'Peak RSS: reflection report, whole inquiry, HTML',
  'report-inquiry-markdown': 'Peak RSS: reflection report, whole inquiry, Markdown',
  'report-inquiry-docx': 'Peak RSS: reflection report, whole inquiry, Word (.docx)',
};

const PASSPHRASE = 'bench passphrase, not secret';

/**
 * Runs every command in order (exports before the imports that read their files) and returns one row per command.
 * `corpusCopy` is a working copy of the corpus the exports may open (they write nothing, but opening migrates).
 */
export function measureMemory(options: { dir: string; corpusCopy: string; projectId: string; cycleId: string; log: (line: string) => void }): MemoryRow[] {
  const child = fileURLToPath(new URL('../memory-child.ts', import.meta.url));
  const files = { qdpx: join(options.dir, 'memory-corpus.qdpx'), plain: join(options.dir, 'memory-plain.withness'), sealed: join(options.dir, 'memory-sealed.withness') };
  const plan: { command: MemoryCommand; db: 'corpus' | 'fresh'; file: string }[] = [
    { command: 'qdpx-export', db: 'corpus', file: files.qdpx },
    { command: 'bundle-export', db: 'corpus', file: files.plain },
    { command: 'bundle-export-encrypted', db: 'corpus', file: files.sealed },
    { command: 'report-cycle', db: 'corpus', file: '' },
    { command: 'report-inquiry', db: 'corpus', file: '' },
    { command: 'report-inquiry-markdown', db: 'corpus', file: '' },
    { command: 'report-inquiry-docx', db: 'corpus', file: '' },
    { command: 'qdpx-import', db: 'fresh', file: files.qdpx },
    { command: 'bundle-import', db: 'fresh', file: files.plain },
    { command: 'bundle-import-encrypted', db: 'fresh', file: files.sealed },
  ];
  const rows: MemoryRow[] = [];
  const scratch: string[] = [...Object.values(files)];
  // WITHNESS_BENCH_MEMORY=qdpx-export,qdpx-import measures only those (an import needs its export in the list).
  const only = process.env.WITHNESS_BENCH_MEMORY?.split(',').map((name) => name.trim()).filter(Boolean);
  try {
    for (const step of plan.filter((candidate) => !only || only.includes(candidate.command))) {
      const db = step.db === 'corpus' ? options.corpusCopy : join(options.dir, `memory-fresh-${step.command}.sqlite`);
      if (step.db === 'fresh') {
        scratch.push(db);
        for (const suffix of ['', '-wal', '-shm']) rmSync(`${db}${suffix}`, { force: true });
      }
      options.log(`Measuring memory: ${NAMES[step.command]} …`);
      const result = spawnSync(
        process.execPath,
        [...process.execArgv, child, step.command, '--db', db, '--project', options.projectId, '--file', step.file, '--cycle', options.cycleId, '--passphrase', PASSPHRASE],
        { encoding: 'utf8', maxBuffer: 1 << 20 },
      );
      const line = result.stdout.trim().split('\n').pop() ?? '';
      if (result.status !== 0 || !line.startsWith('{')) {
        rows.push({ command: step.command, name: NAMES[step.command], ok: false, error: (result.stderr || `exit ${result.status}`).trim().split('\n').slice(0, 3).join(' ') });
        continue;
      }
      rows.push({ ...(JSON.parse(line) as MemoryChildResult), name: NAMES[step.command], ok: true });
    }
  } finally {
    for (const file of scratch) for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
  }
  return rows;
}

/** The rows: one per command, its peak RSS against the 1 GB target, with wall and CPU time beside it. */
export const memoryRows: RowSource = {
  keys: ['memory'],
  async rows(context: RowContext): Promise<BenchRow[]> {
    const corpusCopy = context.scratchFile(`work-memory-${context.options.scale}.sqlite`);
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${corpusCopy}${suffix}`, { force: true });
    copyFileSync(context.corpus.file, corpusCopy);
    const cycles = context.api.prepare(`SELECT id FROM cycles WHERE project_id = ? AND deleted_at IS NULL ORDER BY ordinal`).pluck().all(context.projectId) as string[];
    const measured = measureMemory({
      dir: context.options.dir,
      corpusCopy,
      projectId: context.projectId,
      cycleId: cycles[Math.min(5, cycles.length - 1)]!,
      log: context.log,
    });
    return measured.map((m) => {
      const base = { key: 'memory', group: 'memory', name: m.name, channel: null, unit: 'MB' as const };
      if (!m.ok) return unavailableRow(base, `failed: ${m.error}`);
      return row(
        {
          ...base,
          peak_rss_mb: m.max_rss_mb!,
          note: `peak RSS of its own process ${formatNumber(m.max_rss_mb!)} MB; wall ${formatMs(m.wall_ms!)}, CPU ${formatMs(m.cpu_ms!)}; file ${formatNumber(Math.round(m.file_bytes! / 1e6))} MB`,
        },
        { wall: [m.max_rss_mb!], cpu: [m.cpu_ms!] },
        () => [atMost(m.max_rss_mb!, MEMORY_TARGET_MB, { what: 'peak RSS', unit: 'MB' })],
      );
    });
  },
};
