import { existsSync, writeFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { callOrThrow } from '../../api/dispatch.js';
import { ApiError } from '../../api/result.js';
import { COUNT_KEYS } from '../../erasure/erase.js';
import { CliError, UsageError, withJournal, type Command, type Io } from '../command.js';

/**
 * `withness erase` and `withness subject-access`: withdrawal and the access request on the command line, through the
 * same channels as the app (erasure:preview, erasure:withdraw, erasure:subjectAccess). Both open an existing journal
 * only (never create one). An encrypted journal is opened with --key-file (added to every command with --db by run.ts)
 * or the passphrase asked for on a terminal, through withJournal.
 */

const COUNT_LABELS: Record<(typeof COUNT_KEYS)[number], string> = {
  turns: 'turns they spoke',
  quotes: 'prompt links quoting or citing those turns',
  codings: 'codings of those turns',
  notes: 'field notes naming them or noting them as involved',
  dialogues: 'dialogues naming them or with them taking part',
  reflections: 'reflections whose own text names them',
  phase_entries: 'phase entries naming them',
  other_turns: "other people's turns naming them",
  other_texts: 'other texts naming them (inquiry, cycles, codes, notes on others, consent notes, file names)',
  attachments: 'files kept only with their notes or dialogues',
  revisions_removed: 'earlier versions of their records (removed)',
  revisions_rewritten: 'earlier versions of other records naming them (rewritten)',
  trash_removed: 'trash entries of their records (removed)',
  trash_rewritten: 'trash entries naming them (rewritten)',
};

function requireExisting(file: string): string {
  const path = resolve(file);
  if (!existsSync(path)) throw new CliError(`There is no journal at ${path}.`);
  return path;
}

async function call<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ApiError) throw new CliError(error.message);
    throw error;
  }
}

/** Asks on a terminal; the answer must be the word shown. Replaceable in tests. */
export const terminal = {
  isInteractive: (): boolean => Boolean(process.stdin.isTTY && process.stdout.isTTY),
  async ask(question: string): Promise<string> {
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    try {
      return await rl.question(question);
    } finally {
      rl.close();
    }
  },
};

function printCounts(io: Io, counts: Record<string, number>): void {
  for (const key of COUNT_KEYS) if (counts[key]! > 0) io.out(`  ${String(counts[key]).padStart(5)}  ${COUNT_LABELS[key]}\n`);
}

/** `withness erase --stakeholder ID [--anonymise] --db FILE [--yes]` */
export const eraseCommand: Command = {
  name: 'erase',
  summary: 'Withdraw a stakeholder: erase everything they said and their names (or --anonymise), in the journal and every backup',
  description:
    'Shows exactly what will be removed and rewritten, then, after confirmation (typed on a terminal, or --yes), erases the ' +
    'stakeholder in one transaction, makes it physical (FTS5 secure-delete, zeroed pages, WAL truncated, VACUUM) and rewrites ' +
    'every backup beside the journal. With --anonymise their contributions stay under a neutral label ("Participant W1") and ' +
    'every name of theirs is replaced by it. Cannot be undone. An encrypted journal needs --key-file (or is asked for).',
  options: {
    stakeholder: { type: 'string', value: 'ID', required: true, description: 'The stakeholder to withdraw' },
    db: { type: 'string', value: 'FILE', required: true, description: 'The journal file' },
    anonymise: { type: 'boolean', description: 'Keep their contributions under a neutral label instead of erasing them' },
    yes: { type: 'boolean', description: 'Do not ask (required when not on a terminal)' },
    by: { type: 'string', value: 'NAME', description: 'Who withdraws, for the erasure log (default: this account)' },
  },
  async run({ values, io }) {
    const path = requireExisting(values.db as string);
    const mode = values.anonymise ? 'anonymise' : 'erase';
    const stakeholderId = values.stakeholder as string;
    if (!values.yes && !terminal.isInteractive()) {
      throw new UsageError('Withdrawal cannot be undone: pass --yes to confirm it when not on a terminal.', 'erase');
    }
    return withJournal(path, async (db) => {
      const preview = await call(() => callOrThrow(db, 'erasure:preview', { stakeholder_id: stakeholderId, mode }));
      io.out(mode === 'erase' ? `Erasing stakeholder ${stakeholderId} will touch:\n` : `Anonymising stakeholder ${stakeholderId} as "${preview.label}" will touch:\n`);
      printCounts(io, preview.counts);
      if (preview.citing_reflections.length > 0) {
        io.out(`  ${preview.citing_reflections.length} reflection(s) cite what they said; they keep their text and show "[evidence withdrawn]".\n`);
      }
      if (!values.yes) {
        const answer = await terminal.ask(`Type "${mode}" to ${mode} (anything else stops): `);
        if (answer.trim().toLowerCase() !== mode) {
          io.out('Stopped; nothing was changed.\n');
          return 1;
        }
      }
      const result = await call(() =>
        callOrThrow(db, 'erasure:withdraw', { stakeholder_id: stakeholderId, mode, confirm: true, ...(values.by ? { erased_by: values.by as string } : {}) }),
      );
      io.out(`${mode === 'erase' ? 'Erased' : `Anonymised as "${result.label}"`} (log ${result.log_id}, ${result.erased_at}, by ${result.erased_by}).\n`);
      io.out(result.wal_truncated ? 'Journal vacuumed; its write-ahead log truncated.\n' : 'Journal vacuumed, but its write-ahead log is held by another connection: close it and run this again to truncate it.\n');
      for (const backup of result.backups) io.out(`  backup ${backup.name}: ${backup.ok ? 'ok' : 'NOT REWRITTEN'} — ${backup.message}\n`);
      return result.backups.every((backup) => backup.ok) && result.wal_truncated ? 0 : 1;
    });
  },
};

/** `withness subject-access --stakeholder ID --db FILE --out FILE` */
export const subjectAccessCommand: Command = {
  name: 'subject-access',
  summary: 'Everything the journal holds about one stakeholder, as they would receive it (HTML and JSON)',
  description:
    'Writes the access request report: their record, their turns, the notes and dialogues they took part in, quotes of their ' +
    'words and their consent history. --out names the readable HTML page (FILE.html); the same content is written as JSON ' +
    'beside it (FILE.json). A --out ending in .json writes the JSON there and the HTML beside it.',
  options: {
    stakeholder: { type: 'string', value: 'ID', required: true, description: 'The stakeholder' },
    db: { type: 'string', value: 'FILE', required: true, description: 'The journal file' },
    out: { type: 'string', value: 'FILE', required: true, description: 'Where to write the report (.html; .json beside it)' },
  },
  async run({ values, io }) {
    const path = requireExisting(values.db as string);
    const out = resolve(values.out as string);
    const extension = extname(out).toLowerCase();
    const base = extension === '.html' || extension === '.json' || extension === '.htm' ? out.slice(0, -extension.length) : out;
    const htmlPath = extension === '.html' || extension === '.htm' ? out : `${base}.html`;
    const jsonPath = extension === '.json' ? out : `${base}.json`;
    return withJournal(path, async (db) => {
      const report = await call(() => callOrThrow(db, 'erasure:subjectAccess', { stakeholder_id: values.stakeholder as string }));
      writeFileSync(htmlPath, report.html);
      writeFileSync(jsonPath, report.json);
      io.out(`Wrote ${htmlPath}\nWrote ${jsonPath}\n`);
      return 0;
    });
  },
};
