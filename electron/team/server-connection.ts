/**
 * One way to open a connection to the team server, for the administrator's commands and for sync alike: the URL
 * read, the password taken from the caller (keychain, file, prompt) or the URL, TLS with certificate checking,
 * application_name and a statement timeout set, and PostgreSQL's failures turned into sentences a person can act on.
 */
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { ApiError, type ErrorCode } from '../api/result.js';
import { SCHEMA_VERSION } from './server-schema.js';

export { SCHEMA_VERSION } from './server-schema.js';

export interface ServerOptions {
  /** postgres://member@host:5432/db?sslmode=verify-full (a password in it is used, but never stored or printed). */
  url: string;
  /** Wins over a password in the URL. Without either, pg falls back to PGPASSWORD. */
  password?: string;
  /** The CA certificate to trust: PEM text, or the path of a PEM file. */
  ca?: string;
}

export interface ConnectOptions {
  /** Milliseconds before a statement is cancelled by the server (default 120 000). */
  statementTimeoutMs?: number;
  /** Milliseconds to wait for the connection itself (default 10 000). */
  connectTimeoutMs?: number;
}

export type ServerProblem =
  | 'bad_url'
  | 'unreachable'
  | 'tls'
  | 'password_needed'
  | 'wrong_password'
  | 'no_access'
  | 'no_database'
  | 'forbidden'
  | 'schema_missing'
  | 'schema_version'
  | 'timeout'
  | 'role_exists'
  | 'not_found'
  | 'bad_request'
  | 'failed';

const CODES: Record<ServerProblem, ErrorCode> = {
  bad_url: 'invalid_input',
  unreachable: 'storage_failed',
  tls: 'storage_failed',
  password_needed: 'forbidden',
  wrong_password: 'forbidden',
  no_access: 'forbidden',
  no_database: 'not_found',
  forbidden: 'forbidden',
  schema_missing: 'not_found',
  schema_version: 'conflict',
  timeout: 'storage_failed',
  role_exists: 'conflict',
  not_found: 'not_found',
  bad_request: 'invalid_input',
  failed: 'storage_failed',
};

/** A failure talking to the team server; `problem` says which, for callers that act on it (retry, ask again). */
export class ServerError extends ApiError {
  constructor(
    readonly problem: ServerProblem,
    message: string,
    /** SQLSTATE or Node's error code behind it, when there was one. */
    readonly sqlState?: string,
  ) {
    super(CODES[problem], message);
    this.name = 'ServerError';
  }
}

export interface ParsedServerUrl {
  host: string;
  port: number;
  database: string;
  user: string;
  password?: string;
  sslmode: 'disable' | 'verify-ca' | 'verify-full';
  /**
   * Whether the link is encrypted (TLS). False for sslmode=disable and for an address without sslmode (a server on
   * this computer, tests): the Team screen can say "not encrypted" for those.
   */
  encrypted: boolean;
  /** A client certificate and its key (PEM files), for servers that ask for one (pg_hba.conf `cert` / clientcert). */
  sslcert?: string;
  sslkey?: string;
}

/**
 * Reads a postgres:// URL. sslmode: absent or disable → no TLS (`encrypted: false`); require, verify-ca and
 * verify-full → TLS with the certificate checked (require is taken as verify-full: never weaker than asked, and an
 * unchecked certificate lets anyone in between read the inquiry). allow and prefer are refused: in libpq they mean
 * "TLS if the server offers it", but pg cannot fall back that way, so the link would be unencrypted while the
 * address suggests otherwise.
 */
