import { closeSync, openSync, readdirSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connection.js';
import { createProject, listProjects } from '../../db/repositories/projects.js';
import { runCli } from '../../electron/cli/run.js';
import { tempDir } from '../helpers/temp.js';

async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { out: (text) => void (stdout += text), err: (text) => void (stderr += text) });
  return { code, stdout, stderr };
}

function journal(): string {
  const file = join(tempDir(), 'withness.sqlite');
  const db = openDatabase(file);
  createProject(db, { title: 'Street interviews' });
  for (let index = 0; index < 120; index += 1) createProject(db, { title: `Padding ${index}`, concern: 'p'.repeat(3000) });
  db.close();
  return file;
}

describe('withness backup, check and restore', () => {
  it('backs up, lists, checks and restores a healthy journal', async () => {
    const file = journal();
    const backup = await run('backup', '--db', file);
    expect(backup.code).toBe(0);
    expect(backup.stdout).toMatch(/Made and checked withness-.*-manual\.sqlite \(Intact\.\)/);
    expect((await run('backup', '--db', file, '--list')).stdout).toMatch(/1 backup, newest first/);
    expect(await run('check', '--db', file)).toMatchObject({ code: 0, stdout: expect.stringContaining('intact') });

    const db = openDatabase(file);
    createProject(db, { title: 'Written after the backup' });
    db.close();
    const restored = await run('restore', '--db', file);
    expect(restored.code).toBe(0);
    expect(restored.stdout).toMatch(/Restored withness-.*-manual\.sqlite\. The journal as it was is kept as withness-.*-pre-restore\.sqlite/);
    const after = openDatabase(file);
    expect(listProjects(after).some((project) => project.title === 'Written after the backup')).toBe(false);
    after.close();
  });

  it('reports a damaged journal with exit 1 and restores it from the newest good backup', async () => {
    const file = journal();
    expect((await run('backup', '--db', file)).code).toBe(0);
    const handle = openSync(file, 'r+');
    writeSync(handle, Buffer.alloc(16_384, 0x33), 0, 16_384, 24_576);
    closeSync(handle);

    const check = await run('check', '--db', file);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/damaged/);
    expect((await run('backup', '--db', file)).code).toBe(1);

    const restored = await run('restore', '--db', file);
    expect(restored.code).toBe(0);
    expect(restored.stdout).toContain('.damaged-');
    expect(readdirSync(dirname(file)).some((name) => name.startsWith('withness.sqlite.damaged-'))).toBe(true);
    expect(await run('check', '--db', file)).toMatchObject({ code: 0 });
  });

  it('refuses a backup name that is not one of the journal’s backups', async () => {
    const file = journal();
    const result = await run('restore', '--db', file, '--backup', '../withness.sqlite');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Not the name of a Withness backup/);
    expect((await run('restore', '--db', file)).stderr).toMatch(/no intact backup/);
  });
});
