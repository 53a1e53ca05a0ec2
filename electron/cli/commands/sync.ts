import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Db } from '../../../db/connection.js';
import type { Channel, Input, Output } from '../../api/contract.js';
import { dispatch } from '../../api/dispatch.js';
import type { JobContext } from '../../jobs/jobs.js';
import { linkedProjects } from '../../team/scheduler.js';
import { memorySecretStore, useSecretStore } from '../../team/secrets.js';
import { teamStatus } from '../../team/engine.js';
import { CliError, UsageError, withJournal, type Command, type Io } from '../command.js';
import { confirmDestructive, keySource } from '../journal-key.js';
import { promptHidden, readSecretFile } from '../secret-input.js';

/** Runs a channel in this process as the app would (with progress when it is long work), or fails with its message. */
async function run<C extends Channel>(db: Db, channel: C, input: Input<C>, context?: JobContext): Promise<Output<C>> {
  const result = await dispatch(db, channel, input, { context });
  if (!result.ok) throw new CliError(result.error.message);
  return result.value as Output<C>;
}

/** Progress on stderr, one line per change of stage, so stdout keeps only the result. */
function progressTo(io: Io): JobContext {
  const controller = new AbortController();
  let lastStep = '';
  let lastShown = 0;
  return {
    signal: controller.signal,
    progress({ step, params }) {
      const words = STEP_WORDS[step];
      if (!words) return;
      const now = Date.now();
      // Each stage's first line, then at most one a second: a large first sync would otherwise print thousands.
      if (step === lastStep && now - lastShown < 1000) return;
      lastStep = step;
      lastShown = now;
      io.err(`${words.replace(/\{(\w+)\}/g, (_, name: string) => String(params?.[name] ?? ''))}\n`);
    },
    checkpoint: async () => undefined,
  };
}

const STEP_WORDS: Record<string, string> = {
  'teamui.step_erasures': 'Applying the team’s erasures ({done} of {total})',
  'teamui.step_erasures_open': 'Applying the team’s erasures ({done})',
  'teamui.step_push': 'Sending changes ({done} of {total})',
  'teamui.step_push_open': 'Sending changes ({done} so far)',
  'teamui.step_pull': 'Receiving changes ({done} of {total})',
  'teamui.step_pull_open': 'Receiving changes ({done} so far)',
};

/** The member's password: --password-file, else WITHNESS_SYNC_PASSWORD, else asked for without echo on a terminal. */
async function passwordFor(file: string | undefined, member: string, server: string): Promise<string> {
  if (file) return readSecretFile(file, 'password file');
  const fromEnvironment = process.env.WITHNESS_SYNC_PASSWORD;
  if (fromEnvironment) return fromEnvironment;
  const question = `Password of ${member} on ${server}: `;
  const prompt =
    keySource()?.prompt ??
    (process.stdin.isTTY && process.stderr.isTTY ? (text: string) => promptHidden(text, { input: process.stdin, output: process.stderr }, 'Cancelled: nothing was changed.') : undefined);
  if (!prompt) throw new CliError('Give the team server password with --password-file FILE or WITHNESS_SYNC_PASSWORD, or run this on a terminal to be asked.');
  const password = await prompt(question);
  if (!password) throw new CliError('No password was given; nothing was changed.');
  return password;
}

type SyncOutput = Output<'team:syncNow'>;

function describe(title: string, result: SyncOutput): string {
  // pulled counts every feed row read, this journal's own echoes included: said as what it is.
  const parts = [`${result.pushed} sent`, `${result.pulled} read from the server`];
  if (result.erasures_applied > 0) parts.push(`${result.erasures_applied} erasures applied`);
  parts.push(result.conflicts === 0 ? 'no conflicts' : `${result.conflicts} conflict${result.conflicts === 1 ? '' : 's'} to resolve on the Team screen`);
  return `${title}: ${parts.join(', ')}.\n`;
}