export function parseServerUrl(url: string): ParsedServerUrl {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ServerError('bad_url', `The server address "${redactUrl(url)}" is not a URL like postgres://member@host:5432/database.`);
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new ServerError('bad_url', `The server address must start with postgres:// (it starts with ${parsed.protocol}//).`);
  }
  const host = decodeURIComponent(parsed.hostname).replace(/^\[(.*)\]$/, '$1');
  if (!host) throw new ServerError('bad_url', 'The server address names no host (postgres://member@host:5432/database).');
  const user = decodeURIComponent(parsed.username);
  if (!user) throw new ServerError('bad_url', `The server address names no role: put it before the host, as in postgres://member@${host}/database.`);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!database) throw new ServerError('bad_url', `The server address names no database: put it after the host, as in postgres://${user}@${host}/database.`);
  const port = parsed.port ? Number(parsed.port) : 5432;
  const mode = parsed.searchParams.get('sslmode') ?? 'disable';
  let sslmode: ParsedServerUrl['sslmode'];
  if (mode === 'allow' || mode === 'prefer') {
    throw new ServerError(
      'bad_url',
      `sslmode=${mode} would connect without encryption here, without saying so. Use sslmode=verify-full (TLS with the server's certificate checked), or sslmode=disable only on a network you trust.`,
    );
  }
  if (mode === 'disable') sslmode = 'disable';
  else if (mode === 'verify-ca') sslmode = 'verify-ca';
  else if (mode === 'require' || mode === 'verify-full') sslmode = 'verify-full';
  else throw new ServerError('bad_url', `sslmode=${mode} is not known; use verify-full (or disable on a trusted network).`);
  for (const key of parsed.searchParams.keys()) {
    if (!['sslmode', 'sslcert', 'sslkey'].includes(key)) {
      throw new ServerError('bad_url', `The server address has an option Withness does not use: ${key}. Only sslmode, sslcert and sslkey are read.`);
    }
  }
  const sslcert = parsed.searchParams.get('sslcert') ?? undefined;
  const sslkey = parsed.searchParams.get('sslkey') ?? undefined;
  if ((sslcert === undefined) !== (sslkey === undefined)) throw new ServerError('bad_url', 'A client certificate needs both sslcert and sslkey in the server address.');
  if (sslcert !== undefined && sslmode === 'disable') throw new ServerError('bad_url', 'A client certificate is only sent over TLS: add sslmode=verify-full to the server address.');
  const password = parsed.password ? decodeURIComponent(parsed.password) : undefined;
  return {
    host,
    port,
    database,
    user,
    ...(password !== undefined ? { password } : {}),
    sslmode,
    encrypted: sslmode !== 'disable',
    ...(sslcert !== undefined ? { sslcert, sslkey } : {}),
  };
}

/** The URL without its password: what may be stored (sync_links.server_url), shown and logged. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.password) return url;
    parsed.password = '';
    return parsed.toString();
  } catch {
    return url.replace(/(\/\/[^:/@]+):[^@/]*@/, '$1@');
  }
}

function readPem(value: string, what: string): string {
  if (value.includes('-----BEGIN')) return value;
  try {
    return readFileSync(value, 'utf8');
  } catch (error) {
    throw new ServerError('tls', `The ${what} file ${value} cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The pg client configuration for these options (exported for tests and for a pg.Pool). */
export function clientConfig(options: ServerOptions, connect: ConnectOptions = {}): pg.ClientConfig {
  const url = parseServerUrl(options.url);
  const password = options.password ?? url.password;
  let ssl: pg.ClientConfig['ssl'] = false;
  if (url.sslmode !== 'disable') {
    ssl = {
      rejectUnauthorized: true,
      ...(options.ca ? { ca: readPem(options.ca, 'CA certificate') } : {}),
      ...(url.sslcert && url.sslkey ? { cert: readPem(url.sslcert, 'client certificate'), key: readPem(url.sslkey, 'client key') } : {}),
      ...(url.sslmode === 'verify-ca' ? { checkServerIdentity: () => undefined } : { servername: url.host }),
    };
  } else if (options.ca) {
    throw new ServerError('bad_url', 'A CA certificate was given but the server address does not ask for TLS: add ?sslmode=verify-full to it.');
  }
  return {
    host: url.host,
    port: url.port,
    database: url.database,
    user: url.user,
    ...(password !== undefined ? { password } : {}),
    ssl,
    application_name: 'withness',
    statement_timeout: connect.statementTimeoutMs ?? 120_000,
    connectionTimeoutMillis: connect.connectTimeoutMs ?? 10_000,
    keepAlive: true,
  };
}

