import { GENERATOR_VERSION, PROGRESS_KINDS, SCALES, generateInquiry, type GenerateProgress, type IndexMode, type ScaleName } from '../../../db/generate/generate.js';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Db } from '../../../db/connection.js';
import { CliError, UsageError, withJournal, type Command, type Io } from '../command.js';

const LABELS: Record<(typeof PROGRESS_KINDS)[number], string> = {
  stakeholders: 'stakeholders',
  cycles: 'cycles',
  phase_entries: 'phase entries',
  field_notes: 'field notes',
  dialogues: 'dialogues',
  turns: 'dialogue turns',
  reflections: 'reflections',
  prompt_links: 'prompt links',
  code_applications: 'coded segments',
};

const number = (value: number) => value.toLocaleString('en-US');

/** One progress line: percent per kind and the insert rate so far. */
export function formatProgress(progress: GenerateProgress): string {
  const parts = PROGRESS_KINDS.filter((kind) => progress.kinds[kind].total > 0).map((kind) => {
    const { done, total } = progress.kinds[kind];
    return `${LABELS[kind]} ${Math.floor((done / total) * 100)}%`;
  });
  const rate = progress.elapsed_ms > 0 ? Math.round(progress.rows / (progress.elapsed_ms / 1000)) : 0;
  return `${parts.join(' · ')} — ${number(progress.rows)} rows, ${number(rate)} rows/s`;
}

/** Prints a line at most every `everyMs` (and always the last one), so a log stays readable. */
export function progressPrinter(io: Io, everyMs = 1000): (progress: GenerateProgress) => void {
  let lastPrinted = -Infinity;
  return (progress) => {
    const finished = PROGRESS_KINDS.every((kind) => progress.kinds[kind].done >= progress.kinds[kind].total);
    if (!finished && progress.elapsed_ms - lastPrinted < everyMs) return;
    lastPrinted = progress.elapsed_ms;
    io.err(`${formatProgress(progress)}\n`);
  };
}

export function parseSeed(raw: unknown): number {
  if (raw === undefined) return 1;
  const text = String(raw);
  if (!/^\d{1,9}$/.test(text)) throw new UsageError(`--seed must be a whole number from 0 to 999999999, not "${text}".`);
  return Number(text);
}

export function parseScale(raw: unknown): ScaleName {
  if (raw === 'small' || raw === 'large') return raw;
  throw new UsageError(`--scale must be "small" or "large", not "${String(raw)}".`);
}

export function parseIndexMode(raw: unknown): IndexMode {
  if (raw === undefined || raw === 'rebuild' || raw === 'triggers') return (raw ?? 'rebuild') as IndexMode;
  throw new UsageError(`--index must be "rebuild" or "triggers", not "${String(raw)}".`);
}

/** `withness generate --db FILE --scale small|large [--seed N]`: a generated multi-year inquiry for performance work. */
export const generateCommand: Command = {
  name: 'generate',
  summary: 'Generate a large fictional inquiry (for performance tests) in a journal file',
  description:
    'Writes a generated, clearly fictional inquiry into the journal: "large" is 60 cycles over five years with ' +
    `${number(SCALES.large.notes)} field notes, ${number(SCALES.large.dialogues)} dialogues with ${number(SCALES.large.turns)} turns, ` +
    `${number(SCALES.large.stakeholders)} stakeholders, ${number(SCALES.large.reflections)} reflections with ${number(SCALES.large.links)} prompt links ` +
    `and ${number(SCALES.large.codings)} coded segments, in Danish and English; "small" is about 1% of that. ` +
    'The same seed always gives the same inquiry. Progress (percent per kind, rows per second) is printed on standard error.',
  options: {
    db: { type: 'string', value: 'FILE', required: true, description: 'The journal file to write to; created if missing' },
    scale: { type: 'string', value: 'small|large', required: true, description: 'How big the inquiry is' },
    seed: { type: 'string', value: 'N', description: 'Seed for the generator (default 1)' },
    index: {
      type: 'string',
      value: 'rebuild|triggers',
      description: 'How the timeline and search index are filled: one batch per cycle (default) or row by row by the triggers',
    },
    json: { type: 'boolean', description: 'Print the result as JSON' },
    quiet: { type: 'boolean', description: 'Do not print progress' },
  },
  async run({ values, io }) {
    const scale = parseScale(values.scale);
    const seed = parseSeed(values.seed);
    const index = parseIndexMode(values.index);
    const path = resolve(values.db as string);
    const generate = (db: Db, bulk: boolean) => {
      try {
        return generateInquiry(db, { scale, seed, index, bulk, onProgress: values.quiet ? undefined : progressPrinter(io) });
      } catch (error) {
        if (error instanceof Error && /already holds the generated inquiry/.test(error.message)) throw new CliError(error.message);
        throw error;
      }
    };
    let result: ReturnType<typeof generateInquiry>;
    if (existsSync(path)) {
      // An existing journal is written in place with its normal durability (one transaction per cycle).
      result = await withJournal(path, async (db) => generate(db, false));
    } else {
      // A new file is built under another name with the bulk settings, checked, and only then given its name: a
      // build that stops half-way never leaves a file that looks finished.
      const partial = `${path}.partial`;
      removeJournalFiles(partial);
      try {
        result = await withJournal(partial, async (db) => {
          const built = generate(db, true);
          db.pragma('wal_checkpoint(TRUNCATE)');
          const check = db.pragma('quick_check', { simple: true });
          if (check !== 'ok') throw new CliError(`The generated journal failed its integrity check (${String(check)}); nothing was written to ${path}.`);
          return built;
        });
        for (const suffix of ['-wal', '-shm']) rmSync(`${partial}${suffix}`, { force: true });
        renameSync(partial, path);
      } catch (error) {
        removeJournalFiles(partial);
        throw error;
      }
    }
    if (values.json) {
      io.out(`${JSON.stringify({ file: path, ...result }, null, 2)}\n`);
      return 0;
    }
    const width = Math.max(...Object.values(LABELS).map((label) => label.length)) + 2;
    const lines = [
      `Generated “${result.title}”`,
      `in ${path} (generator version ${GENERATOR_VERSION})`,
      '',
      `  ${'project id'.padEnd(width)}${result.project_id}`,
      ...Object.entries(LABELS).map(([kind, label]) => `  ${label.padEnd(width)}${number(result.counts[kind as keyof typeof LABELS])}`),
      '',
      `${number(result.rows)} rows in ${(result.elapsed_ms / 1000).toFixed(1)} s (${number(result.rows_per_second)} rows/s); ` +
        `${number(result.indexed_events)} events on the timeline and in the search index.`,
      `Open it in a browser with: npm run serve -- --db "${path}"`,
    ];
    io.out(`${lines.join('\n')}\n`);
    return 0;
  },
};

function removeJournalFiles(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${file}${suffix}`, { force: true });
}
