import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../../../db/connection.js';
import { addAttachment } from '../../../db/repositories/attachments.js';
import { createCode } from '../../../db/repositories/codes.js';
import { insertCoding } from '../../../db/repositories/coding.js';
import { addTurn, createDialogue, trashTurn, updateTurn } from '../../../db/repositories/dialogues.js';
import { insertLink } from '../../../db/repositories/links.js';
import { createNote, updateNote } from '../../../db/repositories/notes.js';
import { createProject } from '../../../db/repositories/projects.js';
import { createReflection } from '../../../db/repositories/reflections.js';
import { createStakeholder } from '../../../db/repositories/stakeholders.js';

/**
 * An inquiry with one person to withdraw (Zorvath Quillane, alias "Quimbly", pseudonym Ravnkilde) and one who stays
 * (Bo). Unique strings are planted where erasure must reach them: in what they said (a live turn, an edited turn's
 * earlier version, a trashed turn), in their names, and in a prompt link's quote of their turn.
 */
export const PLANTED = {
  turn: 'Xylofantrisk',
  earlierTurn: 'Brumblewocket',
  trashedTurn: 'Snorkelvandt',
  realName: 'Zorvath',
  surname: 'Quillane',
  alias: 'Quimbly',
  pseudonym: 'Ravnkilde',
  quote: 'Gribbelfjord',
  attachment: 'Plonkerhus',
} as const;

export interface Seeded {
  projectId: string;
  personId: string;
  otherId: string;
  dialogueId: string;
  turnIds: string[];
  otherTurnId: string;
  noteId: string;
  reflectionId: string;
  citingLinkId: string;
  noteLinkId: string;
}

export function seedWithdrawal(db: Db): Seeded {
  const projectId = createProject(db, { title: 'Egeby loneliness' }).id;
  const person = createStakeholder(db, {
    project_id: projectId,
    pseudonym: PLANTED.pseudonym,
    real_name: `${PLANTED.realName} ${PLANTED.surname}`,
    aliases: [PLANTED.alias],
    sector: 'citizen',
    organisation: 'Egeby Allotments',
    consent_status: 'given',
    consent_scope: `Interview with ${PLANTED.realName}, may be quoted`,
    notes: 'Met at the allotments',
  });
  const other = createStakeholder(db, { project_id: projectId, pseudonym: 'Bo', real_name: 'Bo Hansen', sector: 'public', consent_status: 'given' });
  const dialogue = createDialogue(
    db,
    { project_id: projectId, kind: 'workshop', title: 'Workshop at the library', summary: `${PLANTED.realName} ${PLANTED.surname} led the round.` },
    [person.id, other.id],
  );
  const spoken = addTurn(db, projectId, { dialogue_id: dialogue.id, speaker_id: person.id, text: `At first it was ${PLANTED.earlierTurn} for me.` });
  updateTurn(db, spoken.id, { text: `I felt ${PLANTED.turn} and said ${PLANTED.quote} out loud.` });
  const trashed = addTurn(db, projectId, { dialogue_id: dialogue.id, speaker_id: person.id, text: `Something ${PLANTED.trashedTurn}.` });
  trashTurn(db, trashed.id);
  const otherTurn = addTurn(db, projectId, { dialogue_id: dialogue.id, speaker_id: other.id, text: `I agree with ${PLANTED.alias}; the room was cold.` });
  const note = createNote(db, {
    project_id: projectId,
    title: 'After the workshop',
    body: `${PLANTED.pseudonym} stayed to talk about the garden.`,
    stakeholder_ids: [person.id],
  });
  updateNote(db, note.id, { body: `${PLANTED.pseudonym} (${PLANTED.realName}) stayed to talk about the garden.` });
  addAttachment(db, {
    project_id: projectId,
    owner_type: 'field_note',
    owner_id: note.id,
    file_name: 'garden.txt',
    media_type: 'text/plain',
    content: Buffer.from(`${PLANTED.attachment} garden plan`),
  });
  const reflection = createReflection(db, { project_id: projectId, title: 'What the cold room taught us', body: 'Being with the group, I noticed how we waited.' });
  const start = [...`I felt ${PLANTED.turn} and said `].length;
  const citingLink = insertLink(db, {
    project_id: projectId,
    reflection_id: reflection.id,
    target_type: 'turn',
    target_id: spoken.id,
    excerpt: { start, end: start + PLANTED.quote.length, text: PLANTED.quote },
    comment: 'The moment it turned',
  });
  const noteLink = insertLink(db, { project_id: projectId, reflection_id: reflection.id, target_type: 'field_note', target_id: note.id });
  const code = createCode(db, { project_id: projectId, name: 'Cold' });
  insertCoding(db, { project_id: projectId, code_id: code.id, target_type: 'turn', target_id: spoken.id });
  return {
    projectId,
    personId: person.id,
    otherId: other.id,
    dialogueId: dialogue.id,
    turnIds: [spoken.id, trashed.id],
    otherTurnId: otherTurn.id,
    noteId: note.id,
    reflectionId: reflection.id,
    citingLinkId: citingLink.id,
    noteLinkId: noteLink.id,
  };
}

/** Every file under a folder (the journal, -wal, -shm, backups…), recursively. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/**
 * How often each planted string occurs in each file's bytes: as written (UTF-8) and lower-cased (how FTS5 keeps a
 * token). Returns per string the files it was found in with their counts.
 */
export function scanBytes(files: readonly string[], needles: readonly string[]): Record<string, Record<string, number>> {
  const found: Record<string, Record<string, number>> = {};
  const contents = files.map((file) => ({ file, bytes: readFileSync(file) }));
  for (const needle of needles) {
    found[needle] = {};
    for (const form of new Set([needle, needle.toLowerCase()])) {
      const pattern = Buffer.from(form, 'utf8');
      for (const { file, bytes } of contents) {
        let count = 0;
        for (let at = bytes.indexOf(pattern); at !== -1; at = bytes.indexOf(pattern, at + 1)) count += 1;
        if (count > 0) found[needle]![file] = (found[needle]![file] ?? 0) + count;
      }
    }
  }
  return found;
}

export function total(found: Record<string, number>): number {
  return Object.values(found).reduce((sum, count) => sum + count, 0);
}
