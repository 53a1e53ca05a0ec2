import { describe, expect, it } from 'vitest';
import { newId, nowIso } from '../../db/ids.js';
import { createProject } from '../../db/repositories/projects.js';
import { call, dispatch } from '../../electron/api/dispatch.js';
import { rowCounts, tempDatabase } from '../helpers/temp.js';

const strict = { checkOutput: true };

async function ok<T>(promise: Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>): Promise<T> {
  const result = await promise;
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

function setup() {
  const { db } = tempDatabase();
  const project = createProject(db, { title: 'Nordby' });
  return { db, project };
}

describe('stakeholders channels', () => {
  it('create, get, list, update and delete a stakeholder with every field', async () => {
    const { db, project } = setup();
    const created = await ok(
      call(
        db,
        'stakeholders:create',
        {
          project_id: project.id,
          pseudonym: '  Mette  ',
          sector: 'public',
          real_name: 'Mette Sørensen',
          aliases: [' Mette S. ', '', 'mette s.', 'MS'],
          organisation: 'Nordby Kommune',
          role: 'Social worker',
          consent_status: 'given',
          consent_date: '2026-03-01',
          consent_scope: 'Quotes, pseudonymised',
          notes: 'Met at the library.',
        },
        strict,
      ),
    );
    expect(created).toMatchObject({
      pseudonym: 'Mette',
      real_name: 'Mette Sørensen',
      aliases: JSON.stringify(['Mette S.', 'MS']),
      sector: 'public',
      consent_status: 'given',
      consent_date: '2026-03-01',
      revision: 1,
    });
    expect(await ok(call(db, 'stakeholders:get', { id: created.id }, strict))).toEqual(created);

    const updated = await ok(
      call(db, 'stakeholders:update', { id: created.id, expected_revision: 1, role: 'Team lead', aliases: ['Mette'], consent_date: null }, strict),
    );
    expect(updated).toMatchObject({ role: 'Team lead', aliases: '["Mette"]', consent_date: null, revision: 2 });
    expect(db.prepare(`SELECT count(*) FROM revisions WHERE entity_id = ?`).pluck().get(created.id)).toBe(1);

    const deleted = await ok(call(db, 'stakeholders:delete', { id: created.id }, strict));
    expect(deleted.id).toBe(created.id);
    expect(await ok(call(db, 'stakeholders:list', { project_id: project.id }, strict))).toEqual([]);
    expect(await call(db, 'stakeholders:get', { id: created.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const trash = await ok(call(db, 'trash:list', { project_id: project.id }));
    expect(trash.map((item) => item.label)).toEqual(['Mette']);
  });

  it('keeps pseudonyms unique per inquiry, whatever the case, with a clear message', async () => {
    const { db, project } = setup();
    const other = createProject(db, { title: 'Elsewhere' });
    const first = await ok(call(db, 'stakeholders:create', { project_id: project.id, pseudonym: 'Ærø', sector: 'citizen' }));
    await ok(call(db, 'stakeholders:create', { project_id: other.id, pseudonym: 'ærø', sector: 'citizen' }));
    const before = rowCounts(db);
    for (const pseudonym of ['ærø', ' ÆRØ ']) {
      const result = await call(db, 'stakeholders:create', { project_id: project.id, pseudonym, sector: 'private' });
      expect(result).toMatchObject({
        ok: false,
        error: { code: 'invalid_input', message: expect.stringContaining('already called “Ærø”'), issues: [{ path: 'pseudonym' }] },
      });
    }
    const second = await ok(call(db, 'stakeholders:create', { project_id: project.id, pseudonym: 'Bo', sector: 'private' }));
    const renamed = await call(db, 'stakeholders:update', { id: second.id, pseudonym: 'æRØ' });
    expect(renamed).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    // Bo and the first row of his consent history; nothing from the refused requests.
    expect(rowCounts(db)).toEqual({ ...before, stakeholders: before.stakeholders! + 1, consent_changes: before.consent_changes! + 1 });
    // Renaming to a different case of one's own name is fine.
    expect(await ok(call(db, 'stakeholders:update', { id: first.id, pseudonym: 'ÆRØ' }))).toMatchObject({ pseudonym: 'ÆRØ' });
    // A name in the trash is free again.
    await ok(call(db, 'stakeholders:delete', { id: second.id }));
    expect(await ok(call(db, 'stakeholders:create', { project_id: project.id, pseudonym: 'bo', sector: 'other' }))).toMatchObject({ pseudonym: 'bo' });
  });

  it('reports an edit based on an older revision as a conflict and writes nothing', async () => {
    const { db, project } = setup();
    const created = await ok(call(db, 'stakeholders:create', { project_id: project.id, pseudonym: 'Ali', sector: 'voluntary' }));
    await ok(call(db, 'stakeholders:update', { id: created.id, expected_revision: 1, role: 'Volunteer' }));
    const before = rowCounts(db);
    expect(await call(db, 'stakeholders:update', { id: created.id, expected_revision: 1, role: 'Chair' })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    expect(rowCounts(db)).toEqual(before);
  });

  it('lists the turns, dialogues and field notes of a stakeholder, live only, newest first', async () => {
    const { db, project } = setup();
    const mette = await ok(call(db, 'stakeholders:create', { project_id: project.id, pseudonym: 'Mette', sector: 'public' }));
    const bo = await ok(call(db, 'stakeholders:create', { project_id: project.id, pseudonym: 'Bo', sector: 'citizen' }));
    const older = await ok(
      call(db, 'dialogues:create', { project_id: project.id, kind: 'workshop', title: 'Kick-off', occurred_at: '2026-03-01T10:00:00Z', participant_ids: [mette.id, bo.id] }),
    );
    const newer = await ok(
      call(db, 'dialogues:create', { project_id: project.id, kind: 'interview', title: 'Follow-up', occurred_at: '2026-04-01T10:00:00Z', participant_ids: [mette.id] }),
    );
    const trashed = await ok(
      call(db, 'dialogues:create', { project_id: project.id, kind: 'meeting', title: 'Deleted', occurred_at: '2026-05-01T10:00:00Z', participant_ids: [mette.id] }),
    );
    const t1 = await ok(call(db, 'turns:add', { dialogue_id: older.id, speaker_id: mette.id, text: 'We need a place to meet.' }));
    await ok(call(db, 'turns:add', { dialogue_id: older.id, speaker_id: bo.id, text: 'The library?' }));
    const t3 = await ok(call(db, 'turns:add', { dialogue_id: older.id, speaker_id: mette.id, text: 'Yes, on Tuesdays.' }));
    const t4 = await ok(call(db, 'turns:add', { dialogue_id: newer.id, speaker_id: mette.id, text: 'It worked.' }));
    const gone = await ok(call(db, 'turns:add', { dialogue_id: newer.id, speaker_id: mette.id, text: 'Removed later.' }));
    await ok(call(db, 'turns:delete', { id: gone.id }));
    await ok(call(db, 'turns:add', { dialogue_id: trashed.id, speaker_id: mette.id, text: 'In the trash.' }));
    await ok(call(db, 'dialogues:delete', { id: trashed.id }));

    const now = nowIso();
    const note = (title: string, occurredAt: string, deleted = false) => {
      const id = newId();
      db.prepare(
        `INSERT INTO field_notes (id, project_id, title, body, occurred_at, recorded_at, created_at, updated_at, deleted_at) VALUES (?, ?, ?, 'Body text', ?, ?, ?, ?, ?)`,
      ).run(id, project.id, title, occurredAt, now, now, now, deleted ? now : null);
      db.prepare(`INSERT INTO field_note_stakeholders (note_id, stakeholder_id) VALUES (?, ?)`).run(id, mette.id);
      return id;
    };
    const n1 = note('First visit', '2026-02-01T09:00:00.000Z');
    const n2 = note('Second visit', '2026-02-15T09:00:00.000Z');
    note('Trashed note', '2026-02-20T09:00:00.000Z', true);

    const activity = await ok(call(db, 'stakeholders:activity', { id: mette.id }, strict));
    expect(activity.turns.map((turn) => turn.id)).toEqual([t4.id, t3.id, t1.id]);
    expect(activity.turns[0]).toMatchObject({ text: 'It worked.', dialogue_id: newer.id, dialogue_title: 'Follow-up', occurred_at: '2026-04-01T10:00:00.000Z' });
    expect(activity.dialogues.map((dialogue) => dialogue.title)).toEqual(['Follow-up', 'Kick-off']);
    expect(activity.notes.map((entry) => entry.id)).toEqual([n2, n1]);

    const boActivity = await ok(call(db, 'stakeholders:activity', { id: bo.id }, strict));
    expect(boActivity.turns.map((turn) => turn.text)).toEqual(['The library?']);
    expect(boActivity.notes).toEqual([]);
  });

  const missing = '0190a000-0000-7000-8000-00000000beef';
  it('says not_found for missing stakeholders and inquiries', async () => {
    const { db } = setup();
    for (const [channel, input] of [
      ['stakeholders:get', { id: missing }],
      ['stakeholders:update', { id: missing, role: 'x' }],
      ['stakeholders:delete', { id: missing }],
      ['stakeholders:activity', { id: missing }],
      ['stakeholders:create', { project_id: missing, pseudonym: 'Nobody', sector: 'other' }],
    ] as const) {
      const before = rowCounts(db);
      expect(await dispatch(db, channel, input)).toMatchObject({ ok: false, error: { code: 'not_found', message: expect.stringContaining(missing) } });
      expect(rowCounts(db)).toEqual(before);
    }
  });

  const invalid: [string, string, (projectId: string) => unknown][] = [
    ['stakeholders:create', 'no pseudonym', (p) => ({ project_id: p, sector: 'public' })],
    ['stakeholders:create', 'a blank pseudonym', (p) => ({ project_id: p, pseudonym: '   ', sector: 'public' })],
    ['stakeholders:create', 'a pseudonym too long', (p) => ({ project_id: p, pseudonym: 'x'.repeat(201), sector: 'public' })],
    ['stakeholders:create', 'an unknown sector', (p) => ({ project_id: p, pseudonym: 'A', sector: 'royalty' })],
    ['stakeholders:create', 'no sector', (p) => ({ project_id: p, pseudonym: 'A' })],
    ['stakeholders:create', 'aliases as text', (p) => ({ project_id: p, pseudonym: 'A', sector: 'public', aliases: '["B"]' })],
    ['stakeholders:create', 'aliases with a number', (p) => ({ project_id: p, pseudonym: 'A', sector: 'public', aliases: ['B', 3] })],
    ['stakeholders:create', 'too many aliases', (p) => ({ project_id: p, pseudonym: 'A', sector: 'public', aliases: Array(51).fill('B') })],
    ['stakeholders:create', 'a bad consent status', (p) => ({ project_id: p, pseudonym: 'A', sector: 'public', consent_status: 'maybe' })],
    ['stakeholders:create', 'a bad consent date', (p) => ({ project_id: p, pseudonym: 'A', sector: 'public', consent_date: '1/3/2026' })],
    ['stakeholders:create', 'an unknown key', (p) => ({ project_id: p, pseudonym: 'A', sector: 'public', id: newId() })],
    ['stakeholders:create', 'a real name too long', (p) => ({ project_id: p, pseudonym: 'A', sector: 'public', real_name: 'x'.repeat(301) })],
    ['stakeholders:create', 'a bad project id', () => ({ project_id: 'nordby', pseudonym: 'A', sector: 'public' })],
    ['stakeholders:update', 'a bad id', () => ({ id: 42, role: 'x' })],
    ['stakeholders:update', 'a revision of zero', () => ({ id: newId(), expected_revision: 0 })],
    ['stakeholders:update', 'an unknown key', () => ({ id: newId(), project_id: newId() })],
    ['stakeholders:get', 'no id', () => ({})],
    ['stakeholders:delete', 'a bad id', () => ({ id: 'x' })],
    ['stakeholders:activity', 'extra keys', () => ({ id: newId(), limit: 5 })],
    ['stakeholders:list', 'no project', () => ({})],
  ];

  it.each(invalid)('%s refuses %s and writes nothing', async (channel, _label, input) => {
    const { db, project } = setup();
    const before = rowCounts(db);
    const result = await dispatch(db, channel, input(project.id));
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(rowCounts(db)).toEqual(before);
  });
});