/**
 * An open client (the caller ends it). A connection that breaks later emits 'error' on the client: it is caught
 * here so a dropped server never crashes the process; the next query then fails and is described by describeError.
 */
export async function connect(options: ServerOptions, connectOptions: ConnectOptions = {}): Promise<pg.Client> {
  const config = clientConfig(options, connectOptions);
  const client = new pg.Client(config);
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw describeError(error, { url: options.url });
  }
  return client;
}

/** connect() and then checkSchemaVersion(): what sync does before anything else. */
export async function connectChecked(options: ServerOptions, connectOptions: ConnectOptions = {}): Promise<pg.Client> {
  const client = await connect(options, connectOptions);
  try {
    await checkSchemaVersion(client, options.url);
    return client;
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
}

/** The server's schema version, or undefined when the schema is not there. */
export async function readSchemaVersion(client: pg.ClientBase): Promise<number | undefined> {
  const exists = await client.query<{ present: boolean }>(`SELECT to_regclass('withness.meta') IS NOT NULL AS present`);
  if (!exists.rows[0]?.present) return undefined;
  try {
    const result = await client.query<{ value: string }>(`SELECT value FROM withness.meta WHERE key = 'schema_version'`);
    const value = result.rows[0]?.value;
    return value === undefined ? undefined : Number(value);
  } catch (error) {
    throw describeError(error);
  }
}

/** Refuses a server without the schema or with another version; nothing is written on either side. */
export async function checkSchemaVersion(client: pg.ClientBase, url?: string): Promise<number> {
  let version: number | undefined;
  try {
    version = await readSchemaVersion(client);
  } catch (error) {
    throw describeError(error, url ? { url } : {});
  }
  if (version === undefined) throw schemaMissing();
  if (version !== SCHEMA_VERSION) throw schemaVersionMismatch(version);
  return version;
}

function schemaMissing(): ServerError {
  return new ServerError('schema_missing', 'The team server\'s database has no Withness schema. An administrator sets it up with "withness server init".');
}

export function schemaVersionMismatch(serverVersion: number | string): ServerError {
  const newer = Number(serverVersion) > SCHEMA_VERSION;
  return new ServerError(
    'schema_version',
    newer
      ? `The team server has Withness schema version ${serverVersion}, newer than version ${SCHEMA_VERSION} that this Withness knows. Update Withness to sync with it; nothing was changed.`
      : `The team server has Withness schema version ${serverVersion}; this Withness needs version ${SCHEMA_VERSION}. An administrator updates the server with "withness server init"; nothing was changed.`,
  );
}

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'ECONNRESET', 'EPIPE', 'ECONNABORTED']);
const TLS_CODES = /^(ERR_TLS_|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_SSL_|HOSTNAME_MISMATCH)/;

/** Whether trying again later may work (the server or the network was away), as opposed to a refusal. */
export function isTransient(error: unknown): boolean {
  return error instanceof ServerError && (error.problem === 'unreachable' || error.problem === 'timeout');
}

/**
 * A sentence for whatever pg or Node threw. `url` (never printed with its password) names the server and role;
 * `inquiry` names the inquiry when a member was refused.
 */
