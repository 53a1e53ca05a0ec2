import { describe, expect, it } from 'vitest';
import { call, dispatch } from '../../electron/api/dispatch.js';
import { newId } from '../../db/ids.js';
import { trashEntity } from '../../db/repositories/entities.js';
import type { Db } from '../../db/connection.js';
import { rowCounts, tempDatabase } from '../helpers/temp.js';
import { seedTwoProjects, TINY_PNG } from '../db/notes-seed.js';

const strict = { checkOutput: true };

async function ok<T>(promise: Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }>): Promise<T> {
  const result = await promise;
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

/** Runs a request that must be refused with `code`, and proves it wrote nothing. */
async function refused(db: Db, channel: string, input: unknown, code = 'invalid_input') {
  const before = rowCounts(db);
  const result = await dispatch(db, channel, input, strict);
  expect(result, JSON.stringify(input).slice(0, 200)).toMatchObject({ ok: false, error: { code } });
  expect(rowCounts(db)).toEqual(before);
  return result.ok ? undefined : result.error;
}

describe('notes channels', () => {
  it('creates, gets, lists, updates and trashes a note', async () => {
    const { db } = tempDatabase();
    const { project, cycles, stakeholders } = seedTwoProjects(db);
    const tag = await ok(call(db, 'codes:create', { project_id: project.id, name: 'Trust', color: '#336699' }, strict));
    const created = await ok(
      call(
        db,
        'notes:create',
        {
          project_id: project.id,
          cycle_id: cycles[0],
          phase: 'observe',
          title: 'At the library',
          body: 'Anna brought coffee.\nBo stayed quiet.',
          place: 'Nordby library',
          occurred_at: '2025-05-02T09:30:00.000Z',
          stakeholder_ids: [stakeholders[0]!, stakeholders[1]!],
          code_ids: [tag.id],
        },
        strict,
      ),
    );
    expect(created).toMatchObject({ revision: 1, phase: 'observe', cycle_id: cycles[0], code_ids: [tag.id], attachments: [] });
    expect(created.stakeholder_ids).toHaveLength(2);
    expect(created.recorded_at >= created.created_at).toBe(true);

    expect(await ok(call(db, 'notes:get', { id: created.id }, strict))).toEqual(created);
    const page = await ok(call(db, 'notes:list', { project_id: project.id, limit: 20, offset: 0 }, strict));
    expect(page).toEqual({
      total: 1,
      items: [
        {
          id: created.id,
          title: 'At the library',
          first_line: 'Anna brought coffee.',
          place: 'Nordby library',
          occurred_at: '2025-05-02T09:30:00.000Z',
          cycle_id: cycles[0],
          phase: 'observe',
          stakeholder_count: 2,
          attachment_count: 0,
        },
      ],
    });

    const updated = await ok(
      call(db, 'notes:update', { id: created.id, expected_revision: 1, body: 'Rewritten', stakeholder_ids: [stakeholders[2]!], code_ids: [], cycle_id: null, phase: null }, strict),
    );
    expect(updated).toMatchObject({ revision: 2, body: 'Rewritten', stakeholder_ids: [stakeholders[2]], code_ids: [], cycle_id: null, phase: null });
    expect(updated.title).toBe('At the library');

    const deleted = await ok(call(db, 'notes:delete', { id: created.id }, strict));
    expect(deleted.id).toBe(created.id);
    expect(await ok(call(db, 'notes:list', { project_id: project.id, limit: 20, offset: 0 }, strict))).toEqual({ total: 0, items: [] });
    await refused(db, 'notes:get', { id: created.id }, 'not_found');
    await refused(db, 'notes:update', { id: created.id, body: 'again' }, 'not_found');
    await refused(db, 'notes:delete', { id: created.id }, 'not_found');
    const trash = await ok(call(db, 'trash:list', { project_id: project.id }, strict));
    expect(trash.map((item) => item.entity_id)).toContain(created.id);
  });

  it('pages and filters the list by cycle and phase', async () => {
    const { db } = tempDatabase();
    const { project, cycles } = seedTwoProjects(db);
    for (let i = 0; i < 7; i++) {
      await ok(
        call(db, 'notes:create', {
          project_id: project.id,
          cycle_id: i < 4 ? cycles[1] : undefined,
          phase: i < 2 ? 'act' : undefined,
          title: `Note ${i}`,
          occurred_at: `2025-02-0${i + 1}T10:00:00Z`,
        }),
      );
    }
    const list = (input: Record<string, unknown>) => ok(call(db, 'notes:list', { project_id: project.id, limit: 3, offset: 0, ...input } as never, strict));
    const first = await list({});
    expect(first.total).toBe(7);
    expect(first.items.map((item) => item.title)).toEqual(['Note 6', 'Note 5', 'Note 4']);
    expect((await list({ offset: 6 })).items.map((item) => item.title)).toEqual(['Note 0']);
    expect((await list({ offset: 50 })).items).toEqual([]);
    const inCycle = await list({ cycle_id: cycles[1], limit: 200 });
    expect(inCycle.items.map((item) => item.title)).toEqual(['Note 3', 'Note 2', 'Note 1', 'Note 0']);
    expect((await list({ cycle_id: null, limit: 200 })).total).toBe(3);
    expect((await list({ cycle_id: cycles[1], phase: 'act' })).items.map((item) => item.title)).toEqual(['Note 1', 'Note 0']);
    expect((await list({ cycle_id: cycles[0] })).total).toBe(0);

    await refused(db, 'notes:list', { project_id: project.id, limit: 201, offset: 0 });
    await refused(db, 'notes:list', { project_id: project.id, limit: 0, offset: 0 });
    await refused(db, 'notes:list', { project_id: project.id, limit: 10, offset: -1 });
    await refused(db, 'notes:list', { project_id: project.id, limit: 10 });
    await refused(db, 'notes:list', { project_id: project.id, limit: 10, offset: 0, sort: 'title' });
    await refused(db, 'notes:list', { project_id: newId(), limit: 10, offset: 0 }, 'not_found');
  });

  it('pages by key after a note as it pages by offset, counts only when asked, and leaves trashed and other notes out', async () => {
    const { db } = tempDatabase();
    const { project, other, cycles } = seedTwoProjects(db);
    const made = [];
    for (let i = 0; i < 9; i += 1) {
      // Two notes share each time, so the order within a moment (by id) matters too.
      made.push(
        await ok(call(db, 'notes:create', { project_id: project.id, cycle_id: i % 2 ? cycles[1] : null, title: `Note ${i}`, occurred_at: `2025-03-0${1 + Math.floor(i / 2)}T09:00:00Z` })),
      );
    }
    await ok(call(db, 'notes:create', { project_id: other.id, title: 'Elsewhere', occurred_at: '2025-03-02T09:00:00Z' }));
    await ok(call(db, 'notes:delete', { id: made[4]!.id }));
    const list = (input: Record<string, unknown>) => ok(call(db, 'notes:list', { project_id: project.id, limit: 200, offset: 0, ...input } as never, strict));
    const all = (await list({})).items;
    expect(all.map((item) => item.title).sort()).toEqual(['Note 0', 'Note 1', 'Note 2', 'Note 3', 'Note 5', 'Note 6', 'Note 7', 'Note 8']);
    // Newest first, and by id (descending) within the same moment.
    const order = [...all].sort((a, b) => b.occurred_at.localeCompare(a.occurred_at) || b.id.localeCompare(a.id));
    expect(all.map((item) => item.id)).toEqual(order.map((item) => item.id));

    for (let size = 1; size <= 4; size += 1) {
      const byKey: string[] = [];
      let after: { occurred_at: string; id: string } | undefined;
      for (let guard = 0; guard < 20; guard += 1) {
        const page = await list({ limit: size, with_total: false, ...(after ? { after } : {}) });
        expect(page.total).toBeUndefined();
        byKey.push(...page.items.map((item) => item.id));
        if (page.items.length < size) break;
        const last = page.items[page.items.length - 1]!;
        after = { occurred_at: last.occurred_at, id: last.id };
      }
      expect(byKey).toEqual(all.map((item) => item.id));
    }
    // The cursor's time may be written with an offset; offset counts after the cursor; filters apply after it too.
    const third = all[2]!;
    const local = third.occurred_at.replace('T09:00:00.000Z', 'T10:00:00+01:00');
    expect((await list({ after: { occurred_at: local, id: third.id }, offset: 1, limit: 2 })).items.map((item) => item.id)).toEqual(all.slice(4, 6).map((item) => item.id));
    const inCycle = await list({ cycle_id: cycles[1], after: { occurred_at: third.occurred_at, id: third.id } });
    expect(inCycle.total).toBe(4);
    expect(inCycle.items.map((item) => item.id)).toEqual(all.slice(3).filter((item) => item.cycle_id === cycles[1]).map((item) => item.id));
    expect((await list({ cycle_id: null, with_total: true })).total).toBe(4);

    const bad = { project_id: project.id, limit: 10, offset: 0 };
    await refused(db, 'notes:list', { ...bad, after: { occurred_at: third.occurred_at } });
    await refused(db, 'notes:list', { ...bad, after: { occurred_at: 'yesterday', id: third.id } });
    await refused(db, 'notes:list', { ...bad, after: { occurred_at: third.occurred_at, id: 'not-an-id' } });
    await refused(db, 'notes:list', { ...bad, after: { occurred_at: third.occurred_at, id: third.id, title: 'x' } });
    await refused(db, 'notes:list', { ...bad, with_total: 'yes' });
    await refused(db, 'notes:list', { ...bad, offset: 10_000_001 });
  });

  it('refuses a cycle, stakeholders or codes of another inquiry, writing nothing', async () => {
    const { db } = tempDatabase();
    const { project, other, cycles, stakeholders, otherCycle, otherStakeholder } = seedTwoProjects(db);
    const foreignCode = await ok(call(db, 'codes:create', { project_id: other.id, name: 'Elsewhere' }));
    const note = await ok(call(db, 'notes:create', { project_id: project.id, body: 'Start', stakeholder_ids: [stakeholders[0]!] }));

    for (const bad of [
      { cycle_id: otherCycle },
      { cycle_id: newId() },
      { stakeholder_ids: [stakeholders[1]!, otherStakeholder] },
      { code_ids: [foreignCode.id] },
    ]) {
      const error = await refused(db, 'notes:create', { project_id: project.id, body: 'Should not exist', ...bad });
      expect(error?.message).toMatch(/do(es)? not belong to this inquiry/);
      await refused(db, 'notes:update', { id: note.id, body: 'Should not be saved', ...bad });
    }
    trashEntity(db, 'cycle', cycles[0]!);
    await refused(db, 'notes:update', { id: note.id, cycle_id: cycles[0] });
    const after = await ok(call(db, 'notes:get', { id: note.id }));
    expect(after).toMatchObject({ body: 'Start', revision: 1, stakeholder_ids: [stakeholders[0]] });
  });

  it('refuses malformed input before writing anything', async () => {
    const { db } = tempDatabase();
    const { project } = seedTwoProjects(db);
    const note = await ok(call(db, 'notes:create', { project_id: project.id }));
    await refused(db, 'notes:create', { project_id: 'not-a-uuid' });
    await refused(db, 'notes:create', { project_id: project.id, title: 42 });
    await refused(db, 'notes:create', { project_id: project.id, phase: 'dream' });
    await refused(db, 'notes:create', { project_id: project.id, occurred_at: 'yesterday' });
    await refused(db, 'notes:create', { project_id: project.id, title: 'x'.repeat(501) });
    await refused(db, 'notes:create', { project_id: project.id, place: 'x'.repeat(501) });
    await refused(db, 'notes:create', { project_id: project.id, recorded_at: '2025-01-01T00:00:00Z' });
    await refused(db, 'notes:create', { project_id: project.id, stakeholder_ids: ['nope'] });
    await refused(db, 'notes:create', { project_id: newId() }, 'not_found');
    await refused(db, 'notes:update', { id: note.id, project_id: project.id });
    await refused(db, 'notes:update', { id: note.id, expected_revision: 0 });
    await refused(db, 'notes:update', { id: newId(), body: 'x' }, 'not_found');
    await refused(db, 'notes:get', { id: 'x' });
    await refused(db, 'notes:get', { id: newId() }, 'not_found');
    await refused(db, 'notes:delete', { id: newId() }, 'not_found');
    await refused(db, 'notes:captureDefaults', { project_id: newId() }, 'not_found');
    await refused(db, 'notes:captureDefaults', {});
  });

  it('reports an edit based on an older revision as a conflict and keeps the newer text', async () => {
    const { db } = tempDatabase();
    const { project, stakeholders } = seedTwoProjects(db);
    const note = await ok(call(db, 'notes:create', { project_id: project.id, body: 'v1' }));
    await ok(call(db, 'notes:update', { id: note.id, expected_revision: 1, body: 'v2 from window A' }));
    const error = await refused(db, 'notes:update', { id: note.id, expected_revision: 1, body: 'v2 from window B', stakeholder_ids: [stakeholders[0]!] }, 'conflict');
    expect(error?.message).toMatch(/changed elsewhere/);
    expect(await ok(call(db, 'notes:get', { id: note.id }))).toMatchObject({ body: 'v2 from window A', revision: 2, stakeholder_ids: [] });
  });

  it('offers capture defaults from the last recorded note', async () => {
    const { db } = tempDatabase();
    const { project, cycles } = seedTwoProjects(db);
    expect(await ok(call(db, 'notes:captureDefaults', { project_id: project.id }, strict))).toEqual({ place: '', cycle_id: null, phase: null });
    await ok(call(db, 'notes:create', { project_id: project.id, place: 'Café', cycle_id: cycles[1], phase: 'act' }));
    expect(await ok(call(db, 'notes:captureDefaults', { project_id: project.id }, strict))).toEqual({ place: 'Café', cycle_id: cycles[1], phase: 'act' });
  });
});

describe('codes channels', () => {
  it('creates, lists, updates and trashes codes, refusing bad parents and colours', async () => {
    const { db } = tempDatabase();
    const { project, other } = seedTwoProjects(db);
    const parent = await ok(call(db, 'codes:create', { project_id: project.id, name: 'Relations' }, strict));
    const child = await ok(call(db, 'codes:create', { project_id: project.id, name: 'Trust', parent_id: parent.id, color: '#AA0011' }, strict));
    expect(child).toMatchObject({ parent_id: parent.id, color: '#aa0011', revision: 1 });
    expect((await ok(call(db, 'codes:list', { project_id: project.id }, strict))).map((code) => code.name)).toEqual(['Relations', 'Trust']);
    expect(await ok(call(db, 'codes:list', { project_id: other.id }, strict))).toEqual([]);

    const renamed = await ok(call(db, 'codes:update', { id: child.id, expected_revision: 1, name: 'Tillid', color: '#00aa11' }, strict));
    expect(renamed).toMatchObject({ name: 'Tillid', color: '#00aa11', revision: 2 });
    await refused(db, 'codes:update', { id: child.id, expected_revision: 1, name: 'Stale' }, 'conflict');
    await refused(db, 'codes:update', { id: parent.id, parent_id: child.id });
    await refused(db, 'codes:update', { id: parent.id, parent_id: parent.id });
    const foreign = await ok(call(db, 'codes:create', { project_id: other.id, name: 'Elsewhere' }));
    await refused(db, 'codes:create', { project_id: project.id, name: 'X', parent_id: foreign.id });
    await refused(db, 'codes:update', { id: child.id, parent_id: foreign.id });
    await refused(db, 'codes:create', { project_id: project.id, name: '   ' });
    await refused(db, 'codes:create', { project_id: project.id, name: 'x'.repeat(201) });
    await refused(db, 'codes:create', { project_id: project.id, name: 'Red', color: 'red' });
    await refused(db, 'codes:create', { project_id: project.id, name: 'Red', color: '#ff000' });
    await refused(db, 'codes:create', { project_id: project.id, name: 'Red', colour: '#ff0000' });
    await refused(db, 'codes:create', { project_id: newId(), name: 'Orphan' }, 'not_found');
    await refused(db, 'codes:update', { id: newId(), name: 'Ghost' }, 'not_found');
    await refused(db, 'codes:list', { project_id: newId() }, 'not_found');

    const deleted = await ok(call(db, 'codes:delete', { id: parent.id }, strict));
    expect(deleted.id).toBe(parent.id);
    expect(await ok(call(db, 'codes:list', { project_id: project.id }))).toEqual([]);
    await refused(db, 'codes:delete', { id: parent.id }, 'not_found');
    await refused(db, 'codes:update', { id: child.id, name: 'Gone' }, 'not_found');
  });
});

describe('attachments channels', () => {
  async function noteWithProject(db: Db) {
    const { project } = seedTwoProjects(db);
    return ok(call(db, 'notes:create', { project_id: project.id, body: 'With a picture' }));
  }

  it('round-trips a file byte for byte with its sha256, lists metadata only, and deletes softly', async () => {
    const { db } = tempDatabase();
    const note = await noteWithProject(db);
    const added = await ok(
      call(db, 'attachments:add', { owner_type: 'field_note', owner_id: note.id, file_name: 'sub/dir\u0000photo.png', media_type: 'image/png', data_base64: TINY_PNG.toString('base64') }, strict),
    );
    expect(added).toMatchObject({ file_name: 'sub_dirphoto.png', media_type: 'image/png', byte_size: TINY_PNG.length, project_id: note.project_id });
    const { createHash } = await import('node:crypto');
    expect(added.sha256).toBe(createHash('sha256').update(TINY_PNG).digest('hex'));

    const listed = await ok(call(db, 'attachments:list', { owner_type: 'field_note', owner_id: note.id }, strict));
    expect(listed).toEqual([added]);
    expect(Object.keys(listed[0]!)).not.toContain('data_base64');
    expect((await ok(call(db, 'notes:get', { id: note.id }))).attachments).toEqual([added]);
    expect((await ok(call(db, 'notes:list', { project_id: note.project_id, limit: 5, offset: 0 }))).items[0]!.attachment_count).toBe(1);

    const got = await ok(call(db, 'attachments:get', { id: added.id }, strict));
    expect(Buffer.compare(Buffer.from(got.data_base64, 'base64'), TINY_PNG)).toBe(0);
    expect(got.sha256).toBe(added.sha256);

    const text = Buffer.from('Referat fra mødet — æøå\n', 'utf8');
    const textAdded = await ok(
      call(db, 'attachments:add', { owner_type: 'field_note', owner_id: note.id, file_name: 'referat.txt', media_type: 'text/plain', data_base64: text.toString('base64') }),
    );
    expect(Buffer.from((await ok(call(db, 'attachments:get', { id: textAdded.id }))).data_base64, 'base64').toString('utf8')).toBe(text.toString('utf8'));

    expect(await ok(call(db, 'attachments:delete', { id: added.id }, strict))).toEqual({ id: added.id, group_id: expect.any(String) });
    expect((await ok(call(db, 'attachments:list', { owner_type: 'field_note', owner_id: note.id }))).map((a) => a.id)).toEqual([textAdded.id]);
    expect(db.prepare(`SELECT deleted_at IS NOT NULL FROM attachments WHERE id = ?`).pluck().get(added.id)).toBe(1);
    await refused(db, 'attachments:get', { id: added.id }, 'not_found');
    await refused(db, 'attachments:delete', { id: added.id }, 'not_found');
  });

  it('refuses oversize, forbidden, malformed and misnamed files, writing nothing', async () => {
    const { db } = tempDatabase();
    const note = await noteWithProject(db);
    const base = { owner_type: 'field_note', owner_id: note.id, file_name: 'f.txt', media_type: 'text/plain', data_base64: 'aGVq' };
    const tooBig = Buffer.alloc(20 * 1024 * 1024 + 1, 0x61).toString('base64');
    expect((await refused(db, 'attachments:add', { ...base, data_base64: tooBig }))?.message).toMatch(/20 MB/);
    // Too long even as text: refused by the contract before it is decoded.
    await refused(db, 'attachments:add', { ...base, data_base64: `${tooBig}AAAA` });
    expect((await refused(db, 'attachments:add', { ...base, media_type: 'text/html' }))?.message).toMatch(/cannot be attached/);
    await refused(db, 'attachments:add', { ...base, media_type: 'image/svg+xml', file_name: 'x.svg' });
    await refused(db, 'attachments:add', { ...base, media_type: 'application/x-sh' });
    expect((await refused(db, 'attachments:add', { ...base, data_base64: 'not base64!' }))?.message).toMatch(/base64/);
    await refused(db, 'attachments:add', { ...base, data_base64: 'aGVqZ' });
    await refused(db, 'attachments:add', { ...base, data_base64: 'data:text/plain;base64,aGVq' });
    await refused(db, 'attachments:add', { ...base, media_type: 'image/png' }); // "hej" is not a PNG
    await refused(db, 'attachments:add', { ...base, file_name: '' });
    await refused(db, 'attachments:add', { ...base, file_name: '\u0001\u0002' });
    await refused(db, 'attachments:add', { ...base, file_name: '..' });
    await refused(db, 'attachments:add', { ...base, owner_type: 'dialogue' });
    await refused(db, 'attachments:add', { ...base, owner_id: newId() }, 'not_found');
    await refused(db, 'attachments:add', { ...base, extra: true });
    await refused(db, 'attachments:list', { owner_type: 'field_note', owner_id: newId() }, 'not_found');
    await refused(db, 'attachments:list', { owner_type: 'field_note' });
    await refused(db, 'attachments:get', { id: newId() }, 'not_found');
    await refused(db, 'attachments:delete', { id: 'x' });
  });

  it('accepts a file of exactly 20 MB', async () => {
    const { db } = tempDatabase();
    const note = await noteWithProject(db);
    const exact = Buffer.alloc(20 * 1024 * 1024, 0x62);
    const added = await ok(
      call(db, 'attachments:add', { owner_type: 'field_note', owner_id: note.id, file_name: 'big.txt', media_type: 'text/plain', data_base64: exact.toString('base64') }),
    );
    expect(added.byte_size).toBe(exact.length);
  });
});
