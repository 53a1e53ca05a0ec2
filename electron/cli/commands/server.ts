import type pg from 'pg';
import { addMember, checkMemberName, checkMemberPassword, findRole, initServer, removeMember } from '../../team/server-admin.js';
import { connect, parseServerUrl, redactUrl, ServerError, type ServerOptions } from '../../team/server-connection.js';
import { SCHEMA_VERSION } from '../../team/server-schema.js';
import { CliError, UsageError, type Command, type Io, type OptionValues } from '../command.js';
import { keySource } from '../journal-key.js';
import { promptHidden, readSecretFile } from '../secret-input.js';

const ACTIONS = ['init', 'add-member', 'remove-member'] as const;
type Action = (typeof ACTIONS)[number];

/** A question without echo: the test's prompt when one is set, else the terminal, else none. */
function hiddenPrompt(): ((question: string) => Promise<string>) | undefined {
  const own = keySource()?.prompt;
  if (own) return own;
  if (!process.stdin.isTTY) return undefined;
  return (question) => promptHidden(question, { input: process.stdin, output: process.stderr }, 'Cancelled: nothing was changed.');
}

/**
 * The administrator's password: in the URL, else PGPASSWORD, else asked for. Left undefined when none of these
 * is there, so a server that trusts this host still works (and one that does not says a password is needed).
 */
async function adminPassword(url: string): Promise<string | undefined> {
  const parsed = parseServerUrl(url);
  if (parsed.password !== undefined) return undefined;
  if (process.env.PGPASSWORD) return process.env.PGPASSWORD;
  const prompt = hiddenPrompt();
  if (!prompt) return undefined;
  return prompt(`Password for ${parsed.user} on ${parsed.host}:${parsed.port}: `);
}

/** The new member's password: from --password-file, else asked for twice without echo (a typo would lock them out). */
async function memberPassword(member: string, file: string | undefined): Promise<string> {
  if (file) return checkMemberPassword(readSecretFile(file, 'password file'));
  const prompt = hiddenPrompt();
  if (!prompt) throw new CliError(`There is no role ${member} yet, so it needs a password: give --password-file FILE, or run this on a terminal to be asked.`);
  const first = checkMemberPassword(await prompt(`New password for ${member}: `));
  const again = await prompt(`The same password again: `);
  if (again !== first) throw new CliError('The two passwords differ; nothing was changed.');
  return first;
}

function required(values: OptionValues, key: string, action: Action, what: string): string {
  const value = values[key];
  if (typeof value !== 'string') throw new UsageError(`server ${action} needs --${key} ${what}.`);
  return value;
}

