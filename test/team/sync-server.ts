/**
 * A team server for the sync tests and the bench: a new database on a throwaway cluster (test/helpers/postgres.ts),
 * `server init` on it, and the members added to one inquiry, all through the admin code the CLI uses
 * (electron/team/server-admin.ts). Roles belong to the cluster, so a member made for an earlier database is reused
 * with the same password.
 */
import pg from 'pg';
import { addMember, findRole, initServer } from '../../electron/team/server-admin.js';
import type { TestPostgres } from '../helpers/postgres.js';

export const MEMBER_PASSWORD = 'member password for tests';

export interface PreparedServer {
  /** The admin's URL of the new database (for looking at the feed directly). */
  adminUrl: string;
  /** The server address as a link keeps it: no user, no password. */
  address: string;
  /** The address with the member's name in it (no password): what the engine connects with. */
  memberUrl: (member: string) => string;
}

export async function prepareServer(server: TestPostgres, database: string, inquiry: string, members: readonly string[]): Promise<PreparedServer> {
  const adminUrl = await server.createDatabase(database);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await initServer(client);
    for (const member of members) {
      const exists = await findRole(client, member);
      await addMember(client, { inquiry, member, title: 'Test inquiry', ...(exists ? {} : { password: MEMBER_PASSWORD }) });
    }
  } finally {
    await client.end();
  }
  const address = `postgres://${server.host}:${server.port}/${encodeURIComponent(database)}`;
  return { adminUrl, address, memberUrl: (member) => server.url(database, member) };
}
