import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ApiError } from '../api/result.js';
import { CliError, UsageError, type Command, type Io, type OptionValues } from './command.js';

type ParseOptions = NonNullable<ParseArgsConfig['options']>;
import { commands, findCommand } from './commands/index.js';
import { useKeySource } from './journal-key.js';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

const PROGRAM = 'withness';
const HELP_FLAGS = new Set(['help', '--help', '-h']);

export const processIo: Io = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
};

/**
 * Runs `withness <command> [options]` and returns the exit code: 0 on success, 1 when the command failed
 * (with its message, no stack trace for expected failures), 2 for wrong usage.
 */
export async function runCli(argv: readonly string[], io: Io = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.err(`${PROGRAM}: no command given.\n\n${generalHelp()}`);
    return EXIT_USAGE;
  }
  if (HELP_FLAGS.has(name)) {
    const topic = rest[0];
    if (topic === undefined) {
      io.out(generalHelp());
      return EXIT_OK;
    }
    const command = findCommand(topic);
    if (!command) return usageFailure(io, new UsageError(`there is no command "${topic}".`));
    io.out(commandHelp(command));
    return EXIT_OK;
  }
  const command = findCommand(name);
  if (!command) {
    return usageFailure(io, new UsageError(name.startsWith('-') ? `expected a command before "${name}".` : `unknown command "${name}".`));
  }
  try {
    const parsed = parse(command, rest);
    if (parsed === 'help') {
      io.out(commandHelp(command));
      return EXIT_OK;
    }
    useKeySource({ keyFile: parsed.values['key-file'] as string | undefined, io, prompt: promptForTests });
    return (await command.run({ ...parsed, io })) ?? EXIT_OK;
  } catch (error) {
    if (error instanceof UsageError) return usageFailure(io, error, command);
    io.err(`${PROGRAM} ${command.name}: ${failureMessage(error)}\n`);
    return EXIT_FAILURE;
  } finally {
    useKeySource(undefined);
  }
}

let promptForTests: ((question: string) => Promise<string>) | undefined;

/** Answers the command line's questions (passphrase, "yes") in tests, which have no terminal. */
export function answerPromptsWith(prompt: ((question: string) => Promise<string>) | undefined): void {
  promptForTests = prompt;
}

function parse(command: Command, args: string[]) {
  const options: ParseOptions = { help: { type: 'boolean', short: 'h' } };
  for (const [key, { value: _value, description: _description, required: _required, ...spec }] of Object.entries(command.options)) {
    options[key] = spec;
  }
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: command.positionals !== undefined, strict: true });
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_')) throw new UsageError(parseErrorMessage(error));
    throw error;
  }
  const values = parsed.values as OptionValues;
  if (values.help) return 'help' as const;
  for (const [key, spec] of Object.entries(command.options)) {
    if (spec.required && values[key] === undefined) throw new UsageError(`missing --${key}${spec.value ? ` ${spec.value}` : ''}: ${lowerFirst(spec.description)}.`);
    const value = values[key];
    if (typeof value === 'string' && value.trim() === '') throw new UsageError(`--${key} needs a value.`);
  }
  const { min = 0, max = Infinity } = command.positionals ?? {};
  if (parsed.positionals.length < min) throw new UsageError(`expected ${command.positionals!.name}.`);
  if (parsed.positionals.length > max) throw new UsageError(`unexpected argument "${parsed.positionals[max]}".`);
  const { help: _help, ...rest } = values;
  return { values: rest, positionals: parsed.positionals };
}

/** node:util's messages, reworded for people (they mention "strict mode" and internal names). */
function parseErrorMessage(error: unknown): string {
  const code = (error as { code?: string } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  const option = /'(-{1,2}[^'\s]+)/.exec(message)?.[1];
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${option ?? message}.`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return option && /argument missing/.test(message) ? `${option} needs a value.` : `${option ?? 'an option'} does not take a value.`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL': {
      const argument = /'([^']*)'/.exec(message)?.[1];
      return `unexpected argument${argument ? ` "${argument}"` : ''}.`;
    }
    default:
      return message;
  }
}

function usageFailure(io: Io, error: UsageError, command?: Command): number {
  const where = command ? `${PROGRAM} ${command.name}` : PROGRAM;
  const hint = command ? `Run "${PROGRAM} help ${command.name}" for its options.` : `Run "${PROGRAM} help" to see the commands.`;
  io.err(`${where}: ${error.message}\n${hint}\n`);
  return EXIT_USAGE;
}

function failureMessage(error: unknown): string {
  if (error instanceof ApiError || error instanceof CliError) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  if (process.env.WITHNESS_DEBUG && error instanceof Error && error.stack) return error.stack;
  return message;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function usageLine(command: Command): string {
  const parts = Object.entries(command.options).map(([key, spec]) => {
    const flag = `--${key}${spec.value ? ` ${spec.value}` : ''}`;
    return spec.required ? flag : `[${flag}]`;
  });
  if (command.positionals) parts.push(command.positionals.min ? command.positionals.name : `[${command.positionals.name}]`);
  return [PROGRAM, command.name, ...parts].join(' ');
}

export function generalHelp(): string {
  const width = Math.max(...commands.map((command) => command.name.length), 4) + 2;
  return [
    'Withness on the command line: work with a journal file without opening the app.',
    '',
    `Usage: npm run ${PROGRAM} -- <command> [options]`,
    '',
    'Commands:',
    ...commands.map((command) => `  ${command.name.padEnd(width)}${command.summary}`),
    `  ${'help'.padEnd(width)}Show this list, or one command's options: ${PROGRAM} help <command>`,
    '',
    'Exit codes: 0 done, 1 the command failed, 2 wrong usage.',
    '',
  ].join('\n');
}

export function commandHelp(command: Command): string {
  const entries = Object.entries(command.options).map(([key, spec]) => [`--${key}${spec.value ? ` ${spec.value}` : ''}`, spec.description] as const);
  entries.push(['--help, -h', 'Show this help']);
  const width = Math.max(...entries.map(([flag]) => flag.length)) + 2;
  return [
    `Usage: ${usageLine(command)}`,
    '',
    command.summary + '.',
    ...(command.description ? ['', command.description] : []),
    '',
    'Options:',
    ...entries.map(([flag, description]) => `  ${flag.padEnd(width)}${description}`),
    '',
  ].join('\n');
}
