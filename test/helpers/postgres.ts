/**
 * A throwaway PostgreSQL cluster for tests: initdb in a fresh temp folder, listening on 127.0.0.1 on a free port,
 * password (scram-sha-256) authentication, removed by stop(). One cluster per test file:
 *
 *   let pg: TestPostgres;
 *   beforeAll(async () => { pg = await startPostgres(); }, 60_000);
 *   afterAll(async () => { await pg?.stop(); });
 *
 * PostgreSQL refuses to run as root, so when the tests run as root the cluster is created and run as the `postgres`
 * OS user (runuser) and the folder is handed to that user first.
 */
import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface TestPostgres {
  /** postgres://user:password@127.0.0.1:port/db — defaults: the admin role, its password, database `postgres`.
   *  Pass `user` without `password` to get a URL without one (for tests of prompts / PGPASSWORD). */
  url(db?: string, user?: string, password?: string): string;
  /** URL of the superuser on database `postgres`. */
  adminUrl: string;
  adminUser: string;
  adminPassword: string;
  port: number;
  host: string;
  dataDir: string;
  /** CREATE DATABASE name (as the admin); returns the admin URL of the new database. */
  createDatabase(name: string): Promise<string>;
  /** Immediate stop (like a crash: open connections are cut) and the folder removed. Safe to call twice. */
  stop(): Promise<void>;
  /** Immediate stop, keeping the data: for fault tests (server gone mid-sync). */
  stopServer(): Promise<void>;
  /** Start again on the same port and data; resolves once a connection succeeds. */
  startServer(): Promise<void>;
  /** stopServer() then startServer(). */
  restart(): Promise<void>;
}

const ADMIN_USER = 'postgres';
const PG_OS_USER = 'postgres';

/** The highest installed /usr/lib/postgresql/N/bin, else PATH (returns '' so the bare names are looked up). */
export function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
      .sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a));
    if (versions[0]) return join(root, versions[0], 'bin');
  }
  return '';
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

function osUserIds(name: string): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

/** Runs a PostgreSQL program as the postgres OS user when we are root, else as ourselves. */
function pgCommand(bin: string, program: string, args: string[]): { file: string; args: string[] } {
  const path = bin ? join(bin, program) : program;
  if (isRoot) return { file: 'runuser', args: ['-u', PG_OS_USER, '--', path, ...args] };
  return { file: path, args };
}

