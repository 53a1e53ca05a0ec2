import { execFile } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connection.js';
import { createDemoProject } from '../../db/demo/build.js';
import { DEMO_TITLE } from '../../db/demo/content.js';
import { buildBundle } from '../../electron/exchange/bundle.js';
import { callOrThrow } from '../../electron/api/dispatch.js';
import { commandHelp, runCli } from '../../electron/cli/run.js';
import { findCommand } from '../../electron/cli/commands/index.js';
import { rowCounts, tempDir } from '../helpers/temp.js';

/** runCli in this process with captured output. */
async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { out: (text) => void (stdout += text), err: (text) => void (stderr += text) });
  return { code, stdout, stderr };
}

/** A bundle of the demo inquiry written to a file. */
function demoBundleFile(): { path: string; projectId: string } {
  const dir = tempDir();
  const db = openDatabase(join(dir, 'source.sqlite'));
  try {
    const { project } = createDemoProject(db);
    const path = join(dir, 'egeby.withness');
    writeFileSync(path, buildBundle(db, project.id)!.bytes);
    return { path, projectId: project.id };
  } finally {
    db.close();
  }
}

function countsOf(file: string): Record<string, number> {
  const db = openDatabase(file);
  try {
    return rowCounts(db);
  } finally {
    db.close();
  }
}

describe('withness import', { timeout: 60_000 }, () => {
  it('is listed with its options', () => {
    const command = findCommand('import')!;
    expect(command).toBeDefined();
    expect(commandHelp(command)).toContain('Usage: withness import --db FILE [--format bundle|qdpx] [--project ID] [--json] [--passphrase-file FILE] [--key-file FILE] PATH');
  });

  it('imports a bundle with progress lines and a summary, and imports it again without duplicating anything', async () => {
    const { path, projectId } = demoBundleFile();
    const journal = join(tempDir(), 'new', 'journal.sqlite');
    const first = await run('import', '--db', journal, path);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^Reading .*egeby\.withness \(\d+ KB\)$/m);
    for (const step of ['Unpacking the bundle…', 'Checking the manifest…', 'Checking every file against its checksum…', 'Checking the rows…', 'Importing…']) {
      expect(first.stdout).toContain(step);
    }
    expect(first.stdout).toContain(`Imported “${DEMO_TITLE}” into ${journal}`);
    expect(first.stdout).toMatch(new RegExp(`^\\s+project id\\s+${projectId}$`, 'm'));
    expect(first.stdout).toMatch(/^\s+field notes\s+25\s+0\s+0$/m);
    expect(first.stdout).toContain('Added 286, updated 0, left 0 unchanged.');
    const after = countsOf(journal);
    expect(after.field_notes).toBe(25);

    const second = await run('import', '--db', journal, path);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^\s+field notes\s+0\s+0\s+25$/m);
    expect(second.stdout).toContain('Everything in this bundle was already in the journal; nothing was changed.');
    expect(countsOf(journal)).toEqual(after);
  });

  it('imports a REFI-QDA project (--format qdpx) into a new inquiry, then into that inquiry again (--project)', async () => {
    const dir = tempDir();
    const source = openDatabase(join(dir, 'source.sqlite'));
    const { project } = createDemoProject(source);
    const qdpx = await callOrThrow(source, 'exchange:qdpx', { project_id: project.id });
    source.close();
    const path = join(dir, 'egeby.qdpx');
    writeFileSync(path, Buffer.from(qdpx.data_base64, 'base64'));
    const journal = join(dir, 'journal.sqlite');

    const first = await run('import', '--db', journal, '--format', 'qdpx', path);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    for (const step of ['reading', 'codes', 'sources', 'notes', 'codings', 'links']) expect(first.stdout).toMatch(new RegExp(`^\\s+${step}… \\d+%$`, 'm'));
    expect(first.stdout).toMatch(/^\s+written 100%$/m);
    expect(first.stdout).toContain(`Imported the REFI-QDA project into ${journal}`);
    expect(first.stdout).toMatch(/^\s+codes\s+10$/m);
    const projectId = /project id\s+(\S+)/.exec(first.stdout)![1]!;
    const counts = countsOf(journal);
    expect(counts.projects).toBe(1);

    const second = await run('import', '--db', journal, '--project', projectId, path);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^\s+codes\s+0$/m);
    expect(countsOf(journal).projects).toBe(1);

    const wrong = await run('import', '--db', journal, '--format', 'qdpx', '--project', '01a23b56-0000-7000-8000-000000000000', path);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/no .*project|not found|does not exist/i);
    const misuse = await run('import', '--db', journal, '--format', 'bundle', '--project', projectId, path);
    expect(misuse.code).toBe(2);
  });

  it('prints JSON on request, without progress lines', async () => {
    const { path, projectId } = demoBundleFile();
    const journal = join(tempDir(), 'journal.sqlite');
    const result = await run('import', '--json', '--db', journal, path);
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout) as { file: string; project_id: string; created: Record<string, number> };
    expect(parsed).toMatchObject({ file: journal, project_id: projectId });
    expect(parsed.created.dialogue_turns).toBe(60);
  });

  it('refuses a file that is not a bundle with exit code 1 and a message, writing nothing', async () => {
    const dir = tempDir();
    const journal = join(dir, 'journal.sqlite');
    countsOf(journal);
    const before = countsOf(journal);
    const bogus = join(dir, 'notes.withness');
    writeFileSync(bogus, 'Dear diary');
    const result = await run('import', '--db', journal, bogus);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('withness import: This file is not a zip archive, so it cannot be a Withness bundle.\n');
    expect(countsOf(journal)).toEqual(before);

    const missing = await run('import', '--db', journal, join(dir, 'nowhere.withness'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/There is no file .*nowhere\.withness\./);
  });

  it('reports wrong usage with exit code 2', async () => {
    const journal = join(tempDir(), 'journal.sqlite');
    const noPath = await run('import', '--db', journal);
    expect(noPath.code).toBe(2);
    expect(noPath.stderr).toMatch(/expected PATH/);
    const noDb = await run('import', 'bundle.withness');
    expect(noDb.code).toBe(2);
    expect(noDb.stderr).toMatch(/missing --db FILE/);
    const two = await run('import', '--db', journal, 'a.withness', 'b.withness');
    expect(two.code).toBe(2);
    expect(two.stderr).toMatch(/unexpected argument "b\.withness"/);
    expect(existsSync(journal)).toBe(false);
  });

  it('runs as a real process the way npm run withness does', async () => {
    const { path } = demoBundleFile();
    const journal = join(tempDir(), 'journal.sqlite');
    const result = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        ['node_modules/tsx/dist/cli.mjs', 'electron/cli/withness.ts', 'import', '--db', journal, path],
        { env: { ...process.env, WITHNESS_DEBUG: '' }, timeout: 60_000 },
        (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
      );
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Imported “${DEMO_TITLE}”`);
    expect(countsOf(journal).dialogue_turns).toBe(60);
  });
});
