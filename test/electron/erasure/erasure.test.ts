import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBackup } from '../../../db/backup.js';
import { loadMigrations } from '../../../db/migrations.js';
import { buildBundle, importBundle } from '../../../electron/exchange/bundle.js';
import { previewErasure, withdrawStakeholder } from '../../../electron/erasure/index.js';
import { tempDatabase, tempDir } from '../../helpers/temp.js';
import { filesUnder, PLANTED, scanBytes, seedWithdrawal, total } from './seed.js';

const NEEDLES = Object.values(PLANTED);
/** What must vanish in 'erase' (the attachment is the one file only theirs). */
const ERASED = NEEDLES;

function ftsHits(db: import('../../../db/connection.js').Db, word: string): number {
  let hits = 0;
  for (const table of ['events_fts', 'events_fts_stems']) {
    hits += db.prepare(`SELECT count(*) FROM ${table} WHERE ${table} MATCH ?`).pluck().get(`"${word}"`) as number;
    db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.${table}_vocab USING fts5vocab(main, ${table}, row)`);
    hits += db.prepare(`SELECT count(*) FROM temp.${table}_vocab WHERE term = ?`).pluck().get(word.toLowerCase()) as number;
  }
  for (const shadow of db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name LIKE 'events_fts%_%'`).pluck().all() as string[]) {
    const columns = (db.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(shadow) as string[]).map((c) => `CAST("${c}" AS BLOB)`);
    for (const column of columns) {
      hits += db.prepare(`SELECT count(*) FROM "${shadow}" WHERE instr(lower(${column}), lower(CAST(? AS BLOB))) > 0`).pluck().get(word) as number;
    }
  }
  return hits;
}

