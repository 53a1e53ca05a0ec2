/**
 * The benchmark corpus: a generated inquiry in .bench/, built once and reused while the schema version and the
 * generator version are unchanged (a stamp beside the file records both), and the same text written out as a
 * folder of Markdown files for ripgrep.
 */
import { openSqlite } from '../db/sqlite.js';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { openDatabase } from '../db/connection.js';
import { GENERATOR_VERSION, generateInquiry, type GenerateResult, type ScaleName } from '../db/generate/generate.js';
import { loadMigrations } from '../db/migrations.js';
import { formatProgress } from '../electron/cli/commands/generate.js';

export interface CorpusStamp {
  schema_version: number;
  generator_version: number;
  scale: ScaleName;
  seed: number;
  project_id: string;
  built_at: string;
  generation: Pick<GenerateResult, 'rows' | 'indexed_events' | 'elapsed_ms' | 'rows_per_second' | 'cpu_ms' | 'counts'>;
  /** The 1-minute load average when the build finished (the machine may be shared). */
  load_average: number;
}

export interface Corpus {
  file: string;
  stamp: CorpusStamp;
  reused: boolean;
}

export function schemaVersion(): number {
  return loadMigrations().length;
}

function readStamp(file: string): CorpusStamp | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as CorpusStamp;
  } catch {
    return undefined;
  }
}

function removeDatabase(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
}

/** The corpus for `scale` and `seed` in `dir`: reused when its stamp matches, otherwise (re)built. */
export function ensureCorpus(options: { dir: string; scale: ScaleName; seed: number; rebuild?: boolean; log: (line: string) => void }): Corpus {
  mkdirSync(options.dir, { recursive: true });
  const base = join(options.dir, `${options.scale}-seed${options.seed}`);
  const file = `${base}.sqlite`;
  const stampFile = `${base}.stamp.json`;
  const stamp = readStamp(stampFile);
  const schema = schemaVersion();
  if (
    !options.rebuild &&
    stamp &&
    existsSync(file) &&
    stamp.schema_version === schema &&
    stamp.generator_version === GENERATOR_VERSION &&
    stamp.scale === options.scale &&
    stamp.seed === options.seed
  ) {
    return { file, stamp, reused: true };
  }
  options.log(
    stamp
      ? `The corpus in ${file} was built by schema ${stamp.schema_version} / generator ${stamp.generator_version}; rebuilding for schema ${schema} / generator ${GENERATOR_VERSION}.`
      : `Building the ${options.scale} corpus (seed ${options.seed}) in ${file} …`,
  );
  rmSync(stampFile, { force: true });
  removeDatabase(file);
  const building = `${base}.building.sqlite`;
  removeDatabase(building);
  const db = openDatabase(building);
  let result: GenerateResult;
  try {
    let last = -Infinity;
    result = generateInquiry(db, {
      scale: options.scale,
      seed: options.seed,
      onProgress: (progress) => {
        if (progress.elapsed_ms - last < 2000) return;
        last = progress.elapsed_ms;
        options.log(`  ${formatProgress(progress)}`);
      },
    });
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  removeDatabase(`${building}-wal`);
  renameSync(building, file);
  const fresh: CorpusStamp = {
    schema_version: schema,
    generator_version: GENERATOR_VERSION,
    scale: options.scale,
    seed: options.seed,
    project_id: result.project_id,
    built_at: new Date().toISOString(),
    generation: {
      rows: result.rows,
      indexed_events: result.indexed_events,
      elapsed_ms: result.elapsed_ms,
      rows_per_second: result.rows_per_second,
      cpu_ms: result.cpu_ms,
      counts: result.counts,
    },
    load_average: Number(loadavg()[0]!.toFixed(2)),
  };
  writeFileSync(stampFile, `${JSON.stringify(fresh, null, 2)}\n`);
  options.log(`  built: ${result.rows.toLocaleString('en-US')} rows in ${(result.elapsed_ms / 1000).toFixed(1)} s (${result.rows_per_second.toLocaleString('en-US')} rows/s)`);
  return { file, stamp: fresh, reused: false };
}

/**
 * The corpus's notes, turns and reflections as Markdown files (one per event, in folders per kind and cycle),
 * for ripgrep. Reused while its stamp names the same corpus.
 */
export function ensureMarkdown(corpus: Corpus, log: (line: string) => void): { dir: string; files: number } {
  const dir = corpus.file.replace(/\.sqlite$/, '-md');
  const stampFile = join(dir, '.stamp.json');
  const key = `${corpus.stamp.project_id} ${corpus.stamp.schema_version} ${corpus.stamp.generator_version} ${corpus.stamp.built_at}`;
  const stamp = existsSync(stampFile) ? (JSON.parse(readFileSync(stampFile, 'utf8')) as { key: string; files: number }) : undefined;
  if (stamp?.key === key) return { dir, files: stamp.files };
  log(`Writing the corpus as Markdown files into ${dir} …`);
  rmSync(dir, { recursive: true, force: true });
  const db = openSqlite(corpus.file, { readonly: true });
  let files = 0;
  try {
    const made = new Set<string>();
    const write = (kind: string, cycle: number | null, id: string, text: string) => {
      const folder = join(dir, kind, cycle === null ? 'none' : `cycle-${String(cycle).padStart(2, '0')}`);
      if (!made.has(folder)) {
        mkdirSync(folder, { recursive: true });
        made.add(folder);
      }
      writeFileSync(join(folder, `${id}.md`), text);
      files += 1;
      if (files % 20_000 === 0) log(`  ${files.toLocaleString('en-US')} files`);
    };
    const project = corpus.stamp.project_id;
    for (const row of db
      .prepare(
        `SELECT n.id, c.ordinal, n.title, n.place, n.body FROM field_notes n LEFT JOIN cycles c ON c.id = n.cycle_id
         WHERE n.project_id = ? AND n.deleted_at IS NULL`,
      )
      .iterate(project) as Iterable<{ id: string; ordinal: number | null; title: string; place: string; body: string }>) {
      write('notes', row.ordinal, row.id, `# ${row.title}\n\n${row.place}\n\n${row.body}\n`);
    }
    for (const row of db
      .prepare(
        `SELECT t.id, c.ordinal, s.pseudonym, t.text FROM dialogue_turns t JOIN dialogues d ON d.id = t.dialogue_id
         LEFT JOIN cycles c ON c.id = d.cycle_id LEFT JOIN stakeholders s ON s.id = t.speaker_id
         WHERE t.project_id = ? AND t.deleted_at IS NULL`,
      )
      .iterate(project) as Iterable<{ id: string; ordinal: number | null; pseudonym: string | null; text: string }>) {
      write('turns', row.ordinal, row.id, `**${row.pseudonym ?? '?'}:** ${row.text}\n`);
    }
    for (const row of db
      .prepare(
        `SELECT r.id, c.ordinal, r.title, r.body FROM reflections r LEFT JOIN cycles c ON c.id = r.cycle_id
         WHERE r.project_id = ? AND r.deleted_at IS NULL`,
      )
      .iterate(project) as Iterable<{ id: string; ordinal: number | null; title: string; body: string }>) {
      write('reflections', row.ordinal, row.id, `# ${row.title}\n\n${row.body}\n`);
    }
  } finally {
    db.close();
  }
  writeFileSync(stampFile, JSON.stringify({ key, files }));
  return { dir, files };
}
