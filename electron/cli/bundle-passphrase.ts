import { CliError } from './command.js';
import { promptHidden, readSecretFile, type PromptStreams } from './secret-input.js';

/**
 * Where the command line gets a bundle's passphrase: a file given with --passphrase-file, or a prompt that does not
 * echo, on a terminal (both from secret-input.ts, shared with --key-file).
 */
export { terminal, type PromptStreams } from './secret-input.js';

/** The passphrase as the file's text, without one trailing line ending; an empty or missing file is refused. */
export function readPassphraseFile(file: string): string {
  return readSecretFile(file, 'passphrase file');
}

/** Asks for a bundle's passphrase on a terminal without echoing it (Ctrl-C or Ctrl-D on an empty line cancels). */
export function promptPassphrase(question: string, streams: PromptStreams): Promise<string> {
  return promptHidden(question, streams, 'Cancelled: no passphrase was given. Nothing was written.');
}

/** A new passphrase for an export: asked twice, so a typing slip does not seal a bundle nobody can open. */
export async function promptNewPassphrase(streams: PromptStreams, minLength: number): Promise<string> {
  const first = await promptPassphrase(`Passphrase for the bundle (at least ${minLength} characters): `, streams);
  const second = await promptPassphrase('The same passphrase again: ', streams);
  if (first !== second) throw new CliError('The two passphrases differ. Nothing was written.');
  return first;
}
