import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/api/dispatch.js';
import { startBridge, type Bridge } from '../../electron/bridge/server.js';
import { rowCounts, tempDatabase, tempDir } from '../helpers/temp.js';

let bridge: Bridge | undefined;
afterEach(async () => {
  await bridge?.close();
  bridge = undefined;
});

async function start(maxBodyBytes?: number) {
  const { db } = tempDatabase();
  const rendererDir = join(tempDir(), 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Withness</title>');
  bridge = await startBridge({ dispatch: (channel, input) => dispatch(db, channel, input, { checkOutput: true }), rendererDir, maxBodyBytes });
  return { db, bridge };
}

interface Sent {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Raw HTTP, so tests can forge Host and Origin headers the way a hostile page or DNS rebinding would. */
function send(port: number, path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

function api(b: Bridge, channel: string, input: unknown, headers: Record<string, string> = {}) {
  return send(b.port, `/api/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-withness-token': b.token, ...headers },
    body: JSON.stringify(input),
  });
}

describe('HTTP bridge (browser mode)', () => {
  it('binds to loopback with a long random token', async () => {
    const { bridge: b } = await start();
    expect(b.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(b.token.length).toBeGreaterThanOrEqual(40);
    expect(b.launchUrl).toBe(`${b.url}?token=${b.token}`);
    const otherDb = tempDatabase().db;
    const other = await startBridge({ dispatch: (channel, input) => dispatch(otherDb, channel, input), rendererDir: tempDir() });
    expect(other.token).not.toBe(b.token);
    await other.close();
  });

  it('serves the renderer with its security headers', async () => {
    const { bridge: b } = await start();
    const page = await send(b.port, '/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Withness</title>');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect((await send(b.port, '/../../etc/passwd')).body).not.toContain('root:');
  });

  it('runs API calls for the right token and returns typed results', async () => {
    const { bridge: b } = await start();
    const created = await api(b, 'projects:create', { title: 'Over HTTP' });
    expect(created.status).toBe(200);
    expect(JSON.parse(created.body)).toMatchObject({ ok: true, value: { title: 'Over HTTP' } });
    const invalid = JSON.parse((await api(b, 'projects:create', { title: '' })).body);
    expect(invalid).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const unknown = JSON.parse((await api(b, 'system:exec', {})).body);
    expect(unknown).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
  });

  it('refuses a missing or wrong token and writes nothing', async () => {
    const { db, bridge: b } = await start();
    const before = rowCounts(db);
    const missing = await send(b.port, '/api/projects:create', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'No token' }),
    });
    expect(missing.status).toBe(401);
    expect(JSON.parse(missing.body)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const wrong = await api(b, 'projects:create', { title: 'Wrong token' }, { 'x-withness-token': 'x'.repeat(b.token.length) });
    expect(wrong.status).toBe(401);
    const short = await api(b, 'projects:create', { title: 'Short token' }, { 'x-withness-token': 'abc' });
    expect(short.status).toBe(401);
    expect(rowCounts(db)).toEqual(before);
  });

  it('refuses foreign Host and Origin headers (DNS rebinding, cross-site pages)', async () => {
    const { db, bridge: b } = await start();
    const before = rowCounts(db);
    expect((await api(b, 'projects:create', { title: 'x' }, { host: 'evil.example' })).status).toBe(421);
    expect((await send(b.port, '/', { headers: { host: `attacker.test:${b.port}` } })).status).toBe(421);
    expect((await api(b, 'projects:create', { title: 'x' }, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await api(b, 'projects:create', { title: 'x' }, { origin: 'null' })).status).toBe(403);
    expect(rowCounts(db)).toEqual(before);
    expect((await api(b, 'projects:list', {}, { origin: `http://127.0.0.1:${b.port}` })).status).toBe(200);
  });

  it('refuses non-JSON, malformed JSON, oversized bodies and other methods with clear errors', async () => {
    const { db, bridge: b } = await start(1024);
    const before = rowCounts(db);
    const headers = { 'x-withness-token': b.token };
    const form = await send(b.port, '/api/projects:create', { method: 'POST', headers: { ...headers, 'content-type': 'text/plain' }, body: 'title=x' });
    expect(form.status).toBe(415);
    const broken = await send(b.port, '/api/projects:create', { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: '{"title":' });
    expect(broken.status).toBe(400);
    expect(JSON.parse(broken.body).error.message).toMatch(/not valid JSON/);
    const huge = await api(b, 'projects:create', { title: 'x', concern: 'y'.repeat(5000) });
    expect(huge.status).toBe(413);
    const get = await send(b.port, '/api/projects:list', { headers });
    expect(get.status).toBe(405);
    const put = await send(b.port, '/index.html', { method: 'PUT' });
    expect(put.status).toBe(405);
    expect(rowCounts(db)).toEqual(before);
  });
});
