import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../db/connection.js';
import { createProject } from '../../../db/repositories/projects.js';
import { createStakeholder, updateStakeholder } from '../../../db/repositories/stakeholders.js';
import { callOrThrow } from '../../../electron/api/dispatch.js';
import { buildBundle, importBundle } from '../../../electron/exchange/bundle.js';
import { reapplyErasureLog, withdrawStakeholder } from '../../../electron/erasure/index.js';
import { tempDatabase } from '../../helpers/temp.js';
import { existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { filesUnder, PLANTED, scanBytes, seedWithdrawal, total } from './seed.js';

/** Findings of the erasure review (notes/review-erasure.md), each shown to fail on the code before its fix. */

const exists = (db: Db, id: string) => db.prepare(`SELECT count(*) FROM stakeholders WHERE id = ?`).pluck().get(id) === 1;

describe('H3: re-applying the log finds people by id, never everyone with the same name', () => {
  it('two other people named like the withdrawn one (same and other inquiry) survive any number of re-applications', () => {
    const { db } = tempDatabase();
    const a = createProject(db, { title: 'Inquiry A' }).id;
    const b = createProject(db, { title: 'Inquiry B' }).id;
    const withdrawn = createStakeholder(db, { project_id: a, pseudonym: 'P1', sector: 'citizen', real_name: 'Mette Nielsen' });
    const elsewhere = createStakeholder(db, { project_id: b, pseudonym: 'Q7', sector: 'citizen', real_name: 'Mette  Nielsen' });
    const namesake = createStakeholder(db, { project_id: a, pseudonym: 'P2', sector: 'citizen', real_name: 'mette nielsen' });
    withdrawStakeholder(db, { stakeholder_id: withdrawn.id, mode: 'erase', erased_by: 'tester' });
    expect([exists(db, elsewhere.id), exists(db, namesake.id)]).toEqual([true, true]);
    reapplyErasureLog(db);
    reapplyErasureLog(db);
    expect([exists(db, withdrawn.id), exists(db, elsewhere.id), exists(db, namesake.id)]).toEqual([false, true, true]);
  });

  it('a person without a real name is logged by pseudonym hash, and nobody whose real name is that pseudonym is taken', () => {
    const { db } = tempDatabase();
    const a = createProject(db, { title: 'Inquiry A' }).id;
    const withdrawn = createStakeholder(db, { project_id: a, pseudonym: 'Kim', sector: 'citizen' });
    const kim = createStakeholder(db, { project_id: a, pseudonym: 'P9', sector: 'citizen', real_name: 'Kim' });
    withdrawStakeholder(db, { stakeholder_id: withdrawn.id, mode: 'erase', erased_by: 'tester' });
    reapplyErasureLog(db);
    expect(exists(db, kim.id)).toBe(true);
  });
});

describe('H3: by name only in an imported inquiry, and only when the name points at one person', () => {
  it('two people of the imported inquiry with the name are both kept and reported; one alone is withdrawn and reported', async () => {
    const { db } = tempDatabase();
    const a = createProject(db, { title: 'Inquiry A' }).id;
    const withdrawn = createStakeholder(db, { project_id: a, pseudonym: 'P1', sector: 'citizen', real_name: 'Mette Nielsen' });
    withdrawStakeholder(db, { stakeholder_id: withdrawn.id, mode: 'erase', erased_by: 'tester' });
    const { reapplyErasureLogReport } = await import('../../../electron/erasure/index.js');

    const two = createProject(db, { title: 'Imported, two' }).id;
    const first = createStakeholder(db, { project_id: two, pseudonym: 'Case 1', sector: 'citizen', real_name: 'Mette Nielsen' });
    const second = createStakeholder(db, { project_id: two, pseudonym: 'Case 2', sector: 'citizen', aliases: ['mette nielsen'] });
    const several = reapplyErasureLogReport(db, { namesIn: two });
    expect(several.withdrawn).toEqual([]);
    expect(several.kept.map((match) => [match.stakeholder_id, match.reason]).sort()).toEqual([[first.id, 'several_match'], [second.id, 'several_match']].sort());
    expect([exists(db, first.id), exists(db, second.id)]).toEqual([true, true]);

    const one = createProject(db, { title: 'Imported, one' }).id;
    const only = createStakeholder(db, { project_id: one, pseudonym: 'Case 1', sector: 'citizen', real_name: 'Mette Nielsen' });
    const bystander = createStakeholder(db, { project_id: one, pseudonym: 'P1', sector: 'citizen', real_name: 'Jens Berg' });
    const single = reapplyErasureLogReport(db, { namesIn: one });
    expect(single.withdrawn).toMatchObject([{ stakeholder_id: only.id, matched_by: 'name' }]);
    // Here "P1" is somebody else: reported, kept.
    expect(single.kept).toMatchObject([{ stakeholder_id: bystander.id, reason: 'pseudonym_elsewhere' }]);
    expect([exists(db, only.id), exists(db, bystander.id), exists(db, first.id)]).toEqual([false, true, true]);
  });
});

describe('H4: an old bundle does not bring an anonymised person’s real name back', () => {
  it('the earlier versions of their record the bundle carries are removed again, and re-importing changes nothing', async () => {
    const { db } = tempDatabase();
    const projectId = createProject(db, { title: 'Inquiry' }).id;
    const person = createStakeholder(db, { project_id: projectId, pseudonym: 'P1', sector: 'citizen', real_name: 'Zorabelle Quintavalle', consent_status: 'given' });
    updateStakeholder(db, person.id, { role: 'Neighbour of ZQ' });
    const bundle = buildBundle(db, projectId)!.bytes;
    await callOrThrow(db, 'erasure:withdraw', { stakeholder_id: person.id, mode: 'anonymise', confirm: true });
    const named = () =>
      db
        .prepare(`SELECT (SELECT count(*) FROM revisions WHERE snapshot LIKE '%Quintavalle%') + (SELECT count(*) FROM stakeholders WHERE real_name LIKE '%Quintavalle%') + (SELECT count(*) FROM trash_items WHERE label LIKE '%Quintavalle%')`)
        .pluck()
        .get() as number;
    expect(named()).toBe(0);
    importBundle(db, bundle);
    expect(named()).toBe(0);
    importBundle(db, bundle);
    expect(named()).toBe(0);
    // Control: the bundle does hold the name in an earlier version of the record.
    const { db: elsewhere } = tempDatabase();
    importBundle(elsewhere, bundle);
    expect(elsewhere.prepare(`SELECT count(*) FROM revisions WHERE snapshot LIKE '%Quintavalle%'`).pluck().get()).toBeGreaterThan(0);
  });
});

describe('M7: a withdrawal reaches teammates through bundles', () => {
  it('erase: the teammate’s journal, which has the person, loses them on importing a bundle made after the withdrawal', () => {
    const { db: mine } = tempDatabase();
    const seeded = seedWithdrawal(mine);
    const { db: teammate } = tempDatabase();
    importBundle(teammate, buildBundle(mine, seeded.projectId)!.bytes);
    expect(exists(teammate, seeded.personId)).toBe(true);

    withdrawStakeholder(mine, { stakeholder_id: seeded.personId, mode: 'erase', erased_by: 'tester' });
    importBundle(teammate, buildBundle(mine, seeded.projectId)!.bytes);
    expect(exists(teammate, seeded.personId)).toBe(false);
    const words = teammate
      .prepare(`SELECT (SELECT count(*) FROM dialogue_turns WHERE text LIKE ?) + (SELECT count(*) FROM dialogues WHERE summary LIKE ?) + (SELECT count(*) FROM revisions WHERE snapshot LIKE ?)`)
      .pluck()
      .get(`%${PLANTED.turn}%`, `%${PLANTED.surname}%`, `%${PLANTED.surname}%`);
    expect(words).toBe(0);
    expect(teammate.prepare(`SELECT withdrawn_at IS NOT NULL FROM prompt_links WHERE id = ?`).pluck().get(seeded.citingLinkId)).toBe(1);
    // The teammate's log has the entry (same id), so their later restores and imports apply it too.
    const mineLog = mine.prepare(`SELECT id, name_hash FROM erasure_log`).all() as { id: string; name_hash: string }[];
    const theirs = teammate.prepare(`SELECT id, name_hash FROM erasure_log`).all() as { id: string; name_hash: string }[];
    expect(theirs.map((row) => row.id)).toEqual(mineLog.map((row) => row.id));
    // Hashed with the teammate's own salt, not the one the bundle's hash was made with.
    expect(theirs[0]!.name_hash).not.toBe(mineLog[0]!.name_hash);
  });

  it('anonymise: the teammate’s copy goes under the same neutral label', () => {
    const { db: mine } = tempDatabase();
    const seeded = seedWithdrawal(mine);
    const { db: teammate } = tempDatabase();
    importBundle(teammate, buildBundle(mine, seeded.projectId)!.bytes);
    const result = withdrawStakeholder(mine, { stakeholder_id: seeded.personId, mode: 'anonymise', erased_by: 'tester' });
    importBundle(teammate, buildBundle(mine, seeded.projectId)!.bytes);
    expect(teammate.prepare(`SELECT pseudonym, real_name, aliases FROM stakeholders WHERE id = ?`).get(seeded.personId)).toEqual({ pseudonym: result.label, real_name: '', aliases: '[]' });
    expect(teammate.prepare(`SELECT count(*) FROM field_notes WHERE body LIKE ? OR body LIKE ?`).pluck().get(`%${PLANTED.realName}%`, `%${PLANTED.pseudonym}%`)).toBe(0);
  });
});

describe('LOW: an import that applies the erasure log again makes it physical', () => {
  it('an old bundle imported after the erasure leaves the person’s words in no file of the journal folder (WAL included)', () => {
    const { db: before, file } = tempDatabase();
    const seeded = seedWithdrawal(before);
    const bundle = buildBundle(before, seeded.projectId)!.bytes;
    withdrawStakeholder(before, { stakeholder_id: seeded.personId, mode: 'erase', erased_by: 'tester' });
    // The journal opened again later, as the app does: the erasure's secure_delete was on its own connection only.
    before.close();
    const db = openDatabase(file);
    const planted = [PLANTED.turn, PLANTED.trashedTurn, PLANTED.surname];
    const found = () => Object.values(scanBytes(filesUnder(dirname(file)), planted)).reduce((sum, files) => sum + total(files), 0);
    expect(found()).toBe(0);
    importBundle(db, bundle);
    expect(exists(db, seeded.personId)).toBe(false);
    expect(found()).toBe(0);
    // Made physical as the erasure is: the WAL written back and truncated (connections keep secure_delete on, so
    // the words were zeroed already; what an import left in the WAL is not).
    expect(existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0).toBe(0);
    db.close();
  });
});

describe('M5: the access report does not hand other people’s names to the data subject', () => {
  it('notes, dialogue summaries and their own turns name others only by pseudonym; their own name stays; the page says so', async () => {
    const { db } = tempDatabase();
    const seeded = seedWithdrawal(db);
    const third = createStakeholder(db, { project_id: seeded.projectId, pseudonym: 'P7', sector: 'public', real_name: 'Karen Blixholm', aliases: ['Kaja'] });
    const { createNote } = await import('../../../db/repositories/notes.js');
    const { updateDialogue } = await import('../../../db/repositories/dialogues.js');
    createNote(db, { project_id: seeded.projectId, title: 'Kaja and the garden', body: `${PLANTED.realName} and Karen Blixholm argued; Blixholm left.`, stakeholder_ids: [seeded.personId, third.id] });
    updateDialogue(db, seeded.dialogueId, { summary: `${PLANTED.realName} ${PLANTED.surname} led the round; Karen Blixholm disagreed.` });
    const { subjectAccessHtml, subjectAccessReport } = await import('../../../electron/erasure/subject-access.js');
    const report = subjectAccessReport(db, seeded.personId);
    const json = JSON.stringify(report);
    expect(json).not.toMatch(/Blixholm|Karen|Kaja/);
    expect(json).toContain('P7 argued; P7 left.');
    expect(report.dialogues[0]!.summary).toBe(`${PLANTED.realName} ${PLANTED.surname} led the round; P7 disagreed.`);
    expect(report.person.real_name).toBe(`${PLANTED.realName} ${PLANTED.surname}`);
    expect(report.others_pseudonymised).toBe(2);
    expect(subjectAccessHtml(report)).toContain('their names are replaced by the pseudonyms');
  });
});

describe('M10: files shared with others are kept, and the preview says which', () => {
  it('lists the shared dialogue’s and the citing reflection’s files as kept; the file only theirs is erased, not listed', async () => {
    const { db } = tempDatabase();
    const seeded = seedWithdrawal(db);
    const { addAttachment } = await import('../../../db/repositories/attachments.js');
    const add = (owner_type: 'dialogue' | 'reflection', owner_id: string, file_name: string) =>
      addAttachment(db, { project_id: seeded.projectId, owner_type, owner_id, file_name, media_type: 'text/plain', content: Buffer.from('photo') }).id;
    const shared = add('dialogue', seeded.dialogueId, 'workshop-photo.txt');
    const citing = add('reflection', seeded.reflectionId, 'sketch.txt');
    const preview = await callOrThrow(db, 'erasure:preview', { stakeholder_id: seeded.personId, mode: 'erase' });
    expect(preview.counts.attachments).toBe(1);
    expect(preview.kept_attachments.map((file) => [file.id, file.file_name, file.owner_type])).toEqual([
      [citing, 'sketch.txt', 'reflection'],
      [shared, 'workshop-photo.txt', 'dialogue'],
    ]);
    // The erasure keeps exactly those.
    await callOrThrow(db, 'erasure:withdraw', { stakeholder_id: seeded.personId, mode: 'erase', confirm: true });
    expect(db.prepare(`SELECT id FROM attachments ORDER BY file_name`).pluck().all()).toEqual([citing, shared]);
  });
});

describe('reports call withdrawn evidence withdrawn, not trashed', () => {
  it.each([
    ['en', 'Evidence withdrawn: the person it came from withdrew their consent', 'moved to the trash'],
    ['da', 'Empiri trukket tilbage: personen, den kom fra, har trukket sit samtykke tilbage', 'papirkurven'],
  ] as const)('%s: Markdown and HTML reports say the cited turn was withdrawn', async (language, withdrawn, trash) => {
    const { db } = tempDatabase();
    const seeded = seedWithdrawal(db);
    withdrawStakeholder(db, { stakeholder_id: seeded.personId, mode: 'erase', erased_by: 'tester' });
    for (const format of ['md', 'html'] as const) {
      const file = await callOrThrow(db, 'exports:report', { project_id: seeded.projectId, format, language });
      const text = Buffer.from(file.data_base64, 'base64').toString('utf8');
      expect(text).toContain(withdrawn);
      expect(text).not.toContain(trash);
    }
  });
});

describe('H4: a bundle import does not take earlier versions or trash entries of withdrawn records', () => {
  it('counts them as unchanged and writes none of them, so nothing of the person passes through the journal', () => {
    const { db } = tempDatabase();
    const projectId = createProject(db, { title: 'Inquiry' }).id;
    const person = createStakeholder(db, { project_id: projectId, pseudonym: 'P1', sector: 'citizen', real_name: 'Zorabelle Quintavalle' });
    updateStakeholder(db, person.id, { role: 'Neighbour' });
    const bundle = buildBundle(db, projectId)!.bytes;
    withdrawStakeholder(db, { stakeholder_id: person.id, mode: 'anonymise', erased_by: 'tester' });
    const inserted: string[] = [];
    db.function('note_insert', (id: unknown) => {
      inserted.push(String(id));
      return null;
    });
    db.exec(`CREATE TEMP TRIGGER watch_revisions AFTER INSERT ON main.revisions BEGIN SELECT note_insert(NEW.entity_id); END`);
    const result = importBundle(db, bundle);
    expect(inserted).not.toContain(person.id);
    expect(result.created.revisions).toBe(0);
  });
});

describe('M6: names known only by their hashes are found in the Danish letters spelt out too', () => {
  it('a later edit writing “Aase Soendergaard” for the withdrawn Åse Søndergård is rewritten when the log is applied', async () => {
    const { db } = tempDatabase();
    const projectId = createProject(db, { title: 'Inquiry' }).id;
    const person = createStakeholder(db, { project_id: projectId, pseudonym: 'P1', sector: 'citizen', real_name: 'Åse Søndergård' });
    const { createNote, updateNote } = await import('../../../db/repositories/notes.js');
    const note = createNote(db, { project_id: projectId, title: 'Meeting', body: 'Nothing yet.' });
    withdrawStakeholder(db, { stakeholder_id: person.id, mode: 'erase', erased_by: 'tester' });
    updateNote(db, note.id, { body: 'Aase Soendergaard came back, and AASE SØNDERGAARD waved.' });
    reapplyErasureLog(db);
    expect(db.prepare(`SELECT body FROM field_notes WHERE id = ?`).pluck().get(note.id)).toBe('[withdrawn] came back, and [withdrawn] waved.');
  });
});
