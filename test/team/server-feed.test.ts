/**
 * The feed's cursor on a real server: pushes whose transactions commit out of order must never be skipped by
 * withness.pull, while the naive cursors (seq alone, or (xid, seq) without the snapshot's xmin) do skip them.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, initServer } from '../../electron/team/server-admin.js';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';

const INQUIRY = 'feed-inquiry';
const PASSWORD = 'member password for the feed';
const PUSHERS = ['w1', 'w2', 'w3', 'w4', 'w5', 'w6'];
const PULLERS = ['r1', 'r2', 'r3'];

let server: TestPostgres;
let admin: pg.Client;
const open: pg.Client[] = [];

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

function change(key: string, body = key) {
  const row = { id: key, project_id: INQUIRY, body };
  const hash = sha(JSON.stringify(row));
  return { change_id: sha(`field_notes|${key}|${hash}`), table_name: 'field_notes', row_key: key, hash, parents: [], revision: 1, row };
}

async function login(member: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: server.url('team', member, PASSWORD) });
  await client.connect();
  open.push(client);
  return client;
}

async function push(client: pg.Client, clientId: string, changes: ReturnType<typeof change>[]): Promise<number> {
  return (await client.query<{ n: number }>(`SELECT withness.push($1, $2, $3) AS n`, [INQUIRY, clientId, JSON.stringify(changes)])).rows[0]!.n;
}

interface Cursor {
  xid: string;
  seq: string;
}

interface Pulled {
  xid: string;
  seq: string;
  change_id: string;
  row_key: string;
  own: boolean;
  row: unknown;
}

async function pull(client: pg.Client, clientId: string, cursor: Cursor, limit = 1000): Promise<{ rows: Pulled[]; cursor: Cursor }> {
  const { rows } = await client.query<Pulled>(`SELECT xid::text, seq::text, change_id, row_key, own, "row" FROM withness.pull($1, $2, $3::xid8, $4, $5)`, [
    INQUIRY,
    clientId,
    cursor.xid,
    cursor.seq,
    limit,
  ]);
  const last = rows.at(-1);
  return { rows, cursor: last ? { xid: last.xid, seq: last.seq } : cursor };
}

beforeAll(async () => {
  server = await startPostgres();
  admin = new pg.Client({ connectionString: await server.createDatabase('team') });
  await admin.connect();
  await initServer(admin);
  for (const member of [...PUSHERS, ...PULLERS]) await addMember(admin, { inquiry: INQUIRY, member, password: PASSWORD });
}, 120_000);

afterAll(async () => {
  for (const client of open) await client.end().catch(() => undefined);
  await admin?.end();
  await server?.stop();
});

describe('withness.pull with pushes that commit out of order', () => {
  it('never skips the transaction that began first and committed last; naive cursors do', async () => {
    const [t1, t2, reader] = [await login('w1'), await login('w2'), await login('r1')];
    const start = (await admin.query<{ m: string }>(`SELECT coalesce(max(seq), 0)::text AS m FROM withness.changes`)).rows[0]!.m;
    const early = change('interleaved-early');
    const late = change('interleaved-late');

    await t1.query('BEGIN');
    expect(await push(t1, 'pusher-1', [early])).toBe(1); // T1 takes its xid and the lower seq, and stays open
    await t2.query('BEGIN');
    expect(await push(t2, 'pusher-2', [late])).toBe(1);
    await t2.query('COMMIT'); // T2 commits first

    // The puller looks while T1 is still open.
    let cursor: Cursor = { xid: '0', seq: '0' };
    const first = await pull(reader, 'reader', cursor);
    cursor = first.cursor;
    // Control 1, seq alone: T2's change (seq start+2) is visible, the cursor jumps past start+1.
    const naiveSeq = await reader.query<{ seq: string; row_key: string }>(`SELECT seq::text, row_key FROM withness.changes WHERE inquiry_id = $1 AND seq > $2 ORDER BY seq`, [INQUIRY, start]);
    expect(naiveSeq.rows.map((r) => r.row_key)).toEqual(['interleaved-late']);
    const naiveSeqCursor = naiveSeq.rows.at(-1)!.seq;
    // Control 2, (xid, seq) without the snapshot's xmin: the cursor passes T2's xid, which is above T1's.
    const naiveXid = await reader.query<{ xid: string; seq: string; row_key: string }>(
      `SELECT xid::text, seq::text, row_key FROM withness.changes WHERE inquiry_id = $1 AND (xid, seq) > ('0'::xid8, 0) ORDER BY xid, seq`,
      [INQUIRY],
    );
    expect(naiveXid.rows.map((r) => r.row_key)).toEqual(['interleaved-late']);
    const naiveXidCursor = naiveXid.rows.at(-1)!;
    // withness.pull holds back: T1 is open, so nothing at or after its xid is handed out yet.
    expect(first.rows).toEqual([]);

    await t1.query('COMMIT');

    const second = await pull(reader, 'reader', cursor);
    expect(second.rows.map((r) => r.row_key)).toEqual(['interleaved-early', 'interleaved-late']);
    expect((await pull(reader, 'reader', second.cursor)).rows).toEqual([]);

    // The naive cursors never see T1's change: it landed behind them.
    const afterSeq = await reader.query(`SELECT row_key FROM withness.changes WHERE inquiry_id = $1 AND seq > $2`, [INQUIRY, naiveSeqCursor]);
    expect(afterSeq.rows).toEqual([]);
    const afterXid = await reader.query(`SELECT row_key FROM withness.changes WHERE inquiry_id = $1 AND (xid, seq) > ($2::xid8, $3)`, [INQUIRY, naiveXidCursor.xid, naiveXidCursor.seq]);
    expect(afterXid.rows).toEqual([]);
    // …although T1's change is in the table, with the lower seq and the lower xid.
    const stored = await admin.query<{ row_key: string; seq: string; xid: string }>(`SELECT row_key, seq::text, xid::text FROM withness.changes WHERE row_key LIKE 'interleaved-%' ORDER BY seq`);
    expect(stored.rows.map((r) => r.row_key)).toEqual(['interleaved-early', 'interleaved-late']);
    expect(BigInt(stored.rows[0]!.xid)).toBeLessThan(BigInt(stored.rows[1]!.xid));
  });

  it('a rolled-back push never appears, and does not hold the feed back once it ended', async () => {
    const [t1, reader] = [await login('w3'), await login('r2')];
    const before = await pull(reader, 'reader-2', { xid: '0', seq: '0' });
    await t1.query('BEGIN');
    await push(t1, 'pusher-3', [change('rolled-back')]);
    await t1.query('ROLLBACK');
    const after = await pull(reader, 'reader-2', before.cursor);
    expect(after.rows).toEqual([]);
    await push(t1, 'pusher-3', [change('after-rollback')]);
    expect((await pull(reader, 'reader-2', before.cursor)).rows.map((r) => r.row_key)).toEqual(['after-rollback']);
  });

  it('pages: a small limit walks the feed in (xid, seq) order, each change once', async () => {
    const [writer, reader] = [await login('w4'), await login('r3')];
    const start = await pull(reader, 'reader-3', { xid: '0', seq: '0' });
    const keys = Array.from({ length: 23 }, (_, i) => `paged-${String(i).padStart(2, '0')}`);
    for (let i = 0; i < keys.length; i += 5) await push(writer, 'pusher-4', keys.slice(i, i + 5).map((k) => change(k)));
    const seen: string[] = [];
    let cursor = start.cursor;
    for (;;) {
      const page = await pull(reader, 'reader-3', cursor, 4);
      if (page.rows.length === 0) break;
      expect(page.rows.length).toBeLessThanOrEqual(4);
      seen.push(...page.rows.map((r) => r.row_key));
      cursor = page.cursor;
    }
    expect(seen).toEqual(keys);
  });
});

describe('push', () => {
  it('is idempotent: the same change twice (in one call or two) is one row', async () => {
    const writer = await login('w5');
    const twice = change('idempotent');
    expect(await push(writer, 'pusher-5', [twice, twice])).toBe(1);
    expect(await push(writer, 'pusher-5', [twice])).toBe(0);
    expect(await push(await login('w6'), 'pusher-6', [twice])).toBe(0);
    const rows = await admin.query(`SELECT author, client_id FROM withness.changes WHERE inquiry_id = $1 AND row_key = 'idempotent'`, [INQUIRY]);
    expect(rows.rows).toEqual([{ author: 'w5', client_id: 'pusher-5' }]);
  });

  it('gives a client its own rows without their content, so it can move its cursor past them', async () => {
    const [writer, reader] = [await login('w1'), await login('r1')];
    const cursor = (await pull(reader, 'x', { xid: '0', seq: '0' })).cursor;
    await push(writer, 'laptop-of-w1', [change('own-row', 'text')]);
    const asOwner = await pull(writer, 'laptop-of-w1', cursor);
    expect(asOwner.rows).toEqual([expect.objectContaining({ row_key: 'own-row', own: true, row: null })]);
    const asOther = await pull(reader, 'laptop-of-r1', cursor);
    expect(asOther.rows).toEqual([expect.objectContaining({ row_key: 'own-row', own: false, row: { id: 'own-row', project_id: INQUIRY, body: 'text' } })]);
  });

  it('refuses malformed changes with a clear message and inserts none of the batch', async () => {
    const writer = await login('w2');
    const good = change('good-in-bad-batch');
    const wrongId = { ...change('wrong-id'), change_id: sha('something else') };
    await expect(push(writer, 'pusher-2', [good, wrongId])).rejects.toMatchObject({ code: '22023', message: expect.stringContaining('malformed') });
    await expect(push(writer, 'pusher-2', [{ ...good, hash: 'NOT-HEX' }])).rejects.toMatchObject({ code: '22023' });
    await expect(push(writer, 'pusher-2', [{ ...good, row: [1, 2] as unknown as ReturnType<typeof change>['row'] }])).rejects.toMatchObject({ code: '22023' });
    expect((await admin.query(`SELECT 1 FROM withness.changes WHERE row_key IN ('good-in-bad-batch', 'wrong-id')`)).rowCount).toBe(0);
  });
});

describe('many pushers and pullers at once (randomized)', () => {
  it('every puller ends with every committed change exactly once, and none that rolled back', async () => {
    // Pairs of transactions that committed in the opposite order of their xids, over all runs: the case at stake.
    let outOfOrder = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            pusher: fc.integer({ min: 0, max: PUSHERS.length - 1 }),
            size: fc.integer({ min: 1, max: 4 }),
            holdFor: fc.integer({ min: 0, max: 30 }),
            rollback: fc.integer({ min: 0, max: 9 }).map((n) => n < 2),
            resend: fc.boolean(),
          }),
          { minLength: 20, maxLength: 60 },
        ),
        fc.integer({ min: 1, max: 9 }),
        async (transactions, pageSize) => {
          const round = sha(String(Math.random())).slice(0, 8);
          const pushers = await Promise.all(PUSHERS.map((m) => login(m)));
          const pullers = await Promise.all(PULLERS.map((m) => login(m)));
          try {
            const starts = await Promise.all(pullers.map((c, i) => pull(c, `round-${round}-r${i}`, { xid: '0', seq: '0' }, 10_000).then((p) => p.cursor)));
            const committed = new Set<string>();
            const rolledBack = new Set<string>();
            const queues = PUSHERS.map(() => [] as typeof transactions);
            transactions.forEach((t) => queues[t.pusher]!.push(t));
            let done = false;
            let counter = 0;
            const commitOrder: bigint[] = [];

            // A pusher holds its transaction open over a number of turns of the event loop, so commits interleave.
            const yieldTurns = async (n: number) => {
              for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
            };
            const pushing = queues.map(async (queue, p) => {
              const client = pushers[p]!;
              let previous: ReturnType<typeof change> | undefined;
              for (const t of queue) {
                const batch = Array.from({ length: t.size }, () => change(`rnd-${round}-${counter++}`));
                await client.query('BEGIN');
                await push(client, `round-${round}-w${p}`, batch);
                if (t.resend && previous) await push(client, `round-${round}-w${p}`, [previous]);
                await yieldTurns(t.holdFor);
                if (t.rollback) {
                  await client.query('ROLLBACK');
                  batch.forEach((c) => rolledBack.add(c.row_key));
                } else {
                  const xid = (await client.query<{ x: string }>('SELECT pg_current_xact_id()::text AS x')).rows[0]!.x;
                  await client.query('COMMIT');
                  commitOrder.push(BigInt(xid));
                  batch.forEach((c) => committed.add(c.row_key));
                  previous = batch[0];
                }
              }
            });

            const pulling = pullers.map(async (client, i) => {
              const seen: string[] = [];
              let cursor = starts[i]!;
              for (;;) {
                const finished = done; // read before pulling: after the last push ended, one more full drain
                const page = await pull(client, `round-${round}-r${i}`, cursor, pageSize);
                seen.push(...page.rows.map((r) => r.row_key));
                cursor = page.cursor;
                if (page.rows.length === 0) {
                  if (finished) return seen;
                  await new Promise((r) => setImmediate(r));
                }
              }
            });

            try {
              await Promise.all(pushing);
            } finally {
              done = true;
            }
            commitOrder.forEach((xid, i) => (outOfOrder += commitOrder.slice(i + 1).filter((later) => later < xid).length));
            const results = await Promise.all(pulling);
            for (const seen of results) {
              const mine = seen.filter((k) => k.startsWith(`rnd-${round}-`));
              expect(new Set(mine).size).toBe(mine.length); // nothing twice
              expect(new Set(mine)).toEqual(committed); // nothing missing, nothing rolled back
              expect(mine.some((k) => rolledBack.has(k))).toBe(false);
            }
          } finally {
            // A failed run must not leave open transactions (they would hold the feed back for the next run).
            for (const c of [...pushers, ...pullers]) {
              await c.end().catch(() => undefined);
              open.splice(open.indexOf(c), 1);
            }
          }
        },
      ),
      { numRuns: 8 },
    );
    expect(outOfOrder).toBeGreaterThan(0);
    console.log(`randomized feed: ${outOfOrder} pairs of transactions committed out of xid order`);
  }, 240_000);
});
