import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ApiResult } from '../../electron/api/result.js';
import { JournalHost } from '../../electron/journal.js';
import { tempDir } from '../helpers/temp.js';

const PASSPHRASE = 'harbour lights at dusk';

async function ok<T = unknown>(answer: Promise<ApiResult<unknown>>): Promise<T> {
  const result = await answer;
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

/** Polls a job through the host until it ends: the same calls the UI makes. */
async function finished(host: JournalHost, id: string): Promise<{ state: string; result: unknown; percent: number }> {
  let status = await ok<{ state: string; result: unknown; percent: number }>(host.dispatch('jobs:progress', { id }));
  while (status.state === 'running') {
    await new Promise((resolve) => setImmediate(resolve));
    status = await ok(host.dispatch('jobs:progress', { id }));
  }
  return status;
}

describe('jobs in the journal host', () => {
  it('restores an encrypted journal as a job through the host (which swaps the file itself)', async () => {
    const file = join(tempDir(), 'withness.sqlite');
    const host = await JournalHost.open(file, { newJournal: 'encrypted' });
    try {
      await ok(host.dispatch('journal:setup', { passphrase: PASSPHRASE }));
      await ok(host.dispatch('projects:create', { title: 'Harbour inquiry' }));
      const made = await ok<{ name: string }>(host.dispatch('backups:create', {}));
      await ok(host.dispatch('projects:create', { title: 'Written after the backup' }));

      const started = await ok<{ id: string }>(host.dispatch('jobs:start', { channel: 'backups:restore', input: { name: made.name } }));
      const status = await finished(host, started.id);
      expect(status).toMatchObject({ state: 'done', percent: 100, result: { restored: made.name } });
      const titles = (await ok<{ title: string }[]>(host.dispatch('projects:list', {}))).map((project) => project.title);
      expect(titles).toEqual(['Harbour inquiry']);
    } finally {
      host.close();
    }
  });
});
