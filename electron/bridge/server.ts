import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { withMessageIds } from '../api/messages.js';
import type { ApiErrorBody, ApiResult } from '../api/result.js';
import type { Dispatcher } from '../journal.js';
import { resolveStaticFile, SECURITY_HEADERS } from '../static-files.js';

/** Browser mode: the built renderer and the same API handlers, on loopback, behind a per-run token. */
export interface BridgeOptions {
  /** Runs one API call: a JournalHost's dispatch, or dispatch over a db in tests. */
  dispatch: Dispatcher;
  rendererDir: string;
  port?: number;
  token?: string;
  maxBodyBytes?: number;
}

export interface Bridge {
  url: string;
  /** The URL to open in a browser: it hands the token to the page once. */
  launchUrl: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

export const TOKEN_HEADER = 'x-withness-token';
const HOST = '127.0.0.1';
const API_PREFIX = '/api/';

export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const maxBodyBytes = options.maxBodyBytes ?? 32 * 1024 * 1024;
  let port = 0;

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      console.error('[withness] bridge request failed:', error);
      if (!response.headersSent) sendJson(response, 500, failure('internal', 'The request failed inside Withness.'));
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!isOwnHost(request.headers.host, port)) {
      return sendJson(response, 421, failure('forbidden', 'This server only answers requests addressed to itself.'));
    }
    const origin = request.headers.origin;
    if (origin !== undefined && !isOwnOrigin(origin, port)) {
      return sendJson(response, 403, failure('forbidden', 'Requests from other web pages are refused.'));
    }
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    if (path.startsWith(API_PREFIX)) return handleApi(request, response, path.slice(API_PREFIX.length));
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return sendJson(response, 405, failure('forbidden', 'Only GET is allowed for files.'));
    }
    return serveFile(request, response, path);
  }

  async function handleApi(request: IncomingMessage, response: ServerResponse, channel: string): Promise<void> {
    if (request.method !== 'POST') return sendJson(response, 405, failure('forbidden', 'API calls use POST.'));
    if (!tokenMatches(request.headers[TOKEN_HEADER], token)) {
      return sendJson(response, 401, failure('forbidden', 'Missing or wrong access token. Open Withness with the link the server printed.'));
    }
    if (!String(request.headers['content-type'] ?? '').startsWith('application/json')) {
      return sendJson(response, 415, failure('invalid_input', 'API calls must send JSON (Content-Type: application/json).'));
    }
    const body = await readBody(request, maxBodyBytes);
    if (body === undefined) {
      return sendJson(response, 413, failure('invalid_input', `The request is larger than ${maxBodyBytes} bytes.`));
    }
    let input: unknown;
    try {
      input = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
    } catch {
      return sendJson(response, 400, failure('invalid_input', 'The request body is not valid JSON.'));
    }
    const result = await options.dispatch(decodeChannel(channel), input);
    sendJson(response, 200, result.ok ? result : { ok: false, error: withMessageIds(result.error) });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://${HOST}:${port}/`;
  return {
    url,
    launchUrl: `${url}?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };

  function serveFile(request: IncomingMessage, response: ServerResponse, path: string): void {
    const file = resolveStaticFile(options.rendererDir, path);
    if (!file) return sendJson(response, 404, failure('not_found', 'No such file.'));
    response.writeHead(200, { 'Content-Type': file.contentType, 'Cache-Control': 'no-store', ...SECURITY_HEADERS });
    if (request.method === 'HEAD') return void response.end();
    createReadStream(file.path).pipe(response);
  }
}

function decodeChannel(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

function isOwnHost(host: string | undefined, port: number): boolean {
  return host === `${HOST}:${port}` || host === `localhost:${port}`;
}

function isOwnOrigin(origin: string, port: number): boolean {
  return origin === `http://${HOST}:${port}` || origin === `http://localhost:${port}`;
}

function tokenMatches(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function readBody(request: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function failure(code: ApiErrorBody['code'], message: string): ApiResult<never> {
  return { ok: false, error: withMessageIds({ code, message }) };
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    ...SECURITY_HEADERS,
  });
  response.end(JSON.stringify(body));
}
