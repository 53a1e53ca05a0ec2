import { createHash } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, expect } from 'vitest';
import type { Db } from '../../db/connection.js';
import { callOrThrow } from '../../electron/api/dispatch.js';
import { TABLES } from '../../electron/exchange/bundle-tables.js';
import { addMember, initServer } from '../../electron/team/server-admin.js';
import { connect } from '../../electron/team/server-connection.js';
import { syncProject, type SyncOptions } from '../../electron/team/sync.js';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { tempDatabase } from '../helpers/temp.js';

/**
 * What the sync engine's integration tests share: a throwaway cluster with the Withness schema and members, journals
 * made as the app makes them (real files, the API's handlers), and a comparison of everything an inquiry syncs.
 */

export const PASSWORD = 'correct horse battery';

export interface TeamServer {
  pg: TestPostgres;
  /** The admin's URL of the team database. */
  adminUrl: string;
  memberUrl(member: string): string;
  options(member: string, extra?: Partial<SyncOptions>): SyncOptions;
  addMember(inquiry: string, member: string): Promise<void>;
  /** A query as the administrator (to look at the server's rows). */
  admin<T extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<T[]>;
  stop(): Promise<void>;
}

export async function startTeamServer(): Promise<TeamServer> {
  const cluster = await startPostgres();
  const adminUrl = await cluster.createDatabase('team');
  const client = await connect({ url: adminUrl });
  await initServer(client);
  const memberUrl = (member: string) => cluster.url('team', member);
  return {
    pg: cluster,
    adminUrl,
    memberUrl,
    options: (member, extra = {}) => ({ server: { url: memberUrl(member), password: PASSWORD }, ...extra }),
    async addMember(inquiry, member) {
      const existing = await client.query(`SELECT 1 FROM pg_roles WHERE rolname = $1`, [member]);
      await addMember(client, { inquiry, member, ...(existing.rowCount ? {} : { password: PASSWORD }) });
    },
    async admin(sql, params = []) {
      return (await client.query(sql, params)).rows;
    },
    async stop() {
      await client.end().catch(() => undefined);
      await cluster.stop();
    },
  };
}

export interface TeamServerForFile {
  /** The running server (inside a test). */
  readonly server: TeamServer;
  /** Syncs a member's journal of the inquiry and expects it to end "ok". */
  sync(db: Db, projectId: string, member: string): ReturnType<typeof syncProject>;
}

/**
 * One throwaway team server for a test file: started before its tests (initdb is slow on a loaded machine, hence the
 * long hook timeout) and stopped after them.
 */
export function teamServerForFile(): TeamServerForFile {
  let running: TeamServer | undefined;
  beforeAll(async () => {
    running = await startTeamServer();
  }, 120_000);
  afterAll(async () => {
    await running?.stop();
  });
  const team: TeamServerForFile = {
    get server() {
      if (!running) throw new Error('The team server is started before the tests; use it inside a test.');
      return running;
    },
    async sync(db, projectId, member) {
      const result = await syncProject(db, projectId, team.server.options(member));
      expect(result.status).toBe('ok');
      return result;
    },
  };
  return team;
}

/** A journal in its own temp folder, opened and migrated as the app does (encrypted when a key is given). */
export function journal(options: { key?: Buffer } = {}): Db {
  return tempDatabase(options.key ? { key: options.key } : {}).db;
}

/** Every row an inquiry syncs, table by table, as the bundle exports them (attachments with their bytes' hash). */
export function syncedRows(db: Db, projectId: string): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const spec of TABLES) {
    let rows = db.prepare(spec.exportSql).all(projectId) as Record<string, unknown>[];
    if (spec.name === 'attachments') {
      const content = db.prepare(`SELECT content FROM attachments WHERE id = ?`).pluck();
      rows = rows.map((row) => ({ ...row, bytes: createHash('sha256').update(content.get(row.id) as Buffer).digest('hex') }));
    }
    out[spec.name] = rows.map((row) => JSON.stringify(row)).sort();
  }
  return out;
}

export async function createInquiry(db: Db, title = 'Nordby library'): Promise<string> {
  const project = await callOrThrow(db, 'projects:create', { title });
  return project.id;
}

export { callOrThrow };
