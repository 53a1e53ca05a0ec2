/**
 * What an administrator does to the team server (the `withness server …` commands): set the schema up, and say
 * which login roles belong to which inquiry. Every function takes a connected client of a role that may create
 * roles and owns (or will own) the schema.
 */
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import pg from 'pg';
import { checkSchemaVersion, describeError, readSchemaVersion, ServerError } from './server-connection.js';
import { MEMBER_GROUP, SCHEMA_VERSION, SERVER_SCHEMA_SQL } from './server-schema.js';

export const MIN_MEMBER_PASSWORD_LENGTH = 12;

/** Roles the server itself needs or reserves; none of them can be a member. */
const RESERVED_ROLE = /^(pg_|withness_member$|public$|current_user$|session_user$|current_role$|none$)/i;

/** A role name a member can type in a URL: letters, digits, and _ . - @ (at most 63 bytes, PostgreSQL's limit). */
export function checkMemberName(name: string): string {
  if (!/^[A-Za-z0-9_.@-]+$/.test(name) || Buffer.byteLength(name) > 63) {
    throw new ServerError('bad_request', `"${name}" cannot be a member's role name: use up to 63 letters, digits, and _ . - @.`);
  }
  if (RESERVED_ROLE.test(name)) throw new ServerError('bad_request', `"${name}" is a name PostgreSQL or Withness reserves; choose another member name.`);
  return name;
}

/** An inquiry id is the project's id (a UUID); anything that could not be one is refused. */
export function checkInquiryId(id: string): string {
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(id)) throw new ServerError('bad_request', `"${id}" is not an inquiry id (the project's id, a UUID).`);
  return id;
}

/** RFC 4013's mappings as pg and libpq apply them before hashing, so the verifier matches what clients send. */
function saslPrepared(password: string): string {
  return password
    .replace(/[\u00A0\u1680\u2000-\u200B\u202F\u205F\u3000]/g, ' ')
    .replace(/[\u00AD\u034F\u1806\u180B-\u180D\u200C\u200D\u2060\uFE00-\uFE0F\uFEFF]/g, '')
    .normalize('NFKC');
}

/**
 * The SCRAM-SHA-256 verifier PostgreSQL stores for a password. CREATE ROLE gets this instead of the password, so
 * the password itself never reaches the server's statement log or pg_stat_activity.
 */
