import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/connection.js';
import { newId } from '../../db/ids.js';
import * as attachments from '../../db/repositories/attachments.js';
import { getEntity, trashEntity } from '../../db/repositories/entities.js';
import { call, callOrThrow } from '../../electron/api/dispatch.js';
import { buildBundle, importBundle } from '../../electron/exchange/bundle.js';
import { rowCounts, tempDatabase } from '../helpers/temp.js';

/**
 * Issue 13, point 5: three loose ends of restoring. A note's earlier version brings back its tags and stakeholders;
 * a removed attachment goes to the trash and comes back from it with its bytes; a phase entry comes back into its
 * cycle, or is refused in words while that cycle is in the trash.
 */

const strict = { checkOutput: true };
const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

async function seed(db: Db) {
  const home = await callOrThrow(db, 'projects:create', { title: 'Nordby' });
  const other = await callOrThrow(db, 'projects:create', { title: 'Sydby' });
  const cycle = await callOrThrow(db, 'cycles:create', { project_id: home.id, title: 'Listening' });
  const karen = await callOrThrow(db, 'stakeholders:create', { project_id: home.id, pseudonym: 'Karen', sector: 'citizen' });
  const bo = await callOrThrow(db, 'stakeholders:create', { project_id: home.id, pseudonym: 'Bo', sector: 'public' });
  const lone = await callOrThrow(db, 'codes:create', { project_id: home.id, name: 'Loneliness' });
  const trust = await callOrThrow(db, 'codes:create', { project_id: home.id, name: 'Trust' });
  const theirs = await callOrThrow(db, 'codes:create', { project_id: other.id, name: 'Theirs' });
  const stranger = await callOrThrow(db, 'stakeholders:create', { project_id: other.id, pseudonym: 'Stranger', sector: 'private' });
  return { home: home.id, other: other.id, cycle: cycle.id, karen: karen.id, bo: bo.id, lone: lone.id, trust: trust.id, theirs: theirs.id, stranger: stranger.id };
}

type Seeded = Awaited<ReturnType<typeof seed>>;

async function noteVersions(db: Db, noteId: string) {
  return (await callOrThrow(db, 'history:list', { entity_type: 'field_note', id: noteId })).filter((revision) => revision.action === 'update');
}

