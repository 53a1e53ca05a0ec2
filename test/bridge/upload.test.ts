import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/api/dispatch.js';
import { startBridge, type Bridge } from '../../electron/bridge/server.js';
import { buildBundle } from '../../electron/exchange/bundle.js';
import { createClient, httpTransport } from '../../renderer/src/api/client.js';
import { runJob, uploadFile } from '../../renderer/src/api/jobs.js';
import { seedRichProject } from '../exports/exchange-helpers.js';
import { rowCounts, tempDatabase, tempDir } from '../helpers/temp.js';

let bridge: Bridge | undefined;
afterEach(async () => {
  await bridge?.close();
  bridge = undefined;
});

describe('a bundle larger than the bridge lets one request carry', () => {
  it('is refused in one request, and imports when sent in pieces, with upload progress', async () => {
    const source = tempDatabase();
    const { projectId } = seedRichProject(source.db);
    const bytes = buildBundle(source.db, projectId)!.bytes;
    // The cap, lowered for the test, is well below the bundle; each piece (as base64 in JSON) fits under it.
    const cap = Math.floor(bytes.length / 3);
    expect(bytes.length).toBeGreaterThan(cap * 2);

    const { db } = tempDatabase();
    const rendererDir = join(tempDir(), 'renderer');
    mkdirSync(rendererDir);
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Withness</title>');
    bridge = await startBridge({ dispatch: (channel, input) => dispatch(db, channel, input, { checkOutput: true }), rendererDir, maxBodyBytes: cap });
    const base = bridge.url.replace(/\/$/, '');
    const client = createClient(httpTransport(bridge.token, (url, init) => fetch(`${base}${String(url)}`, init)));
    const before = rowCounts(db);

    // All at once: the bridge refuses the request before anything runs.
    const whole = await client.call('exchange:bundleImport', { data_base64: Buffer.from(bytes).toString('base64') }).then(
      () => 'imported',
      (error: Error) => error.message,
    );
    expect(whole).toMatch(/larger than/);
    expect(rowCounts(db)).toEqual(before);

    // In pieces: every piece arrives, then the job reads the whole file.
    const sent: number[] = [];
    const uploadId = await uploadFile(client, bytes, { chunkBytes: Math.floor(cap / 2), onProgress: (done) => sent.push(done) });
    expect(sent.length).toBeGreaterThanOrEqual(6);
    expect(sent).toEqual([...sent].sort((a, b) => a - b));
    expect(sent.at(-1)).toBe(bytes.length);
    const result = await runJob(client, 'exchange:bundleImport', { upload_id: uploadId }, { pollMs: 5 });
    expect(result.project_id).toBe(projectId);
    expect(db.prepare('SELECT count(*) FROM field_notes WHERE project_id = ?').pluck().get(projectId)).toBe(
      source.db.prepare('SELECT count(*) FROM field_notes WHERE project_id = ?').pluck().get(projectId),
    );
  });
});
