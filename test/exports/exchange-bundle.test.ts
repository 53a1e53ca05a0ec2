import { deflateRawSync } from 'node:zlib';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { updateEntity } from '../../db/repositories/entities.js';
import { newId } from '../../db/ids.js';
import { loadMigrations } from '../../db/migrations.js';
import { createProject } from '../../db/repositories/projects.js';
import { restoreTrashGroup } from '../../db/repositories/trash.js';
import { call } from '../../electron/api/dispatch.js';
import {
  BUNDLE_FORMAT_VERSION,
  buildBundle,
  DEFAULT_BUNDLE_LIMITS,
  importBundle,
  upgradeBundleTables,
  type BundleTables,
} from '../../electron/exchange/bundle.js';
import { readZip, unsafePathReason } from '../../electron/exchange/zip.js';
import { rowCounts, tempDatabase } from '../helpers/temp.js';
import { editTable, projectRows, rebuildBundle, seedRichProject, text, unzipAll } from './exchange-helpers.js';

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/** A plain bundle (plain: true), to look inside the zip; the encrypted export is tested in exchange-bundle-encrypted.test.ts. */
async function exportBundle(db: ReturnType<typeof tempDatabase>['db'], projectId: string): Promise<Uint8Array> {
  const result = await call(db, 'exchange:bundleExport', { project_id: projectId, plain: true }, { checkOutput: true });
  if (!result.ok) throw new Error(result.error.message);
  return new Uint8Array(Buffer.from(result.value.data_base64, 'base64'));
}

async function importThroughApi(db: ReturnType<typeof tempDatabase>['db'], bytes: Uint8Array) {
  return call(db, 'exchange:bundleImport', { file_name: 'bundle.withness', data_base64: base64(bytes) }, { checkOutput: true });
}

describe('exchange:bundleExport', () => {
  it('writes a manifest with counts and a checksum per entry, one JSON file per table, and attachments as files', async () => {
    const { db } = tempDatabase();
    const { projectId, attachmentId, trashedNoteId } = seedRichProject(db);
    const result = await call(db, 'exchange:bundleExport', { project_id: projectId, plain: true }, { checkOutput: true });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.file_name).toMatch(/^fællesskaber-mod-ensomhed.*\.withness$/);
    expect(result.value.media_type).toBe('application/vnd.withness.bundle+zip');

    const files = unzipAll(Buffer.from(result.value.data_base64, 'base64'));
    const manifest = JSON.parse(text(files['manifest.json']));
    expect(manifest).toMatchObject({ format: 'withness-bundle', format_version: 1, schema_version: loadMigrations().length, app_version: '0.1.0', project_id: projectId });
    expect(Date.parse(manifest.exported_at)).not.toBeNaN();
    expect(Object.keys(files).sort()).toEqual(['manifest.json', ...Object.keys(manifest.sha256)].sort());
    expect(files[`attachments/${attachmentId}`]).toBeDefined();
    // Trash and history travel too.
    const notes = JSON.parse(text(files['tables/field_notes.json'])) as { id: string; deleted_at: string | null }[];
    expect(notes.find((note) => note.id === trashedNoteId)?.deleted_at).toBeTruthy();
    expect(manifest.counts.revisions).toBeGreaterThanOrEqual(2);
    expect(manifest.counts.trash_items).toBe(1);
    expect(manifest.counts.phase_prompts).toBe(2);
    // Real data: a stakeholder's real name is in the bundle.
    expect(text(files['tables/stakeholders.json'])).toContain('Mette Skovgaard Lund');
  });

  it('refuses unknown projects, unknown keys and bad ids', async () => {
    const { db } = tempDatabase();
    expect((await call(db, 'exchange:bundleExport', { project_id: newId(), plain: true })).ok).toBe(false);
    const missing = await call(db, 'exchange:bundleExport', { project_id: newId(), passphrase: 'a long enough passphrase' });
    expect(!missing.ok && missing.error.code).toBe('not_found');
    const bad = await call(db, 'exchange:bundleExport', { project_id: 'nope', plain: true });
    expect(!bad.ok && bad.error.code).toBe('invalid_input');
    const extra = await call(db, 'exchange:bundleExport', { project_id: newId(), plain: true, extra: 1 } as never);
    expect(!extra.ok && extra.error.code).toBe('invalid_input');
  });
});

