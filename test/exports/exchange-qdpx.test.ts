import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDemoProject } from '../../db/demo/build.js';
import { consentToQuoteForAll } from '../helpers/consent.js';
import { newId } from '../../db/ids.js';
import { trashEntity } from '../../db/repositories/entities.js';
import type { Db } from '../../db/connection.js';
import { call } from '../../electron/api/dispatch.js';
import { createPseudonymiser, type PseudonymSource } from '../../electron/exports/pseudonymise.js';
import { derivedGuid, sliceCodePoints } from '../../electron/exchange/common.js';
import { rowCounts, tempDatabase, tempDir } from '../helpers/temp.js';
import { text, unzipAll } from './exchange-helpers.js';

const SCHEMA = path('..', 'shared', 'refi-qda', 'Project.xsd');

function path(...parts: string[]): string {
  return resolve(...parts);
}

async function exportQdpx(db: Db, projectId: string, realNames?: boolean) {
  const result = await call(db, 'exchange:qdpx', { project_id: projectId, ...(realNames === undefined ? {} : { real_names: realNames }) }, { checkOutput: true });
  if (!result.ok) throw new Error(result.error.message);
  const files = unzipAll(Buffer.from(result.value.data_base64, 'base64'));
  return { ...result.value, files, qde: text(files['project.qde']) };
}