function run(bin: string, program: string, args: string[]): Promise<string> {
  const cmd = pgCommand(bin, program, args);
  return new Promise((resolve, reject) => {
    // stdio of the postmaster goes to its log file (pg_ctl -l), so these pipes close when pg_ctl itself exits.
    execFile(cmd.file, cmd.args, { encoding: 'utf8', timeout: 120_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${program} ${args.join(' ')} failed: ${error.message}\n${stdout}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function buildUrl(host: string, port: number, db: string, user: string, password?: string): string {
  const auth = password === undefined ? encodeURIComponent(user) : `${encodeURIComponent(user)}:${encodeURIComponent(password)}`;
  return `postgres://${auth}@${host}:${port}/${encodeURIComponent(db)}`;
}

/** Polls by connecting until the server answers a query (pg_ctl -w already waited; this proves TCP + auth work). */
async function waitUntilReady(url: string, logFile: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      await client.end();
      return;
    } catch (error) {
      lastError = error;
      await client.end().catch(() => undefined);
    }
    if (Date.now() > deadline) {
      const log = existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-4000) : '(no log)';
      throw new Error(`PostgreSQL did not become ready: ${String(lastError)}\n${log}`);
    }
    // Between connection attempts only; readiness is decided by the connection succeeding, not by this pause.
    await new Promise((r) => setTimeout(r, 50));
  }
}

const liveClusters = new Set<{ bin: string; dataDir: string; base: string }>();
let exitHookInstalled = false;

/** A test process that dies without afterAll must not leave postmasters behind. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const cluster of liveClusters) {
      try {
        const cmd = pgCommand(cluster.bin, 'pg_ctl', ['stop', '-D', cluster.dataDir, '-m', 'immediate']);
        execFileSync(cmd.file, cmd.args, { stdio: 'ignore', timeout: 30_000 });
      } catch {
        // already stopped
      }
      rmSync(cluster.base, { recursive: true, force: true });
    }
  });
}

export async function startPostgres(options: { maxConnections?: number } = {}): Promise<TestPostgres> {
  const bin = postgresBinDir();
  const base = mkdtempSync(join(tmpdir(), 'withness-pg-'));
  const dataDir = join(base, 'data');
  const socketDir = join(base, 'socket');
  const logFile = join(base, 'postgres.log');
  const pwFile = join(base, 'admin-password');
  const adminPassword = `admin-${Math.random().toString(36).slice(2)}-pw`;
  const host = '127.0.0.1';
  const cluster = { bin, dataDir, base };

  try {
    mkdirSync(socketDir);
    writeFileSync(pwFile, `${adminPassword}\n`, { mode: 0o600 });
    if (isRoot) {
      const { uid, gid } = osUserIds(PG_OS_USER);
      for (const path of [base, socketDir, pwFile]) chownSync(path, uid, gid);
    }
    chmodSync(base, 0o700);
    await run(bin, 'initdb', ['-D', dataDir, '-U', ADMIN_USER, '-A', 'scram-sha-256', `--pwfile=${pwFile}`, '-E', 'UTF8', '--locale=C', '--no-sync']);
    rmSync(pwFile, { force: true });
  } catch (error) {
    rmSync(base, { recursive: true, force: true });
    throw error;
  }
  liveClusters.add(cluster);
  installExitHook();

  let port = 0;
  let running = false;

  const settings = (p: number): string =>
    [
      `-c listen_addresses=${host}`,
      `-p ${p}`,
      `-k ${socketDir}`,
      `-c max_connections=${options.maxConnections ?? 120}`,
      '-c shared_buffers=32MB',
      // fsync only guards against an OS crash; an immediate stop (our "server died") still loses nothing committed.
      '-c fsync=off',
    ].join(' ');

  const adminUrlFor = (db = 'postgres'): string => buildUrl(host, port, db, ADMIN_USER, adminPassword);

  async function startServer(): Promise<void> {
    if (running) return;
    // A free port can be taken by someone else between the probe and the bind: try a few.
    const samePort = port !== 0;
    for (let attempt = 0; ; attempt++) {
      if (!samePort) port = await freePort();
      try {
        await run(bin, 'pg_ctl', ['start', '-w', '-t', '60', '-D', dataDir, '-l', logFile, '-o', settings(port)]);
        break;
      } catch (error) {
        if (samePort || attempt >= 4) {
          const log = existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-4000) : '';
          throw new Error(`${(error as Error).message}\n${log}`);
        }
      }
    }
    running = true;
    await waitUntilReady(adminUrlFor(), logFile);
  }

  async function stopServer(): Promise<void> {
    if (!running) return;
    running = false;
    await run(bin, 'pg_ctl', ['stop', '-w', '-D', dataDir, '-m', 'immediate']);
  }

  try {
    await startServer();
  } catch (error) {
    liveClusters.delete(cluster);
    rmSync(base, { recursive: true, force: true });
    throw error;
  }

  let stopped = false;
  const result: TestPostgres = {
    url: (db = 'postgres', user?: string, password?: string) =>
      user === undefined ? adminUrlFor(db) : buildUrl(host, port, db, user, password),
    get adminUrl() {
      return adminUrlFor();
    },
    adminUser: ADMIN_USER,
    adminPassword,
    get port() {
      return port;
    },
    host,
    dataDir,
    async createDatabase(name: string) {
      const client = new pg.Client({ connectionString: adminUrlFor() });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
      } finally {
        await client.end();
      }
      return adminUrlFor(name);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        await stopServer();
      } finally {
        liveClusters.delete(cluster);
        rmSync(base, { recursive: true, force: true });
      }
    },
    stopServer,
    startServer,
    async restart() {
      await stopServer();
      await startServer();
    },
  };
  return result;
}