describe('history:restore brings back a note’s tags and stakeholders', () => {
  it('keeps the whole-note tags and stakeholders in every version and sets them back on restore', async () => {
    const { db } = tempDatabase();
    const s = await seed(db);
    const note = await callOrThrow(db, 'notes:create', {
      project_id: s.home,
      body: 'First words',
      code_ids: [s.lone, s.trust],
      stakeholder_ids: [s.karen],
    });
    await callOrThrow(db, 'notes:update', { id: note.id, body: 'Second words', code_ids: [s.trust], stakeholder_ids: [s.bo] });

    const [version] = await noteVersions(db, note.id);
    const snapshot = JSON.parse(version!.snapshot) as Record<string, unknown>;
    expect(snapshot.tags_and_stakeholders).toEqual({ code_ids: [s.lone, s.trust].sort(), stakeholder_ids: [s.karen] });

    const restored = await call(db, 'history:restore', { revision_id: version!.id }, strict);
    expect(restored).toEqual({ ok: true, value: { entity_type: 'field_note', id: note.id, revision: 3 } });
    const after = await callOrThrow(db, 'notes:get', { id: note.id });
    expect(after.body).toBe('First words');
    expect([...after.code_ids].sort()).toEqual([s.lone, s.trust].sort());
    expect(after.stakeholder_ids).toEqual([s.karen]);
    // The version the restore replaced is kept too, with its own tags and stakeholders.
    const [replaced] = await noteVersions(db, note.id);
    expect(JSON.parse(replaced!.snapshot).tags_and_stakeholders).toEqual({ code_ids: [s.trust], stakeholder_ids: [s.bo] });
  });

  it('keeps a version when only the tags or stakeholders change, and none when nothing changes', async () => {
    const { db } = tempDatabase();
    const s = await seed(db);
    const note = await callOrThrow(db, 'notes:create', { project_id: s.home, body: 'Same words', code_ids: [s.lone] });
    // The editor sends the whole note on every save: unchanged sets (in another order) are no edit.
    await callOrThrow(db, 'notes:update', { id: note.id, body: 'Same words', code_ids: [s.lone], stakeholder_ids: [] });
    expect(await noteVersions(db, note.id)).toHaveLength(0);

    const changed = await callOrThrow(db, 'notes:update', { id: note.id, code_ids: [s.trust], stakeholder_ids: [s.karen, s.bo] });
    expect(changed.revision).toBe(2);
    const [version] = await noteVersions(db, note.id);
    expect(version).toBeDefined();
    await callOrThrow(db, 'history:restore', { revision_id: version!.id });
    const after = await callOrThrow(db, 'notes:get', { id: note.id });
    expect(after.code_ids).toEqual([s.lone]);
    expect(after.stakeholder_ids).toEqual([]);
  });

  it('leaves out tags and stakeholders now in the trash or gone, restores the rest and says which, in words', async () => {
    const { db } = tempDatabase();
    const s = await seed(db);
    const note = await callOrThrow(db, 'notes:create', {
      project_id: s.home,
      body: 'First words',
      code_ids: [s.lone, s.trust],
      stakeholder_ids: [s.karen, s.bo],
    });
    await callOrThrow(db, 'notes:update', { id: note.id, body: 'Second words', code_ids: [], stakeholder_ids: [] });
    await callOrThrow(db, 'codes:delete', { id: s.lone });
    await callOrThrow(db, 'stakeholders:delete', { id: s.karen });
    const gone = await callOrThrow(db, 'codes:create', { project_id: s.home, name: 'Ephemeral' });
    const [version] = await noteVersions(db, note.id);
    // A code of the version that no longer exists at all (as after an erasure).
    const snapshot = JSON.parse(version!.snapshot) as { tags_and_stakeholders: { code_ids: string[] } };
    snapshot.tags_and_stakeholders.code_ids.push(gone.id);
    db.prepare(`UPDATE revisions SET snapshot = ? WHERE id = ?`).run(JSON.stringify(snapshot), version!.id);
    db.prepare(`DELETE FROM codes WHERE id = ?`).run(gone.id);

    const restored = await call(db, 'history:restore', { revision_id: version!.id }, strict);
    if (!restored.ok) throw new Error(restored.error.message);
    expect(restored.value.left_out).toEqual(
      expect.arrayContaining([
        { kind: 'code', id: s.lone, name: 'Loneliness', reason: 'in_trash' },
        { kind: 'stakeholder', id: s.karen, name: 'Karen', reason: 'in_trash' },
        { kind: 'code', id: gone.id, name: null, reason: 'gone' },
      ]),
    );
    expect(restored.value.left_out).toHaveLength(3);
    expect(restored.value.message).toMatch(/tag “Loneliness” is in the trash/);
    expect(restored.value.message).toMatch(/stakeholder “Karen” is in the trash/);
    expect(restored.value.message).toMatch(/no longer exists/);
    const after = await callOrThrow(db, 'notes:get', { id: note.id });
    expect(after.body).toBe('First words');
    expect(after.code_ids).toEqual([s.trust]);
    expect(after.stakeholder_ids).toEqual([s.bo]);
  });

  it('restores an old version without tags and stakeholders as before: the text only', async () => {
    const { db } = tempDatabase();
    const s = await seed(db);
    const note = await callOrThrow(db, 'notes:create', { project_id: s.home, body: 'Old words', code_ids: [s.lone], stakeholder_ids: [s.karen] });
    await callOrThrow(db, 'notes:update', { id: note.id, body: 'New words' });
    const [version] = await noteVersions(db, note.id);
    const snapshot = JSON.parse(version!.snapshot) as Record<string, unknown>;
    delete snapshot.tags_and_stakeholders;
    db.prepare(`UPDATE revisions SET snapshot = ? WHERE id = ?`).run(JSON.stringify(snapshot), version!.id);
    await callOrThrow(db, 'notes:update', { id: note.id, code_ids: [s.trust], stakeholder_ids: [s.bo] });

    const restored = await call(db, 'history:restore', { revision_id: version!.id }, strict);
    expect(restored.ok && restored.value.left_out).toBeFalsy();
    const after = await callOrThrow(db, 'notes:get', { id: note.id });
    expect(after.body).toBe('Old words');
    expect(after.code_ids).toEqual([s.trust]);
    expect(after.stakeholder_ids).toEqual([s.bo]);
  });

  it('refuses a version whose tags or stakeholders are not ids, or belong to another inquiry, writing nothing', async () => {
    const { db } = tempDatabase();
    const s = await seed(db);
    const note = await callOrThrow(db, 'notes:create', { project_id: s.home, body: 'Words', code_ids: [s.lone] });
    await callOrThrow(db, 'notes:update', { id: note.id, body: 'Other words' });
    const [version] = await noteVersions(db, note.id);
    const honest = JSON.parse(version!.snapshot) as Record<string, unknown>;
    const hostile: [what: string, value: unknown, field: RegExp][] = [
      ['a code of another inquiry', { code_ids: [s.theirs], stakeholder_ids: [] }, /code_ids/],
      ['a stakeholder of another inquiry', { code_ids: [], stakeholder_ids: [s.stranger] }, /stakeholder_ids/],
      ['a code id that is not an id', { code_ids: ['not an id'], stakeholder_ids: [] }, /code_ids/],
      ['a list that is not a list', { code_ids: 'x', stakeholder_ids: [] }, /code_ids/],
      ['an unknown key inside', { code_ids: [], stakeholder_ids: [], speakers: [] }, /speakers|tags_and_stakeholders/],
      ['not an object', [s.lone], /tags_and_stakeholders/],
      ['too many', { code_ids: Array.from({ length: 501 }, () => newId()), stakeholder_ids: [] }, /code_ids/],
    ];
    for (const [what, value, field] of hostile) {
      db.prepare(`UPDATE revisions SET snapshot = ? WHERE id = ?`).run(JSON.stringify({ ...honest, tags_and_stakeholders: value }), version!.id);
      const before = rowCounts(db);
      const result = await call(db, 'history:restore', { revision_id: version!.id }, strict);
      expect(result.ok, what).toBe(false);
      if (result.ok) continue;
      expect(result.error.code, what).toBe('invalid_input');
      expect(`${result.error.message} ${JSON.stringify(result.error.issues)}`, what).toMatch(field);
      expect(rowCounts(db), what).toEqual(before);
      expect((await callOrThrow(db, 'notes:get', { id: note.id })).code_ids, what).toEqual([s.lone]);
    }
  });

  it('travels in a bundle: the history imports into another journal and restores the tags there', async () => {
    const source = tempDatabase().db;
    const s = await seed(source);
    const note = await callOrThrow(source, 'notes:create', { project_id: s.home, body: 'First', code_ids: [s.lone], stakeholder_ids: [s.karen] });
    await callOrThrow(source, 'notes:update', { id: note.id, body: 'Second', code_ids: [], stakeholder_ids: [] });
    const bundle = buildBundle(source, s.home)!;

    const target = tempDatabase().db;
    importBundle(target, bundle.bytes);
    const revisions = (db: Db) => db.prepare(`SELECT * FROM revisions WHERE entity_id = ? ORDER BY id`).all(note.id);
    expect(revisions(target)).toEqual(revisions(source));
    const [version] = await noteVersions(target, note.id);
    await callOrThrow(target, 'history:restore', { revision_id: version!.id });
    const after = await callOrThrow(target, 'notes:get', { id: note.id });
    expect([after.body, after.code_ids, after.stakeholder_ids]).toEqual(['First', [s.lone], [s.karen]]);
  });
});

