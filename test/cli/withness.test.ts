import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSqlite } from '../../db/sqlite.js';
import { describe, expect, it } from 'vitest';
import { DEMO_TITLE } from '../../db/demo/content.js';
import { tempDir } from '../helpers/temp.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The real command line in a child process, as `npm run withness -- …` runs it. */
function withness(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['node_modules/tsx/dist/cli.mjs', 'electron/cli/withness.ts', ...args],
      { env: { ...process.env, WITHNESS_DEBUG: '' }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

function readJournal(file: string) {
  const db = openSqlite(file, { readonly: true, fileMustExist: true });
  try {
    return {
      projects: db.prepare('SELECT id, title, is_fictional FROM projects').all() as { id: string; title: string; is_fictional: number }[],
      notes: db.prepare('SELECT count(*) FROM field_notes').pluck().get() as number,
      turns: db.prepare('SELECT count(*) FROM dialogue_turns').pluck().get() as number,
      integrity: db.pragma('integrity_check', { simple: true }),
    };
  } finally {
    db.close();
  }
}

function expectNoStackTrace(run: Run) {
  expect(run.stderr).not.toMatch(/^\s+at /m);
  expect(run.stderr).not.toMatch(/node:internal|\.ts:\d+/);
}

// Each run starts a fresh Node process with tsx, which takes a few seconds on a busy machine.
describe('withness demo', { timeout: 120_000 }, () => {
  it('creates the demo in a new journal file and says what it created', async () => {
    const file = join(tempDir(), 'nested', 'folder', 'journal.sqlite');
    const run = await withness('demo', '--db', file);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Created the fictional example inquiry “${DEMO_TITLE}”`);
    expect(run.stdout).toContain(file);
    for (const [label, count] of [['cycles', 3], ['phase entries', 12], ['field notes', 25], ['stakeholders', 10], ['dialogues', 6], ['dialogue turns', 60], ['reflections', 12]] as const) {
      expect(run.stdout).toMatch(new RegExp(`^\\s+${label}\\s+${count}$`, 'm'));
    }
    const journal = readJournal(file);
    expect(journal.projects).toHaveLength(1);
    expect(journal.projects[0]).toMatchObject({ title: DEMO_TITLE, is_fictional: 1 });
    expect(run.stdout).toMatch(new RegExp(`^\\s+project id\\s+${journal.projects[0]!.id}$`, 'm'));
    expect(journal).toMatchObject({ notes: 25, turns: 60, integrity: 'ok' });
  });

  it('refuses a second copy with exit code 1 and a message, leaving the file as it was', async () => {
    const file = join(tempDir(), 'journal.sqlite');
    expect((await withness('demo', '--db', file)).code).toBe(0);
    const before = readJournal(file);
    const again = await withness('demo', '--db', file);
    expect(again.code).toBe(1);
    expect(again.stdout).toBe('');
    expect(again.stderr).toMatch(/^withness demo: The fictional example inquiry .* is already in this journal\./);
    expectNoStackTrace(again);
    expect(readJournal(file)).toEqual(before);
  });

  it('prints JSON on request', async () => {
    const file = join(tempDir(), 'journal.sqlite');
    const run = await withness('demo', '--json', '--db', file);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { file: string; project: { id: string; is_fictional: number }; counts: Record<string, number> };
    expect(result.file).toBe(file);
    expect(result.project.is_fictional).toBe(1);
    expect(result.counts).toMatchObject({ field_notes: 25, turns: 60, reflections: 12 });
    expect(readJournal(file).projects.map((p) => p.id)).toEqual([result.project.id]);
  });

  it('fails with exit code 1 and a plain message when the file is not a journal, leaving it untouched', async () => {
    const file = join(tempDir(), 'notes.txt');
    writeFileSync(file, 'Dette er ikke en database.\n');
    const run = await withness('demo', '--db', file);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`withness demo: ${file} is not a Withness journal (it is not an SQLite database).\n`);
    expectNoStackTrace(run);
    expect(readFileSync(file, 'utf8')).toBe('Dette er ikke en database.\n');
  });
});

describe('withness usage', { timeout: 120_000 }, () => {
  it('lists the commands for --help, and explains one command with <command> --help', async () => {
    const list = await withness('--help');
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('Usage: npm run withness -- <command> [options]');
    expect(list.stdout).toMatch(/^\s+demo\s+Create the fictional example inquiry/m);
    const one = await withness('demo', '--help');
    expect(one.code).toBe(0);
    expect(one.stdout).toContain('Usage: withness demo --db FILE [--json]');
  });

  // Every message is checked in process in run.test.ts; here the real process shows the exit code and stderr.
  it('exits 2 with a clear message for bad usage, and writes no file', async () => {
    const file = join(tempDir(), 'journal.sqlite');
    const cases: [string[], RegExp][] = [
      [[], /^withness: no command given\./],
      [['frobnicate'], /^withness: unknown command "frobnicate"\.\nRun "withness help" to see the commands\.\n$/],
      [['demo'], /^withness demo: missing --db FILE: the journal file to write to; created if missing\.\nRun "withness help demo" for its options\.\n$/],
      [['demo', '--db', file, '--colour'], /^withness demo: unknown option --colour\./],
    ];
    for (const [args, message] of cases) {
      const run = await withness(...args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toMatch(message);
      expect(run.stdout).toBe('');
      expectNoStackTrace(run);
    }
    expect(existsSync(file)).toBe(false);
  });
});
