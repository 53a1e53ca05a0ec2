import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { call } from '../../electron/api/dispatch.js';
import { identifyMessage, MESSAGES, withMessageIds } from '../../electron/api/messages.js';
import { ApiError, notFound } from '../../electron/api/result.js';
import { apiText } from '../../renderer/src/i18n/apiMessage.js';
import { da } from '../../renderer/src/i18n/da/index.js';
import { en } from '../../renderer/src/i18n/en/index.js';
import { createI18n } from '../../renderer/src/i18n/index.js';
import { tempDatabase } from '../helpers/temp.js';

type Tree = { [key: string]: string | Tree };
const lookup = (tree: Tree, id: string): unknown => id.split('.').reduce<unknown>((node, key) => (node as Tree | undefined)?.[key], tree);
const placeholders = (text: string) => [...text.matchAll(/\{\{([a-z0-9_]+)\}\}/gi)].map((match) => match[1]).sort();
const serverPlaceholders = (text: string) => [...text.matchAll(/\{([a-z0-9_]+)(?::message)?\}/gi)].map((match) => match[1]).sort();

/**
 * Where the API's words are written: handlers, channels (zod messages), the bundle and .qdpx readers, zip, jobs,
 * the bridge and the journal host. Every sentence in them that a person could be shown must have an id.
 */
const SOURCES = ['db/repositories/entities.ts', 'electron/api', 'electron/exchange/bundle.ts', 'electron/exchange/bundle-file.ts', 'electron/exchange/bundle-crypto.ts', 'electron/exchange/zip.ts', 'electron/exchange/qdpx-import', 'electron/jobs', 'electron/exports/pdf.ts', 'electron/bridge/server.ts', 'electron/journal.ts', 'electron/journal-keys.ts', 'electron/erasure', ...['sync', 'apply', 'conflicts', 'versions', 'outbox', 'erasures', 'remote', 'rows', 'scheduler'].map((name) => `electron/team/${name}.ts`)];
/** Text in those files that is never shown as an API message, and why. */
const NOT_MESSAGES: RegExp[] = [
  /^(SELECT|INSERT|UPDATE|DELETE|VACUUM|PRAGMA|CREATE|DROP|BEGIN|COMMIT|ROLLBACK)\b/, // SQL
];

const NOT_SOURCES = [
  // The catalogue itself: it holds the messages rather than using them.
  join('electron', 'api', 'messages.ts'),
  // The text of a subject access document (a file for the person, in the document's own language), not API answers;
  // its one error is catalogued (erasure.no_stakeholder_here).
  join('electron', 'erasure', 'subject-access.ts'),
];

function* files(path: string): Generator<string> {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return;
  }
  if (stat.isDirectory()) for (const name of readdirSync(path)) yield* files(join(path, name));
  else if (path.endsWith('.ts') && !NOT_SOURCES.includes(path)) yield path;
}

/** Sentences written as string or template literals, with ${…} standing for a parameter; comments left out. */
function sentences(): { file: string; text: string }[] {
  const found: { file: string; text: string }[] = [];
  for (const source of SOURCES) {
    for (const file of files(source)) {
      const code = readFileSync(file, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
      // A template's ${…} may hold quotes and templates of its own (one level deep).
      const literal = /'((?:[^'\\\n]|\\.)*)'|`((?:[^`\\$]|\\.|\$(?!\{)|\$\{(?:[^{}]|\{[^{}]*\})*\})*)`/g;
      for (let match = literal.exec(code); match; match = literal.exec(code)) {
        const text = (match[1] ?? match[2]!).replace(/\\'/g, "'");
        const before = code.slice(Math.max(0, match.index - 40), match.index);
        // Plain errors are never shown: the API answers them with its own 'internal' message.
        if (/new (Error|TypeError|RangeError)\(\s*$/.test(before)) continue;
        const sentence = /^[A-Z][\s\S]*[.?!)]$/.test(text) && text.length > 12 && /\s/.test(text);
        const errorArgument = /(refused|refusedQdpx|invalid|fail)\(\s*$/.test(before) && /\s/.test(text);
        if (!sentence && !errorArgument) continue;
        if (NOT_MESSAGES.some((pattern) => pattern.test(text))) continue;
        found.push({ file, text });
      }
    }
  }
  return found;
}

