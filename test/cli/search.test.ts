import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqlite } from '../../db/sqlite.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connection.js';
import { createNote } from '../../db/repositories/notes.js';
import { createProject } from '../../db/repositories/projects.js';
import { findCommand } from '../../electron/cli/commands/index.js';
import { commandHelp, runCli } from '../../electron/cli/run.js';
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

/** runCli in this process with captured output. */
async function run(...argv: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { out: (text) => void (stdout += text), err: (text) => void (stderr += text) });
  return { code, stdout, stderr };
}

function expectNoStackTrace(result: Run) {
  expect(result.stderr).not.toMatch(/^\s+at /m);
  expect(result.stderr).not.toMatch(/node:internal|\.ts:\d+|SQLITE_|sqlite3|fts5/);
}

describe('withness search', { timeout: 120_000 }, () => {
  let file: string;
  let projectId: string;
  let dir: string;
  // One demo journal for the whole file (tempDir() folders are removed after each test).
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'withness-search-cli-'));
    file = join(dir, 'journal.sqlite');
    expect((await run('demo', '--db', file)).code).toBe(0);
    const db = openDatabase(file);
    projectId = db.prepare('SELECT id FROM projects').pluck().get() as string;
    // A second inquiry, so "every inquiry" means something.
    const other = createProject(db, { title: 'Nabolaget' });
    createNote(db, { project_id: other.id, title: 'Trappen', body: 'Hun sagde, at hun ikke ensom var, bare træt.' });
    db.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints ranked results with the match marked, type, date and id (child process)', async () => {
    const result = await withness('search', '--db', file, '--project', projectId, '--limit', '3', 'fællesbordet');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(/^\d+ results for “fællesbordet” in “Fællesskaber mod ensomhed i Egeby Kommune \(fiktivt eksempel\)”, showing the first 3:$/);
    expect(result.stdout.match(/^\s+\d+\. /gm)).toHaveLength(3);
    expect(result.stdout).toMatch(/^\s+1\. (Field note|Dialogue|Turn|Phase entry|Reflection) · \d{4}-\d{2}-\d{2}( · cycle \d+)?/m);
    expect(result.stdout).toMatch(/\[Fællesbordet\]|\[fællesbordet\]/i);
    expect(result.stdout).toMatch(/^\s+(field_note|dialogue|turn|phase_entry|reflection) [0-9a-f-]{36}/m);
    // The command only reads: the journal is still intact.
    const db = openSqlite(file, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('searches every inquiry without --project, and says so when nothing is found', async () => {
    const all = await withness('search', '--db', file, '"ikke ensom"');
    expect(all.code).toBe(0);
    expect(all.stdout).toMatch(/^2 results for “"ikke ensom"” in every inquiry:$/m);
    expect(all.stdout).toContain('Jeg er [ikke ensom], jeg er bare alene.');
    expect(all.stdout).toContain('hun [ikke ensom] var');
    expect(all.stdout).toMatch(/in “Fællesskaber mod ensomhed/);
    expect(all.stdout).toMatch(/in “Nabolaget”/);
    const one = await run('search', '--db', file, '--project', projectId, '"ikke ensom"');
    expect(one.stdout).toMatch(/^1 result for/);

    const none = await run('search', '--db', file, 'xylofonklaver');
    expect(none).toMatchObject({ code: 0, stdout: 'No results for “xylofonklaver” in every inquiry.\n', stderr: '' });
  });

  it('keeps Danish letters apart: bløde is not blode, år is not ar', async () => {
    const soft = await run('search', '--db', file, '--json', 'år');
    const parsed = JSON.parse(soft.stdout) as { total: number; hits: { snippet: { text: string; hit: boolean }[] }[] };
    expect(parsed.total).toBeGreaterThan(0);
    for (const hit of parsed.hits) {
      for (const part of hit.snippet.filter((p) => p.hit)) expect(part.text.toLowerCase().startsWith('år')).toBe(true);
    }
  });

  it('prints JSON and filters by type', async () => {
    const result = await run('search', '--db', file, '--json', '--type', 'turn', '--limit', '5', 'ensom');
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout) as { query: string; total: number; hits: { type: string; rank: number; text?: string }[] };
    expect(parsed.query).toBe('ensom');
    expect(parsed.hits.length).toBeGreaterThan(0);
    expect(parsed.hits.every((hit) => hit.type === 'turn' && hit.text === undefined)).toBe(true);
    expect(parsed.hits.map((hit) => hit.rank)).toEqual(parsed.hits.map((_, i) => i + 1));
  });

  it('treats hostile query syntax as words', async () => {
    for (const query of ['NEAR(ensom', 'ensom OR', '"ensom', 'col:ensom', '(ensom)', '^ensom*']) {
      const result = await run('search', '--db', file, '--', query);
      expect(result.code, query).toBe(0);
      expect(result.stdout, query).toMatch(/result|No results/);
      expectNoStackTrace(result);
    }
  });

  it.each([
    [['search', '--db', 'x.sqlite'], /expected QUERY/],
    [['search', 'ensom'], /missing --db FILE/],
    [['search', '--db', 'x.sqlite', '--limit', '0', 'x'], /--limit must be a whole number from 1 to 100/],
    [['search', '--db', 'x.sqlite', '--limit', 'ti', 'x'], /--limit must be a whole number/],
    [['search', '--db', 'x.sqlite', '--type', 'letter', 'x'], /--type must be one of/],
    [['search', '--db', 'x.sqlite', 'a', 'b'], /unexpected argument "b"/],
    [['search', '--db', 'x.sqlite', 'x'.repeat(1001)], /longer than 1000 characters/],
  ])('refuses wrong usage with exit code 2 (case %#)', async (argv, message) => {
    const result = await run(...argv);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain('Run "withness help search" for its options.');
  });

  it('says when a common word was ranked among its newest matches only, in text and JSON', async () => {
    // A journal of its own with more notes holding "kaffe" than the ranking bound (RANK_BOUND, 2,000).
    const many = join(tempDir(), 'many.sqlite');
    const db = openDatabase(many);
    const project = createProject(db, { title: 'Kaffe' });
    db.transaction(() => {
      for (let i = 0; i < 2_005; i += 1) createNote(db, { project_id: project.id, title: `Morgen ${i}`, body: 'Vi drak kaffe.' });
    })();
    db.close();
    const text = await run('search', '--db', many, '--project', project.id, '--limit', '2', 'kaffe');
    expect(text.code).toBe(0);
    expect(text.stdout.split('\n').slice(0, 2)).toEqual([
      '2005 results for “kaffe” in “Kaffe”, showing the first 2:',
      'Ranked among the newest 2000 of 2005 matches; add a word to rank them all.',
    ]);
    const json = JSON.parse((await run('search', '--db', many, '--project', project.id, '--json', '--limit', '2', 'kaffe')).stdout) as { total: number; ranked_among: number | null };
    expect({ total: json.total, ranked_among: json.ranked_among }).toEqual({ total: 2005, ranked_among: 2000 });
  });

  it('refuses a query with no words with exit code 2', async () => {
    const result = await run('search', '--db', file, '--', '-*()');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/holds no word to search for/);
  });

  it('fails with exit code 1 and a message for a missing journal or project (child process)', async () => {
    const missing = join(tempDir(), 'nowhere.sqlite');
    const noJournal = await withness('search', '--db', missing, 'x');
    expect(noJournal.code).toBe(1);
    expect(noJournal.stderr).toBe(`withness search: There is no journal at ${missing}.\n`);
    const noProject = await withness('search', '--db', file, '--project', '0190a000-0000-7000-8000-00000000beef', 'x');
    expect(noProject.code).toBe(1);
    expect(noProject.stderr).toMatch(/^withness search: No project with id 0190a000-0000-7000-8000-00000000beef exists/);
    const badId = await run('search', '--db', file, '--project', 'nope', 'x');
    expect(badId.code).toBe(1);
    expect(badId.stderr).toMatch(/Expected an id/);
    expectNoStackTrace(noJournal);
    expectNoStackTrace(noProject);
  });

  it('has help', async () => {
    const result = await run('help', 'search');
    expect(result).toMatchObject({ code: 0, stdout: commandHelp(findCommand('search')!) });
    expect(result.stdout).toContain('--project ID');
    expect(result.stdout).toContain('--limit N');
  });
});
