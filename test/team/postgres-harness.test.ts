import { existsSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';

let server: TestPostgres;

beforeAll(async () => {
  server = await startPostgres();
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('test PostgreSQL cluster', () => {
  it('listens on 127.0.0.1 with password authentication', async () => {
    const rows = await query(server.adminUrl, `SELECT current_user AS who, host(inet_server_addr()) AS addr, current_setting('server_version_num')::int AS v`);
    expect(rows[0]).toMatchObject({ who: 'postgres', addr: '127.0.0.1' });
    expect((rows[0] as { v: number }).v).toBeGreaterThanOrEqual(130000);
    await expect(query(server.url('postgres', 'postgres', 'wrong'), 'SELECT 1')).rejects.toMatchObject({ code: '28P01' });
  });

  it('creates databases', async () => {
    const url = await server.createDatabase('harness_db');
    const rows = await query(url, 'SELECT current_database() AS db');
    expect(rows[0]).toEqual({ db: 'harness_db' });
  });

  it('stops and starts again on the same port with the same data', async () => {
    const url = await server.createDatabase('keep_me');
    await query(url, 'CREATE TABLE t(x int); INSERT INTO t VALUES (42)');
    const port = server.port;
    const held = new pg.Client({ connectionString: url });
    held.on('error', () => undefined);
    await held.connect();
    await server.stopServer();
    await expect(held.query('SELECT 1')).rejects.toBeTruthy();
    await expect(query(url, 'SELECT 1')).rejects.toBeTruthy();
    await server.startServer();
    expect(server.port).toBe(port);
    expect(await query(url, 'SELECT x FROM t')).toEqual([{ x: 42 }]);
    await server.restart();
    expect(await query(url, 'SELECT x FROM t')).toEqual([{ x: 42 }]);
  }, 120_000);

  it('stop() removes the folder', async () => {
    const other = await startPostgres();
    expect(existsSync(other.dataDir)).toBe(true);
    await other.stop();
    expect(existsSync(other.dataDir)).toBe(false);
    await expect(query(other.adminUrl, 'SELECT 1')).rejects.toBeTruthy();
  }, 120_000);
});
