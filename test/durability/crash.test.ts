import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp.js';
import { crashRound, crashRun, verify } from './harness.js';
import { openSqlite } from '../../db/sqlite.js';

describe('durability under SIGKILL (short run; `npm run crash-test` runs hundreds of kills)', () => {
  it('loses no acknowledged write and keeps the journal intact', async () => {
    const file = join(tempDir(), 'withness.sqlite');
    const summary = await crashRun(file, 8, 400);
    expect(summary.problems).toEqual([]);
    expect(summary.corruptDatabases).toBe(0);
    expect(summary.lostWrites).toBe(0);
    expect(summary.kills).toBe(8);
    expect(summary.acknowledgedWrites).toBeGreaterThan(8);
  }, 120_000);

  it('notices a lost write (the check itself can fail)', async () => {
    const file = join(tempDir(), 'withness.sqlite');
    const round = await crashRound(file, 150);
    expect(round.acknowledged).toBeGreaterThan(0);
        const db = openSqlite(file);
    db.exec('DELETE FROM revisions; DELETE FROM trash_items; DELETE FROM projects WHERE rowid = (SELECT min(rowid) FROM projects)');
    db.close();
    expect(verify(file, round.acked).lost.length).toBeGreaterThan(0);
  }, 60_000);
});