describe('withdrawal that truly erases', () => {
  it('erase: the planted strings are in the files before and in no file after (journal, -wal, -shm, backups, FTS, revisions, trash, a later export)', async () => {
    const { db, file } = tempDatabase();
    const seeded = seedWithdrawal(db);
    await createBackup(db, 'manual');
    await createBackup(db, 'daily');
    const dir = dirname(file);

    const before = scanBytes(filesUnder(dir), NEEDLES);
    // Control: a report made now (real names) holds their words and names, so the same report made after can be judged.
    const { callOrThrow } = await import('../../../electron/api/dispatch.js');
    const report = async () =>
      Buffer.from((await callOrThrow(db, 'exports:report', { project_id: seeded.projectId, format: 'md', real_names: true })).data_base64, 'base64');
    const reportBefore = join(tempDir(), 'before.md');
    writeFileSync(reportBefore, await report());
    const reportScanBefore = scanBytes([reportBefore], [PLANTED.turn, PLANTED.realName, PLANTED.quote]);
    expect(total(reportScanBefore[PLANTED.turn]!) + total(reportScanBefore[PLANTED.quote]!)).toBeGreaterThan(0);
    const ftsBefore = Object.fromEntries(NEEDLES.map((word) => [word, ftsHits(db, word)]));
    const revisionsBefore = db.prepare(`SELECT count(*) FROM revisions WHERE snapshot LIKE ?`).pluck().get(`%${PLANTED.earlierTurn}%`) as number;
    const trashBefore = db.prepare(`SELECT count(*) FROM trash_items WHERE entity_type = 'turn' AND entity_id = ?`).pluck().get(seeded.turnIds[1]) as number;

    // A passage of the note, quoted after the name: it must still quote the same words once the name is replaced.
    const { insertLink } = await import('../../../db/repositories/links.js');
    const noteBody = db.prepare(`SELECT body FROM field_notes WHERE id = ?`).pluck().get(seeded.noteId) as string;
    const at = [...noteBody].join('').indexOf('stayed to talk');
    const passageLink = insertLink(db, {
      project_id: seeded.projectId,
      reflection_id: seeded.reflectionId,
      target_type: 'field_note',
      target_id: seeded.noteId,
      excerpt: { start: [...noteBody.slice(0, at)].length, end: [...noteBody.slice(0, at)].length + 'stayed to talk'.length, text: 'stayed to talk' },
    });
    const preview = previewErasure(db, seeded.personId, 'erase');
    const rowsOf = () => ({
      turns: db.prepare(`SELECT count(*) FROM dialogue_turns`).pluck().get() as number,
      quotes: db.prepare(`SELECT count(*) FROM prompt_links WHERE withdrawn_at IS NULL`).pluck().get() as number,
      codings: db.prepare(`SELECT count(*) FROM code_applications`).pluck().get() as number,
      attachments: db.prepare(`SELECT count(*) FROM attachments`).pluck().get() as number,
      revisions_removed: db.prepare(`SELECT count(*) FROM revisions`).pluck().get() as number,
      trash_removed: db.prepare(`SELECT count(*) FROM trash_items`).pluck().get() as number,
    });
    const rowsBefore = rowsOf();
    const result = withdrawStakeholder(db, { stakeholder_id: seeded.personId, mode: 'erase', erased_by: 'tester' });
    // The preview's counts are what the erasure removed, row for row.
    const rowsAfter = rowsOf();
    for (const key of Object.keys(rowsBefore) as (keyof typeof rowsBefore)[]) {
      expect(rowsBefore[key] - rowsAfter[key], key).toBe(preview.counts[key]);
    }
    // An export made afterwards (a bundle carries real names and every row, the widest export there is).
    const bundle = buildBundle(db, seeded.projectId)!;
    const exportFile = join(dir, 'after-export.withness');
    writeFileSync(exportFile, bundle.bytes);
    writeFileSync(join(dir, 'after-report.md'), await report());
    // Scanned while the journal is still open, so its -wal and -shm are there to be read.
    const files = filesUnder(dir);
    const after = scanBytes(files, NEEDLES);
    const reopened = db;
    const ftsAfter = Object.fromEntries(NEEDLES.map((word) => [word, ftsHits(reopened, word)]));

    console.log(
      'erasure byte scan (occurrences over all files; FTS hits):\n' +
        NEEDLES.map((word) => `  ${word.padEnd(14)} before ${String(total(before[word]!)).padStart(3)} in ${Object.keys(before[word]!).length} file(s), FTS ${ftsBefore[word]}; after ${total(after[word]!)} in ${Object.keys(after[word]!).length}, FTS ${ftsAfter[word]}`).join('\n') +
        `\n  files scanned after: ${files.map((f) => f.slice(dir.length + 1)).join(', ')}`,
    );

    // The scan can fail: every planted string was there before, in the journal files and in each backup.
    for (const word of ERASED) expect(total(before[word]!), word).toBeGreaterThan(0);
    for (const word of [PLANTED.turn, PLANTED.realName, PLANTED.alias, PLANTED.quote]) {
      expect(Object.keys(before[word]!).filter((f) => f.includes('/backups/')).length, word).toBe(2);
    }
    expect(ftsBefore[PLANTED.turn]).toBeGreaterThan(0);
    expect(revisionsBefore).toBe(1);
    expect(trashBefore).toBe(1);
    // …and in no file after.
    for (const word of ERASED) expect(after[word], word).toEqual({});
    for (const word of ERASED) expect(ftsAfter[word], word).toBe(0);
    expect(files.some((f) => f.endsWith('-wal'))).toBe(true);
    expect(result.wal_truncated).toBe(true);
    expect(result.backups).toHaveLength(2);
    expect(result.backups.every((b) => b.ok)).toBe(true);

    // What stays: the other person, their turn (the alias replaced by the marker), the reflection with a withdrawn link.
    expect(reopened.prepare(`SELECT count(*) FROM stakeholders WHERE id = ?`).pluck().get(seeded.personId)).toBe(0);
    expect(reopened.prepare(`SELECT text FROM dialogue_turns WHERE id = ?`).pluck().get(seeded.otherTurnId)).toBe('I agree with [withdrawn]; the room was cold.');
    expect(reopened.prepare(`SELECT summary FROM dialogues WHERE id = ?`).pluck().get(seeded.dialogueId)).toBe('[withdrawn] led the round.');
    const link = reopened.prepare(`SELECT * FROM prompt_links WHERE id = ?`).get(seeded.citingLinkId) as Record<string, unknown>;
    expect(link).toMatchObject({ excerpt_text: null, excerpt_start: null, comment: '', target_id: seeded.turnIds[0] });
    expect(link.withdrawn_at).toEqual(expect.any(String));
    expect(reopened.prepare(`SELECT body FROM reflections WHERE id = ?`).pluck().get(seeded.reflectionId)).toBe('Being with the group, I noticed how we waited.');
    expect(reopened.prepare(`SELECT withdrawn_at FROM prompt_links WHERE id = ?`).pluck().get(seeded.noteLinkId)).toBeNull();
    const moved = reopened.prepare(`SELECT excerpt_start, excerpt_end, excerpt_text FROM prompt_links WHERE id = ?`).get(passageLink.id) as { excerpt_start: number; excerpt_end: number; excerpt_text: string };
    const newBody = reopened.prepare(`SELECT body FROM field_notes WHERE id = ?`).pluck().get(seeded.noteId) as string;
    expect(newBody).toBe('[withdrawn] ([withdrawn]) stayed to talk about the garden.');
    expect(moved.excerpt_text).toBe('stayed to talk');
    expect([...newBody].slice(moved.excerpt_start, moved.excerpt_end).join('')).toBe('stayed to talk');
    // The log holds ids and hashes, no name; the consent history has its 'erased' row.
    const log = reopened.prepare(`SELECT * FROM erasure_log`).all() as Record<string, string>[];
    expect(log).toHaveLength(1);
    expect(JSON.stringify(log)).not.toMatch(new RegExp(NEEDLES.join('|'), 'i'));
    expect(JSON.parse(String(log[0]!.record_ids))).toEqual(expect.arrayContaining([seeded.personId, ...seeded.turnIds, seeded.citingLinkId]));
    expect(reopened.prepare(`SELECT reason, status FROM consent_changes WHERE stakeholder_id = ? ORDER BY changed_at DESC, rowid DESC LIMIT 1`).get(seeded.personId)).toEqual({
      reason: 'erased',
      status: 'withdrawn',
    });
    expect(reopened.pragma('foreign_key_check')).toEqual([]);

    // The preview counted exactly what went.
    expect(result.counts).toEqual(preview.counts);
    expect(preview.counts).toMatchObject({ turns: 2, quotes: 1, codings: 1, attachments: 1, notes: 1, dialogues: 1, other_turns: 1, trash_removed: 1 });
    expect(preview.counts.revisions_removed).toBe(2);
    expect(preview.citing_reflections.map((r) => r.id)).toEqual([seeded.reflectionId]);
    reopened.close();
  });

  it('anonymise: contributions stay under the neutral label, every name is gone from the files', async () => {
    const { db, file } = tempDatabase();
    const seeded = seedWithdrawal(db);
    await createBackup(db, 'manual');
    const names = [PLANTED.realName, PLANTED.surname, PLANTED.alias, PLANTED.pseudonym];
    const before = scanBytes(filesUnder(dirname(file)), names);
    const preview = previewErasure(db, seeded.personId, 'anonymise');
    expect(preview.label).toBe('Participant W1');
    const result = withdrawStakeholder(db, { stakeholder_id: seeded.personId, mode: 'anonymise', erased_by: 'tester' });
    expect(result.counts).toEqual(preview.counts);
    const person = db.prepare(`SELECT pseudonym, real_name, aliases, organisation FROM stakeholders WHERE id = ?`).get(seeded.personId);
    expect(person).toEqual({ pseudonym: 'Participant W1', real_name: '', aliases: '[]', organisation: '' });
    // Their turn is kept, spoken by the label; the others' text names the label.
    expect(db.prepare(`SELECT text FROM dialogue_turns WHERE id = ? AND speaker_id = ?`).pluck().get(seeded.turnIds[0], seeded.personId)).toBe(
      `I felt ${PLANTED.turn} and said ${PLANTED.quote} out loud.`,
    );
    expect(db.prepare(`SELECT text FROM dialogue_turns WHERE id = ?`).pluck().get(seeded.otherTurnId)).toBe('I agree with Participant W1; the room was cold.');
    expect(db.prepare(`SELECT withdrawn_at FROM prompt_links WHERE id = ?`).pluck().get(seeded.citingLinkId)).toBeNull();
    db.close();
    const after = scanBytes(filesUnder(dirname(file)), names);
    console.log(`anonymise byte scan: ${names.map((n) => `${n} ${total(before[n]!)}→${total(after[n]!)}`).join(', ')}`);
    for (const name of names) expect(total(before[name]!), name).toBeGreaterThan(0);
    for (const name of names) expect(after[name], name).toEqual({});
    // A second anonymisation in the inquiry takes the next number.
    const { openDatabase } = await import('../../../db/connection.js');
    const again = openDatabase(file);
    expect(previewErasure(again, seeded.otherId, 'anonymise').label).toBe('Participant W2');
    again.close();
  });

  it('an old backup restored and an old bundle imported after the erasure do not bring the person back', async () => {
    const { db, file } = tempDatabase();
    const seeded = seedWithdrawal(db);
    const old = await createBackup(db, 'manual');
    // A copy kept outside the backups folder, so the erasure cannot rewrite it (someone's USB stick).
    const stick = join(tempDir(), 'stick.sqlite');
    copyFileSync(old.path, stick);
    const bundle = buildBundle(db, seeded.projectId)!.bytes;

    withdrawStakeholder(db, { stakeholder_id: seeded.personId, mode: 'erase', erased_by: 'tester' });
    const back = () => ({
      stakeholder: db.prepare(`SELECT count(*) FROM stakeholders WHERE id = ?`).pluck().get(seeded.personId),
      turns: db.prepare(`SELECT count(*) FROM dialogue_turns WHERE id IN (?, ?)`).pluck().get(...seeded.turnIds),
      names: db.prepare(`SELECT count(*) FROM dialogues WHERE summary LIKE ?`).pluck().get(`%${PLANTED.surname}%`),
      withdrawn: db.prepare(`SELECT withdrawn_at IS NOT NULL FROM prompt_links WHERE id = ?`).pluck().get(seeded.citingLinkId),
    });
    const gone = { stakeholder: 0, turns: 0, names: 0, withdrawn: 1 };
    expect(back()).toEqual(gone);

    // The old copy comes back into the backups folder and is restored through the API.
    const name = 'withness-2020-01-01T00-00-00-000Z-manual.sqlite';
    mkdirSync(join(dirname(file), 'backups'), { recursive: true });
    copyFileSync(stick, join(dirname(file), 'backups', name));
    const { dispatch } = await import('../../../electron/api/dispatch.js');
    const restored = await dispatch(db, 'backups:restore', { name });
    expect(restored.ok).toBe(true);
    expect(back()).toEqual(gone);
    expect(db.prepare(`SELECT count(*) FROM erasure_log`).pluck().get()).toBe(1);

    // The old bundle (made before the erasure) is imported.
    importBundle(db, bundle);
    expect(back()).toEqual(gone);
    // Control: the same bundle does carry the person, as a journal without that erasure shows.
    const { db: elsewhere } = tempDatabase();
    importBundle(elsewhere, bundle);
    expect(elsewhere.prepare(`SELECT count(*) FROM stakeholders WHERE id = ?`).pluck().get(seeded.personId)).toBe(1);
  });
});

