import { describe, expect, it } from 'vitest';
import { createDemoProject } from '../../db/demo/build.js';
import { listConsentChanges, updateStakeholder } from '../../db/repositories/stakeholders.js';
import { call, callOrThrow } from '../../electron/api/dispatch.js';
import { tempDatabase } from '../helpers/temp.js';
import { editTable, rebuildBundle } from './exchange-helpers.js';

describe('bundles and consent', () => {
  it('carries what each person agreed to, and still imports a bundle written before consent use existed (schema 3)', async () => {
    const { db } = tempDatabase();
    const { project } = createDemoProject(db);
    const exported = await callOrThrow(db, 'exchange:bundleExport', { project_id: project.id, plain: true });
    const bytes = new Uint8Array(Buffer.from(exported.data_base64, 'base64'));

    const { db: target } = tempDatabase();
    await callOrThrow(target, 'exchange:bundleImport', { data_base64: exported.data_base64 });
    expect(target.prepare(`SELECT consent_use FROM stakeholders WHERE pseudonym = 'Fatima'`).pluck().get()).toBe('describe');
    // Each person's consent history in the new journal starts with what the bundle brought.
    const fatima = target.prepare(`SELECT id FROM stakeholders WHERE pseudonym = 'Fatima'`).pluck().get() as string;
    expect(listConsentChanges(target, fatima).map((c) => `${c.status}/${c.consent_use}/${c.reason}`)).toEqual(['given/describe/imported']);
    expect(target.prepare(`SELECT count(*) FROM consent_changes`).pluck().get()).toBe(target.prepare(`SELECT count(*) FROM stakeholders`).pluck().get());

    // A newer version of a person whose consent changed there is a change here too, written with the import.
    updateStakeholder(db, fatima, { consent_use: 'quote' });
    const newer = await callOrThrow(db, 'exchange:bundleExport', { project_id: project.id, plain: true });
    await callOrThrow(target, 'exchange:bundleImport', { data_base64: newer.data_base64 });
    expect(listConsentChanges(target, fatima).map((c) => `${c.consent_use}/${c.reason}`)).toEqual(['describe/imported', 'quote/imported']);
    // Importing the same bundle again changes nothing, so writes no history.
    await callOrThrow(target, 'exchange:bundleImport', { data_base64: newer.data_base64 });
    expect(listConsentChanges(target, fatima)).toHaveLength(2);

    const old = rebuildBundle(bytes, (files, manifest) => {
      manifest.schema_version = 3;
      editTable(files, 'stakeholders', (rows) => rows.forEach((row) => delete row.consent_use));
    });
    const { db: older } = tempDatabase();
    const result = await call(older, 'exchange:bundleImport', { data_base64: Buffer.from(old).toString('base64') });
    expect(result).toMatchObject({ ok: true });
    // As an upgraded journal has it: the column's default, so given consent keeps meaning quotable.
    expect(older.prepare(`SELECT DISTINCT consent_use FROM stakeholders`).pluck().all()).toEqual(['quote']);
  });
});
