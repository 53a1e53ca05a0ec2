import type { Db } from '../../../db/connection.js';
import type { JobContext } from '../../jobs/jobs.js';
import { authorsOf, joinInquiry, linkProject, listConflicts, listMembers, resolveConflict, teamStatus, unlinkProject, type ServerOptions, type SyncOptions } from '../../team/engine.js';
import { isOffline, memberUrl, oneSyncAtATime, serverAddress, serverFor, syncNow, syncState } from '../../team/scheduler.js';
import { secretStoreOf, type TeamSecret } from '../../team/secrets.js';
import { memberOf, type teamChannels, type TeamStatus } from '../channels/team.js';
import { identifyMessage, withMessageIds } from '../messages.js';
import { ApiError, notFound } from '../result.js';
import type { HandlersFor } from './types.js';

/** The share of a sync's progress bar each stage fills, in order. */
const STAGES = { erasures: [0, 5], push: [5, 50], pull: [50, 99] } as const;

/** Turns the engine's progress into the job's bar and a step in words (teamui.step_*). */
function reporter(context: JobContext | undefined): SyncOptions['onProgress'] {
  if (!context) return undefined;
  return ({ stage, done, total }) => {
    const [from, to] = STAGES[stage];
    const share = total && total > 0 ? Math.min(1, done / total) : 0;
    const params: Record<string, number> = total !== undefined ? { done, total } : { done };
    context.progress({ step: `teamui.step_${stage}${total !== undefined ? '' : '_open'}`, params, done: Math.round((from + (to - from) * share) * 10), total: 1000 });
  };
}

function status(db: Db, projectId: string): TeamStatus {
  const engine = teamStatus(db, projectId);
  const store = secretStoreOf(db);
  const state = syncState(db, projectId);
  return {
    inquiry_id: projectId,
    linked: engine.linked,
    server_url: engine.server_url ?? null,
    member: engine.member ?? null,
    last_sync_at: engine.last_sync_at ?? null,
    last_error: engine.last_error ?? null,
    last_error_ref: lastErrorRef(engine.last_error),
    pending: engine.pending,
    conflicts: engine.conflicts,
    refused: engine.refused,
    password_known: engine.linked && store.get(projectId) !== undefined,
    password_lasting: store.lasting,
    activity: state.activity,
    problem: state.error ? { code: state.error.code, message: state.error.message, ...(state.error.message_id ? { message_id: state.error.message_id } : {}), ...(state.error.params ? { params: state.error.params } : {}) } : null,
    last_attempt_at: state.last_attempt_at ?? null,
  };
}

/** The journal keeps the engine's last error in English (the command line prints it); the UI gets it by id. */
function lastErrorRef(message: string | undefined): TeamStatus['last_error_ref'] {
  const ref = message ? identifyMessage(message) : undefined;
  return ref ? { message_id: ref.id, ...(ref.params ? { params: ref.params } : {}) } : null;
}

function requireProject(db: Db, projectId: string): void {
  if (!db.prepare('SELECT 1 FROM projects WHERE id = ?').get(projectId)) throw notFound('project', projectId);
}

/** Tries the connection as the member and checks the server lists them in this inquiry; throws a clear refusal. */
async function tryConnection(server: ServerOptions, inquiryId: string, member: string): Promise<void> {
  const members = await listMembers(server, inquiryId);
  if (!members.some((entry) => entry.member === member)) {
    throw new ApiError(
      'forbidden',
      `The team server does not list ${member} as a member of inquiry ${inquiryId}. Ask your administrator to add you (withness server add-member).`,
    );
  }
}

function secretOf(password: string, ca: string | undefined): TeamSecret {
  return ca && ca.trim() !== '' ? { password, ca } : { password };
}