describe('exchange:bundleImport', () => {
  it('recreates the same project in an empty journal, table by table, attachments included', async () => {
    const source = tempDatabase().db;
    const { projectId } = seedRichProject(source);
    const bundle = await exportBundle(source, projectId);

    const target = tempDatabase().db;
    const result = await importThroughApi(target, bundle);
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.project_id).toBe(projectId);
    expect(result.value.title).toBe('Fællesskaber mod ensomhed i Egeby Kommune (fiktivt eksempel)');
    expect(result.value.created.field_notes).toBe(25);
    expect(result.value.created.attachments).toBe(1);
    expect(Object.values(result.value.updated).every((count) => count === 0)).toBe(true);

    expect(projectRows(target, projectId)).toEqual(projectRows(source, projectId));
    // The triggers rebuilt the timeline and the search index: the trashed note is not an event.
    const events = (db: typeof source) => db.prepare(`SELECT entity_type, entity_id FROM events ORDER BY entity_type, entity_id`).all();
    expect(events(target)).toEqual(events(source));
    expect(target.prepare(`SELECT count(*) FROM events_fts WHERE events_fts MATCH 'Fællesbordet'`).pluck().get()).toBe(
      source.prepare(`SELECT count(*) FROM events_fts WHERE events_fts MATCH 'Fællesbordet'`).pluck().get(),
    );
    expect(target.pragma('foreign_key_check')).toEqual([]);
  });

  it('duplicates nothing when the same bundle is imported twice, or into the journal it came from', async () => {
    const source = tempDatabase().db;
    const { projectId } = seedRichProject(source);
    const bundle = await exportBundle(source, projectId);
    const target = tempDatabase().db;
    await importThroughApi(target, bundle);
    const after = rowCounts(target);

    const again = await importThroughApi(target, bundle);
    if (!again.ok) throw new Error(again.error.message);
    expect(Object.values(again.value.created).every((count) => count === 0)).toBe(true);
    expect(Object.values(again.value.updated).every((count) => count === 0)).toBe(true);
    expect(again.value.unchanged.field_notes).toBe(25);
    expect(rowCounts(target)).toEqual(after);

    const before = rowCounts(source);
    const home = await importThroughApi(source, bundle);
    expect(home.ok && Object.values(home.value.created).every((count) => count === 0)).toBe(true);
    expect(rowCounts(source)).toEqual(before);
  });

  it('merges by revision: newer rows replace older ones (keeping history), older or diverging rows leave the journal alone', async () => {
    const alice = tempDatabase().db;
    const { projectId, noteId, trashedNoteId } = seedRichProject(alice);
    const bob = tempDatabase().db;
    await importThroughApi(bob, await exportBundle(alice, projectId));

    // Alice edits a note, restores the trashed one and adds a project; Bob edits a reflection meanwhile.
    updateEntity(alice, 'field_note', noteId, { body: 'Alice rewrote this note.' });
    const trashItem = alice.prepare(`SELECT id FROM trash_items WHERE entity_id = ?`).pluck().get(trashedNoteId) as string;
    restoreTrashGroup(alice, trashItem);
    const reflectionId = bob.prepare(`SELECT id FROM reflections WHERE project_id = ? ORDER BY id LIMIT 1`).pluck().get(projectId) as string;
    updateEntity(bob, 'reflection', reflectionId, { body: 'Bob’s newer thought.' });
    const bobRevisionsBefore = bob.prepare(`SELECT count(*) FROM revisions`).pluck().get() as number;

    const result = await importThroughApi(bob, await exportBundle(alice, projectId));
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.updated.field_notes).toBe(2);
    expect(result.value.updated.reflections).toBe(0);
    expect(result.value.updated.trash_items).toBe(1);
    expect(bob.prepare(`SELECT body FROM field_notes WHERE id = ?`).pluck().get(noteId)).toBe('Alice rewrote this note.');
    expect(bob.prepare(`SELECT deleted_at FROM field_notes WHERE id = ?`).pluck().get(trashedNoteId)).toBeNull();
    expect(bob.prepare(`SELECT count(*) FROM trash_items WHERE entity_id = ?`).pluck().get(trashedNoteId)).toBe(0);
    expect(bob.prepare(`SELECT body FROM reflections WHERE id = ?`).pluck().get(reflectionId)).toBe('Bob’s newer thought.');
    // Bob's replaced versions are in his history, next to Alice's history from the bundle.
    const revisionsOfNote = bob.prepare(`SELECT count(*) FROM revisions WHERE entity_id = ?`).pluck().get(noteId) as number;
    expect(revisionsOfNote).toBeGreaterThanOrEqual(3);
    expect(bob.prepare(`SELECT count(*) FROM revisions`).pluck().get()).toBeGreaterThan(bobRevisionsBefore);
    // The search index follows the merged text.
    expect(bob.prepare(`SELECT count(*) FROM events_fts WHERE events_fts MATCH 'rewrote'`).pluck().get()).toBe(1);
    expect(bob.pragma('foreign_key_check')).toEqual([]);
  });

  it('keeps guiding prompts of a phase the journal already has, and takes them for phases it has none of', () => {
    const source = tempDatabase().db;
    const { projectId } = seedRichProject(source);
    const bundle = buildBundle(source, projectId)!.bytes;
    const target = tempDatabase().db;
    importBundle(target, bundle);
    target.prepare(`DELETE FROM phase_prompts WHERE project_id = ?`).run(projectId);
    target.prepare(`INSERT INTO phase_prompts (id, project_id, phase, position, text) VALUES (?, ?, 'plan', 0, 'Vores eget spørgsmål')`).run(newId(), projectId);
    const result = importBundle(target, bundle);
    expect(result.unchanged.phase_prompts).toBe(2);
    expect(target.prepare(`SELECT text FROM phase_prompts WHERE project_id = ?`).pluck().all(projectId)).toEqual(['Vores eget spørgsmål']);
  });

  it('refuses input that is not a bundle upload', async () => {
    const { db } = tempDatabase();
    const before = rowCounts(db);
    for (const input of [
      { data_base64: '' },
      { data_base64: 'not base64 at all!' },
      { data_base64: 'UEsDBA==', extra: true },
      { data_base64: 'UEsDBA==', file_name: 'x'.repeat(1001) },
      { data_base64: 42 },
      {},
    ]) {
      const result = await call(db, 'exchange:bundleImport', input as never);
      expect(result.ok).toBe(false);
      expect(!result.ok && result.error.code).toBe('invalid_input');
    }
    expect(rowCounts(db)).toEqual(before);
  });
});

