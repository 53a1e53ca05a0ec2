import { resolve } from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import { openDatabase, type Db } from '../../db/connection.js';
import { journalNeedsKey } from '../journal-keys.js';
import { cliKeysFor } from './journal-key.js';

/** Where a command writes: plain functions, so tests can capture output without a child process. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export type OptionSpec = NonNullable<ParseArgsConfig['options']>[string] & {
  /** Shown in help, e.g. 'FILE'. */
  value?: string;
  description: string;
  required?: boolean;
};

export type OptionValues = Record<string, string | boolean | string[] | boolean[] | undefined>;

/**
 * One subcommand of `withness`. To add a command, write a module under commands/ that exports one of
 * these and list it in commands/index.ts; parsing, help, usage errors and exit codes are handled for it.
 */
export interface Command {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Longer explanation for `withness help <name>`. */
  description?: string;
  options: Record<string, OptionSpec>;
  /** Name of positional arguments in help (e.g. 'QUERY'); omit when the command takes none. */
  positionals?: { name: string; min?: number; max?: number };
  /** Returns an exit code (0 when omitted). */
  run(args: { values: OptionValues; positionals: string[]; io: Io }): Promise<number | void>;
}

/** Wrong use of the command line: the message says what was wrong; exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
  }
}

/** An expected failure while running a command (the journal cannot be opened, …): exit code 1, no stack. */
export class CliError extends Error {}

/**
 * Opens (creating if missing) a journal file like the app does, runs `use`, and always closes it. An encrypted
 * journal is opened with the key its --key-file (or the passphrase asked for) unlocks.
 */
export async function withJournal<T>(file: string, use: (db: Db, path: string) => Promise<T>): Promise<T> {
  const path = resolve(file);
  let db: Db | undefined;
  const keys = journalNeedsKey(path) ? (await cliKeysFor(path)).reverse() : [undefined];
  let failure: unknown;
  for (const key of keys) {
    try {
      db = openDatabase(path, { key });
      break;
    } catch (error) {
      failure = error;
    }
  }
  if (!db) throw new CliError(describeOpenFailure(path, failure));
  try {
    return await use(db, path);
  } finally {
    db.close();
  }
}

function describeOpenFailure(path: string, error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'SQLITE_NOTADB') return `${path} is not a Withness journal (it is not an SQLite database).`;
  if (code === 'SQLITE_CANTOPEN') return `The journal ${path} could not be opened. Check that the folder exists and can be written.`;
  if (code === 'EISDIR' || code === 'EACCES' || code === 'ENOTDIR' || code === 'EROFS') return `The journal ${path} could not be opened: ${message}`;
  return `The journal ${path} could not be opened: ${message}`;
}