describe('a QDPX file from before the erasure', () => {
  it('imported into their inquiry afterwards, brings no withdrawn person back: recognised by the hash of their names although the ids differ', async () => {
    const { db } = tempDatabase();
    const seeded = seedWithdrawal(db);
    db.prepare(`UPDATE stakeholders SET consent_status = 'given', consent_use = 'quote'`).run();
    const { callOrThrow } = await import('../../../electron/api/dispatch.js');
    const qdpx = await callOrThrow(db, 'exchange:qdpx', { project_id: seeded.projectId });
    const { importQdpx } = await import('../../../electron/exchange/qdpx-import/index.js');
    const bytes = new Uint8Array(Buffer.from(qdpx.data_base64, 'base64'));

    // Without the erasure, the import brings the person (by pseudonym) and their words back: the check can fail.
    const control = importQdpx(db, bytes);
    const controlProject = (await control).project_id;
    const spokenIn = (projectId: string) =>
      db
        .prepare(`SELECT count(*) FROM dialogue_turns t JOIN stakeholders s ON s.id = t.speaker_id WHERE t.project_id = ? AND s.pseudonym = ?`)
        .pluck()
        .get(projectId, PLANTED.pseudonym) as number;
    expect(spokenIn(controlProject)).toBeGreaterThan(0);
    db.prepare(`DELETE FROM projects WHERE id = ?`).run(controlProject);

    withdrawStakeholder(db, { stakeholder_id: seeded.personId, mode: 'erase', erased_by: 'tester' });
    // Into a new inquiry, a pseudonym alone says nothing (elsewhere "P1" is anybody): the person is kept and reported.
    const intoNew = await importQdpx(db, bytes);
    expect(spokenIn(intoNew.project_id)).toBeGreaterThan(0);
    expect(intoNew.erasure?.withdrawn).toEqual([]);
    expect(intoNew.erasure?.kept).toMatchObject([{ pseudonym: PLANTED.pseudonym, matched_by: 'pseudonym', reason: 'pseudonym_elsewhere' }]);
    db.prepare(`DELETE FROM projects WHERE id = ?`).run(intoNew.project_id);

    // Into their own inquiry the pseudonym pointed at them alone: withdrawn again, and said so.
    const result = await importQdpx(db, bytes, { projectId: seeded.projectId });
    const imported = result.project_id;
    expect(result.erasure?.withdrawn).toMatchObject([{ pseudonym: PLANTED.pseudonym, matched_by: 'pseudonym' }]);
    expect(spokenIn(imported)).toBe(0);
    expect(db.prepare(`SELECT count(*) FROM stakeholders WHERE project_id = ? AND pseudonym = ?`).pluck().get(imported, PLANTED.pseudonym)).toBe(0);
    expect(db.prepare(`SELECT count(*) FROM dialogue_turns WHERE project_id = ? AND text LIKE ?`).pluck().get(imported, `%${PLANTED.turn}%`)).toBe(0);
    // The person found again is logged under their new id, and nothing else was taken: Bo's words are there.
    expect(db.prepare(`SELECT count(*) FROM erasure_log`).pluck().get()).toBe(2);
    expect(db.prepare(`SELECT count(*) FROM dialogue_turns WHERE project_id = ? AND text LIKE '%room was cold%'`).pluck().get(imported)).toBe(2);
  });
});

