import { keysFor } from '../journal-keys.js';
import { CliError, type Command, type Io } from './command.js';
import { promptHidden, readSecretFile } from './secret-input.js';

/**
 * How the command line gets an encrypted journal's secret: `--key-file FILE` (a file holding the passphrase or the
 * recovery key as text), else a prompt without echo on a terminal, else a clear error. Every command with a
 * `--db` option takes `--key-file` (run.ts adds it), so commands written before encryption work unchanged.
 */
export const KEY_FILE_OPTION = {
  type: 'string',
  value: 'FILE',
  description: 'For an encrypted journal: a file holding its passphrase or its recovery key (else asked for on a terminal)',
} as const;

/** Adds --key-file to a command that opens a journal. */
export function withKeyFileOption(command: Command): Command {
  if (!command.options.db || command.options['key-file']) return command;
  return { ...command, options: { ...command.options, 'key-file': KEY_FILE_OPTION } };
}

export interface KeySource {
  keyFile?: string;
  io: Io;
  /** Whether to prompt: a terminal on both ends. Tests pass a prompt of their own. */
  prompt?: (question: string) => Promise<string>;
}

let current: KeySource | undefined;

/** Set by runCli around one command's run. */
export function useKeySource(source: KeySource | undefined): void {
  current = source;
}

export function keySource(): KeySource | undefined {
  return current;
}

/** The secret for an encrypted journal at `path`: from the key file, or asked for. */
export async function secretFor(path: string, question = `Passphrase or recovery key for ${path}: `): Promise<string> {
  const source = current;
  if (source?.keyFile) return readSecretFile(source.keyFile, 'key file');
  const prompt = source?.prompt ?? (process.stdin.isTTY && process.stderr.isTTY ? promptOnTerminal : undefined);
  if (!prompt) throw new CliError(`The journal ${path} is encrypted. Give --key-file FILE (a file holding its passphrase or recovery key), or run this on a terminal to be asked.`);
  return prompt(question);
}

/** A new passphrase: from the key file, or asked for twice on a terminal (a typo here would lock the journal). */
export async function newPassphraseFor(path: string): Promise<string> {
  const first = await secretFor(path, `New passphrase for ${path}: `);
  if (current?.keyFile) return first;
  const again = await secretFor(path, 'The same passphrase again: ');
  if (again !== first) throw new CliError('The two passphrases differ; nothing was changed.');
  return first;
}

/** The data key the secret opens (the newest, when an interrupted rekey left two). */
export async function cliKeysFor(path: string): Promise<Buffer[]> {
  const secret = await secretFor(path);
  try {
    return await keysFor(path, { secret });
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error));
  }
}

/** The journal's secret asked for on the process's terminal, without echo (secret-input.ts). */
function promptOnTerminal(question: string): Promise<string> {
  return promptHidden(question, { input: process.stdin, output: process.stderr }, 'Cancelled: nothing was changed.');
}

/**
 * Destructive commands ask on a terminal and otherwise need --yes, so a script never changes a journal's keys by
 * accident.
 */
export async function confirmDestructive(io: Io, yes: boolean, question: string): Promise<void> {
  if (yes) return;
  const source = current;
  const ask = source?.prompt ?? (process.stdin.isTTY ? promptVisible : undefined);
  if (!ask) throw new CliError(`${question} Run it again with --yes to go ahead (no terminal to ask on).`);
  const answer = (await ask(`${question} Type "yes" to go ahead: `)).trim().toLowerCase();
  if (answer !== 'yes') {
    io.out('Nothing was changed.\n');
    throw new CliError('Not confirmed; nothing was changed.');
  }
}

function promptVisible(question: string): Promise<string> {
  return new Promise((resolvePrompt) => {
    process.stderr.write(question);
    process.stdin.resume();
    process.stdin.setEncoding('utf8');
    process.stdin.once('data', (chunk: string) => {
      process.stdin.pause();
      resolvePrompt(chunk.replace(/\r?\n$/, ''));
    });
  });
}
