import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/connection.js';
import { newId, nowIso } from '../../db/ids.js';
import { call, callOrThrow } from '../../electron/api/dispatch.js';
import { buildBundle } from '../../electron/exchange/bundle.js';
import { rowCounts, tempDatabase } from '../helpers/temp.js';
import { editTable, rebuildBundle, seedRichProject } from './exchange-helpers.js';

/**
 * Issue 15, point 4: a bundle's history and trash are writes waiting to happen (history:restore, trash:restore), so an
 * import checks them with the same rules as the API before it writes anything: one earlier version or trashed record
 * that would not pass refuses the whole bundle, into a new inquiry or merged into an existing one.
 */

type Row = Record<string, unknown>;
const LONG = 'x'.repeat(2_000_001);

async function setup(mode: 'new' | 'merge') {
  const source = tempDatabase().db;
  const { projectId, trashedNoteId } = seedRichProject(source);
  const bundle = buildBundle(source, projectId)!.bytes;
  const target = tempDatabase().db;
  // Another inquiry in the target journal, with a cycle and a trash group a hostile bundle can name.
  const other = await callOrThrow(target, 'projects:create', { title: 'Eget projekt' });
  const otherCycle = await callOrThrow(target, 'cycles:create', { project_id: other.id, title: 'Vores cyklus' });
  const otherNote = await callOrThrow(target, 'notes:create', { project_id: other.id, body: 'Vores note' });
  const { group_id: otherGroup } = await callOrThrow(target, 'notes:delete', { id: otherNote.id });
  if (mode === 'merge') {
    const first = await call(target, 'exchange:bundleImport', { file_name: 'b.withness', data_base64: Buffer.from(bundle).toString('base64') });
    if (!first.ok) throw new Error(first.error.message);
  }
  const firstRow = (table: string): Row => source.prepare(`SELECT * FROM ${table} WHERE project_id = ? AND deleted_at IS NULL ORDER BY id LIMIT 1`).get(projectId) as Row;
  return { source, bundle, target, projectId, trashedNoteId, other: other.id, otherCycle: otherCycle.id, otherGroup, firstRow };
}

async function expectRefused(target: Db, bytes: Uint8Array, message: RegExp) {
  const before = rowCounts(target);
  const result = await call(target, 'exchange:bundleImport', { file_name: 'b.withness', data_base64: Buffer.from(bytes).toString('base64') }, { checkOutput: true });
  expect(result.ok, `should be refused: ${message}`).toBe(false);
  if (result.ok) return;
  expect(result.error.code).toBe('invalid_input');
  expect(result.error.message).toMatch(message);
  expect(result.error.message).toMatch(/Nothing was imported/);
  expect(rowCounts(target)).toEqual(before);
}

/** The bundle with one more earlier version of `row` (a record of kind `type`), changed by `edit`. */
function withRevision(bundle: Uint8Array, projectId: string, type: string, row: Row, edit: (snapshot: Row) => void): Uint8Array {
  return rebuildBundle(bundle, (files, manifest) => {
    const snapshot = { ...row };
    edit(snapshot);
    editTable(files, 'revisions', (rows) =>
      rows.push({
        id: newId(),
        project_id: projectId,
        entity_type: type,
        entity_id: row.id,
        revision: 1,
        action: 'update',
        snapshot: JSON.stringify(snapshot),
        created_at: nowIso(),
      }),
    );
    const counts = manifest.counts as Record<string, number>;
    counts.revisions = (counts.revisions ?? 0) + 1;
  });
}

type Ctx = Awaited<ReturnType<typeof setup>>;
type Case = [what: string, edit: (snapshot: Row, ctx: Ctx) => void, field: string];

const eventCases = (time: string, text: string): Case[] => [
  ['project_id of another inquiry', (snap, c) => void (snap.project_id = c.other), 'project_id'],
  ['cycle_id of another inquiry’s cycle', (snap, c) => void (snap.cycle_id = c.otherCycle), 'cycle_id'],
  [`${time} that is not a date`, (snap) => void (snap[time] = 'not a date'), time],
  [`an over-long ${text}`, (snap) => void (snap[text] = LONG), text],
  ['an unknown phase', (snap) => void (snap.phase = 'dance'), 'phase'],
  ['a missing title', (snap) => void delete snap.title, 'title'],
];