/** A template literal as a message would read: every ${…} replaced by a sample value. */
const sample = (text: string) => text.replace(/\$\{(?:[^{}]|\{[^{}]*\})*\}/g, '7');

describe('API messages by id', () => {
  it('has every id in English and in Danish, with the same parameters', () => {
    const missing: string[] = [];
    for (const [id, template] of Object.entries(MESSAGES)) {
      const english = lookup(en as unknown as Tree, `api.${id}`);
      const danish = lookup(da as unknown as Tree, `api.${id}`);
      if (typeof english !== 'string' || english.length === 0) missing.push(`en: ${id}`);
      if (typeof danish !== 'string' || danish.length === 0) missing.push(`da: ${id}`);
      if (typeof english === 'string') expect(placeholders(english), id).toEqual(serverPlaceholders(template));
      if (typeof danish === 'string') expect(placeholders(danish), id).toEqual(serverPlaceholders(template));
    }
    expect(missing).toEqual([]);
  });

  it('knows every message written in electron/ (add new ones to electron/api/messages.ts and both languages)', () => {
    const found = sentences();
    expect(found.length).toBeGreaterThan(150);
    const unknown = found.filter(({ text }) => !identifyMessage(sample(text))).map(({ file, text }) => `${file}: ${text}`);
    expect(unknown).toEqual([]);
  });

  it('has every message id written in the code (job steps, the dispatcher, the transports) in the catalogue', () => {
    const groups = [...new Set(Object.keys(MESSAGES).map((id) => id.split('.')[0]))].join('|');
    const idLiteral = new RegExp(`'((?:${groups})\\.[a-z0-9_]+)'`, 'g');
    const used = new Set<string>();
    for (const source of ['electron', 'renderer/src']) {
      for (const file of files(source)) {
        for (const match of readFileSync(file, 'utf8').matchAll(idLiteral)) used.add(match[1]!);
      }
    }
    expect(used.size).toBeGreaterThan(15);
    // Only the i18n keys of the UI's own files share these group names; those are not API ids.
    const unknown = [...used].filter((id) => !(id in MESSAGES) && !lookup(en as unknown as Tree, id));
    expect(unknown).toEqual([]);
  });

  it('gives errors an id and parameters, nested messages included, and keeps the English message', () => {
    const body = withMessageIds(notFound('field note', 'abc').toBody());
    expect(body).toMatchObject({ code: 'not_found', message: 'No field note with id abc exists (it may have been deleted).', message_id: 'api.not_found' });
    expect(body.params).toEqual({ what: { id: 'word.field_note' }, id: 'abc' });
    const nested = withMessageIds(new ApiError('invalid_input', 'This backup cannot be restored: The journal is not open.').toBody());
    expect(nested).toMatchObject({ message_id: 'backup.cannot_restore', params: { detail: { id: 'api.journal_not_open' } } });
  });

  it('says a refused request in Danish in the Danish UI, validation issues included, with no English left', async () => {
    const { db } = tempDatabase();
    const t = createI18n('da').t;
    const missing = await call(db, 'projects:get', { id: '01900000-0000-7000-8000-000000000000' });
    expect(missing.ok).toBe(false);
    if (missing.ok) return;
    expect(apiText(t, { id: missing.error.message_id!, params: missing.error.params })).toBe(
      'Withness fandt ikke projekt med id 01900000-0000-7000-8000-000000000000 (det kan være slettet).',
    );

    const invalid = await call(db, 'projects:create', { title: '   ', concern: 'x'.repeat(20_001) } as never);
    expect(invalid.ok).toBe(false);
    if (invalid.ok) return;
    const issues = invalid.error.issues!.map((issue) => apiText(t, { id: issue.message_id!, params: issue.params }));
    expect(issues.length).toBeGreaterThan(0);
    for (const text of [apiText(t, { id: invalid.error.message_id!, params: invalid.error.params }), ...issues]) {
      expect(text).not.toMatch(/\b(cannot|characters|Expected|Invalid|At most)\b/);
    }
    expect(issues.join(' ')).toMatch(/må ikke være tom|Højst/);

    // zod's own words (a wrong type) come by issue code.
    const wrongType = await call(db, 'projects:create', { title: 42 } as never);
    expect(wrongType.ok).toBe(false);
    if (!wrongType.ok) expect(wrongType.error.issues![0]!.message_id).toBe('zod.invalid_type');
  });
});
