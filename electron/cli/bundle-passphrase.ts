import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CliError } from './command.js';

/**
 * Where the command line gets a bundle's passphrase: a file given with --passphrase-file (so scripts need not put it
 * on the command line, where other users and shell history see it), or a prompt that does not echo, on a terminal.
 */

/** The passphrase as the file's text; one line ending (as editors and `echo` leave it) is not part of it. */
export function readPassphraseFile(file: string): string {
  const path = resolve(file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    throw new CliError(code === 'ENOENT' ? `There is no passphrase file ${path}.` : `The passphrase file ${path} cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  const passphrase = text.replace(/\r?\n$/, '');
  if (passphrase.length === 0) throw new CliError(`The passphrase file ${path} is empty.`);
  return passphrase;
}

export interface PromptStreams {
  input: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  output: NodeJS.WritableStream;
}

/** The process's own terminal, when there is one to ask on. */
export function terminal(): PromptStreams | undefined {
  return process.stdin.isTTY ? { input: process.stdin, output: process.stderr } : undefined;
}

/**
 * Asks for a passphrase on a terminal without echoing it. Enter ends it, Backspace takes back a character, Ctrl-C or
 * Ctrl-D (on an empty line) cancels. The question goes to output (stderr), so stdout stays clean for --json.
 */
export function promptPassphrase(question: string, streams: PromptStreams): Promise<string> {
  const { input, output } = streams;
  return new Promise((resolvePassphrase, reject) => {
    let typed = '';
    const raw = typeof input.setRawMode === 'function';
    const finish = (error?: Error) => {
      input.removeListener('data', onData);
      if (raw) input.setRawMode!(false);
      input.pause();
      output.write('\n');
      if (error) reject(error);
      else resolvePassphrase(typed);
    };
    const onData = (chunk: Buffer | string) => {
      for (const character of chunk.toString()) {
        if (character === '\r' || character === '\n') return finish();
        if (character === '\u0003' || (character === '\u0004' && typed.length === 0)) return finish(new CliError('Cancelled: no passphrase was given. Nothing was written.'));
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

/** A new passphrase for an export: asked twice, so a typing slip does not seal a bundle nobody can open. */
export async function promptNewPassphrase(streams: PromptStreams, minLength: number): Promise<string> {
  const first = await promptPassphrase(`Passphrase for the bundle (at least ${minLength} characters): `, streams);
  const second = await promptPassphrase('The same passphrase again: ', streams);
  if (first !== second) throw new CliError('The two passphrases differ. Nothing was written.');
  return first;
}
