/**
 * Property test of team sync (issue 12): three members on three journals (real SQLite files) and one real
 * PostgreSQL. fast-check draws a short program of edits — create, edit, trash and restore notes and reflections, add
 * and remove links, resolve a conflict — on any member, mixed with syncs of any member (one at a time, or two at
 * once so their pushes and pulls interleave on the server). At the end every member syncs twice; then
 *  - every member's synced tables equal each other's, the server's (heads computed here from the feed by the design's
 *    head rule), and a newcomer's who joins afterwards;
 *  - every member knows the same open conflicts as the server's feed implies;
 *  - no text is lost: every body any member ever saved is, on every journal, the record's current body, the body
 *    of one of its revisions, or a kept conflict version.
 * One cluster for the file, a new database per run. WITHNESS_SYNC_SEED=N replays a run (fast-check prints the seed
 * and the shrunk program of a failure); WITHNESS_SYNC_RUNS=N runs more.
 */
import fc from 'fast-check';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../db/connection.js';
import { createProject } from '../../db/repositories/projects.js';
import { dispatch } from '../../electron/api/dispatch.js';
import { joinInquiry, linkProject, listConflicts, resolveConflict, syncProject, type ServerOptions } from '../../electron/team/engine.js';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { tempDir } from '../helpers/temp.js';
import { feedRows, feedState, integrity, journalConflicts, journalState, lostTexts, stateDifference, unexplainedRevisions, type SavedText } from './sync-check.js';
import { MEMBER_PASSWORD, prepareServer } from './sync-server.js';

const MEMBERS = ['alice', 'bob', 'carol'] as const;
const RUNS = Number(process.env.WITHNESS_SYNC_RUNS ?? 18);
const SEED = process.env.WITHNESS_SYNC_SEED === undefined ? undefined : Number(process.env.WITHNESS_SYNC_SEED);

let server: TestPostgres;
let run = 0;
/** What the drawn programs did, over all runs: proof that the property was tested on conflicts, trash and restores. */
const done = { saves: 0, trashed: 0, restored: 0, linked: 0, unlinked: 0, resolved: 0, conflicts: 0, conflictRuns: 0, syncs: 0 };

beforeAll(async () => {
  server = await startPostgres();
}, 120_000);

afterAll(async () => {
  await server?.stop();
}, 60_000);

type Op =
  | { kind: 'createNote' | 'createReflection'; who: number; text: string }
  | { kind: 'editNote' | 'editReflection'; who: number; pick: number; text: string }
  | { kind: 'trashNote' | 'trashReflection' | 'restore' | 'removeLink' | 'sync'; who: number; pick: number }
  | { kind: 'addLink'; who: number; pick: number; pick2: number }
  | { kind: 'resolve'; who: number; pick: number; keep: 'head' | 'other' }
  | { kind: 'syncTwo'; who: number; other: number };

const who = fc.nat({ max: MEMBERS.length - 1 });
const pick = fc.nat({ max: 50 });
const text = fc.string({ maxLength: 12, unit: 'grapheme' });
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constantFrom('createNote' as const, 'createReflection' as const), who, text }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constantFrom('editNote' as const, 'editReflection' as const), who, pick, text }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom('trashNote' as const, 'trashReflection' as const), who, pick }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('restore' as const), who, pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('addLink' as const), who, pick, pick2: pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('removeLink' as const), who, pick }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('resolve' as const), who, pick, keep: fc.constantFrom('head' as const, 'other' as const) }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('sync' as const), who, pick }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('syncTwo' as const), who, other: who }) },
);

interface Member {
  name: string;
  db: Db;
  options: { server: ServerOptions };
}

async function call(db: Db, channel: string, input: unknown): Promise<{ ok: boolean; value?: unknown }> {
  const result = await dispatch(db, channel, input);
  return result.ok ? { ok: true, value: result.value } : { ok: false };
}

function nth<T>(items: readonly T[], index: number): T | undefined {
  return items.length === 0 ? undefined : items[index % items.length];
}