describe('backups the erasure cannot rewrite, and encrypted ones', () => {
  it('says exactly which backup was not rewritten and why, and still rewrites the others', async () => {
    const { db, file } = tempDatabase();
    const seeded = seedWithdrawal(db);
    const good = await createBackup(db, 'manual');
    const damaged = join(dirname(file), 'backups', 'withness-2020-01-01T00-00-00-000Z-daily.sqlite');
    writeFileSync(damaged, Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(4096, 7)]));
    // A journal a recovery moved aside, still readable: it holds the person too.
    const aside = `${file}.damaged-2026-01-01T00-00-00-000Z`;
    copyFileSync(good.path, aside);
    const result = withdrawStakeholder(db, { stakeholder_id: seeded.personId, mode: 'erase', erased_by: 'tester' });
    const byName = Object.fromEntries(result.backups.map((b) => [b.name, b]));
    expect(byName[good.name]).toMatchObject({ ok: true });
    expect(byName[basename(aside)]).toMatchObject({ ok: true });
    expect(scanBytes([aside], [PLANTED.turn])[PLANTED.turn]).toEqual({});
    expect(byName['withness-2020-01-01T00-00-00-000Z-daily.sqlite']).toMatchObject({ ok: false, message: expect.stringMatching(/Cannot be rewritten|Damaged/) });
    console.log(`unrewritable backup reported as: ${byName['withness-2020-01-01T00-00-00-000Z-daily.sqlite']!.message}`);
  });

  it('rewrites the backups of an encrypted journal with its key, and the person is gone from them', async () => {
    const { randomBytes } = await import('node:crypto');
    const { openDatabase } = await import('../../../db/connection.js');
    const { openSqlite } = await import('../../../db/sqlite.js');
    const key = randomBytes(32);
    const file = join(tempDir(), 'withness.sqlite');
    const db = openDatabase(file, { key });
    const { connectionKey } = await import('../../../db/sqlite.js');
    expect(connectionKey(db)).toBeDefined();
    const seeded = seedWithdrawal(db);
    const backup = await createBackup(db, 'manual');
    const result = withdrawStakeholder(db, { stakeholder_id: seeded.personId, mode: 'erase', erased_by: 'tester' });
    expect(result.backups).toEqual([{ name: backup.name, ok: true, message: 'Rewritten, vacuumed and verified.' }]);
    db.close();
    const copy = openSqlite(backup.path, { readonly: true, key });
    expect(copy.prepare(`SELECT count(*) FROM stakeholders WHERE id = ?`).pluck().get(seeded.personId)).toBe(0);
    expect(copy.prepare(`SELECT count(*) FROM erasure_log`).pluck().get()).toBe(1);
    copy.close();
    expect(() => openSqlite(backup.path, { readonly: true }).prepare('SELECT 1 FROM stakeholders').get()).toThrow();
  });
});

