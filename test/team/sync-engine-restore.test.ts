import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connection.js';
import { linkProject, syncProject, teamStatus } from '../../electron/team/sync.js';
import { tempDir } from '../helpers/temp.js';
import { callOrThrow, createInquiry, journal, syncedRows, teamServerForFile } from './engine-support.js';

/**
 * A journal put back to an older copy of itself (a restored backup) still knows its link and client id, but not what
 * it sent after the copy was made. The feed hands a client its own rows without their content; the engine reads the
 * content of the ones it no longer knows, so the restored journal gets its own later edits back.
 */
const team = teamServerForFile();

describe('a journal restored from an older copy', () => {
  it('gets back what it had sent after the copy was made', async () => {
    const alice = journal();
    const projectId = await createInquiry(alice);
    const note = await callOrThrow(alice, 'notes:create', { project_id: projectId, title: 'Before the copy', body: 'One.' });
    await team.server.addMember(projectId, 'alice');
    await linkProject(alice, projectId, { url: team.server.memberUrl('alice'), member: 'alice' });
    expect((await syncProject(alice, projectId, team.server.options('alice'))).status).toBe('ok');
    const copyFile = join(tempDir(), 'older.sqlite');
    alice.prepare(`VACUUM INTO ?`).run(copyFile);

    await callOrThrow(alice, 'notes:update', { id: note.id, expected_revision: 1, body: 'Two, written after the copy.' });
    const later = await callOrThrow(alice, 'notes:create', { project_id: projectId, title: 'After the copy', body: 'Three.' });
    await syncProject(alice, projectId, team.server.options('alice'));

    const restored = openDatabase(copyFile);
    try {
      expect(restored.prepare(`SELECT count(*) FROM field_notes WHERE id = ?`).pluck().get(later.id)).toBe(0);
      const result = await syncProject(restored, projectId, team.server.options('alice'));
      expect(result.status).toBe('ok');
      expect(restored.prepare(`SELECT body FROM field_notes WHERE id = ?`).pluck().get(note.id)).toBe('Two, written after the copy.');
      expect(restored.prepare(`SELECT title FROM field_notes WHERE id = ?`).pluck().get(later.id)).toBe('After the copy');
      expect(syncedRows(restored, projectId)).toEqual(syncedRows(alice, projectId));
      expect(teamStatus(restored, projectId)).toMatchObject({ pending: 0, conflicts: 0 });
    } finally {
      restored.close();
    }
  }, 120_000);
});