async function addText(db: Db, noteId: string, name: string, text: string) {
  return callOrThrow(db, 'attachments:add', { owner_type: 'field_note', owner_id: noteId, file_name: name, media_type: 'text/plain', data_base64: base64(text) });
}

describe('attachments go to the trash and come back', () => {
  it('attachments:delete puts the file in the trash; trash:restore brings it back to its note with its bytes', async () => {
    const { db } = tempDatabase();
    const s = await seed(db);
    const note = await callOrThrow(db, 'notes:create', { project_id: s.home, title: 'At the library' });
    const file = await addText(db, note.id, 'minutes.txt', 'Kaffe og kage');
    const deleted = await call(db, 'attachments:delete', { id: file.id }, strict);
    expect(deleted.ok).toBe(true);
    expect(await callOrThrow(db, 'attachments:list', { owner_type: 'field_note', owner_id: note.id })).toEqual([]);

    const trash = await call(db, 'trash:list', { project_id: s.home }, strict);
    if (!trash.ok) throw new Error(trash.error.message);
    expect(trash.value).toMatchObject([{ entity_type: 'attachment', entity_id: file.id, label: 'minutes.txt' }]);
    const restored = await call(db, 'trash:restore', { id: trash.value[0]!.id }, strict);
    expect(restored.ok && restored.value.map((item) => item.entity_id)).toEqual([file.id]);
    expect((await callOrThrow(db, 'notes:get', { id: note.id })).attachments.map((a) => a.id)).toEqual([file.id]);
    const back = await callOrThrow(db, 'attachments:get', { id: file.id });
    expect(Buffer.from(back.data_base64, 'base64').toString('utf8')).toBe('Kaffe og kage');
    expect(back.sha256).toBe(file.sha256);
    expect(await callOrThrow(db, 'trash:list', { project_id: s.home })).toEqual([]);
  });

  it('refuses while its note is in the trash, in words, writing nothing; restores once the note is back', async () => {
    const { db } = tempDatabase();
    const s = await seed(db);
    const note = await callOrThrow(db, 'notes:create', { project_id: s.home, title: 'At the library' });
    const file = await addText(db, note.id, 'minutes.txt', 'Kaffe');
    await callOrThrow(db, 'attachments:delete', { id: file.id });
    await callOrThrow(db, 'notes:delete', { id: note.id });
    const trash = await callOrThrow(db, 'trash:list', { project_id: s.home });
    const fileItem = trash.find((item) => item.entity_id === file.id)!;

    const before = rowCounts(db);
    const refused = await call(db, 'trash:restore', { id: fileItem.id }, strict);
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error.code).toBe('conflict');
    expect(refused.error.message).toMatch(/“minutes\.txt”/);
    expect(refused.error.message).toMatch(/field note “At the library” is in the trash/);
    expect(refused.error.message).toMatch(/Restore the field note first/);
    expect(rowCounts(db)).toEqual(before);
    expect(getEntity(db, 'field_note', note.id)!.deleted_at).not.toBeNull();

    await callOrThrow(db, 'trash:restore', { id: trash.find((item) => item.entity_id === note.id)!.id });
    expect(await call(db, 'trash:restore', { id: fileItem.id }, strict)).toMatchObject({ ok: true });
    expect((await callOrThrow(db, 'notes:get', { id: note.id })).attachments.map((a) => a.file_name)).toEqual(['minutes.txt']);
  });

  it('restores together with its note when both were trashed in one group', async () => {
    const { db } = tempDatabase();
    const s = await seed(db);
    const note = await callOrThrow(db, 'notes:create', { project_id: s.home, title: 'At the library' });
    const file = await addText(db, note.id, 'minutes.txt', 'Kaffe');
    const group = trashEntity(db, 'field_note', note.id)!;
    attachments.trashAttachment(db, file.id, group);
    const item = (await callOrThrow(db, 'trash:list', { project_id: s.home })).find((entry) => entry.entity_id === file.id)!;
    const restored = await call(db, 'trash:restore', { id: item.id }, strict);
    expect(restored.ok && restored.value).toHaveLength(2);
    expect((await callOrThrow(db, 'notes:get', { id: note.id })).attachments.map((a) => a.id)).toEqual([file.id]);
  });

  it('refuses an attachment trash item whose note belongs to another inquiry', async () => {
    const { db } = tempDatabase();
    const s = await seed(db);
    const theirNote = await callOrThrow(db, 'notes:create', { project_id: s.other, title: 'Theirs' });
    const row = attachments.addAttachment(db, { project_id: s.home, owner_type: 'field_note', owner_id: theirNote.id, file_name: 'x.txt', media_type: 'text/plain', content: Buffer.from('x') });
    attachments.trashAttachment(db, row.id);
    const item = (await callOrThrow(db, 'trash:list', { project_id: s.home }))[0]!;
    const before = rowCounts(db);
    expect(await call(db, 'trash:restore', { id: item.id }, strict)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(rowCounts(db)).toEqual(before);
  });

  it('a trashed attachment travels in a bundle and restores in the other journal', async () => {
    const source = tempDatabase().db;
    const s = await seed(source);
    const note = await callOrThrow(source, 'notes:create', { project_id: s.home, title: 'At the library' });
    const file = await addText(source, note.id, 'minutes.txt', 'Kaffe og kage');
    await callOrThrow(source, 'attachments:delete', { id: file.id });

    const target = tempDatabase().db;
    importBundle(target, buildBundle(source, s.home)!.bytes);
    const [item] = await callOrThrow(target, 'trash:list', { project_id: s.home });
    expect(item).toMatchObject({ entity_type: 'attachment', entity_id: file.id });
    await callOrThrow(target, 'trash:restore', { id: item!.id });
    const back = await callOrThrow(target, 'attachments:get', { id: file.id });
    expect(Buffer.from(back.data_base64, 'base64').toString('utf8')).toBe('Kaffe og kage');
  });
});