export function scramVerifier(password: string, options: { salt?: Buffer; iterations?: number } = {}): string {
  const salt = options.salt ?? randomBytes(16);
  const iterations = options.iterations ?? 4096;
  const salted = pbkdf2Sync(saslPrepared(password), salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}

export function checkMemberPassword(password: string): string {
  if ([...password].length < MIN_MEMBER_PASSWORD_LENGTH) {
    throw new ServerError('bad_request', `A member's password needs at least ${MIN_MEMBER_PASSWORD_LENGTH} characters.`);
  }
  return password;
}

async function inTransaction<T>(client: pg.ClientBase, work: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    const result = await work();
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

export interface InitResult {
  /** False when the schema was already there (nothing changed). */
  created: boolean;
  version: number;
}

/**
 * Creates the schema, the member group, the policies and the functions. Safe to run again: the statements only
 * add what is missing. A server with a newer schema version is refused before anything is run.
 */
export async function initServer(client: pg.ClientBase): Promise<InitResult> {
  try {
    const before = await readSchemaVersion(client);
    if (before !== undefined && before > SCHEMA_VERSION) throw newerServer(before);
    return await inTransaction(client, async () => {
      // Two administrators running init at once would race on CREATE SCHEMA / CREATE ROLE.
      await client.query(`SELECT pg_advisory_xact_lock(hashtext('withness server init'))`);
      const version = await readSchemaVersion(client);
      if (version !== undefined && version > SCHEMA_VERSION) throw newerServer(version);
      await client.query(SERVER_SCHEMA_SQL);
      return { created: version === undefined, version: SCHEMA_VERSION };
    });
  } catch (error) {
    throw describeError(error);
  }
}

function newerServer(version: number): ServerError {
  return new ServerError(
    'schema_version',
    `The server has Withness schema version ${version}, newer than version ${SCHEMA_VERSION} that this Withness knows; it was left as it is. Use a newer Withness.`,
  );
}

export interface RoleInfo {
  name: string;
  canLogin: boolean;
  inGroup: boolean;
}

export async function findRole(client: pg.ClientBase, name: string): Promise<RoleInfo | undefined> {
  const result = await client.query<{ rolcanlogin: boolean; in_group: boolean }>(
    `SELECT r.rolcanlogin, pg_has_role(r.oid, (SELECT oid FROM pg_roles WHERE rolname = $2), 'MEMBER') AS in_group
       FROM pg_roles r WHERE r.rolname = $1`,
    [name, MEMBER_GROUP],
  );
  const row = result.rows[0];
  return row ? { name, canLogin: row.rolcanlogin, inGroup: row.in_group === true } : undefined;
}

export interface AddMemberInput {
  inquiry: string;
  member: string;
  /** The inquiry's title when the inquiry row is created now. */
  title?: string;
  /** Needed when the role does not exist yet (it is created with it); refused when the role exists. */
  password?: string;
}

export interface AddMemberResult {
  roleCreated: boolean;
  inquiryCreated: boolean;
  /** False when the role was already a member of the inquiry (nothing changed). */
  added: boolean;
}

/** Creates the login role when missing, puts it in withness_member, creates the inquiry when missing, adds it. */
export async function addMember(client: pg.ClientBase, input: AddMemberInput): Promise<AddMemberResult> {
  const inquiry = checkInquiryId(input.inquiry);
  const member = checkMemberName(input.member);
  if (input.password !== undefined) checkMemberPassword(input.password);
  try {
    await checkSchemaVersion(client);
    return await inTransaction(client, async () => {
      const role = await findRole(client, member);
      let roleCreated = false;
      if (!role) {
        if (input.password === undefined) {
          throw new ServerError('password_needed', `There is no role ${member} yet: give a password for it (--password-file FILE, or type it when asked).`);
        }
        await client.query(`CREATE ROLE ${pg.escapeIdentifier(member)} LOGIN INHERIT PASSWORD ${pg.escapeLiteral(scramVerifier(input.password))}`);
        roleCreated = true;
      } else {
        if (input.password !== undefined) {
          throw new ServerError(
            'role_exists',
            `The role ${member} already exists, so its password was not changed and nothing was done. Leave out --password-file to add it to this inquiry with the password it has.`,
          );
        }
        if (!role.canLogin) throw new ServerError('role_exists', `The role ${member} exists but cannot log in (NOLOGIN), so it cannot be a member. Choose another name.`);
      }
      if (!role?.inGroup) await client.query(`GRANT ${MEMBER_GROUP} TO ${pg.escapeIdentifier(member)}`);
      const usable = await client.query<{ ok: boolean }>(`SELECT pg_has_role($1, $2, 'USAGE') AS ok`, [member, MEMBER_GROUP]);
      if (!usable.rows[0]?.ok) {
        throw new ServerError('role_exists', `The role ${member} does not inherit privileges (NOINHERIT), so membership would not give it access. Run ALTER ROLE ${member} INHERIT first.`);
      }
      const createdInquiry = await client.query(
        `INSERT INTO withness.inquiries (id, title) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING RETURNING id`,
        [inquiry, input.title ?? ''],
      );
      const added = await client.query(
        `INSERT INTO withness.members (inquiry_id, member) VALUES ($1, $2) ON CONFLICT (inquiry_id, member) DO NOTHING RETURNING member`,
        [inquiry, member],
      );
      return { roleCreated, inquiryCreated: (createdInquiry.rowCount ?? 0) > 0, added: (added.rowCount ?? 0) > 0 };
    });
  } catch (error) {
    throw describeError(error);
  }
}

export interface RemoveMemberResult {
  /** How many other inquiries the role still belongs to (its login role is kept either way). */
  otherInquiries: number;
}

/**
 * Takes the role out of the inquiry: from its next statement on, RLS shows it nothing of that inquiry. The login
 * role stays (it may belong to other inquiries or databases); DROP ROLE removes it for good.
 */
export async function removeMember(client: pg.ClientBase, input: { inquiry: string; member: string }): Promise<RemoveMemberResult> {
  const inquiry = checkInquiryId(input.inquiry);
  const member = checkMemberName(input.member);
  try {
    await checkSchemaVersion(client);
    return await inTransaction(client, async () => {
      const removed = await client.query(`DELETE FROM withness.members WHERE inquiry_id = $1 AND member = $2 RETURNING member`, [inquiry, member]);
      if ((removed.rowCount ?? 0) === 0) {
        const exists = await client.query(`SELECT 1 FROM withness.inquiries WHERE id = $1`, [inquiry]);
        throw new ServerError(
          'not_found',
          exists.rowCount ? `${member} is not a member of inquiry ${inquiry}; nothing was changed.` : `There is no inquiry ${inquiry} on the server; nothing was changed.`,
        );
      }
      const others = await client.query<{ n: string }>(`SELECT count(*) AS n FROM withness.members WHERE member = $1`, [member]);
      return { otherInquiries: Number(others.rows[0]?.n ?? 0) };
    });
  } catch (error) {
    throw describeError(error);
  }
}
