/**
 * TLS as a member meets it: the throwaway cluster gets a certificate from a CA made here (openssl), and the
 * connection module must check it (sslmode=verify-full with --ca), refuse it when it cannot be checked, and present
 * a client certificate to a server that demands one.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, initServer } from '../../electron/team/server-admin.js';
import { connect, connectChecked } from '../../electron/team/server-connection.js';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';

let server: TestPostgres;
let certs: string;
let admin: pg.Client;
const PASSWORD = 'member password for tls';

function openssl(args: string[]): void {
  execFileSync('openssl', args, { cwd: certs, stdio: 'pipe' });
}

/** A CA, a server certificate for the name "localhost" only, and a client certificate for the role cert_member. */
function makeCertificates(): void {
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=Withness test CA', '-keyout', 'ca.key', '-out', 'ca.crt']);
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-keyout', 'server.key', '-out', 'server.csr']);
  writeFileSync(join(certs, 'server.ext'), 'subjectAltName=DNS:localhost\n');
  openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-extfile', 'server.ext', '-out', 'server.crt']);
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=cert_member', '-keyout', 'client.key', '-out', 'client.csr']);
  openssl(['x509', '-req', '-in', 'client.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-out', 'client.crt']);
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=Someone else', '-keyout', 'other-ca.key', '-out', 'other-ca.crt']);
}

/** Copies a file into the data folder, owned by whoever owns the folder (postgres, when the tests run as root). */
function intoDataDir(name: string, target = name): void {
  const path = join(server.dataDir, target);
  copyFileSync(join(certs, name), path);
  chmodSync(path, 0o600);
  const owner = execFileSync('stat', ['-c', '%u:%g', server.dataDir], { encoding: 'utf8' }).trim().split(':').map(Number);
  chownSync(path, owner[0]!, owner[1]!);
}

beforeAll(async () => {
  server = await startPostgres();
  certs = mkdtempSync(join(tmpdir(), 'withness-tls-'));
  makeCertificates();
  for (const file of ['server.crt', 'server.key', 'ca.crt']) intoDataDir(file);
  // The certificate rule first: cert_member must come over TLS with a client certificate the CA signed.
  const hba = join(server.dataDir, 'pg_hba.conf');
  writeFileSync(hba, `hostssl all cert_member 127.0.0.1/32 scram-sha-256 clientcert=verify-full\n${readFileSync(hba, 'utf8')}`);
  admin = new pg.Client({ connectionString: await server.createDatabase('team') });
  await admin.connect();
  for (const setting of [`ssl = on`, `ssl_cert_file = 'server.crt'`, `ssl_key_file = 'server.key'`, `ssl_ca_file = 'ca.crt'`]) await admin.query(`ALTER SYSTEM SET ${setting}`);
  await admin.query('SELECT pg_reload_conf()');
  await initServer(admin);
  await addMember(admin, { inquiry: 'tls-inquiry', member: 'tls_member', password: PASSWORD });
  await addMember(admin, { inquiry: 'tls-inquiry', member: 'cert_member', password: PASSWORD });
}, 120_000);

afterAll(async () => {
  await admin?.end();
  await server?.stop();
  if (certs) rmSync(certs, { recursive: true, force: true });
});

const url = (host: string, member: string, query: string) => `postgres://${member}@${host}:${server.port}/team?${query}`;

async function usesTls(client: pg.Client): Promise<boolean> {
  return (await client.query<{ ssl: boolean }>(`SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()`)).rows[0]!.ssl;
}

describe('TLS to the team server', () => {
  it('verify-full with the CA: connects encrypted and checks the schema', async () => {
    // The reload that turned TLS on is asynchronous: wait until a connection is encrypted.
    await expect.poll(async () => {
      const client = await connect({ url: url('localhost', 'tls_member', 'sslmode=verify-full'), password: PASSWORD, ca: join(certs, 'ca.crt') }).catch(() => undefined);
      const encrypted = client ? await usesTls(client) : false;
      await client?.end();
      return encrypted;
    }).toBe(true);
    const client = await connectChecked({ url: url('localhost', 'tls_member', 'sslmode=verify-full'), password: PASSWORD, ca: readFileSync(join(certs, 'ca.crt'), 'utf8') });
    expect(await usesTls(client)).toBe(true);
    await client.end();
  });

  it('refuses a certificate it cannot check: no CA, another CA, or another host name', async () => {
    await expect(connect({ url: url('localhost', 'tls_member', 'sslmode=verify-full'), password: PASSWORD })).rejects.toMatchObject({
      problem: 'tls',
      message: expect.stringContaining('could not be verified'),
    });
    await expect(connect({ url: url('localhost', 'tls_member', 'sslmode=verify-full'), password: PASSWORD, ca: join(certs, 'other-ca.crt') })).rejects.toMatchObject({ problem: 'tls' });
    // The certificate names localhost, not 127.0.0.1: verify-full refuses, verify-ca (chain only) accepts.
    await expect(connect({ url: url('127.0.0.1', 'tls_member', 'sslmode=verify-full'), password: PASSWORD, ca: join(certs, 'ca.crt') })).rejects.toMatchObject({ problem: 'tls' });
    const chainOnly = await connect({ url: url('127.0.0.1', 'tls_member', 'sslmode=verify-ca'), password: PASSWORD, ca: join(certs, 'ca.crt') });
    expect(await usesTls(chainOnly)).toBe(true);
    await chainOnly.end();
    // sslmode=require is taken as verify-full: never an unchecked certificate.
    await expect(connect({ url: url('localhost', 'tls_member', 'sslmode=require'), password: PASSWORD })).rejects.toMatchObject({ problem: 'tls' });
  });

  it('sends a client certificate when the server demands one', async () => {
    await expect(connect({ url: url('localhost', 'cert_member', 'sslmode=verify-full'), password: PASSWORD, ca: join(certs, 'ca.crt') })).rejects.toMatchObject({ problem: 'no_access' });
    const query = `sslmode=verify-full&sslcert=${encodeURIComponent(join(certs, 'client.crt'))}&sslkey=${encodeURIComponent(join(certs, 'client.key'))}`;
    const client = await connectChecked({ url: url('localhost', 'cert_member', query), password: PASSWORD, ca: join(certs, 'ca.crt') });
    expect((await client.query(`SELECT current_user AS who, (SELECT client_dn FROM pg_stat_ssl WHERE pid = pg_backend_pid()) AS dn`)).rows[0]).toEqual({ who: 'cert_member', dn: '/CN=cert_member' });
    await client.end();
  });
});
