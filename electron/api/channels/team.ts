import { z } from 'zod';
import { Id } from '../schemas.js';
import { BUNDLE_TABLES } from './exchange.js';

/**
 * Team sync (issue 12): an inquiry linked to a shared PostgreSQL server, kept in step with the other members'
 * journals. The engine is electron/team/sync*.ts; these channels are what the Team screen and the command line use.
 */

const Count = z.number().int().nonnegative();

export const ServerUrl = z
  .string()
  .trim()
  .max(2000, 'At most 2000 characters.')
  .refine((value) => /^postgres(ql)?:\/\/[^/?#]+/i.test(value) && URL.canParse(value), {
    message: 'The server address must look like postgres://host:5432/database (postgresql:// works too).',
  })
  .refine((value) => !URL.canParse(value) || new URL(value).password === '', {
    message: 'Leave the password out of the server address: give it in the password field.',
  });

/** A PostgreSQL login role: what `withness server add-member` created. */
export const MemberName = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_.@-]{1,63}$/, 'A member name is 1 to 63 letters, digits and _ . - @, as the administrator created it.');

export const SyncPassword = z.string().min(1, 'Give the password of your member account on the team server.').max(1000, 'At most 1000 characters.');

export const CaCertificate = z
  .string()
  .max(100_000, 'At most 100,000 characters.')
  .refine((value) => value.trim() === '' || /-----BEGIN CERTIFICATE-----/.test(value), {
    message: 'The CA certificate must be in PEM form (it starts with -----BEGIN CERTIFICATE-----).',
  });

const Activity = z.enum(['idle', 'syncing', 'offline', 'error', 'needs_confirmation']);

const Problem = z.object({
  code: z.string(),
  message: z.string(),
  message_id: z.string().optional(),
  params: z.record(z.string(), z.unknown()).optional(),
});

export const TeamStatus = z.object({
  /** The inquiry id the administrator adds members to (it is the project's id). */
  inquiry_id: Id,
  linked: z.boolean(),
  server_url: z.string().nullable(),
  member: z.string().nullable(),
  last_sync_at: z.string().nullable(),
  /** The last failure the engine recorded in the journal (it outlives a restart). */
  last_error: z.string().nullable(),
  /** last_error by message id, when the catalogue knows it (the UI shows it in the reader's language). */
  last_error_ref: z.object({ message_id: z.string(), params: z.record(z.string(), z.unknown()).optional() }).nullable(),
  pending: Count,
  conflicts: Count,
  /** Versions from the server this journal could not apply, set aside (kept) so later syncs go on. */
  refused: Count,
  /** Whether this journal's host knows the password (in the keychain, or given for this session). */
  password_known: z.boolean(),
  /** Whether the password outlives a restart here (the keychain) or is held in memory only. */
  password_lasting: z.boolean(),
  activity: Activity,
  /** Why the last attempt of this session failed, by message id. */
  problem: Problem.nullable(),
  last_attempt_at: z.string().nullable(),
});
export type TeamStatus = z.infer<typeof TeamStatus>;

export const SyncResult = z.object({
  status: z.enum(['ok', 'needs_confirmation']),
  pushed: Count,
  pulled: Count,
  conflicts: Count,
  erasures_applied: Count,
  /** Set with needs_confirmation: how many live records this sync would move to the trash, of how many. */
  mass_trash: z.object({ count: Count, live: Count }).optional(),
});
export type SyncResult = z.infer<typeof SyncResult>;

const Version = z.object({
  hash: z.string(),
  revision: z.number().int(),
  author: z.string().nullable(),
  committed_at: z.string().nullable(),
  /** The row as that version holds it; null for a deletion. */
  row: z.record(z.string(), z.unknown()).nullable(),
});

export const Conflict = z.object({
  table_name: z.string(),
  row_key: z.string(),
  entity_type: z.string().nullable(),
  label: z.string(),
  head: Version,
  others: z.array(Version),
});
export type Conflict = z.infer<typeof Conflict>;

