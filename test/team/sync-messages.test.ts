import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { call } from '../../electron/api/dispatch.js';
import { identifyMessage } from '../../electron/api/messages.js';
import { checkChanges } from '../../electron/team/apply.js';
import { linkProject, syncProject } from '../../electron/team/sync.js';
import { apiText } from '../../renderer/src/i18n/apiMessage.js';
import { createI18n } from '../../renderer/src/i18n/index.js';
import { createInquiry, journal } from './engine-support.js';

/**
 * The sync engine's refusals have message ids (the UI shows them in Danish too), a page check's nested "Change n of
 * the page" included; the last error the engine kept in the journal reaches the Team screen by id.
 */
describe('sync engine messages', () => {
  it('identifies a page refusal with its nested place, and says it in Danish', () => {
    let message = '';
    try {
      checkChanges('p', [{ table_name: 'memos', row_key: 'x1', hash: 'a'.repeat(64), parents: [], revision: 1, row: { id: 'x1' } }]);
    } catch (error) {
      message = (error as Error).message;
    }
    const ref = identifyMessage(message);
    expect(ref).toEqual({ id: 'teamsync.unknown_table', params: { where: { id: 'teamsync.change_where', params: { n: '1', table: 'memos', key: 'x1' } } } });
    const danish = apiText(createI18n('da').t, ref!, message);
    expect(danish).toBe('Ændring 1 på siden (memos x1) nævner en tabel, som Withness ikke synkroniserer. Intet fra denne side blev anvendt.');
  });

  it('gives team:status the last error by id', async () => {
    const db = journal();
    const projectId = await createInquiry(db);
    // A port nothing listens on: taken, then closed again.
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const url = `postgres://ann@127.0.0.1:${port}/team?sslmode=disable`;
    await linkProject(db, projectId, { url, member: 'ann' });
    await expect(syncProject(db, projectId, { server: { url, password: 'x' } })).rejects.toThrow();
    const status = await call(db, 'team:status', { project_id: projectId }, { checkOutput: true });
    expect(status.ok).toBe(true);
    if (!status.ok) return;
    expect(status.value.last_error).toMatch(/cannot be reached/);
    expect(status.value.last_error_ref?.message_id).toBe('teamserver.unreachable');
  });
});