export function describeError(error: unknown, context: { url?: string; inquiry?: string } = {}): ServerError {
  if (error instanceof ServerError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const state = typeof code === 'string' ? code : undefined;
  const message = error instanceof Error ? error.message : String(error);
  let where = 'the team server';
  let user: string | undefined;
  let database: string | undefined;
  if (context.url) {
    try {
      const url = parseServerUrl(context.url);
      where = `the team server ${url.host}:${url.port}`;
      user = url.user;
      database = url.database;
    } catch {
      // an unreadable URL was reported when connecting
    }
  }
  const role = user ? `the role ${user}` : 'this role';
  const detail = message.replace(/^withness(\.[a-z_]+)?: /, '');

  if (state && UNREACHABLE_CODES.has(state)) {
    return new ServerError('unreachable', `${cap(where)} cannot be reached (${message}). Check the address and the network or VPN; your work stays on this computer and syncs when the server can be reached.`, state);
  }
  if (state && TLS_CODES.test(state)) {
    return new ServerError('tls', `The certificate of ${where} could not be verified (${message}). Give its CA certificate with --ca FILE, or check the host name in the address.`, state);
  }
  if (/does not support SSL|server does not support ssl/i.test(message)) {
    return new ServerError('tls', `${cap(where)} does not offer TLS, but the address asks for it (sslmode). Ask the administrator to enable TLS, or use sslmode=disable only on a network you trust.`, state);
  }
  if (/client password must be a string|password authentication.*no password|SASL: SCRAM-SERVER-FIRST-MESSAGE: client password must be/i.test(message)) {
    return new ServerError('password_needed', `${cap(where)} asks for a password for ${role} and none was given.`, state);
  }
  if (/timeout expired|Connection terminated due to connection timeout/i.test(message)) {
    return new ServerError('unreachable', `${cap(where)} did not answer in time. Check the address and the network or VPN; your work stays on this computer and syncs when the server can be reached.`, state);
  }
  if (/Connection terminated|connection is closed|Client was closed|not queryable|Connection ended/i.test(message)) {
    return new ServerError('unreachable', `The connection to ${where} was lost (${message}). Nothing half-done was kept on the server; try again when it can be reached.`, state);
  }
  switch (state) {
    case '28P01':
      return new ServerError('wrong_password', `${cap(where)} refused the password for ${role} (wrong password, or no such role).`, state);
    case '28000':
      return new ServerError('no_access', `${cap(where)} does not let ${role} in from here (${message}). The administrator allows it in pg_hba.conf.`, state);
    case '3D000':
      return new ServerError('no_database', `There is no database ${database ?? '(none named)'} on ${where}. Check the database name at the end of the address.`, state);
    case '42501': {
      const notMember = /is not a member of inquiry (\S+)/.exec(message);
      if (notMember) {
        return new ServerError('forbidden', `${cap(role)} is not a member of inquiry ${notMember[1]} on ${where}. The administrator adds it with "withness server add-member".`, state);
      }
      return new ServerError(
        'forbidden',
        context.inquiry
          ? `${cap(role)} may not do this on ${where}: it is not a member of inquiry ${context.inquiry}, or lacks the right (${detail}).`
          : `${cap(role)} may not do this on ${where} (${detail}).`,
        state,
      );
    }
    case '3F000':
      return schemaMissing();
    case '42P01':
    case '42883':
      // Also what a call with wrong argument types looks like: keep PostgreSQL's words beside ours.
      return new ServerError('schema_missing', `${schemaMissing().message} (${message})`, state);
    case '57014':
      return new ServerError('timeout', `${cap(where)} took too long and the request was cancelled (${message}). Nothing half-done was kept; try again.`, state);
    case '57P01':
    case '57P02':
    case '57P03':
      return new ServerError('unreachable', `${cap(where)} is shutting down or starting up (${message}). Try again in a moment; your work stays on this computer.`, state);
    case '53300':
      return new ServerError('unreachable', `${cap(where)} has too many connections just now (${message}). Try again in a moment.`, state);
    case '22023':
    case '23514':
      return new ServerError('bad_request', `${cap(where)} refused the request: ${detail}`, state);
  }
  if (state && state.startsWith('08')) {
    return new ServerError('unreachable', `The connection to ${where} failed (${message}). Try again when it can be reached.`, state);
  }
  return new ServerError('failed', `${cap(where)} reported a problem: ${message}`, state);
}

function cap(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
