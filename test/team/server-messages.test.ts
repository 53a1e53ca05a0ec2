/**
 * The team server's answers a member meets (sync, the Team screen) have message ids, so the Danish UI says them in
 * Danish: each real error made by electron/team/server-connection.ts is identified and reads with no English left.
 */
import { describe, expect, it } from 'vitest';
import { identifyMessage } from '../../electron/api/messages.js';
import { describeError, parseServerUrl, schemaVersionMismatch, ServerError } from '../../electron/team/server-connection.js';
import { apiText } from '../../renderer/src/i18n/apiMessage.js';
import { createI18n } from '../../renderer/src/i18n/index.js';

const URL = 'postgres://maja@team.example.org:5432/withness?sslmode=verify-full';
const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });

function thrown(work: () => unknown): ServerError {
  try {
    work();
  } catch (error) {
    return error as ServerError;
  }
  throw new Error('nothing was thrown');
}

const errors: [string, ServerError, string][] = [
  ['sslmode=prefer', thrown(() => parseServerUrl('postgres://maja@team.example.org/withness?sslmode=prefer')), 'teamserver.sslmode_unencrypted'],
  ['unreachable', describeError(pgError('ECONNREFUSED', 'connect ECONNREFUSED 10.0.0.5:5432'), { url: URL }), 'teamserver.unreachable'],
  ['unreachable, no address known', describeError(pgError('ECONNREFUSED', 'connect ECONNREFUSED 10.0.0.5:5432')), 'teamserver.unreachable'],
  ['no answer in time', describeError(new Error('timeout expired'), { url: URL }), 'teamserver.no_answer'],
  ['connection lost', describeError(new Error('Connection terminated unexpectedly'), { url: URL }), 'teamserver.connection_lost'],
  ['wrong password', describeError(pgError('28P01', 'password authentication failed for user "maja"'), { url: URL }), 'teamserver.wrong_password'],
  ['not a member', describeError(pgError('42501', 'withness: role maja is not a member of inquiry abc-123'), { url: URL }), 'teamserver.not_member'],
  ['schema missing', describeError(pgError('3F000', 'schema "withness" does not exist'), { url: URL }), 'teamserver.schema_missing'],
  ['newer schema', schemaVersionMismatch(99), 'teamserver.schema_newer'],
  ['older schema', schemaVersionMismatch(0), 'teamserver.schema_older'],
  ['refused push', describeError(pgError('22023', 'withness.push: change 1 (memos x1) names a table the team feed does not carry'), { url: URL }), 'teamserver.refused'],
];

describe('team server messages by id', () => {
  const t = createI18n('da').t;
  it.each(errors)('%s: identified, and said in Danish', (_what, error, id) => {
    const ref = identifyMessage(error.message);
    expect(ref?.id, error.message).toBe(id);
    const danish = apiText(t, ref!);
    expect(danish).not.toBe(ref!.id);
    expect(danish).not.toMatch(/\b(the team server|The team server|cannot|refused|password for|is not a member|this role|This role)\b/);
  });
});
