import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { channels } from '../../electron/api/contract.js';
import { dispatch } from '../../electron/api/dispatch.js';
import type { ApiResult } from '../../electron/api/result.js';
import { startBridge, type Bridge } from '../../electron/bridge/server.js';
import { registerApi } from '../../electron/ipc.js';
import { createProject } from '../../db/repositories/projects.js';
import type { Db } from '../../db/connection.js';
import { rowCounts, tempDatabase, tempDir } from '../helpers/temp.js';

const ERROR_CODES = ['invalid_input', 'unknown_channel', 'not_found', 'conflict', 'forbidden', 'storage_failed', 'journal_damaged'];

/** Payloads a hostile renderer or web page might send: wrong types, huge, deep, prototype keys. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({ maxDepth: 3, withObjectString: true, withNullPrototype: true }),
  fc.constantFrom(
    null,
    undefined,
    0,
    -1,
    Number.NaN,
    '',
    'x'.repeat(3_000_000),
    '<script>alert(1)</script>',
    "'; DROP TABLE projects; --",
    '\u0000',
    '0190a000-0000-7000-8000-000000000001',
    JSON.parse('{"__proto__": {"polluted": true}}'),
    { constructor: { prototype: { polluted: true } } },
    { prototype: { polluted: true } },
  ),
  fc.integer({ min: 50, max: 2000 }).map((depth) => {
    let nested: unknown = 'bottom';
    for (let level = 0; level < depth; level += 1) nested = { next: nested };
    return nested;
  }),
);

const hostileInput = fc.oneof(
  hostileValue,
  fc.dictionary(
    fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'id', 'project_id', 'title', 'body', 'name', 'text'), fc.string()),
    hostileValue,
    { maxKeys: 6 },
  ),
);

function assertTyped(result: ApiResult<unknown>): void {
  expect(typeof result.ok).toBe('boolean');
  if (!result.ok) {
    expect(ERROR_CODES).toContain(result.error.code);
    expect(typeof result.error.message).toBe('string');
    expect(result.error.message.length).toBeGreaterThan(0);
  }
}

function assertNoPollution(): void {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
}

function seeded(): Db {
  const { db } = tempDatabase();
  createProject(db, { title: 'Target of hostile calls' });
  return db;
}

describe('hostile input over every channel', () => {
  it('dispatch (the IPC path) answers every payload with a typed result, writing nothing when it refuses', async () => {
    const db = seeded();
    const reported: unknown[] = [];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...channels), hostileInput, async (channel, input) => {
        const before = rowCounts(db);
        const result = await dispatch(db, channel, input, { onUnexpected: (error) => reported.push(error) });
        assertTyped(result);
        if (!result.ok) expect(rowCounts(db)).toEqual(before);
        assertNoPollution();
      }),
      { numRuns: 400 },
    );
    expect(reported).toEqual([]);
  }, 120_000);

  it('refuses unknown and hostile channel names', async () => {
    const db = seeded();
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'hasOwnProperty', 'toString', 'projects:', ':list')), async (name) => {
        fc.pre(!(channels as string[]).includes(name));
        const result = await dispatch(db, name, {});
        expect(result).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
      }),
      { numRuns: 200 },
    );
  });

  it('IPC handlers registered from the contract check the sender before anything else', async () => {
    const db = seeded();
    const handlers = new Map<string, (event: unknown, input: unknown) => Promise<ApiResult<unknown>>>();
    registerApi({ handle: (channel: string, handler: never) => handlers.set(channel, handler) } as never, (channel, input) => dispatch(db, channel, input));
    const own = { senderFrame: { url: 'app://withness/index.html', parent: null } };
    const foreign = { senderFrame: { url: 'https://evil.example/', parent: null } };
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...channels), hostileInput, async (channel, input) => {
        const before = rowCounts(db);
        const refused = await handlers.get(channel)!(foreign, input);
        expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
        expect(rowCounts(db)).toEqual(before);
        const answered = await handlers.get(channel)!(own, input);
        assertTyped(answered);
        if (!answered.ok) expect(rowCounts(db)).toEqual(before);
        assertNoPollution();
      }),
      { numRuns: 150 },
    );
  }, 120_000);
});

describe('hostile input over the HTTP bridge', () => {
  let bridge: Bridge | undefined;
  afterEach(async () => {
    await bridge?.close();
  });

  async function start() {
    const db = seeded();
    bridge = await startBridge({ dispatch: (channel, input) => dispatch(db, channel, input), rendererDir: tempDir() });
    const b = bridge;
    const post = async (channel: string, body: string, headers: Record<string, string> = {}) => {
      const response = await fetch(`${b.url}api/${encodeURIComponent(channel)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-withness-token': b.token, ...headers },
        body,
      });
      return { status: response.status, result: (await response.json()) as ApiResult<unknown> };
    };
    return { db, post };
  }

  it('answers every payload with a typed result and never a server error', async () => {
    const { db, post } = await start();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...channels),
        fc.oneof(
          hostileInput.map((value) => JSON.stringify(value) ?? 'null'),
          fc.string({ maxLength: 200 }),
          fc.constantFrom('{', '[1,2', '{"a":}', '\u0000', 'null', '"just a string"', '{"__proto__":{"polluted":1}}'),
        ),
        async (channel, body) => {
          const before = rowCounts(db);
          const { status, result } = await post(channel, body);
          expect([200, 400, 413]).toContain(status);
          assertTyped(result);
          if (!result.ok) expect(rowCounts(db)).toEqual(before);
          assertNoPollution();
        },
      ),
      { numRuns: 150 },
    );
  }, 120_000);

  it('refuses a missing or wrong token and a foreign Origin for every channel, writing nothing', async () => {
    const { db, post } = await start();
    const before = rowCounts(db);
    for (const channel of channels) {
      expect((await post(channel, '{}', { 'x-withness-token': 'wrong' })).status).toBe(401);
      expect((await post(channel, '{}', { origin: 'https://evil.example' })).status).toBe(403);
    }
    expect(rowCounts(db)).toEqual(before);
  });
});
