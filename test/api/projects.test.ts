import { describe, expect, it } from 'vitest';
import { channels, contract } from '../../electron/api/contract.js';
import { call, dispatch } from '../../electron/api/dispatch.js';
import { handlers } from '../../electron/api/handlers/index.js';
import { loadMigrations } from '../../db/migrations.js';
import { rowCounts, tempDatabase } from '../helpers/temp.js';
import { openSqlite } from '../../db/sqlite.js';

const strict = { checkOutput: true };

describe('API contract', () => {
  it('has a handler for every channel and a channel for every handler', () => {
    expect(Object.keys(handlers).sort()).toEqual([...channels].sort());
    for (const channel of channels) expect(channel).toMatch(/^[a-z][a-zA-Z]*:[a-z][a-zA-Z]*$/);
    for (const channel of channels) {
      expect(contract[channel].input).toBeDefined();
      expect(contract[channel].output).toBeDefined();
    }
  });
});

describe('app:info', () => {
  it('names the app, its version and the schema version', async () => {
    const { db } = tempDatabase();
    const result = await call(db, 'app:info', {}, strict);
    expect(result).toEqual({ ok: true, value: { name: 'Withness', version: expect.stringMatching(/^\d+\.\d+\.\d+/), schemaVersion: loadMigrations().length } });
  });
});

describe('projects channels', () => {
  it('create, get, list and update a project', async () => {
    const { db } = tempDatabase();
    const created = await call(db, 'projects:create', { title: '  Co-creation in Nordby  ', concern: 'Loneliness', started_on: '2026-02-01' }, strict);
    if (!created.ok) throw new Error(created.error.message);
    expect(created.value).toMatchObject({ title: 'Co-creation in Nordby', concern: 'Loneliness', started_on: '2026-02-01', status: 'active' });

    const fetched = await call(db, 'projects:get', { id: created.value.id }, strict);
    expect(fetched).toEqual({ ok: true, value: created.value });

    const updated = await call(db, 'projects:update', { id: created.value.id, status: 'closed' }, strict);
    expect(updated.ok && updated.value.status).toBe('closed');

    const listed = await call(db, 'projects:list', {}, strict);
    expect(listed.ok && listed.value.map((project) => project.id)).toEqual([created.value.id]);
  });

  it('reports a missing project as not_found in words', async () => {
    const { db } = tempDatabase();
    const id = '0190a000-0000-7000-8000-00000000beef';
    for (const result of [await call(db, 'projects:get', { id }), await call(db, 'projects:update', { id, title: 'x' })]) {
      expect(result).toEqual({ ok: false, error: { code: 'not_found', message: expect.stringContaining(id), message_id: 'api.not_found', params: { what: { id: 'word.project' }, id } } });
    }
  });

  const invalidInputs: [string, string, unknown][] = [
    ['projects:create', 'no title', {}],
    ['projects:create', 'blank title', { title: '   ' }],
    ['projects:create', 'title of wrong type', { title: 42 }],
    ['projects:create', 'title too long', { title: 'x'.repeat(501) }],
    ['projects:create', 'an unknown key', { title: 'ok', owner: 'mallory' }],
    ['projects:create', 'a __proto__ key', JSON.parse('{"title":"ok","__proto__":{"polluted":true}}')],
    ['projects:create', 'a bad date', { title: 'ok', started_on: '01/02/2026' }],
    ['projects:create', 'an array instead of an object', ['title']],
    ['projects:create', 'a string instead of an object', 'title'],
    ['projects:update', 'a non-UUID id', { id: 'robert"); DROP TABLE projects;--' }],
    ['projects:update', 'an unknown status', { id: '0190a000-0000-7000-8000-000000000001', status: 'finished' }],
    ['projects:get', 'no id', {}],
    ['app:info', 'unexpected keys', { debug: true }],
  ];

  it.each(invalidInputs)('%s refuses %s and writes nothing', async (channel, _label, input) => {
    const { db } = tempDatabase();
    const before = rowCounts(db);
    const result = await dispatch(db, channel, input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid_input');
    expect(result.error.message).toMatch(/^Invalid input/);
    expect(result.error.issues?.length).toBeGreaterThan(0);
    expect(rowCounts(db)).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses unknown channels by name', async () => {
    const { db } = tempDatabase();
    for (const channel of ['projects:drop', 'constructor', '__proto__', 'toString', 42, null]) {
      const result = await dispatch(db, channel, {});
      expect(result).toEqual({ ok: false, error: { code: 'unknown_channel', message: expect.stringContaining('no API channel'), message_id: 'api.unknown_channel', params: { channel: expect.any(String) } } });
    }
  });

  it('turns a read-only journal into a storage_failed message, not a crash', async () => {
    const { db, file } = tempDatabase();
    db.close();
        const readonly = openSqlite(file, { readonly: true });
    const result = await dispatch(readonly, 'projects:create', { title: 'Cannot be saved' });
    expect(result).toEqual({
      ok: false,
      error: { code: 'storage_failed', message: expect.stringMatching(/read-only.*Nothing was changed/), message_id: 'api.storage_failed', params: { detail: { id: 'api.storage_readonly' } } },
    });
    readonly.close();
  });

  it('hides unexpected failures behind a plain message and reports them', async () => {
    const { db } = tempDatabase();
    db.exec('CREATE TEMP TRIGGER explode BEFORE INSERT ON projects BEGIN SELECT RAISE(ABORT, \'boom\'); END;');
    const reported: unknown[] = [];
    const result = await dispatch(db, 'projects:create', { title: 'x' }, { onUnexpected: (error) => reported.push(error) });
    expect(result).toEqual({ ok: false, error: { code: 'internal', message: expect.stringContaining('Nothing was changed'), message_id: 'api.internal' } });
    expect(reported).toHaveLength(1);
    expect(db.prepare('SELECT count(*) FROM projects').pluck().get()).toBe(0);
  });
});