const TableName = z.enum(BUNDLE_TABLES, { message: 'Not a table that team sync carries.' });
const Hash = z.string().regex(/^[0-9a-f]{64}$/, 'Expected a version hash (64 hexadecimal characters).');

const Connection = {
  server_url: ServerUrl,
  /** Else the user named in the address (postgres://member@host/db), as administrators hand addresses out. */
  member: MemberName.optional(),
  password: SyncPassword,
  ca: CaCertificate.optional(),
};

/** The member a connection names: the field, else the address's user; refused when neither says. */
export function memberOf(input: { server_url: string; member?: string | undefined }): string | undefined {
  if (input.member) return input.member;
  try {
    const user = decodeURIComponent(new URL(input.server_url).username);
    return MemberName.safeParse(user).success ? user : undefined;
  } catch {
    return undefined;
  }
}

const named = { message: 'Give your member name, or put it in the server address (postgres://name@host:5432/database).', path: ['member'] };

export const teamChannels = {
  /** Whether the inquiry is linked, to which server as whom, when it last synced, what waits to go up, conflicts. */
  'team:status': { input: z.strictObject({ project_id: Id }), output: TeamStatus },
  /**
   * Links an inquiry of this journal to a team server: the connection is tried first (address, TLS, password,
   * membership of this inquiry) and nothing is kept unless it works. Everything in the inquiry then waits to go up.
   */
  'team:link': { input: z.strictObject({ project_id: Id, ...Connection }).refine((input) => memberOf(input) !== undefined, named), output: TeamStatus },
  /** Gives the password again (browser mode forgets it on restart; a keychain may change). */
  'team:password': {
    input: z.strictObject({ project_id: Id, password: SyncPassword, ca: CaCertificate.optional() }),
    output: TeamStatus,
  },
  /** Stops syncing the inquiry here; the journal keeps everything it has. */
  'team:unlink': { input: z.strictObject({ project_id: Id }), output: TeamStatus },
  /** Joins an inquiry that lives on the server but not yet in this journal (runs as a job: jobs:start). */
  'team:join': {
    input: z.strictObject({ inquiry_id: Id, ...Connection, allow_mass_trash: z.boolean().optional() }).refine((input) => memberOf(input) !== undefined, named),
    output: SyncResult.extend({ project_id: Id }),
  },
  /**
   * Syncs now (runs as a job: jobs:start). Answers needs_confirmation, with counts, instead of moving more than the
   * inquiry's share of live records to the trash; run again with allow_mass_trash once the person agrees.
   */
  'team:syncNow': { input: z.strictObject({ project_id: Id, allow_mass_trash: z.boolean().optional() }), output: SyncResult },
  /** Who belongs to the inquiry on the server. */
  'team:members': {
    input: z.strictObject({ project_id: Id }),
    output: z.array(z.object({ member: z.string(), added_at: z.string().nullable() })),
  },
  /** Records edited by two members from the same version: the one shown (head) and the others, in full. */
  'team:conflicts': { input: z.strictObject({ project_id: Id }), output: z.array(Conflict) },
  /** Keeps the head, another version (by hash), or a merged row; the choice goes up with the next sync. */
  'team:resolve': {
    input: z.strictObject({
      project_id: Id,
      table_name: TableName,
      row_key: z.string().min(1).max(200, 'At most 200 characters.'),
      keep: z.union([z.literal('head'), Hash, z.strictObject({ merged: z.record(z.string(), z.unknown()) })]),
    }),
    output: z.object({ conflicts: Count }),
  },
  /** Who wrote a record and who edited it last, as the team server recorded it (empty when never synced). */
  'team:authors': {
    input: z.strictObject({ table_name: TableName, row_key: z.string().min(1).max(200, 'At most 200 characters.') }),
    output: z.object({ created_by: z.string().nullable(), edited_by: z.string().nullable(), edited_at: z.string().nullable() }),
  },
} as const;