/** `withness sync --db FILE --server URL [--inquiry ID] [--project ID] [--member NAME] [--password-file F] [--ca F] [--yes]` */
export const syncCommand: Command = {
  name: 'sync',
  summary: 'Sync a journal’s team inquiries with a team server (PostgreSQL)',
  description:
    'Sends what changed here to the team server and brings the other members’ changes in. With --inquiry ID it joins ' +
    'that inquiry (the id your administrator added you to), creating it in this journal; with --project ID it links ' +
    'an inquiry of this journal to the server first; with neither it syncs every inquiry of the journal linked to that ' +
    'server. The member is --member, else the user named in the server address. The password comes from ' +
    '--password-file, else WITHNESS_SYNC_PASSWORD, else it is asked for without echo; it is never written anywhere. ' +
    'When a sync would move more than its set share of an inquiry to the trash it stops and asks (or needs --yes). ' +
    'Progress goes to stderr; conflicts are listed on the Team screen.',
  options: {
    db: { type: 'string', value: 'FILE', required: true, description: 'The journal file' },
    server: { type: 'string', value: 'URL', required: true, description: 'The team server, e.g. postgres://db.example.org:5432/withness?sslmode=verify-full' },
    inquiry: { type: 'string', value: 'ID', description: 'Join this inquiry of the server (its id, from your administrator)' },
    project: { type: 'string', value: 'ID', description: 'Link this inquiry of the journal to the server and sync it' },
    member: { type: 'string', value: 'NAME', description: 'Your member name on the server (else the user in the URL)' },
    'password-file': { type: 'string', value: 'FILE', description: 'Your password on the server, as the text of FILE' },
    ca: { type: 'string', value: 'FILE', description: 'The certificate authority (PEM) to check the server’s certificate against' },
    yes: { type: 'boolean', description: 'Go ahead when a sync would move many records to the trash' },
    json: { type: 'boolean', description: 'Print the results as JSON' },
  },
  async run({ values, io }) {
    const server = values.server as string;
    if (values.inquiry && values.project) throw new UsageError('give --inquiry (to join) or --project (to link), not both.');
    let parsed: URL;
    try {
      parsed = new URL(server);
    } catch {
      throw new UsageError(`--server must be an address like postgres://host:5432/database, not "${server}".`);
    }
    if (!/^postgres(ql)?:$/.test(parsed.protocol)) throw new UsageError(`--server must start with postgres:// or postgresql://, not "${parsed.protocol}//".`);
    if (parsed.password) throw new UsageError('leave the password out of --server: use --password-file, WITHNESS_SYNC_PASSWORD or the prompt.');
    const member = (values.member as string | undefined) ?? decodeURIComponent(parsed.username);
    if (!member) throw new UsageError('give --member NAME, or put your member name in the server address (postgres://NAME@host/db).');
    parsed.username = '';
    const serverUrl = parsed.toString();
    let ca: string | undefined;
    if (values.ca) {
      try {
        ca = readFileSync(resolve(values.ca as string), 'utf8');
      } catch (error) {
        throw new CliError(`The CA certificate ${resolve(values.ca as string)} cannot be read: ${error instanceof Error ? error.message : String(error)}`);
      }
    }

    return withJournal(values.db as string, async (db) => {
      const password = await passwordFor(values['password-file'] as string | undefined, member, serverUrl);
      // Held in memory for this run only.
      useSecretStore(db, memorySecretStore({ password, ...(ca ? { ca } : {}) }));
      const connection = { server_url: serverUrl, member, password, ...(ca ? { ca } : {}) };
      const confirm = async (title: string, result: SyncOutput) => {
        const share = result.mass_trash;
        await confirmDestructive(
          io,
          values.yes === true,
          `Syncing ${title} would move ${share?.count ?? 'many'} of its ${share?.live ?? ''} live records to the trash (they can be restored from there).`,
        );
      };
      const results: Record<string, SyncOutput> = {};

      if (values.inquiry) {
        const inquiry = values.inquiry as string;
        io.err(`Joining inquiry ${inquiry} on ${serverUrl} as ${member}…\n`);
        let result = await run(db, 'team:join', { inquiry_id: inquiry, ...connection }, progressTo(io));
        if (result.status === 'needs_confirmation') {
          await confirm(`inquiry ${inquiry}`, result);
          result = await run(db, 'team:join', { inquiry_id: inquiry, ...connection, allow_mass_trash: true }, progressTo(io));
        }
        results[inquiry] = result;
      } else {
        const projects = values.project ? [values.project as string] : linkedProjects(db).filter((id) => sameServer(teamStatus(db, id).server_url, serverUrl));
        if (projects.length === 0) {
          throw new CliError(`No inquiry of this journal is linked to ${serverUrl}. Give --inquiry ID to join one, or --project ID to link one of this journal.`);
        }
        for (const projectId of projects) {
          await run(db, 'team:link', { project_id: projectId, ...connection });
          io.err(`Syncing inquiry ${projectId} with ${serverUrl} as ${member}…\n`);
          let result = await run(db, 'team:syncNow', { project_id: projectId }, progressTo(io));
          if (result.status === 'needs_confirmation') {
            await confirm(`inquiry ${projectId}`, result);
            result = await run(db, 'team:syncNow', { project_id: projectId, allow_mass_trash: true }, progressTo(io));
          }
          results[projectId] = result;
        }
      }
      if (values.json) io.out(`${JSON.stringify(results, null, 2)}\n`);
      else for (const [id, result] of Object.entries(results)) io.out(describe(`Inquiry ${id}`, result));
      return 0;
    });
  },
};

function sameServer(linked: string | undefined, given: string): boolean {
  if (!linked) return false;
  try {
    const a = new URL(linked);
    const b = new URL(given);
    return a.host === b.host && a.pathname === b.pathname;
  } catch {
    return linked === given;
  }
}