export const teamHandlers: HandlersFor<typeof teamChannels> = {
  'team:status': (db, { project_id }) => {
    requireProject(db, project_id);
    return status(db, project_id);
  },

  'team:link': async (db, { project_id, server_url: given, member: named, password, ca }) => {
    requireProject(db, project_id);
    const server_url = serverAddress(given);
    const member = memberOf({ server_url: given, member: named })!;
    const current = teamStatus(db, project_id);
    if (current.linked && (current.server_url !== server_url || current.member !== member)) {
      throw new ApiError('conflict', `This inquiry is already linked to ${current.server_url} as ${current.member}. Unlink it first.`);
    }
    const secret = secretOf(password, ca);
    await tryConnection({ url: memberUrl(server_url, member), ...secret }, project_id, member);
    if (!current.linked) await linkProject(db, project_id, { url: server_url, member });
    secretStoreOf(db).set(project_id, secret);
    return status(db, project_id);
  },

  'team:password': async (db, { project_id, password, ca }) => {
    requireProject(db, project_id);
    const current = teamStatus(db, project_id);
    if (!current.linked || !current.server_url || !current.member) {
      throw new ApiError('invalid_input', 'This inquiry is not linked to a team server. Connect it on the Team screen first.');
    }
    const secret = secretOf(password, ca ?? secretStoreOf(db).get(project_id)?.ca);
    try {
      await tryConnection({ url: memberUrl(current.server_url, current.member), ...secret }, project_id, current.member);
    } catch (error) {
      // Offline, the password cannot be tried now: it is kept, and the next sync tries it. A refusal is not kept.
      const body = error instanceof ApiError ? withMessageIds(error.toBody()) : { code: 'internal' as const, message: String((error as Error)?.message ?? error) };
      if (!isOffline(body)) throw error;
    }
    secretStoreOf(db).set(project_id, secret);
    return status(db, project_id);
  },

  'team:unlink': (db, { project_id }) => {
    requireProject(db, project_id);
    unlinkProject(db, project_id);
    secretStoreOf(db).forget(project_id);
    return status(db, project_id);
  },

  'team:join': async (db, { inquiry_id, server_url: given, member: named, password, ca, allow_mass_trash }, context) => {
    const server_url = serverAddress(given);
    const member = memberOf({ server_url: given, member: named })!;
    const secret = secretOf(password, ca);
    const server: ServerOptions = { url: memberUrl(server_url, member), ...secret };
    const options: SyncOptions = { server, allowMassTrash: allow_mass_trash, onProgress: reporter(context), signal: context?.signal };
    const exists = db.prepare('SELECT 1 FROM projects WHERE id = ?').get(inquiry_id) !== undefined;
    try {
      if (exists) {
        // The inquiry is already in this journal (a bundle brought it): linking it is what joining means.
        await teamHandlers['team:link'](db, { project_id: inquiry_id, server_url, member, password, ca });
        const result = await syncNow(db, inquiry_id, { allowMassTrash: allow_mass_trash, onProgress: options.onProgress, signal: options.signal });
        return { ...result, project_id: inquiry_id };
      }
      await tryConnection(server, inquiry_id, member);
      const result = await oneSyncAtATime(db, inquiry_id, () => joinInquiry(db, inquiry_id, { url: server_url, member }, options));
      return { ...result, project_id: inquiry_id };
    } finally {
      // A join cut short (offline, cancelled) resumes with Sync now, which needs the password.
      if (teamStatus(db, inquiry_id).linked) secretStoreOf(db).set(inquiry_id, secret);
    }
  },

  'team:syncNow': (db, { project_id, allow_mass_trash }, context) => {
    requireProject(db, project_id);
    return syncNow(db, project_id, { allowMassTrash: allow_mass_trash, onProgress: reporter(context), signal: context?.signal });
  },

  'team:members': async (db, { project_id }) => {
    requireProject(db, project_id);
    const members = await listMembers(serverFor(db, project_id), project_id);
    return members.map((entry) => ({ member: entry.member, added_at: entry.added_at ? String(entry.added_at) : null }));
  },

  'team:conflicts': (db, { project_id }) => {
    requireProject(db, project_id);
    return listConflicts(db, project_id).map((conflict) => ({
      table_name: conflict.table_name,
      row_key: conflict.row_key,
      entity_type: conflict.entity_type ?? null,
      label: conflict.label ?? '',
      head: version(conflict.head),
      others: conflict.others.map(version),
    }));
  },

  'team:resolve': (db, { project_id, table_name, row_key, keep }) => {
    requireProject(db, project_id);
    resolveConflict(db, { table_name, row_key, keep });
    return { conflicts: teamStatus(db, project_id).conflicts };
  },

  'team:authors': (db, { table_name, row_key }) => {
    const authors = authorsOf(db, table_name, row_key);
    return { created_by: authors.created_by ?? null, edited_by: authors.edited_by ?? null, edited_at: authors.edited_at ?? null };
  },
};

interface EngineVersion {
  hash: string;
  revision: number;
  author?: string | null;
  committed_at?: string | null;
  row: unknown;
}

function version(entry: EngineVersion) {
  const row = typeof entry.row === 'string' ? (JSON.parse(entry.row) as unknown) : entry.row;
  return {
    hash: entry.hash,
    revision: entry.revision,
    author: entry.author ?? null,
    committed_at: entry.committed_at ?? null,
    row: row && typeof row === 'object' ? (row as Record<string, unknown>) : null,
  };
}