/** Runs one program; returns what was saved, for the checks. */
async function play(members: Member[], projectId: string, ops: readonly Op[], saved: SavedText[]): Promise<void> {
  let counter = 0;
  const sync = async (member: Member) => {
    const result = await syncProject(member.db, projectId, { ...member.options, allowMassTrash: true });
    expect(result.status).toBe('ok');
    done.syncs += 1;
    done.conflicts += result.conflicts > 0 ? 1 : 0;
  };
  for (const step of ops) {
    const member = members[step.who]!;
    const db = member.db;
    const live = (table: 'field_notes' | 'reflections') =>
      db.prepare(`SELECT id, revision FROM ${table} WHERE project_id = ? AND deleted_at IS NULL ORDER BY id`).all(projectId) as { id: string; revision: number }[];
    switch (step.kind) {
      case 'createNote':
      case 'createReflection': {
        // A unique prefix makes each saved text findable; the rest is arbitrary (any Unicode) text.
        const body = `#${(counter += 1)}·${member.name}·${step.text}`;
        const channel = step.kind === 'createNote' ? 'notes:create' : 'reflections:create';
        const result = await call(db, channel, { project_id: projectId, body });
        if (result.ok) {
          saved.push({ table: step.kind === 'createNote' ? 'field_notes' : 'reflections', id: (result.value as { id: string }).id, body });
          done.saves += 1;
        }
        break;
      }
      case 'editNote':
      case 'editReflection': {
        const table = step.kind === 'editNote' ? 'field_notes' : 'reflections';
        const target = nth(live(table), step.pick);
        if (!target) break;
        const body = `#${(counter += 1)}·${member.name}·${step.text}`;
        const channel = table === 'field_notes' ? 'notes:update' : 'reflections:update';
        const result = await call(db, channel, { id: target.id, expected_revision: target.revision, body });
        if (result.ok) {
          saved.push({ table, id: target.id, body });
          done.saves += 1;
        }
        break;
      }
      case 'trashNote':
      case 'trashReflection': {
        const table = step.kind === 'trashNote' ? 'field_notes' : 'reflections';
        const target = nth(live(table), step.pick);
        if (target && (await call(db, table === 'field_notes' ? 'notes:delete' : 'reflections:delete', { id: target.id })).ok) done.trashed += 1;
        break;
      }
      case 'restore': {
        const items = db.prepare(`SELECT id FROM trash_items WHERE project_id = ? ORDER BY id`).pluck().all(projectId) as string[];
        const item = nth(items, step.pick);
        if (item && (await call(db, 'trash:restore', { id: item })).ok) done.restored += 1;
        break;
      }
      case 'addLink': {
        const reflection = nth(live('reflections'), step.pick);
        const note = nth(live('field_notes'), step.pick2);
        if (reflection && note && (await call(db, 'links:add', { reflection_id: reflection.id, target_type: 'field_note', target_id: note.id })).ok) done.linked += 1;
        break;
      }
      case 'removeLink': {
        const links = db.prepare(`SELECT id FROM prompt_links WHERE project_id = ? AND deleted_at IS NULL ORDER BY id`).pluck().all(projectId) as string[];
        const link = nth(links, step.pick);
        if (link && (await call(db, 'links:remove', { id: link })).ok) done.unlinked += 1;
        break;
      }
      case 'resolve': {
        const conflict = nth(listConflicts(db, projectId), step.pick);
        if (!conflict) break;
        const other = conflict.others[0];
        resolveConflict(db, { table_name: conflict.table_name, row_key: conflict.row_key, keep: step.keep === 'other' && other ? other.hash : 'head' });
        done.resolved += 1;
        break;
      }
      case 'sync':
        await sync(member);
        break;
      case 'syncTwo': {
        const second = members[step.other]!;
        if (second === member) await sync(member);
        else await Promise.all([sync(member), sync(second)]);
        break;
      }
    }
  }
}

/** Sets up a database, alice's inquiry linked and synced, bob and carol joined; plays the shared start and `ops`;
 * lets everyone sync twice; checks the property. */