const decode = (value: string) =>
  value
    .replace(/&#10;/g, '\n')
    .replace(/&#13;/g, '\r')
    .replace(/&#9;/g, '\t')
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

function attributes(tag: string): Record<string, string> {
  return Object.fromEntries([...tag.matchAll(/(\w+)="([^"]*)"/g)].map((match) => [match[1]!, decode(match[2]!)]));
}

interface Container {
  element: 'TextSource' | 'Note';
  guid: string;
  name: string;
  plainTextPath?: string;
  content?: string;
}
interface Selection {
  guid: string;
  container: Container;
  start: number;
  end: number;
  noteRefs: string[];
  codeRefs: string[];
}

/** Just enough reading of project.qde (as Withness writes it) to check what points where. */
function readQde(qde: string) {
  const containers = new Map<string, Container>();
  const selections = new Map<string, Selection>();
  const links: Record<string, string>[] = [];
  const codes = new Map<string, Record<string, string>>();
  const containerCodings = new Map<string, string[]>();
  let container: Container | undefined;
  let selection: Selection | undefined;
  for (const match of qde.matchAll(/<(\/?)(TextSource|Note|PlainTextSelection|Link|NoteRef|CodeRef|Code|PlainTextContent)\b([^>]*?)(\/?)>/g)) {
    const [, closing, name, rest, selfClosing] = match;
    const attrs = attributes(rest!);
    if (name === 'Code' && !closing) codes.set(attrs.guid!, attrs);
    if ((name === 'TextSource' || name === 'Note') && !closing) {
      container = { element: name, guid: attrs.guid!, name: attrs.name!, plainTextPath: attrs.plainTextPath };
      containers.set(container.guid, container);
    } else if ((name === 'TextSource' || name === 'Note') && closing) {
      container = undefined;
    } else if (name === 'PlainTextContent' && !closing && container) {
      const end = qde.indexOf('</PlainTextContent>', match.index!);
      container.content = decode(qde.slice(match.index! + match[0].length, end));
    } else if (name === 'PlainTextSelection' && !closing) {
      selection = { guid: attrs.guid!, container: container!, start: Number(attrs.startPosition), end: Number(attrs.endPosition), noteRefs: [], codeRefs: [] };
      selections.set(selection.guid, selection);
      if (selfClosing) selection = undefined;
    } else if (name === 'PlainTextSelection' && closing) {
      selection = undefined;
    } else if (name === 'NoteRef' && selection) {
      selection.noteRefs.push(attrs.targetGUID!);
    } else if (name === 'CodeRef' && selection) {
      selection.codeRefs.push(attrs.targetGUID!);
    } else if (name === 'CodeRef' && container) {
      containerCodings.set(container.guid, [...(containerCodings.get(container.guid) ?? []), attrs.targetGUID!]);
    } else if (name === 'Link') {
      links.push(attrs);
    }
  }
  return { containers, selections, links, codes, containerCodings };
}

function plainTextOf(container: Container, files: Record<string, Uint8Array>): string {
  if (container.element === 'Note') return container.content ?? '';
  const match = /^internal:\/\/(.+)$/.exec(container.plainTextPath ?? '');
  return text(files[`sources/${match![1]}`]);
}

function stakeholdersOf(db: Db, projectId: string): PseudonymSource[] {
  return db.prepare(`SELECT id, pseudonym, real_name, aliases FROM stakeholders WHERE project_id = ?`).all(projectId) as PseudonymSource[];
}

/** Whole-word occurrences of a stakeholder's real name or any part of it, in any case. */
function realNamesIn(content: string, people: PseudonymSource[]): string[] {
  const found: string[] = [];
  for (const person of people) {
    const terms = [person.real_name, ...person.real_name.split(/[\s-]+/).filter((part) => part.length >= 3)];
    for (const term of terms) {
      if (term.toLowerCase() === person.pseudonym.toLowerCase()) continue;
      const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`, 'iu');
      if (pattern.test(content)) found.push(term);
    }
  }
  return found;
}

/**
 * A note that names people by their real names and aliases (as field notes do), cited and coded by
 * passages that come after, and around, the names: pseudonymising shifts the offsets.
 */
function addNamedNote(db: Db, projectId: string): { noteId: string; linkId: string; quote: string } {
  const noteId = newId();
  const linkId = newId();
  const now = new Date().toISOString();
  const body = 'Lone Kirkegaard 😀 fortalte, at Jørgen A. og Yas kom for sent. Kirkegaards pointe: Bent Overgaard kender alle på ruten.';
  const quote = 'Bent Overgaard kender alle på ruten';
  const at = [...body].length - [...quote].length - 1;
  db.prepare(
    `INSERT INTO field_notes (id, project_id, title, body, place, occurred_at, recorded_at, revision, created_at, updated_at) VALUES (?, ?, 'Møde med Lone', ?, '', ?, ?, 1, ?, ?)`,
  ).run(noteId, projectId, body, now, now, now, now);
  const reflectionId = db.prepare(`SELECT id FROM reflections WHERE project_id = ? LIMIT 1`).pluck().get(projectId) as string;
  db.prepare(
    `INSERT INTO prompt_links (id, project_id, reflection_id, target_type, target_id, excerpt_start, excerpt_end, excerpt_text, comment, created_at) VALUES (?, ?, ?, 'field_note', ?, ?, ?, ?, 'Lone siger det.', ?)`,
  ).run(linkId, projectId, reflectionId, noteId, at, at + [...quote].length, quote, now);
  const codeId = db.prepare(`SELECT id FROM codes WHERE project_id = ? LIMIT 1`).pluck().get(projectId) as string;
  db.prepare(
    `INSERT INTO code_applications (id, project_id, code_id, target_type, target_id, excerpt_start, excerpt_end, excerpt_text, created_at) VALUES (?, ?, ?, 'field_note', ?, 0, 18, ?, ?)`,
  ).run(newId(), projectId, codeId, noteId, [...body].slice(0, 18).join(''), now);
  return { noteId, linkId, quote };
}

describe('exchange:qdpx', () => {
  it('writes project.qde (UTF-8 without BOM, LF) and a sources/ file for every text source, and validates against Project.xsd', async () => {
    const { db } = tempDatabase();
    const { project } = createDemoProject(db);
    const { files, qde, file_name, media_type } = await exportQdpx(db, project.id);
    expect(file_name).toMatch(/\.qdpx$/);
    expect(media_type).toBe('application/zip');
    const raw = files['project.qde']!;
    expect([raw[0], raw[1], raw[2]]).not.toEqual([0xef, 0xbb, 0xbf]);
    expect(qde).not.toContain('\r\n');
    expect(qde.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<Project xmlns="urn:QDA-XML:project:1.0"')).toBe(true);

    const { containers } = readQde(qde);
    const sources = [...containers.values()].filter((container) => container.element === 'TextSource');
    expect(sources).toHaveLength(25 + 12 + 6);
    expect([...containers.values()].filter((container) => container.element === 'Note')).toHaveLength(12);
    for (const source of sources) {
      expect(source.plainTextPath).toBe(`internal://${source.guid}.txt`);
      expect(files[`sources/${source.guid}.txt`]).toBeDefined();
    }
    expect(Object.keys(files).filter((name) => name.startsWith('sources/'))).toHaveLength(sources.length);

    if (existsSync(SCHEMA)) {
      const file = join(tempDir(), 'project.qde');
      writeFileSync(file, raw);
      // Throws (failing the test) with xmllint's messages when the file does not validate.
      const output = execFileSync('xmllint', ['--noout', '--schema', SCHEMA, file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      expect(output).toBe('');
    }
  });

  it('makes turns and quoted passages selections whose text matches, in code points of the pseudonymised text', async () => {
    const { db } = tempDatabase();
    const { project } = createDemoProject(db);
    // Every turn as spoken (consent to quote), so each selection can be checked against its turn's text.
    consentToQuoteForAll(db, project.id);
    const named = addNamedNote(db, project.id);
    const { files, qde } = await exportQdpx(db, project.id);
    const { selections, links, containers } = readQde(qde);
    const pseudo = createPseudonymiser(stakeholdersOf(db, project.id));

    // Every turn is a selection of its dialogue's text, reading "Speaker: text".
    const turns = db.prepare(`SELECT id, dialogue_id, speaker_id, text FROM dialogue_turns WHERE project_id = ?`).all(project.id) as {
      id: string;
      dialogue_id: string;
      speaker_id: string | null;
      text: string;
    }[];
    expect(turns.length).toBe(60);
    for (const turn of turns) {
      const selection = selections.get(turn.id)!;
      expect(selection.container.guid).toBe(turn.dialogue_id);
      const plain = plainTextOf(selection.container, files);
      expect(sliceCodePoints(plain, selection.start, selection.end)).toBe(pseudo.text(turn.text));
      const lineStart = selection.start - [...`${pseudo.nameOf(turn.speaker_id)}: `].length;
      expect(sliceCodePoints(plain, lineStart, selection.start)).toBe(`${pseudo.nameOf(turn.speaker_id)}: `);
    }

    // Every quoted passage of a prompt link: the Link starts at a selection whose text is the quote.
    const quoted = db
      .prepare(`SELECT id, reflection_id, excerpt_text FROM prompt_links WHERE project_id = ? AND excerpt_text IS NOT NULL`)
      .all(project.id) as { id: string; reflection_id: string; excerpt_text: string }[];
    expect(quoted.length).toBeGreaterThan(10);
    for (const link of quoted) {
      const exported = links.find((candidate) => candidate.guid === link.id)!;
      expect(exported).toMatchObject({ direction: 'OneWay', targetGUID: link.reflection_id });
      const selection = selections.get(exported.originGUID!)!;
      expect(selection, `selection for link ${link.id}`).toBeDefined();
      expect(sliceCodePoints(plainTextOf(selection.container, files), selection.start, selection.end)).toBe(pseudo.text(link.excerpt_text));
      expect(selection.noteRefs).toContain(link.reflection_id);
      expect(containers.get(link.reflection_id)?.element).toBe('Note');
    }
    // Links without a passage start at the whole source (or the turn).
    const whole = db
      .prepare(`SELECT id, target_id FROM prompt_links WHERE project_id = ? AND excerpt_text IS NULL AND target_type <> 'turn'`)
      .all(project.id) as { id: string; target_id: string }[];
    for (const link of whole) expect(links.find((candidate) => candidate.guid === link.id)?.originGUID).toBe(link.target_id);
    expect(links).toHaveLength(33);
    // The passage after the names moved with them, and reads as pseudonymised text.
    const namedLink = links.find((candidate) => candidate.guid === named.linkId)!;
    const namedSelection = selections.get(namedLink.originGUID!)!;
    const namedText = sliceCodePoints(plainTextOf(namedSelection.container, files), namedSelection.start, namedSelection.end);
    expect(namedText).toBe(pseudo.text(named.quote));
    expect(namedText).not.toContain('Overgaard');
    expect(namedLink.name).toBe(pseudo.text('Lone siger det.'));

    // Codings: passages coded with the right code, with the same text.
    const applications = db
      .prepare(`SELECT id, code_id, target_type, target_id, excerpt_text FROM code_applications WHERE project_id = ?`)
      .all(project.id) as { id: string; code_id: string; target_type: string; target_id: string; excerpt_text: string | null }[];
    expect(applications.length).toBe(48);
    const codings = [...qde.matchAll(/<Coding guid="([^"]+)"/g)].map((match) => match[1]);
    expect(new Set(codings)).toEqual(new Set(applications.map((application) => application.id)));
    for (const application of applications.filter((candidate) => candidate.excerpt_text !== null)) {
      const selection = [...selections.values()].find((candidate) => candidate.codeRefs.includes(application.code_id) && candidate.guid !== application.target_id && sliceCodePoints(plainTextOf(candidate.container, files), candidate.start, candidate.end) === pseudo.text(application.excerpt_text!));
      expect(selection, `coded passage ${application.excerpt_text}`).toBeDefined();
    }
    expect(derivedGuid(quoted[0]!.id, 'passage')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('maps codes, stakeholders, cycles and the team', async () => {
    const { db } = tempDatabase();
    const { project } = createDemoProject(db);
    // Everyone named as a case (a person without consent is no case: consent-exports.test.ts).
    consentToQuoteForAll(db, project.id);
    const { qde } = await exportQdpx(db, project.id);
    const { codes } = readQde(qde);
    const rows = db.prepare(`SELECT id, name, color, parent_id FROM codes WHERE project_id = ?`).all(project.id) as { id: string; name: string; color: string; parent_id: string | null }[];
    expect(codes.size).toBe(rows.length);
    for (const row of rows) expect(codes.get(row.id)).toMatchObject({ name: row.name, color: row.color, isCodable: 'true' });
    // Nesting: a child code sits inside its parent's element.
    const child = rows.find((row) => row.parent_id)!;
    const parentAt = qde.indexOf(`<Code guid="${child.parent_id}"`);
    const childAt = qde.indexOf(`<Code guid="${child.id}"`);
    expect(childAt).toBeGreaterThan(parentAt);
    expect(qde.slice(parentAt, childAt)).not.toContain('</Code>\n      <Code guid');

    const stakeholders = db.prepare(`SELECT id, pseudonym, sector FROM stakeholders WHERE project_id = ?`).all(project.id) as { id: string; pseudonym: string; sector: string }[];
    for (const person of stakeholders) expect(qde).toContain(`<Case guid="${person.id}" name="${person.pseudonym}">`);
    expect(qde).toContain('typeOfVariable="Text"');
    expect([...qde.matchAll(/<VariableValue>/g)]).toHaveLength(stakeholders.length);
    expect(qde).toContain('<TextValue>Public sector</TextValue>');
    expect(qde).toMatch(/<SelectionRef targetGUID="/);

    const cycles = db.prepare(`SELECT id FROM cycles WHERE project_id = ?`).pluck().all(project.id) as string[];
    for (const id of cycles) expect(qde).toContain(`<Set guid="${id}" name="Cycle `);
    expect(qde).toMatch(/<Set guid="[^"]+" name="Cycle 1: [^"]* · Observe">/);
    // The journal's user (author of every element, as the team is two), then the two team members.
    expect([...qde.matchAll(/<User guid="([^"]+)" name="([^"]+)"/g)].map((match) => match[2])).toEqual(['Withness journal', expect.any(String), expect.any(String)]);
  });

  it('leaves no real name anywhere in the file unless real names are chosen', async () => {
    const { db } = tempDatabase();
    const { project } = createDemoProject(db);
    addNamedNote(db, project.id);
    const people = stakeholdersOf(db, project.id);
    // The demo's own text names people by their real names, so the check below can fail.
    const stored = (db.prepare(`SELECT group_concat(body, ' ') FROM field_notes`).pluck().get() as string) +
      (db.prepare(`SELECT group_concat(text, ' ') FROM dialogue_turns`).pluck().get() as string);
    expect(realNamesIn(stored, people).length).toBeGreaterThan(0);

    const { files } = await exportQdpx(db, project.id);
    const everything = Object.values(files).map((data) => text(data)).join('\n');
    expect(realNamesIn(everything, people)).toEqual([]);

    const real = await exportQdpx(db, project.id, true);
    const withNames = Object.values(real.files).map((data) => text(data)).join('\n');
    expect(realNamesIn(withNames, people).length).toBeGreaterThan(0);
    expect(real.file_name).toMatch(/-real-names\.qdpx$/);
  });

  it('keeps a name that was moved to the trash out of the export too', async () => {
    const { db } = tempDatabase();
    const { project } = createDemoProject(db);
    addNamedNote(db, project.id);
    const person = db.prepare(`SELECT id, real_name FROM stakeholders WHERE project_id = ? AND real_name = 'Lone Kirkegaard'`).get(project.id) as { id: string; real_name: string };
    trashEntity(db, 'stakeholder', person.id);
    const { files } = await exportQdpx(db, project.id);
    const everything = Object.values(files).map((data) => text(data)).join('\n');
    expect(everything).not.toMatch(/Kirkegaard/i);
  });

  it('keeps hostile text as text: markup is escaped and the file still validates', async () => {
    const { db } = tempDatabase();
    const { project } = createDemoProject(db);
    const noteId = newId();
    const now = new Date().toISOString();
    db.prepare(
      `INSERT INTO field_notes (id, project_id, title, body, place, occurred_at, recorded_at, revision, created_at, updated_at) VALUES (?, ?, ?, ?, '', ?, ?, 1, ?, ?)`,
    ).run(noteId, project.id, '"Quotes" & <tags>', '</PlainTextContent><script>alert(1)</script>\u0001 ]]> 😀 & done', now, now, now, now);
    const { files, qde } = await exportQdpx(db, project.id);
    expect(qde).toContain('name="&quot;Quotes&quot; &amp; &lt;tags&gt;"');
    expect(text(files[`sources/${noteId}.txt`])).toContain('<script>alert(1)</script>');
    if (existsSync(SCHEMA)) {
      const file = join(tempDir(), 'project.qde');
      writeFileSync(file, files['project.qde']!);
      execFileSync('xmllint', ['--noout', '--schema', SCHEMA, file], { stdio: ['ignore', 'pipe', 'pipe'] });
    }
  });

  it('refuses unknown or trashed projects and bad input, writing nothing', async () => {
    const { db } = tempDatabase();
    const { project } = createDemoProject(db);
    const before = rowCounts(db);
    const missing = await call(db, 'exchange:qdpx', { project_id: newId() });
    expect(!missing.ok && missing.error.code).toBe('not_found');
    for (const input of [{ project_id: 'x' }, { project_id: project.id, real_names: 'yes' }, { project_id: project.id, more: 1 }, {}]) {
      const result = await call(db, 'exchange:qdpx', input as never);
      expect(!result.ok && result.error.code).toBe('invalid_input');
    }
    expect(rowCounts(db)).toEqual(before);
    trashEntity(db, 'project', project.id);
    const trashed = await call(db, 'exchange:qdpx', { project_id: project.id });
    expect(!trashed.ok && trashed.error.code).toBe('not_found');
  });
});