describe('a phase entry restored from the trash comes back into its cycle', () => {
  it('comes back attached to its live cycle', async () => {
    const { db } = tempDatabase();
    const s = await seed(db);
    const entry = await callOrThrow(db, 'phaseEntries:create', { cycle_id: s.cycle, phase: 'plan', body: 'We plan to listen.' });
    await callOrThrow(db, 'phaseEntries:delete', { id: entry.id });
    const [item] = await callOrThrow(db, 'trash:list', { project_id: s.home });
    expect(await call(db, 'trash:restore', { id: item!.id }, strict)).toMatchObject({ ok: true });
    expect((await callOrThrow(db, 'phaseEntries:list', { cycle_id: s.cycle })).map((e) => [e.id, e.cycle_id])).toEqual([[entry.id, s.cycle]]);
  });

  it('is refused in words while its cycle is in the trash, writing nothing; restores after the cycle', async () => {
    const { db } = tempDatabase();
    const s = await seed(db);
    const entry = await callOrThrow(db, 'phaseEntries:create', { cycle_id: s.cycle, phase: 'plan', body: 'We plan to listen.' });
    await callOrThrow(db, 'phaseEntries:delete', { id: entry.id });
    await callOrThrow(db, 'cycles:delete', { id: s.cycle });
    const trash = await callOrThrow(db, 'trash:list', { project_id: s.home });
    const entryItem = trash.find((item) => item.entity_id === entry.id)!;

    const before = rowCounts(db);
    const events = () => db.prepare(`SELECT count(*) FROM events WHERE entity_id = ?`).pluck().get(entry.id);
    const refused = await call(db, 'trash:restore', { id: entryItem.id }, strict);
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error.code).toBe('conflict');
    expect(refused.error.message).toMatch(/phase entry “We plan to listen\.”/);
    expect(refused.error.message).toMatch(/cycle 1 “Listening” is in the trash/);
    expect(refused.error.message).toMatch(/Restore the cycle first/);
    expect(rowCounts(db)).toEqual(before);
    expect(events()).toBe(0);

    await callOrThrow(db, 'trash:restore', { id: trash.find((item) => item.entity_id === s.cycle)!.id });
    expect(await call(db, 'trash:restore', { id: entryItem.id }, strict)).toMatchObject({ ok: true });
    expect((await callOrThrow(db, 'phaseEntries:list', { cycle_id: s.cycle })).map((e) => e.id)).toEqual([entry.id]);
    expect(events()).toBe(1);
  });

  it('says so when its cycle no longer exists', async () => {
    const { db } = tempDatabase();
    const s = await seed(db);
    const entry = await callOrThrow(db, 'phaseEntries:create', { cycle_id: s.cycle, phase: 'plan', body: 'We plan to listen.' });
    await callOrThrow(db, 'phaseEntries:delete', { id: entry.id });
    // As a damaged or hand-edited journal could hold it: the cycle removed behind the foreign key's back.
    db.pragma('foreign_keys = OFF');
    db.prepare(`DELETE FROM cycles WHERE id = ?`).run(s.cycle);
    db.pragma('foreign_keys = ON');
    const [item] = await callOrThrow(db, 'trash:list', { project_id: s.home });
    const refused = await call(db, 'trash:restore', { id: item!.id }, strict);
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error.message).toMatch(/cycle no longer exists/);
    expect(getEntity(db, 'phase_entry', entry.id)!.deleted_at).not.toBeNull();
  });

  it('a turn, likewise, waits for its dialogue to come out of the trash', async () => {
    const { db } = tempDatabase();
    const s = await seed(db);
    const dialogue = await callOrThrow(db, 'dialogues:create', { project_id: s.home, kind: 'meeting', title: 'Kick-off' });
    const turn = await callOrThrow(db, 'turns:add', { dialogue_id: dialogue.id, speaker_id: null, text: 'Hello all' });
    await callOrThrow(db, 'turns:delete', { id: turn.id });
    await callOrThrow(db, 'dialogues:delete', { id: dialogue.id });
    const trash = await callOrThrow(db, 'trash:list', { project_id: s.home });
    const refused = await call(db, 'trash:restore', { id: trash.find((item) => item.entity_id === turn.id)!.id }, strict);
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(!refused.ok && refused.error.message).toMatch(/dialogue “Kick-off” is in the trash.*Restore the dialogue first/);
  });
});