describe('a backup older than the erasure log (schema 4)', () => {
  it('is rewritten without the log tables, and once restored and migrated its links show the withdrawal', async () => {
    const { openDatabase } = await import('../../../db/connection.js');
    const { openSqlite } = await import('../../../db/sqlite.js');
    const file = join(tempDir(), 'withness.sqlite');
    const old = openDatabase(file, { targetVersion: 4 });
    const seeded = seedWithdrawal(old);
    const backup = await createBackup(old, 'pre-migration');
    old.close();
    const db = openDatabase(file);
    const result = withdrawStakeholder(db, { stakeholder_id: seeded.personId, mode: 'erase', erased_by: 'tester' });
    expect(result.backups).toEqual([{ name: backup.name, ok: true, message: 'Rewritten, vacuumed and verified.' }]);
    expect(scanBytes([backup.path], NEEDLES)).toEqual(Object.fromEntries(NEEDLES.map((n) => [n, {}])));
    const copy = openSqlite(backup.path, { readonly: true });
    expect(copy.pragma('user_version', { simple: true })).toBe(4);
    expect(copy.prepare(`SELECT excerpt_text FROM prompt_links WHERE id = ?`).pluck().get(seeded.citingLinkId)).toBeNull();
    copy.close();

    const { dispatch } = await import('../../../electron/api/dispatch.js');
    expect((await dispatch(db, 'backups:restore', { name: backup.name })).ok).toBe(true);
    expect(db.pragma('user_version', { simple: true })).toBe(loadMigrations().length);
    expect(db.prepare(`SELECT withdrawn_at IS NOT NULL FROM prompt_links WHERE id = ?`).pluck().get(seeded.citingLinkId)).toBe(1);
    expect(db.prepare(`SELECT count(*) FROM erasure_log`).pluck().get()).toBe(1);
    db.close();
  });
});

describe('names that arrive after the erasure', () => {
  it('a newer edit from elsewhere naming the withdrawn person is rewritten from the hashes alone when the log is applied', async () => {
    const { db } = tempDatabase();
    const seeded = seedWithdrawal(db);
    withdrawStakeholder(db, { stakeholder_id: seeded.personId, mode: 'erase', erased_by: 'tester' });
    // What a teammate's newer version of the note (merged by a bundle import) would put here.
    const { updateNote } = await import('../../../db/repositories/notes.js');
    updateNote(db, seeded.noteId, { body: `${PLANTED.realName} ${PLANTED.surname} came back; ${PLANTED.alias} too, and Bo waved.` });
    const { reapplyErasureLog } = await import('../../../electron/erasure/index.js');
    expect(reapplyErasureLog(db)).toBe(1);
    expect(db.prepare(`SELECT body FROM field_notes WHERE id = ?`).pluck().get(seeded.noteId)).toBe('[withdrawn] came back; [withdrawn] too, and Bo waved.');
    // Applying it again changes nothing.
    expect(reapplyErasureLog(db)).toBe(0);
  });
});
