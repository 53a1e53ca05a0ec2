import type { Element } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { createDemoProject } from '../../db/demo/build.js';
import type { Db } from '../../db/connection.js';
import { callOrThrow } from '../../electron/api/dispatch.js';
import { consentToQuoteForAll } from '../helpers/consent.js';
import { tempDatabase } from '../helpers/temp.js';
import { codePoints, readQdpx } from './qdpx-reader.js';

/**
 * Reads our .qdpx back the way a third-party REFI-QDA reader does — a general XML parser (@xmldom/xmldom), nothing
 * of the exporter's code — resolves every GUID reference, and compares what it reads with the journal. Like
 * QualCoder, it files each coding under the user who created it and leaves out what it cannot attribute.
 */
async function demoExport(db: Db) {
  const { project } = createDemoProject(db);
  // Every turn as spoken, to compare with the journal (consent holding words back: consent-exports.test.ts).
  consentToQuoteForAll(db, project.id);
  const file = await callOrThrow(db, 'exchange:qdpx', { project_id: project.id, real_names: true });
  return { projectId: project.id, read: readQdpx(Buffer.from(file.data_base64, 'base64')) };
}

describe('.qdpx read back by an independent reader', () => {
  it('resolves every GUID reference to an element of the kind it names', async () => {
    const { db } = tempDatabase();
    const { read } = await demoExport(db);
    const expectedKinds: Record<string, string[]> = {
      CodeRef: ['Code'],
      NoteRef: ['Note'],
      SourceRef: ['TextSource'],
      SelectionRef: ['PlainTextSelection'],
      MemberSource: ['TextSource'],
      MemberNote: ['Note'],
      VariableRef: ['Variable'],
    };
    let checked = 0;
    for (const [reference, kinds] of Object.entries(expectedKinds)) {
      for (const element of read.elements(reference)) {
        const target = read.byGuid.get(element.getAttribute('targetGUID') ?? '');
        expect(target !== undefined && kinds.includes(target.localName ?? ''), `${reference} → ${element.getAttribute('targetGUID')}`).toBe(true);
        checked++;
      }
    }
    for (const link of read.elements('Link')) {
      // A reflection may be prompted by a source, a passage, or another reflection (a Note).
      expect(['TextSource', 'PlainTextSelection', 'Note']).toContain(read.byGuid.get(link.getAttribute('originGUID')!)?.localName);
      expect(read.byGuid.get(link.getAttribute('targetGUID')!)?.localName).toBe('Note');
      checked++;
    }
    const users = new Set(read.elements('User').map((user) => user.getAttribute('guid')));
    expect(users.size).toBeGreaterThan(0);
    for (const name of ['TextSource', 'Note', 'PlainTextSelection', 'Coding']) {
      for (const element of read.elements(name)) {
        expect(users.has(element.getAttribute('creatingUser')), `${name} ${element.getAttribute('guid')} has a creatingUser`).toBe(true);
        expect(element.getAttribute('creationDateTime')).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('reads the journal’s codes, sources, coded selections (by code points) and notes', async () => {
    const { db } = tempDatabase();
    const { projectId, read } = await demoExport(db);
    const all = <T,>(sql: string) => db.prepare(sql).all(projectId) as T[];

    const codes = all<{ id: string; name: string; parent_id: string | null }>(`SELECT id, name, parent_id FROM codes WHERE project_id = ? AND deleted_at IS NULL`);
    const readCodes = read.elements('Code').map((code) => ({
      id: code.getAttribute('guid'),
      name: code.getAttribute('name'),
      parent_id: (code.parentNode as Element).localName === 'Code' ? (code.parentNode as Element).getAttribute('guid') : null,
    }));
    expect(readCodes).toEqual(expect.arrayContaining(codes));
    expect(readCodes).toHaveLength(codes.length);

    const notes = all<{ id: string; body: string }>(`SELECT id, body FROM field_notes WHERE project_id = ? AND deleted_at IS NULL`);
    for (const note of notes) expect(read.textOf(read.byGuid.get(note.id)!)).toBe(note.body);
    const dialogues = all<{ id: string }>(`SELECT id FROM dialogues WHERE project_id = ? AND deleted_at IS NULL`);
    const entries = all<{ id: string }>(`SELECT e.id FROM phase_entries e JOIN cycles c ON c.id = e.cycle_id WHERE c.project_id = ? AND e.deleted_at IS NULL`);
    expect(read.elements('TextSource')).toHaveLength(notes.length + dialogues.length + entries.length);

    const turns = all<{ id: string; dialogue_id: string; text: string }>(
      `SELECT t.id, t.dialogue_id, t.text FROM dialogue_turns t JOIN dialogues d ON d.id = t.dialogue_id WHERE d.project_id = ? AND t.deleted_at IS NULL AND d.deleted_at IS NULL`,
    );
    for (const turn of turns) {
      const selection = read.byGuid.get(turn.id)!;
      const source = selection.parentNode as Element;
      expect(source.getAttribute('guid')).toBe(turn.dialogue_id);
      expect(codePoints(read.textOf(source), Number(selection.getAttribute('startPosition')), Number(selection.getAttribute('endPosition')))).toBe(turn.text);
    }

    const reflections = all<{ id: string; body: string }>(`SELECT id, body FROM reflections WHERE project_id = ? AND deleted_at IS NULL`);
    expect(read.elements('Note')).toHaveLength(reflections.length);
    for (const reflection of reflections) expect(read.textOf(read.byGuid.get(reflection.id)!)).toBe(reflection.body);

    // Every coding a reader files under its creator: the journal's live code applications, each on its passage.
    const applications = all<{ id: string; code_id: string; excerpt_text: string | null }>(
      `SELECT id, code_id, excerpt_text FROM code_applications WHERE project_id = ? AND deleted_at IS NULL`,
    );
    expect(applications.length).toBeGreaterThan(5);
    const users = new Map(read.elements('User').map((user) => [user.getAttribute('guid'), user.getAttribute('name')]));
    let attributed = 0;
    for (const application of applications) {
      const coding = read.byGuid.get(application.id)!;
      expect(coding.localName).toBe('Coding');
      if (users.has(coding.getAttribute('creatingUser'))) attributed++;
      const codeRef = read.elements('CodeRef').find((ref) => ref.parentNode === coding)!;
      expect(codeRef.getAttribute('targetGUID')).toBe(application.code_id);
      const owner = coding.parentNode as Element;
      if (application.excerpt_text === null) {
        expect(['TextSource', 'Note', 'PlainTextSelection']).toContain(owner.localName);
        continue;
      }
      expect(owner.localName).toBe('PlainTextSelection');
      const container = owner.parentNode as Element;
      const quoted = codePoints(read.textOf(container), Number(owner.getAttribute('startPosition')), Number(owner.getAttribute('endPosition')));
      expect(quoted).toBe(application.excerpt_text);
    }
    expect(attributed).toBe(applications.length);

    const links = all<{ id: string; reflection_id: string }>(`SELECT id, reflection_id FROM prompt_links WHERE project_id = ? AND deleted_at IS NULL`);
    for (const link of links) expect(read.byGuid.get(link.id)?.getAttribute('targetGUID')).toBe(link.reflection_id);
  });
});