describe('hostile bundles are refused with a clear message and nothing written', () => {
  async function setup() {
    const source = tempDatabase().db;
    const { projectId } = seedRichProject(source);
    const bundle = buildBundle(source, projectId)!.bytes;
    const target = tempDatabase().db;
    // The target already holds another inquiry, so "nothing written" is checked against real rows.
    createProject(target, { title: 'Eget projekt' });
    return { bundle, target, projectId };
  }

  async function expectRefused(target: ReturnType<typeof tempDatabase>['db'], bytes: Uint8Array, message: RegExp) {
    const before = rowCounts(target);
    const result = await importThroughApi(target, bytes);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid_input');
    expect(result.error.message).toMatch(message);
    expect(rowCounts(target)).toEqual(before);
  }

  it('not a zip', async () => {
    const { target } = await setup();
    await expectRefused(target, strToU8('Dear diary, this is plain text.'), /not a zip archive/);
    await expectRefused(target, new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]), /not a complete zip archive/);
  });

  it('a zip without a manifest, or with a manifest of something else', async () => {
    const { target, bundle } = await setup();
    await expectRefused(target, zipSync({ 'notes.txt': strToU8('hello') }), /no manifest\.json/);
    await expectRefused(target, rebuildBundle(bundle, (_files, manifest) => void (manifest.format = 'other-app')), /not a Withness bundle/);
    await expectRefused(target, zipSync({ 'manifest.json': strToU8('{not json') }), /manifest\.json in the bundle is not valid JSON/);
    await expectRefused(target, rebuildBundle(bundle, (_files, manifest) => void delete manifest.project_id), /manifest is not valid \(project_id/);
  });

  it('a newer format or schema version', async () => {
    const { target, bundle } = await setup();
    await expectRefused(
      target,
      rebuildBundle(bundle, (_files, manifest) => void (manifest.format_version = BUNDLE_FORMAT_VERSION + 1)),
      /made by a newer version of Withness \(bundle format 2; this version reads up to 1\)/,
    );
    await expectRefused(target, rebuildBundle(bundle, (_files, manifest) => void (manifest.schema_version = 99)), /newer version of Withness \(schema 99/);
  });

  it('a file that does not match its checksum, a file the manifest does not list, a listed file that is missing', async () => {
    const { target, bundle } = await setup();
    const tampered = rebuildBundle(
      bundle,
      (files) => editTable(files, 'reflections', (rows) => void (rows[0]!.body = 'Changed after export')),
      { keepChecksums: true },
    );
    await expectRefused(target, tampered, /tables\/reflections\.json in the bundle does not match its checksum/);
    const extra = rebuildBundle(bundle, (files) => void (files['notes/extra.txt'] = strToU8('x')), { keepChecksums: true });
    await expectRefused(target, extra, /a file the manifest does not list \(notes\/extra\.txt\)/);
    const missing = rebuildBundle(bundle, (files) => void delete files['tables/codes.json'], { keepChecksums: true });
    await expectRefused(target, missing, /incomplete: tables\/codes\.json is listed/);
  });

  it('entry paths that climb out, are absolute or use backslashes', async () => {
    const { target, bundle } = await setup();
    for (const [path, reason] of [
      ['../evil.json', /unsafe path \(“\.\.\/evil\.json”\): it climbs out/],
      ['tables/../../evil.json', /unsafe path .*climbs out/],
      ['/etc/evil', /unsafe path \(“\/etc\/evil”\): it is an absolute path/],
      ['C:/evil', /drive letter/],
      ['tables\\evil.json', /backslash/],
    ] as const) {
      await expectRefused(target, rebuildBundle(bundle, (files) => void (files[path] = strToU8('[]'))), reason);
    }
    expect(unsafePathReason('tables/field_notes.json')).toBeUndefined();
    expect(unsafePathReason('attachments/./x')).toMatch(/segments/);
  });

  it('an entry larger than the limit, and more in total than the limit', async () => {
    const { target, bundle } = await setup();
    const before = rowCounts(target);
    const small = { ...DEFAULT_BUNDLE_LIMITS, maxEntryBytes: 4096 };
    expect(() => importBundle(target, bundle, { limits: small })).toThrow(/larger than 4 KB once unpacked/);
    const tight = { ...DEFAULT_BUNDLE_LIMITS, maxTotalBytes: 20_000 };
    expect(() => importBundle(target, bundle, { limits: tight })).toThrow(/unpacks to more than 19.5 KB|unpacks to more than 20 KB/);
    expect(() => importBundle(target, bundle, { limits: { ...DEFAULT_BUNDLE_LIMITS, maxEntries: 5 } })).toThrow(/at most 5/);
    expect(() => importBundle(target, bundle, { limits: { ...DEFAULT_BUNDLE_LIMITS, maxBundleBytes: 1000 } })).toThrow(/larger than 1000 bytes/);
    expect(rowCounts(target)).toEqual(before);
  });

  it('a zip bomb that lies about its size is stopped while inflating, through the API with the real limits', async () => {
    const { target } = await setup();
    // 300 MB of zeros compress to about 300 KB; the archive claims 100 bytes.
    const bomb = handmadeZip([
      { name: 'manifest.json', data: strToU8('{}'), size: 2 },
      { name: 'tables/field_notes.json', data: deflateRawSync(Buffer.alloc(300 * 1024 * 1024), { level: 1 }), size: 100, deflated: true },
    ]);
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    await expectRefused(target, bomb, /tables\/field_notes\.json” is larger than 256 MB once unpacked/);
  });

  it('a bomb of many modest entries stays under the total limit while inflating', () => {
    const limits = { maxEntries: 100, maxEntryBytes: 1_000_000, maxTotalBytes: 1_000_000 };
    const chunk = new Uint8Array(200_000);
    const entries: Record<string, Uint8Array> = {};
    for (let index = 0; index < 4; index += 1) entries[`attachments/${index}`] = chunk;
    expect(readZip(zipSync(entries), limits).size).toBe(4);
    // A fifth entry that declares 10 bytes but inflates to 500 KB crosses the total while it is inflated.
    const lying = handmadeZip([
      ...Object.entries(entries).map(([name, data]) => ({ name, data: deflateRawSync(data), size: data.length, deflated: true })),
      { name: 'attachments/4', data: deflateRawSync(new Uint8Array(500_000)), size: 10, deflated: true },
    ]);
    expect(() => readZip(lying, limits)).toThrow(/unpacks to more than 977 KB/);
    // A lie that stays within the limits is still caught: the entry is damaged.
    const small = handmadeZip([{ name: 'a.json', data: deflateRawSync(new Uint8Array(5000)), size: 10, deflated: true }]);
    expect(() => readZip(small, limits)).toThrow(/unpacks to a different size than it declares/);
    // Honest sizes over the total are refused before inflating anything.
    for (let index = 4; index < 10; index += 1) entries[`attachments/${index}`] = chunk;
    expect(() => readZip(zipSync(entries), limits)).toThrow(/unpacks to more than/);
    // A damaged deflate stream is refused in words.
    const damaged = zipSync({ 'a.json': strToU8('x'.repeat(10_000)) });
    damaged.fill(0xff, 40, 60);
    expect(() => readZip(damaged, DEFAULT_BUNDLE_LIMITS)).toThrow(/damaged|cut short/);
  });

  it('rows that fail validation against their table’s shape', async () => {
    const { target, bundle } = await setup();
    const cases: [string, (rows: Record<string, unknown>[]) => void, RegExp][] = [
      ['field_notes', (rows) => void (rows[0]!.phase = 'dance'), /Row 1 of field_notes in the bundle is not a valid field note \(phase: /],
      ['dialogue_turns', (rows) => void (rows[2]!.text = 42), /Row 3 of dialogue_turns .*text: /],
      ['codes', (rows) => void (rows[0]!.color = 'red'), /not a valid code \(color: /],
      ['reflections', (rows) => void (rows[0]!.sneaky_column = 'DROP TABLE reflections'), /not a valid reflection/],
      ['prompt_links', (rows) => void (rows[0]!.excerpt_end = null), /excerpt/],
      ['stakeholders', (rows) => void (rows[0]!.aliases = '{"not":"a list"}'), /aliases: Expected a JSON array of strings/],
      ['projects', (rows) => void rows.push({ ...rows[0]!, id: newId() }), /another inquiry than the bundle's|exactly one inquiry/],
      ['cycles', (rows) => void rows.push({ ...rows[0]! }), /same cycle twice/],
    ];
    for (const [table, edit, message] of cases) {
      await expectRefused(target, rebuildBundle(bundle, (files) => editTable(files, table, edit)), message);
    }
    await expectRefused(target, rebuildBundle(bundle, (files) => void (files['tables/field_notes.json'] = strToU8('{"rows": []}'))), /not a list of rows/);
    await expectRefused(target, rebuildBundle(bundle, (files) => void (files['tables/secrets.json'] = strToU8('[]'))), /table Withness does not know \(secrets\)/);
  });

  it('foreign keys to rows that are neither in the bundle nor in the target inquiry, and ids of another inquiry’s rows', async () => {
    const { target, bundle } = await setup();
    await expectRefused(
      target,
      rebuildBundle(bundle, (files) => editTable(files, 'dialogue_turns', (rows) => void (rows[0]!.dialogue_id = newId()))),
      /Row 1 of dialogue_turns refers to a dialogue \(.*\) that is neither in the bundle nor in this inquiry/,
    );
    await expectRefused(
      target,
      rebuildBundle(bundle, (files) => editTable(files, 'prompt_links', (rows) => void (rows[0]!.target_id = newId()))),
      /prompt_links refers to a .* that is neither in the bundle nor in this inquiry/,
    );
    await expectRefused(
      target,
      rebuildBundle(bundle, (files) =>
        editTable(files, 'attachments', (rows) => {
          rows[0]!.owner_type = 'reflection';
        }),
      ),
      /attachments refers to a reflection/,
    );
    // A row that claims the id of a row of another inquiry in this journal.
    const other = target.prepare(`SELECT id FROM projects WHERE title = 'Eget projekt'`).pluck().get() as string;
    const foreignCycle = newId();
    target
      .prepare(`INSERT INTO cycles (id, project_id, ordinal, created_at, updated_at) VALUES (?, ?, 1, ?, ?)`)
      .run(foreignCycle, other, new Date().toISOString(), new Date().toISOString());
    await expectRefused(
      target,
      rebuildBundle(bundle, (files) => editTable(files, 'cycles', (rows) => void (rows[0]!.id = foreignCycle))),
      /already exists in another inquiry in this journal/,
    );
  });

  it('an attachment whose bytes do not match its row, or bytes without a row', async () => {
    const { target, bundle } = await setup();
    await expectRefused(
      target,
      rebuildBundle(bundle, (files) => {
        const path = Object.keys(files).find((name) => name.startsWith('attachments/'))!;
        files[path] = strToU8('not the picture');
      }),
      /attachment “dot\.png” does not match its size or checksum/,
    );
    await expectRefused(target, rebuildBundle(bundle, (files) => void (files[`attachments/${newId()}`] = strToU8('x'))), /belongs to no attachment/);
  });
});

describe('older bundle formats', () => {
  it('runs each upgrade step from the bundle’s version to the current one, and refuses a version without a path', () => {
    const tables: BundleTables = { cycles: [{ id: 'a' }] };
    expect(upgradeBundleTables(tables, BUNDLE_FORMAT_VERSION)).toBe(tables);
    const steps: string[] = [];
    const upgraded = upgradeBundleTables(
      tables,
      1,
      {
        1: (t) => (steps.push('1→2'), { ...t, cycles: t.cycles!.map((row) => ({ ...row, colour: null })) }),
        2: (t) => (steps.push('2→3'), t),
      },
      3,
    );
    expect(steps).toEqual(['1→2', '2→3']);
    expect(upgraded.cycles).toEqual([{ id: 'a', colour: null }]);
    expect(() => upgradeBundleTables(tables, 1, {}, 2)).toThrow(/format 1, which this version of Withness cannot read/);
  });

  it('imports an older bundle through its upgrade step, and refuses it without one', async () => {
    const source = tempDatabase().db;
    const { projectId } = seedRichProject(source);
    // Pretend this Withness writes format 2, and format 1 had no current_phase on cycles.
    const old = rebuildBundle(buildBundle(source, projectId)!.bytes, (files, manifest) => {
      manifest.format_version = 1;
      editTable(files, 'cycles', (rows) => rows.forEach((row) => delete row.current_phase));
    });
    const target = tempDatabase().db;
    const before = rowCounts(target);
    expect(() => importBundle(target, old, { currentFormatVersion: 2, upgrades: {} })).toThrow(/format 1, which this version of Withness cannot read/);
    expect(() => importBundle(target, old, { currentFormatVersion: 2, upgrades: { 1: (tables) => tables } })).toThrow(/Row 1 of cycles .*current_phase/);
    expect(rowCounts(target)).toEqual(before);

    const result = importBundle(target, old, {
      currentFormatVersion: 2,
      upgrades: { 1: (tables) => ({ ...tables, cycles: tables.cycles!.map((row) => ({ ...row, current_phase: 'plan' })) }) },
    });
    expect(result.created.cycles).toBe(3);
    expect(target.prepare(`SELECT DISTINCT current_phase FROM cycles`).pluck().all()).toEqual(['plan']);
  });
});

/**
 * A zip written byte by byte, so sizes can lie: entries are stored as given (`deflated` marks raw deflate
 * data) and declare `size` as their unpacked size. CRCs are left at 0.
 */
function handmadeZip(entries: { name: string; data: Uint8Array; size: number; deflated?: boolean }[]): Uint8Array {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(entry.deflated ? 8 : 0, 8);
    local.writeUInt32LE(entry.data.length, 18);
    local.writeUInt32LE(entry.size, 22);
    local.writeUInt16LE(name.length, 26);
    parts.push(local, name, Buffer.from(entry.data));
    const record = Buffer.alloc(46);
    record.writeUInt32LE(0x02014b50, 0);
    record.writeUInt16LE(20, 4);
    record.writeUInt16LE(20, 6);
    record.writeUInt16LE(0x0800, 8);
    record.writeUInt16LE(entry.deflated ? 8 : 0, 10);
    record.writeUInt32LE(entry.data.length, 20);
    record.writeUInt32LE(entry.size, 24);
    record.writeUInt16LE(name.length, 28);
    record.writeUInt32LE(offset, 42);
    central.push(record, name);
    offset += 30 + name.length + entry.data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...parts, directory, end]));
}
