import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openSqlite } from '../../db/sqlite.js';
import { describe, expect, it } from 'vitest';
import { type Command } from '../../electron/cli/command.js';
import { commands, findCommand } from '../../electron/cli/commands/index.js';
import { commandHelp, generalHelp, runCli } from '../../electron/cli/run.js';
import { tempDir } from '../helpers/temp.js';

/** runCli in this process with captured output: fast checks of every message and exit code. */
async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { out: (text) => void (stdout += text), err: (text) => void (stderr += text) });
  return { code, stdout, stderr };
}

describe('the command registry', () => {
  it('has unique names, a summary and help for every command', () => {
    const names = commands.map((command) => command.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain('demo');
    expect(names).not.toContain('help');
    for (const command of commands) {
      expect(findCommand(command.name)).toBe(command);
      expect(command.summary.length).toBeGreaterThan(10);
      expect(generalHelp()).toContain(command.summary);
      const help = commandHelp(command);
      for (const option of Object.keys(command.options)) expect(help).toContain(`--${option}`);
    }
    expect(findCommand('nope')).toBeUndefined();
  });
});

describe('runCli', () => {
  it('runs demo and reports counts', async () => {
    const file = join(tempDir(), 'journal.sqlite');
    const result = await run('demo', '--db', file);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^\s+field notes\s+25$/m);
    const db = openSqlite(file, { readonly: true });
    expect(db.prepare('SELECT count(*) FROM reflections').pluck().get()).toBe(12);
    db.close();
    const again = await run('demo', '--db', file);
    expect(again).toMatchObject({ code: 1, stdout: '' });
    expect(again.stderr).toMatch(/already in this journal/);
  });

  it('prints help and exits 0', async () => {
    for (const argv of [['help'], ['--help'], ['-h']]) {
      const result = await run(...argv);
      expect(result).toMatchObject({ code: 0, stdout: generalHelp(), stderr: '' });
    }
    for (const argv of [['help', 'demo'], ['demo', '--help'], ['demo', '-h'], ['demo', '--db', 'x.sqlite', '--help']]) {
      const result = await run(...argv);
      expect(result).toMatchObject({ code: 0, stdout: commandHelp(findCommand('demo')!), stderr: '' });
    }
  });

  it.each([
    [[], 'withness: no command given.'],
    [['frobnicate'], 'withness: unknown command "frobnicate".\nRun "withness help" to see the commands.\n'],
    [['--db', 'x'], 'withness: expected a command before "--db".'],
    [['help', 'frobnicate'], 'withness: there is no command "frobnicate".'],
    [['demo'], 'withness demo: missing --db FILE: the journal file to write to; created if missing.\nRun "withness help demo" for its options.\n'],
    [['demo', '--db'], 'withness demo: --db needs a value.'],
    [['demo', '--db', '  '], 'withness demo: --db needs a value.'],
    [['demo', '--db', 'x', '--colour'], 'withness demo: unknown option --colour.'],
    [['demo', '--db', 'x', '-q'], 'withness demo: unknown option -q.'],
    [['demo', '--db', 'x', 'extra'], 'withness demo: unexpected argument "extra".'],
    [['demo', '--json=yes', '--db', 'x'], 'withness demo: --json does not take a value.'],
  ])('exits 2 for %j', async (argv, message) => {
    const dir = tempDir();
    const file = join(dir, 'x');
    const result = await run(...argv.map((arg) => (arg === 'x' ? file : arg)));
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.startsWith(message)).toBe(true);
    expect(existsSync(file)).toBe(false);
  });

  it('gives a registered command parsed options and positionals, and reports its failures with exit 1', async () => {
    const seen: unknown[] = [];
    const probe: Command = {
      name: 'probe',
      summary: 'A command that only exists in this test',
      options: { limit: { type: 'string', value: 'N', description: 'How many' } },
      positionals: { name: 'QUERY', min: 1, max: 1 },
      async run({ values, positionals, io }) {
        seen.push({ values, positionals });
        if (positionals[0] === 'fail') throw new Error('Nothing matched.');
        io.out('ok\n');
      },
    };
    (commands as Command[]).push(probe);
    try {
      expect(await run('probe', 'ensomhed', '--limit', '5')).toEqual({ code: 0, stdout: 'ok\n', stderr: '' });
      expect(seen).toEqual([{ values: { limit: '5' }, positionals: ['ensomhed'] }]);
      expect((await run('probe')).stderr).toMatch(/^withness probe: expected QUERY\./);
      expect((await run('probe', 'a', 'b')).stderr).toMatch(/^withness probe: unexpected argument "b"\./);
      expect(await run('probe', 'fail')).toEqual({ code: 1, stdout: '', stderr: 'withness probe: Nothing matched.\n' });
      expect(commandHelp(probe)).toContain('Usage: withness probe [--limit N] QUERY');
    } finally {
      (commands as Command[]).pop();
    }
  });
});