async function check(ops: readonly Op[]): Promise<void> {
  run += 1;
  const dir = tempDir('withness-sync-prop-');
  const database = `prop_${run}`;
  const members: Member[] = [];
  try {
    const first = openDatabase(join(dir, 'alice.sqlite'));
    const projectId = createProject(first, { title: 'Nordby' }).id;
    const { memberUrl, adminUrl, address } = await prepareServer(server, database, projectId, MEMBERS);
    for (const [index, name] of MEMBERS.entries()) {
      const db = index === 0 ? first : openDatabase(join(dir, `${name}.sqlite`));
      const options = { server: { url: memberUrl(name), password: MEMBER_PASSWORD } };
      members.push({ name, db, options });
    }
    await linkProject(members[0]!.db, projectId, { url: address, member: 'alice' });
    await syncProject(members[0]!.db, projectId, members[0]!.options);
    for (const member of members.slice(1)) {
      await joinInquiry(member.db, projectId, { url: address, member: member.name }, member.options);
    }

    // A shared start, so that edits on different journals meet on the same records: two notes and a reflection of
    // alice's that everyone has.
    const saved: SavedText[] = [];
    const start: Op[] = [
      { kind: 'createNote', who: 0, text: 'first' },
      { kind: 'createNote', who: 0, text: 'second' },
      { kind: 'createReflection', who: 0, text: 'thinking' },
      { kind: 'sync', who: 0, pick: 0 },
      { kind: 'sync', who: 1, pick: 0 },
      { kind: 'sync', who: 2, pick: 0 },
    ];
    await play(members, projectId, [...start, ...ops], saved);
    let met = 0;
    for (let round = 0; round < 2; round += 1) {
      for (const member of members) {
        const result = await syncProject(member.db, projectId, { ...member.options, allowMassTrash: true });
        expect(result.status).toBe('ok');
        met += result.conflicts;
      }
    }
    if (met > 0) done.conflictRuns += 1;

    const feed = await feedRows(adminUrl, projectId);
    const onServer = feedState(feed);
    const newcomer = openDatabase(join(dir, 'newcomer.sqlite'));
    members.push({ name: 'newcomer', db: newcomer, options: members[1]!.options });
    await joinInquiry(newcomer, projectId, { url: address, member: 'bob' }, members[1]!.options);

    const reference = journalState(members[0]!.db);
    for (const member of members) {
      expect(integrity(member.db), member.name).toBe('ok');
      const state = journalState(member.db);
      // Members and the newcomer hold exactly the same rows, the history included.
      expect(stateDifference(reference, state), `${member.name}'s journal against alice's`).toEqual({});
      // The server's heads are every member's rows, except the kept losers in revisions (see unexplainedRevisions).
      const { revisions, ...others } = stateDifference(onServer.state, state);
      expect(others, `${member.name}'s journal against the server's feed`).toEqual({});
      expect(revisions?.only_first ?? [], `revisions on the server that ${member.name} lacks`).toEqual([]);
      expect(unexplainedRevisions(state, onServer.state, feed), `${member.name}'s revisions the feed does not explain`).toEqual([]);
      expect(journalConflicts(member.db), `${member.name}'s open conflicts`).toEqual(onServer.conflicts);
      expect(lostTexts(member.db, saved), `texts ${member.name} no longer has`).toEqual([]);
    }
  } finally {
    for (const member of members) if (member.db.open) member.db.close();
  }
}

describe('team sync, random interleavings (fast-check)', () => {
  it(
    'ends with every member equal to the server and to a newcomer, with no saved text lost',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(op, { minLength: 2, maxLength: 14, size: 'max' }), (ops) => check(ops)),
        { numRuns: RUNS, seed: SEED },
      );
      console.info(`sync property: ${RUNS} runs did ${JSON.stringify(done)} (conflicts: syncs during a program that left one open; conflictRuns: runs that ended with one open)`);
      // The drawn programs must have reached the cases the property is about, or it proved little.
      if (RUNS >= 10 && SEED === undefined) {
        expect(done.conflicts + done.conflictRuns, 'syncs that met a conflict').toBeGreaterThan(0);
        expect(done.trashed, 'records put in the trash').toBeGreaterThan(0);
      }
    },
    15 * 60_000,
  );

  // Counterexamples fast-check found, kept as fixed programs (they run fast and name the case).
  it(
    'two members trash the same reflection before either syncs (fast-check seed 1847952159)',
    async () => {
      await check([
        { kind: 'trashReflection', who: 1, pick: 0 },
        { kind: 'trashReflection', who: 0, pick: 0 },
      ]);
    },
    120_000,
  );

  it(
    'two members edit the same note from the same base (fast-check seed 419791210)',
    async () => {
      await check([
        { kind: 'editNote', who: 0, pick: 0, text: '' },
        { kind: 'editNote', who: 1, pick: 0, text: '' },
        { kind: 'sync', who: 0, pick: 0 },
      ]);
    },
    120_000,
  );
});
