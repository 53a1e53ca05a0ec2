import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connection.js';
import { generateInquiry, SCALES } from '../../db/generate/generate.js';
import { formatProgress } from '../../electron/cli/commands/generate.js';
import { findCommand } from '../../electron/cli/commands/index.js';
import { commandHelp, runCli } from '../../electron/cli/run.js';
import { rowCounts, tempDir } from '../helpers/temp.js';
import { allRows } from '../helpers/rows.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** runCli in this process with captured output. */
async function run(...argv: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { out: (text) => void (stdout += text), err: (text) => void (stderr += text) });
  return { code, stdout, stderr };
}

/** The real command line in a child process, as `npm run withness -- …` runs it. */
function withness(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['node_modules/tsx/dist/cli.mjs', 'electron/cli/withness.ts', ...args],
      { env: { ...process.env, WITHNESS_DEBUG: '' }, timeout: 170_000 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    );
  });
}

describe('withness generate', { timeout: 180_000 }, () => {
  it('writes the small inquiry, prints what it wrote as JSON and progress per kind on standard error', async () => {
    const file = join(tempDir(), 'journal.sqlite');
    const result = await run('generate', '--db', file, '--scale', 'small', '--seed', '11', '--json');
    expect(result.code).toBe(0);
    const printed = JSON.parse(result.stdout) as { file: string; project_id: string; seed: number; counts: Record<string, number>; rows_per_second: number };
    expect(printed.file).toBe(file);
    expect(printed.seed).toBe(11);
    expect(printed.counts.field_notes).toBe(SCALES.small.notes);
    expect(printed.counts.turns).toBe(SCALES.small.turns);
    expect(printed.rows_per_second).toBeGreaterThan(0);
    expect(result.stderr).toMatch(/field notes \d+%/);
    expect(result.stderr).toMatch(/field notes 100%.*rows\/s/);
    // A new file is built as FILE.partial and renamed when it is complete and checked.
    expect((printed as unknown as { bulk: boolean }).bulk).toBe(true);
    expect(readdirSync(dirname(file)).sort()).toEqual(['journal.sqlite']);
    const db = openDatabase(file);
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.prepare(`SELECT count(*) FROM field_notes WHERE project_id = ?`).pluck().get(printed.project_id)).toBe(SCALES.small.notes);
    } finally {
      db.close();
    }

    // The same seed again: refused with a sentence, nothing written, no stack trace.
    const before = (() => {
      const db2 = openDatabase(file);
      try {
        return rowCounts(db2);
      } finally {
        db2.close();
      }
    })();
    const again = await run('generate', '--db', file, '--scale', 'small', '--seed', '11', '--quiet');
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already holds the generated inquiry for scale small and seed 11/);
    expect(again.stderr).not.toMatch(/^\s+at /m);
    const db3 = openDatabase(file);
    try {
      expect(rowCounts(db3)).toEqual(before);
    } finally {
      db3.close();
    }
  });

  it('refuses wrong usage with exit code 2 and writes no file', async () => {
    const dir = tempDir();
    const file = join(dir, 'journal.sqlite');
    for (const args of [
      ['generate', '--db', file],
      ['generate', '--db', file, '--scale', 'huge'],
      ['generate', '--db', file, '--scale', 'small', '--seed', '-4'],
      ['generate', '--db', file, '--scale', 'small', '--seed', 'abc'],
      ['generate', '--db', file, '--scale', 'small', '--index', 'sometimes'],
      ['generate', '--scale', 'small'],
      ['generate', '--db', file, '--scale', 'small', '--colour'],
    ]) {
      const result = await run(...args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(/withness generate|--scale|--seed|--index|--db|colour/);
    }
    expect((await import('node:fs')).existsSync(file)).toBe(false);
  });

  it('is listed in help with its options', async () => {
    const help = await run('help', 'generate');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--scale/);
    expect(help.stdout).toMatch(/--seed/);
    expect(commandHelp(findCommand('generate')!)).toMatch(/small\|large/);
    const general = await run('help');
    expect(general.stdout).toMatch(/generate/);
  });

  it('formats a progress line with percent per kind and rows per second', () => {
    const kinds = Object.fromEntries(
      ['stakeholders', 'cycles', 'phase_entries', 'field_notes', 'dialogues', 'turns', 'reflections', 'prompt_links', 'code_applications'].map((kind) => [
        kind,
        { done: kind === 'field_notes' ? 250 : 0, total: 1000 },
      ]),
    );
    const line = formatProgress({ kinds: kinds as never, rows: 20_000, elapsed_ms: 2000 });
    expect(line).toContain('field notes 25%');
    expect(line).toContain('dialogue turns 0%');
    expect(line).toContain('10,000 rows/s');
  });

  it('runs as a real command line in a child process', async () => {
    const file = join(tempDir(), 'child.sqlite');
    const result = await withness('generate', '--db', file, '--scale', 'small', '--quiet');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Generated “Fællesskab i Nørreå — generated inquiry \(small, seed 1\)”/);
    expect(result.stdout).toMatch(/field notes\s+1,000/);
    expect(result.stderr).toBe('');
  });

  it('makes the same journal with the text made in a worker thread (under tsx) as on one thread, search index included', async () => {
    const dir = tempDir();
    const threaded = await withness('generate', '--db', join(dir, 'threaded.sqlite'), '--scale', 'small', '--seed', '12', '--quiet', '--json');
    expect(threaded.code).toBe(0);
    expect((JSON.parse(threaded.stdout) as { threaded: boolean }).threaded).toBe(true);
    const single = openDatabase(join(dir, 'single.sqlite'));
    try {
      // Under the test runner no worker can load TypeScript, so this one is made on one thread.
      expect(generateInquiry(single, { scale: 'small', seed: 12, threads: true }).threaded).toBe(false);
    } finally {
      single.close();
    }
    const dump = (name: string) => {
      const db = openDatabase(join(dir, name));
      try {
        return allRows(db, { searchIndex: true });
      } finally {
        db.close();
      }
    };
    const text = dump('threaded.sqlite');
    expect(text).toContain('events_fts_data');
    expect(text).toBe(dump('single.sqlite'));
  });
});