const KINDS: { kind: string; type: string; table: string; cases: Case[] }[] = [
  { kind: 'field note', type: 'field_note', table: 'field_notes', cases: eventCases('occurred_at', 'body') },
  { kind: 'dialogue', type: 'dialogue', table: 'dialogues', cases: eventCases('occurred_at', 'summary') },
  { kind: 'reflection', type: 'reflection', table: 'reflections', cases: eventCases('written_at', 'body') },
  {
    kind: 'stakeholder',
    type: 'stakeholder',
    table: 'stakeholders',
    cases: [
      ['project_id of another inquiry', (snap, c) => void (snap.project_id = c.other), 'project_id'],
      ['a consent date that is not a date', (snap) => void (snap.consent_date = 'not a date'), 'consent_date'],
      ['over-long notes', (snap) => void (snap.notes = LONG), 'notes'],
      ['an unknown sector', (snap) => void (snap.sector = 'royalty'), 'sector'],
      ['a missing pseudonym', (snap) => void delete snap.pseudonym, 'pseudonym'],
    ],
  },
  {
    kind: 'cycle',
    type: 'cycle',
    table: 'cycles',
    cases: [
      ['project_id of another inquiry', (snap, c) => void (snap.project_id = c.other), 'project_id'],
      ['a parent cycle of another inquiry', (snap, c) => void (snap.parent_id = c.otherCycle), 'parent_id'],
      ['a start date that is not a date', (snap) => void (snap.started_on = 'not a date'), 'started_on'],
      ['an over-long focus', (snap) => void (snap.focus = 'f'.repeat(5001)), 'focus'],
      ['an unknown phase', (snap) => void (snap.current_phase = 'dance'), 'current_phase'],
      ['a missing title', (snap) => void delete snap.title, 'title'],
    ],
  },
  {
    kind: 'phase entry',
    type: 'phase_entry',
    table: 'phase_entries',
    cases: [
      ['project_id of another inquiry', (snap, c) => void (snap.project_id = c.other), 'project_id'],
      ['cycle_id of another inquiry’s cycle', (snap, c) => void (snap.cycle_id = c.otherCycle), 'cycle_id'],
      ['occurred_at that is not a date', (snap) => void (snap.occurred_at = 'not a date'), 'occurred_at'],
      ['an over-long body', (snap) => void (snap.body = LONG), 'body'],
      ['an unknown phase', (snap) => void (snap.phase = 'dance'), 'phase'],
      ['a missing author', (snap) => void delete snap.author, 'author'],
    ],
  },
];

for (const mode of ['new', 'merge'] as const) {
  describe(`a bundle imported ${mode === 'new' ? 'as a new inquiry' : 'into the inquiry it came from (merge)'} is refused whole when its history would not validate`, () => {
    for (const { kind, type, table, cases } of KINDS) {
      it(`earlier versions of a ${kind}`, async () => {
        const ctx = await setup(mode);
        const row = ctx.firstRow(table);
        for (const [what, edit, field] of cases) {
          const hostile = withRevision(ctx.bundle, ctx.projectId, type, row, (snap) => edit(snap, ctx));
          await expectRefused(ctx.target, hostile, new RegExp(`${kind}.*${field}`)).catch((error: Error) => {
            throw new Error(`${kind}, ${what}: ${error.message}`);
          });
        }
      });
    }

    it('an earlier version that claims another record’s id, or is no record at all', async () => {
      const ctx = await setup(mode);
      const note = ctx.firstRow('field_notes');
      const reflection = ctx.firstRow('reflections');
      await expectRefused(ctx.target, withRevision(ctx.bundle, ctx.projectId, 'field_note', note, (snap) => void (snap.id = reflection.id)), /field note.*id/);
      const notAnObject = rebuildBundle(ctx.bundle, (files) =>
        editTable(files, 'revisions', (rows) => {
          const row = rows.find((candidate) => candidate.entity_type === 'field_note')!;
          row.snapshot = '[1, 2, 3]';
        }),
      );
      await expectRefused(ctx.target, notAnObject, /field note/);
    });

    it('an earlier version already in the bundle, changed to move its record into another inquiry’s cycle', async () => {
      const ctx = await setup(mode);
      const tampered = rebuildBundle(ctx.bundle, (files) =>
        editTable(files, 'revisions', (rows) => {
          const row = rows.find((candidate) => candidate.entity_type === 'field_note')!;
          row.snapshot = JSON.stringify({ ...(JSON.parse(String(row.snapshot)) as Row), cycle_id: ctx.otherCycle });
        }),
      );
      await expectRefused(ctx.target, tampered, /field note.*cycle_id/);
    });

    it('trash: a trashed record the API would refuse, and a trash group shared with another inquiry', async () => {
      const ctx = await setup(mode);
      const longTitle = rebuildBundle(ctx.bundle, (files) =>
        editTable(files, 'field_notes', (rows) => {
          const row = rows.find((candidate) => candidate.id === ctx.trashedNoteId)!;
          row.title = 't'.repeat(501);
          row.revision = Number(row.revision) + 1;
        }),
      );
      await expectRefused(ctx.target, longTitle, /field note.*title/);
      const sharedGroup = rebuildBundle(ctx.bundle, (files) =>
        editTable(files, 'trash_items', (rows) => {
          rows[0]!.group_id = ctx.otherGroup;
        }),
      );
      await expectRefused(ctx.target, sharedGroup, /trash.*another inquiry/);
    });

    it('still imports the honest bundle with its history and trash', async () => {
      const ctx = await setup(mode);
      const note = ctx.firstRow('field_notes');
      const honest = withRevision(ctx.bundle, ctx.projectId, 'field_note', note, (snap) => void (snap.body = 'An earlier wording'));
      const result = await call(ctx.target, 'exchange:bundleImport', { file_name: 'b.withness', data_base64: Buffer.from(honest).toString('base64') }, { checkOutput: true });
      expect(result.ok, JSON.stringify(!result.ok && result.error)).toBe(true);
      const revision = ctx.target
        .prepare(`SELECT id FROM revisions WHERE entity_id = ? AND snapshot LIKE '%An earlier wording%'`)
        .pluck()
        .get(note.id) as string;
      expect(await call(ctx.target, 'history:restore', { revision_id: revision })).toMatchObject({ ok: true });
      expect(ctx.target.prepare(`SELECT body FROM field_notes WHERE id = ?`).pluck().get(note.id)).toBe('An earlier wording');
    });
  });
}