async function withAdmin<T>(values: OptionValues, use: (client: pg.Client, where: string) => Promise<T>): Promise<T> {
  const url = values.server as string;
  const options: ServerOptions = { url };
  const password = await adminPassword(url);
  if (password !== undefined) options.password = password;
  if (typeof values.ca === 'string') options.ca = values.ca;
  const client = await connect(options);
  const parsed = parseServerUrl(url);
  try {
    return await use(client, `${parsed.host}:${parsed.port}/${parsed.database}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

function failure(error: unknown): never {
  if (error instanceof ServerError) throw new CliError(error.message);
  throw error;
}

/** `withness server init|add-member|remove-member --server URL …` */
export const serverCommand: Command = {
  name: 'server',
  summary: 'Set up a PostgreSQL database as a team server, and say who belongs to which inquiry (administrators)',
  description:
    'init: creates the schema "withness", the group role withness_member, the row-level security policies and the ' +
    'functions members sync through (running it again changes nothing; a server of a newer schema version is left ' +
    'alone). add-member: creates the login role when it is missing (password from --password-file, or asked for twice ' +
    'without echo), creates the inquiry when it is missing (--title), and adds the role to it. remove-member: takes the ' +
    'role out of the inquiry at once (its login role stays; DROP ROLE removes it). The admin\'s password comes from ' +
    'the URL, PGPASSWORD, or a prompt. For TLS add ?sslmode=verify-full to the URL and give the CA with --ca FILE.',
  positionals: { name: 'init|add-member|remove-member', min: 1, max: 1 },
  options: {
    server: { type: 'string', value: 'URL', required: true, description: 'The database as the admin role: postgres://admin@host:5432/db[?sslmode=verify-full]' },
    ca: { type: 'string', value: 'FILE', description: 'The CA certificate (PEM) the server\'s TLS certificate must chain to' },
    inquiry: { type: 'string', value: 'ID', description: 'add-member, remove-member: the inquiry (the project\'s id)' },
    member: { type: 'string', value: 'NAME', description: 'add-member, remove-member: the member\'s login role' },
    title: { type: 'string', value: 'TEXT', description: 'add-member: the inquiry\'s title, when it is created now' },
    'password-file': { type: 'string', value: 'FILE', description: 'add-member: a file holding the new role\'s password (else asked for)' },
  },
  async run({ values, positionals, io }) {
    const action = positionals[0] as Action;
    if (!ACTIONS.includes(action)) throw new UsageError(`unknown action "${action}"; use init, add-member or remove-member.`);
    const shown = redactUrl(values.server as string);
    try {
      parseServerUrl(values.server as string);
      if (action === 'init') return await init(values, io);
      const inquiry = required(values, 'inquiry', action, 'ID');
      const member = checkMemberName(required(values, 'member', action, 'NAME'));
      if (action === 'add-member') return await add(values, io, inquiry, member);
      if (values.title !== undefined || values['password-file'] !== undefined) {
        throw new UsageError('server remove-member takes no --title or --password-file.');
      }
      return await remove(values, io, inquiry, member);
    } catch (error) {
      if (error instanceof ServerError && error.problem === 'unreachable') {
        // The shared message speaks to a member ("your work stays on this computer"); an administrator needs the server side.
        const cause = error.message.replace(/ Check the address and the network or VPN;.*$/, '');
        throw new CliError(`${cause} Check the address and port (${shown}), that PostgreSQL listens there (listen_addresses) and that pg_hba.conf lets this host in.`);
      }
      return failure(error);
    }
  },
};

async function init(values: OptionValues, io: Io): Promise<number> {
  for (const key of ['inquiry', 'member', 'title', 'password-file']) {
    if (values[key] !== undefined) throw new UsageError(`server init takes no --${key}.`);
  }
  return withAdmin(values, async (client, where) => {
    const result = await initServer(client);
    io.out(
      result.created
        ? `Set up the Withness team server on ${where} (schema version ${SCHEMA_VERSION}). Add members with "withness server add-member".\n`
        : `The Withness team server on ${where} was already set up (schema version ${SCHEMA_VERSION}); nothing was changed.\n`,
    );
    return 0;
  });
}

async function add(values: OptionValues, io: Io, inquiry: string, member: string): Promise<number> {
  return withAdmin(values, async (client) => {
    const existing = await findRole(client, member);
    if (existing && values['password-file'] !== undefined) {
      throw new CliError(`The role ${member} already exists, so its password was not changed and nothing was done. Leave out --password-file to add it to this inquiry with the password it has.`);
    }
    const password = existing ? undefined : await memberPassword(member, values['password-file'] as string | undefined);
    const result = await addMember(client, {
      inquiry,
      member,
      ...(typeof values.title === 'string' ? { title: values.title } : {}),
      ...(password !== undefined ? { password } : {}),
    });
    if (result.roleCreated) io.out(`Created the login role ${member}.\n`);
    if (result.inquiryCreated) io.out(`Created the inquiry ${inquiry}.\n`);
    io.out(result.added ? `${member} is now a member of inquiry ${inquiry}.\n` : `${member} was already a member of inquiry ${inquiry}; nothing was changed.\n`);
    return 0;
  });
}

async function remove(values: OptionValues, io: Io, inquiry: string, member: string): Promise<number> {
  return withAdmin(values, async (client) => {
    const result = await removeMember(client, { inquiry, member });
    io.out(`${member} is no longer a member of inquiry ${inquiry}.\n`);
    if (result.otherInquiries === 0) io.out(`The login role ${member} belongs to no other inquiry; "DROP ROLE ${member};" removes it when it is no longer needed.\n`);
    return 0;
  });
}
