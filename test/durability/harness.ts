import { spawn } from 'node:child_process';
import { openSqlite } from '../../db/sqlite.js';

/** What the writer acknowledged, per project id. */
interface Acked {
  title: string;
  revision: number;
  trashed: boolean;
}

export interface CrashRound {
  acked: Map<string, Acked>;
  acknowledged: number;
  lost: string[];
  integrity: string;
}

export interface CrashSummary {
  kills: number;
  acknowledgedWrites: number;
  lostWrites: number;
  corruptDatabases: number;
  problems: string[];
}

/**
 * Runs the writer against `file`, kills it with SIGKILL after `killAfterMs`, then checks the file.
 * The writer runs in this very process image (node --import tsx), so the kill reaches it and not a wrapper.
 */
export async function crashRound(file: string, killAfterMs: number): Promise<CrashRound> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/durability/writer.ts', file], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let errors = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const started = setInterval(() => {
      if (output.includes('ready')) {
        clearInterval(started);
        setTimeout(() => {
          child.kill('SIGKILL');
          resolve();
        }, killAfterMs);
      }
    }, 5);
    child.once('exit', (code, signal) => {
      clearInterval(started);
      if (signal !== 'SIGKILL') reject(new Error(`writer exited by itself (${code}): ${errors}`));
    });
  });
  await new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(undefined) : child.once('exit', resolve)));
  return verify(file, parseAcks(output));
}

function parseAcks(output: string): Map<string, Acked> {
  const acked = new Map<string, Acked>();
  // Only complete lines count: a line cut by the kill was never acknowledged.
  const lines = output.split('\n').slice(0, -1);
  for (const line of lines) {
    const [kind, id, ...rest] = line.split(' ');
    if (!id) continue;
    if (kind === 'create') acked.set(id, { title: rest.join(' '), revision: 1, trashed: false });
    if (kind === 'update') acked.get(id)!.revision = Number(rest[0]);
    if (kind === 'trash') acked.get(id)!.trashed = true;
  }
  return acked;
}

/** Checks the journal against what the writer acknowledged. */
export function verify(file: string, acked: Map<string, Acked>): CrashRound {
  const db = openSqlite(file);
  try {
    const integrity = db.pragma('integrity_check', { simple: true }) as string;
    const lookup = db.prepare('SELECT title, revision, deleted_at FROM projects WHERE id = ?');
    const lost: string[] = [];
    let acknowledged = 0;
    for (const [id, expected] of acked) {
      acknowledged += 1 + (expected.revision > 1 ? 1 : 0) + (expected.trashed ? 1 : 0);
      const row = lookup.get(id) as { title: string; revision: number; deleted_at: string | null } | undefined;
      if (!row) lost.push(`${id}: created but missing`);
      else if (row.title !== expected.title) lost.push(`${id}: title ${row.title}`);
      else if (row.revision < expected.revision) lost.push(`${id}: revision ${row.revision} < acknowledged ${expected.revision}`);
      else if (expected.trashed && row.deleted_at === null) lost.push(`${id}: trash lost`);
    }
    return { acked, acknowledged, lost, integrity };
  } finally {
    db.close();
  }
}

/** `kills` rounds on one journal file, killing at random moments up to `maxDelayMs` after start-up. */
export async function crashRun(file: string, kills: number, maxDelayMs: number, onRound?: (index: number, round: CrashRound) => void): Promise<CrashSummary> {
  const summary: CrashSummary = { kills: 0, acknowledgedWrites: 0, lostWrites: 0, corruptDatabases: 0, problems: [] };
  for (let index = 0; index < kills; index += 1) {
    const round = await crashRound(file, Math.floor(Math.random() * maxDelayMs));
    summary.kills += 1;
    summary.acknowledgedWrites += round.acknowledged;
    summary.lostWrites += round.lost.length;
    if (round.integrity !== 'ok') {
      summary.corruptDatabases += 1;
      summary.problems.push(`round ${index}: ${round.integrity}`);
    }
    summary.problems.push(...round.lost.map((problem) => `round ${index}: ${problem}`));
    onRound?.(index, round);
  }
  return summary;
}
