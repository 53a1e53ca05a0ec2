import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listBackups, verifyBackup } from '../../db/backup.js';
import { tempDir } from '../helpers/temp.js';

/**
 * The day's backup is made in a worker thread when the journal is opened under tsx (browser mode, the command
 * line), so a large journal's start does not wait for it (issue 14). The test runner cannot start that worker,
 * so the journal is opened in a child process as `npm run serve` runs it.
 */
function runChild(file: string, env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const journal = resolve('electron/journal.ts');
  const worker = resolve('db/daily-backup.ts');
  const script = `
    const { JournalHost } = await import(${JSON.stringify(journal)});
    const { dailyBackupInWorker } = await import(${JSON.stringify(worker)});
    const host = await JournalHost.open(${JSON.stringify(file)}, { newJournal: 'plain' });
    // Written while the backup may still be under way: the journal takes writes meanwhile.
    const created = await host.dispatch('projects:create', { title: 'Written during the backup' });
    const backups = await host.dispatch('backups:list', {});
    const probe = dailyBackupInWorker(${JSON.stringify(join(file, '..', 'absent.sqlite'))}, undefined);
    const probeOutcome = probe ? await probe : null;
    host.close();
    console.log(JSON.stringify({ created: created.ok, backups, worker: probe !== undefined, probeOutcome }));
  `;
  return new Promise((done) => {
    execFile(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { env: { ...process.env, ...env }, timeout: 60_000 }, (error, stdout, stderr) =>
      done({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    );
  });
}

describe('the day’s backup in a worker thread', () => {
  it('is made beside the journal, intact and self-contained, and backups:list waits for it', async () => {
    const file = join(tempDir(), 'withness.sqlite');
    const run = await runChild(file);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout.trim().split('\n').pop()!) as {
      created: boolean;
      backups: { ok: boolean; value: { kind: string; name: string }[] };
      worker: boolean;
      probeOutcome: { ok: boolean; message?: string } | null;
    };
    expect(report.created).toBe(true);
    expect(report.worker).toBe(true);
    // A journal that cannot be read gives a failed outcome, never an exception.
    expect(report.probeOutcome).toMatchObject({ ok: false });
    expect(report.backups.ok).toBe(true);
    expect(report.backups.value.map((backup) => backup.kind)).toEqual(['daily']);
    const [backup] = listBackups(file);
    expect(verifyBackup(backup!.path)).toMatchObject({ ok: true, state: 'intact' });
    // A rollback-journal file (header bytes 18–19 are 1, not WAL's 2): no -wal or -shm has to travel with it.
    const header = readFileSync(backup!.path).subarray(18, 20);
    expect([...header]).toEqual([1, 1]);
  }, 90_000);

  it('is made on the opening thread, before the journal answers, when workers are switched off', async () => {
    const file = join(tempDir(), 'withness.sqlite');
    const run = await runChild(file, { WITHNESS_BACKUP_IN_WORKER: '0' });
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout.trim().split('\n').pop()!) as { worker: boolean; backups: { value: { kind: string }[] } };
    expect(report.worker).toBe(false);
    expect(report.backups.value.map((backup) => backup.kind)).toEqual(['daily']);
  }, 90_000);
});
