import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CliError } from './command.js';

/**
 * How the command line takes a secret (a bundle's passphrase, a journal's passphrase or recovery key): from a file
 * named on the command line, so scripts need not put it where other users and shell history see it, or from a
 * prompt that does not echo, on a terminal. One implementation for --passphrase-file and --key-file alike.
 */

export interface PromptStreams {
  input: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  output: NodeJS.WritableStream;
}

/** The process's own terminal, when there is one to ask on (the question goes to stderr, so stdout stays clean). */
export function terminal(): PromptStreams | undefined {
  return process.stdin.isTTY ? { input: process.stdin, output: process.stderr } : undefined;
}

/**
 * The secret as the file's text; one line ending (as editors and `echo` leave it) is not part of it. `what` names
 * the file in messages ("passphrase file", "key file"); an empty file is refused, as it can hold no secret.
 */
export function readSecretFile(file: string, what: string): string {
  const path = resolve(file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    throw new CliError(code === 'ENOENT' ? `There is no ${what} ${path}.` : `The ${what} ${path} cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  const secret = text.replace(/\r?\n$/, '');
  if (secret.length === 0) throw new CliError(`The ${what} ${path} is empty.`);
  return secret;
}

/**
 * Asks for a secret on a terminal without echoing it. Enter ends it, Backspace takes back a character, Ctrl-C or
 * Ctrl-D (on an empty line) cancels with `cancelled` as the error.
 */
export function promptHidden(question: string, streams: PromptStreams, cancelled: string): Promise<string> {
  const { input, output } = streams;
  return new Promise((resolveSecret, reject) => {
    let typed = '';
    const raw = typeof input.setRawMode === 'function';
    const finish = (error?: Error) => {
      input.removeListener('data', onData);
      if (raw) input.setRawMode!(false);
      input.pause();
      output.write('\n');
      if (error) reject(error);
      else resolveSecret(typed);
    };
    const onData = (chunk: Buffer | string) => {
      for (const character of chunk.toString()) {
        if (character === '\r' || character === '\n') return finish();
        if (character === '\u0003' || (character === '\u0004' && typed.length === 0)) return finish(new CliError(cancelled));
        if (character === '\u007f' || character === '\b') typed = [...typed].slice(0, -1).join('');
        else if (character >= ' ') typed += character;
      }
    };
    output.write(question);
    if (raw) input.setRawMode!(true);
    input.setEncoding?.('utf8');
    input.on('data', onData);
    input.resume();
  });
}
