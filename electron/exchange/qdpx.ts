import { inflateRawSync } from 'node:zlib';
import type { Db } from '../../db/connection.js';
import { createConsentFilter, speakerLabel, type HeldBackEntry } from '../exports/consent-filter.js';
import { loadProjectSnapshot, type Row } from '../exports/snapshot.js';
import type { Mapped, Pseudonymiser } from '../exports/pseudonymise.js';
import { APP_VERSION } from '../version.js';
import {
  codePointLength,
  datePart,
  derivedGuid,
  DIALOGUE_KINDS,
  fileSlug,
  findCodePoints,
  PHASE_NAMES,
  PHASES,
  pseudonymiserFor,
  SECTOR_NAMES,
  shorten,
  sliceCodePoints,
} from './common.js';
import { XmlWriter } from './xml.js';
import { ZipWriter } from './zip.js';

/**
 * REFI-QDA export (.qdpx, QDA-XML 1.0), so an inquiry can be analysed further in NVivo, ATLAS.ti, MAXQDA,
 * QualCoder and other tools. The mapping:
 *
 * - field notes, phase entries and dialogues → TextSources whose plain text is a file in `sources/`
 *   (a dialogue's text is its turns as "Speaker: text" lines; its summary, if any, follows after a blank
 *   line under "Summary:", so passages quoted from a summary keep their place);
 * - each turn → a PlainTextSelection of its dialogue (GUID = the turn's id), each quoted passage → a
 *   PlainTextSelection, positions in code points of the exported (pseudonymised) text;
 * - reflections → Notes, referenced (NoteRef) from the selection or source that prompted them and joined
 *   to it by a one-way Link (evidence → reflection; the link's comment is its name);
 * - codes → the CodeBook (hierarchy, colours), code applications → Codings on sources or selections;
 * - cycles and each cycle's phases → Sets of sources and notes;
 * - stakeholders → Cases (named by pseudonym) with their sector as a Variable, linked to the sources
 *   they took part in and the turns they spoke; team members → Users.
 *
 * Readers expect to know who made each element (QualCoder, for one, files a coding under the selection's
 * `creatingUser` and drops what it cannot attribute), so every element that may carry creatingUser and
 * creationDateTime carries them. The journal does not record who wrote each row: a single-researcher inquiry's
 * one team member is named as the author of everything; otherwise a user named for the journal is.
 *
 * GUIDs are our UUIDs; elements we add (a passage's selection, a phase's set) get GUIDs derived from them
 * (UUIDv5), so a second export of the same data has the same GUIDs. Pseudonymised unless real names are chosen.
 */
export interface QdpxResult {
  file_name: string;
  media_type: string;
  bytes: Uint8Array;
  /** project.qde as written, for tests and validation. */
  qde: string;
  /** Whose turns and passages consent kept out (each such turn's text is the marker). */
  held_back: HeldBackEntry[];
}

interface Selection {
  guid: string;
  name: string;
  start: number;
  end: number;
  createdAt: string;
  codings: Coding[];
  noteRefs: string[];
}

interface Coding {
  guid: string;
  codeId: string;
  createdAt: string;
}

interface Container {
  guid: string;
  name: string;
  description: string;
  plainText: string;
  /** Notes (reflections) keep their text inline; sources point at a file in sources/. */
  isNote: boolean;
  createdAt: string;
  modifiedAt: string;
  selections: Selection[];
  codings: Coding[];
  noteRefs: string[];
  cycleId: string | null;
  phase: string | null;
}

/** Where an event lives in the export and how its code-point offsets move there. */
interface Target {
  container: Container;
  /** A turn: its own selection in the dialogue's text. */
  whole?: Selection;
  /** The event's text as stored, where excerpts were measured. */
  original: string;
  /** Stored offset → offset in the container's exported plain text. */
  locate(offset: number, bias: 'start' | 'end'): number;
  /** A turn whose words consent holds back: passages in it fall back to the turn's own selection (the marker). */
  heldBy?: string;
}

const str = (row: Row, column: string): string => (row[column] === null || row[column] === undefined ? '' : String(row[column]));
const nullable = (row: Row, column: string): string | null => (row[column] === null || row[column] === undefined ? null : String(row[column]));

export function buildQdpx(db: Db, projectId: string, options: { realNames?: boolean; now?: Date } = {}): QdpxResult | undefined {
  const snapshot = loadProjectSnapshot(db, projectId);
  if (!snapshot) return undefined;
  const pseudo = pseudonymiserFor(db, projectId, options.realNames === true);
  const text = (value: string) => pseudo.text(value);
  const project = snapshot.project;
  const consent = createConsentFilter(snapshot.consent);

  const cycleById = new Map(snapshot.cycles.map((cycle) => [str(cycle, 'id'), cycle]));
  const cycleName = (cycleId: string | null) => {
    const cycle = cycleId ? cycleById.get(cycleId) : undefined;
    if (!cycle) return '';
    const title = text(str(cycle, 'title'));
    return `Cycle ${str(cycle, 'ordinal')}${title ? `: ${title}` : ''}`;
  };
  const placing = (row: Row) =>
    [cycleName(nullable(row, 'cycle_id')), row.phase ? PHASE_NAMES[str(row, 'phase')] : ''].filter(Boolean).join(' · ');

  const containers: Container[] = [];
  const notes: Container[] = [];
  const targets = new Map<string, Target>();
  const key = (type: string, id: string) => `${type}:${id}`;

  const newContainer = (row: Row, fields: Partial<Container> & Pick<Container, 'name' | 'plainText' | 'description'>, isNote = false): Container => ({
    guid: str(row, 'id'),
    isNote,
    createdAt: str(row, 'created_at'),
    modifiedAt: str(row, 'updated_at') || str(row, 'created_at'),
    selections: [],
    codings: [],
    noteRefs: [],
    cycleId: nullable(row, 'cycle_id'),
    phase: nullable(row, 'phase'),
    ...fields,
  });
  const simpleTarget = (container: Container, original: string, mapped: Mapped): Target => ({
    container,
    original,
    locate: (offset, bias) => mapped.mapOffset(offset, bias),
  });

  // Field notes.
  for (const note of snapshot.field_notes) {
    const body = str(note, 'body');
    const mapped = pseudo.mapped(body);
    const title = text(str(note, 'title'));
    const when = str(note, 'occurred_at');
    const description = [
      `Field note, ${when}`,
      placing(note),
      note.place ? `Place: ${text(str(note, 'place'))}` : '',
      `Recorded ${str(note, 'recorded_at')}`,
    ]
      .filter(Boolean)
      .join('\n');
    const container = newContainer(note, { name: title || `Field note ${datePart(when)}`, plainText: mapped.text, description });
    containers.push(container);
    targets.set(key('field_note', container.guid), simpleTarget(container, body, mapped));
  }

  // Phase entries.
  for (const entry of snapshot.phase_entries) {
    const body = str(entry, 'body');
    const mapped = pseudo.mapped(body);
    const when = str(entry, 'occurred_at');
    const phase = PHASE_NAMES[str(entry, 'phase')] ?? str(entry, 'phase');
    const author = text(str(entry, 'author'));
    const description = [`${phase} entry, ${when}`, placing(entry), author ? `Author: ${author}` : ''].filter(Boolean).join('\n');
    const container = newContainer(entry, {
      name: `${cycleName(nullable(entry, 'cycle_id')) || 'Cycle'} · ${phase} · ${datePart(when)}`,
      plainText: mapped.text,
      description,
    });
    containers.push(container);
    targets.set(key('phase_entry', container.guid), simpleTarget(container, body, mapped));
  }

  // Dialogues: turns as "Speaker: text" lines, then the summary.
  const turnsByDialogue = new Map<string, Row[]>();
  for (const turn of snapshot.turns) {
    const list = turnsByDialogue.get(str(turn, 'dialogue_id')) ?? [];
    list.push(turn);
    turnsByDialogue.set(str(turn, 'dialogue_id'), list);
  }
  const turnSpeaker = new Map<string, string | null>();
  for (const dialogue of snapshot.dialogues) {
    const id = str(dialogue, 'id');
    const turns = (turnsByDialogue.get(id) ?? []).sort((a, b) => Number(a.position) - Number(b.position));
    let plain = '';
    let length = 0;
    const append = (piece: string) => {
      plain += piece;
      length += codePointLength(piece);
    };
    const turnTargets: { row: Row; start: number; mapped: Mapped; selection: Selection }[] = [];
    turns.forEach((turn, index) => {
      if (index > 0) append('\n');
      const speakerId = nullable(turn, 'speaker_id');
      const speaker = speakerLabel(consent, speakerId, pseudo.nameOf(speakerId));
      append(`${speaker}: `);
      // A held-back turn keeps its place (and its selection) with the marker as its text.
      const mapped = pseudo.mapped(consent.turnText(str(turn, 'id'), speakerId, str(turn, 'text')));
      const start = length;
      append(mapped.text);
      const selection: Selection = {
        guid: str(turn, 'id'),
        name: `${speaker}, turn ${index + 1}`,
        start,
        end: length,
        createdAt: str(turn, 'created_at') || str(dialogue, 'created_at'),
        codings: [],
        noteRefs: [],
      };
      turnTargets.push({ row: turn, start, mapped, selection });
      turnSpeaker.set(str(turn, 'id'), nullable(turn, 'speaker_id'));
    });
    const summary = str(dialogue, 'summary');
    const mappedSummary = pseudo.mapped(summary);
    let summaryStart = 0;
    if (summary.trim()) {
      append(turns.length > 0 ? '\n\nSummary:\n' : 'Summary:\n');
      summaryStart = length;
      append(mappedSummary.text);
    }
    const kind = DIALOGUE_KINDS[str(dialogue, 'kind')] ?? str(dialogue, 'kind');
    const when = str(dialogue, 'occurred_at');
    const description = [
      `${kind}, ${when}`,
      placing(dialogue),
      dialogue.place ? `Place: ${text(str(dialogue, 'place'))}` : '',
      dialogue.decisions ? `Decisions: ${text(str(dialogue, 'decisions'))}` : '',
      dialogue.follow_ups ? `Follow-ups: ${text(str(dialogue, 'follow_ups'))}` : '',
    ]
      .filter(Boolean)
      .join('\n');
    const title = text(str(dialogue, 'title'));
    const container = newContainer(dialogue, { name: title || `${kind} ${datePart(when)}`, plainText: plain, description });
    containers.push(container);
    targets.set(key('dialogue', id), {
      container,
      original: summary,
      locate: (offset, bias) => summaryStart + mappedSummary.mapOffset(offset, bias),
    });
    for (const turn of turnTargets) {
      container.selections.push(turn.selection);
      targets.set(key('turn', turn.selection.guid), {
        container,
        whole: turn.selection,
        original: str(turn.row, 'text'),
        locate: (offset, bias) => turn.start + turn.mapped.mapOffset(offset, bias),
        ...(consent.mayQuote(nullable(turn.row, 'speaker_id')) ? {} : { heldBy: str(turn.row, 'speaker_id') }),
      });
    }
  }

  // Reflections as notes.
  for (const reflection of snapshot.reflections) {
    const body = str(reflection, 'body');
    const mapped = pseudo.mapped(body);
    const title = text(str(reflection, 'title'));
    const when = str(reflection, 'written_at');
    const mode = str(reflection, 'mode') === 'aboutness' ? 'Aboutness' : 'Withness';
    const description = [`${mode} reflection, written ${when}`, placing(reflection)].filter(Boolean).join('\n');
    const note = newContainer(reflection, { name: title || `Reflection ${datePart(when)}`, plainText: mapped.text, description }, true);
    note.createdAt = when;
    notes.push(note);
    targets.set(key('reflection', note.guid), simpleTarget(note, body, mapped));
  }

  /** The selection for a passage of an event (shared when two links or codings quote the same words), or the event itself. */
  const passageOrWhole = (
    target: Target,
    excerpt: { start: number | null; end: number | null; text: string | null },
    owner: Row,
  ): { element: Selection | Container; quoteLost: boolean } => {
    const ownerId = str(owner, 'id');
    const whole = target.whole ?? target.container;
    if (excerpt.start === null || excerpt.end === null || excerpt.text === null) return { element: whole, quoteLost: false };
    if (target.heldBy) {
      consent.holdPassage(ownerId, target.heldBy);
      return { element: whole, quoteLost: false };
    }
    let span: { start: number; end: number } | undefined = { start: excerpt.start, end: excerpt.end };
    if (sliceCodePoints(target.original, span.start, span.end) !== excerpt.text) span = findCodePoints(target.original, excerpt.text);
    if (!span) return { element: whole, quoteLost: true };
    const start = target.locate(span.start, 'start');
    const end = target.locate(span.end, 'end');
    if (end <= start) return { element: whole, quoteLost: true };
    const existing = target.container.selections.find((selection) => selection.start === start && selection.end === end && selection !== target.whole);
    if (existing) return { element: existing, quoteLost: false };
    const selection: Selection = {
      guid: derivedGuid(ownerId, 'passage'),
      name: `“${shorten(sliceCodePoints(target.container.plainText, start, end), 60)}”`,
      start,
      end,
      createdAt: str(owner, 'created_at'),
      codings: [],
      noteRefs: [],
    };
    target.container.selections.push(selection);
    return { element: selection, quoteLost: false };
  };

  // Prompt links: NoteRef on the evidence, and a one-way Link evidence → reflection.
  const reflectionIds = new Set(notes.map((note) => note.guid));
  const links: { guid: string; name: string; origin: string; target: string }[] = [];
  for (const link of snapshot.prompt_links) {
    const reflectionId = str(link, 'reflection_id');
    const target = targets.get(key(str(link, 'target_type'), str(link, 'target_id')));
    if (!target || !reflectionIds.has(reflectionId)) continue;
    const excerpt = { start: link.excerpt_start as number | null, end: link.excerpt_end as number | null, text: link.excerpt_text as string | null };
    const { element, quoteLost } = passageOrWhole(target, excerpt, link);
    if (!element.noteRefs.includes(reflectionId)) element.noteRefs.push(reflectionId);
    const comment = text(str(link, 'comment')).trim();
    const lost = quoteLost && excerpt.text ? ` (quoted: “${shorten(text(excerpt.text), 80)}”)` : '';
    links.push({ guid: str(link, 'id'), name: `${comment || 'Prompted the reflection'}${lost}`, origin: element.guid, target: reflectionId });
  }

  // Codings.
  const codeIds = new Set(snapshot.codes.map((code) => str(code, 'id')));
  for (const application of snapshot.code_applications) {
    const target = targets.get(key(str(application, 'target_type'), str(application, 'target_id')));
    const codeId = str(application, 'code_id');
    if (!target || !codeIds.has(codeId)) continue;
    const excerpt = {
      start: application.excerpt_start as number | null,
      end: application.excerpt_end as number | null,
      text: application.excerpt_text as string | null,
    };
    const { element } = passageOrWhole(target, excerpt, application);
    element.codings.push({ guid: str(application, 'id'), codeId, createdAt: str(application, 'created_at') });
  }

  // Stakeholders as cases.
  const sourcesOf = new Map<string, Set<string>>();
  const addSource = (stakeholderId: string, sourceId: string) => {
    const set = sourcesOf.get(stakeholderId) ?? new Set<string>();
    set.add(sourceId);
    sourcesOf.set(stakeholderId, set);
  };
  const exportedSources = new Set(containers.map((container) => container.guid));
  for (const row of snapshot.field_note_stakeholders) if (exportedSources.has(str(row, 'note_id'))) addSource(str(row, 'stakeholder_id'), str(row, 'note_id'));
  for (const row of snapshot.dialogue_participants) if (exportedSources.has(str(row, 'dialogue_id'))) addSource(str(row, 'stakeholder_id'), str(row, 'dialogue_id'));
  const sectorVariable = derivedGuid(str(project, 'id'), 'variable/sector');

  // Issue 14.4 (bounded memory): from here on, the events' rows and their stored texts are not needed (what the
  // XML says of them is in the containers), so they are let go before project.qde is written. Each source's text
  // is deflated into the archive now and let go too; project.qde is deflated as it is written, put before them.
  targets.clear();
  for (const rows of [snapshot.field_notes, snapshot.phase_entries, snapshot.dialogues, snapshot.turns, snapshot.prompt_links, snapshot.code_applications]) rows.length = 0;
  for (const rows of [snapshot.reflections, snapshot.field_note_stakeholders, snapshot.dialogue_participants, snapshot.attachments]) rows.length = 0;
  const encoder = new TextEncoder();
  const now = options.now ?? new Date();
  const zip = new ZipWriter(now);
  for (const container of containers) {
    zip.add({ path: `sources/${container.guid}.txt`, data: encoder.encode(container.plainText) });
    container.plainText = '';
  }

  // Write project.qde, each ~1 MB piece into the archive as it is made.
  const qde = zip.begin('project.qde', { first: true });
  const xml = new XmlWriter((piece) => qde.write(piece));
  const description = [text(str(project, 'concern')), project.setting ? `Setting: ${text(str(project, 'setting'))}` : '']
    .filter(Boolean)
    .join('\n\n');
  const users = exportUsers(snapshot.team_members, str(project, 'id'), text);
  const author = users[0]!.guid;
  xml.open('Project', {
    xmlns: 'urn:QDA-XML:project:1.0',
    name: text(str(project, 'title')),
    origin: `Withness ${APP_VERSION}`,
    creatingUserGUID: author,
    creationDateTime: str(project, 'created_at'),
    modifyingUserGUID: author,
    modifiedDateTime: str(project, 'updated_at'),
  });

  xml.open('Users');
  for (const user of users) xml.empty('User', user);
  xml.close('Users');

  if (snapshot.codes.length > 0) {
    const children = new Map<string | null, Row[]>();
    for (const code of snapshot.codes) {
      const parent = nullable(code, 'parent_id');
      const parentKey = parent && codeIds.has(parent) ? parent : null;
      const list = children.get(parentKey) ?? [];
      list.push(code);
      children.set(parentKey, list);
    }
    const writeCode = (code: Row) => {
      const id = str(code, 'id');
      const kids = children.get(id) ?? [];
      const codeDescription = text(str(code, 'description'));
      const attributes = { guid: id, name: text(str(code, 'name')), isCodable: true, color: str(code, 'color') };
      if (kids.length === 0 && !codeDescription) {
        xml.empty('Code', attributes);
        return;
      }
      xml.open('Code', attributes);
      if (codeDescription) xml.text('Description', codeDescription);
      kids.forEach(writeCode);
      xml.close('Code');
    };
    xml.open('CodeBook').open('Codes');
    (children.get(null) ?? []).forEach(writeCode);
    xml.close('Codes').close('CodeBook');
  }

  if (snapshot.stakeholders.length > 0) {
    xml.open('Variables').open('Variable', { guid: sectorVariable, name: 'Sector', typeOfVariable: 'Text' });
    xml.text('Description', 'The sector a stakeholder belongs to: public, private, voluntary, citizen, researcher or other.');
    xml.close('Variable').close('Variables');

    const turnsBySpeaker = new Map<string | null, string[]>();
    for (const [turnId, speakerId] of turnSpeaker) {
      const list = turnsBySpeaker.get(speakerId);
      if (list) list.push(turnId);
      else turnsBySpeaker.set(speakerId, [turnId]);
    }
    xml.open('Cases');
    // People who may not even be named are no case; their held-back turns stay anonymous selections.
    for (const person of snapshot.stakeholders.filter((row) => consent.mayName(str(row, 'id')))) {
      const id = str(person, 'id');
      xml.open('Case', { guid: id, name: pseudo.nameOf(id) });
      const about = [text(str(person, 'role')), text(str(person, 'organisation'))].filter(Boolean).join(', ');
      if (about) xml.text('Description', about);
      xml.open('VariableValue').empty('VariableRef', { targetGUID: sectorVariable });
      xml.text('TextValue', SECTOR_NAMES[str(person, 'sector')] ?? str(person, 'sector'));
      xml.close('VariableValue');
      for (const sourceId of sourcesOf.get(id) ?? []) xml.empty('SourceRef', { targetGUID: sourceId });
      for (const turnId of turnsBySpeaker.get(id) ?? []) xml.empty('SelectionRef', { targetGUID: turnId });
      xml.close('Case');
    }
    xml.close('Cases');
  }

  const writeSelections = (container: Container) => {
    for (const selection of [...container.selections].sort((a, b) => a.start - b.start || a.end - b.end)) {
      const attributes = {
        guid: selection.guid,
        name: selection.name,
        startPosition: selection.start,
        endPosition: selection.end,
        creatingUser: author,
        creationDateTime: selection.createdAt,
        modifyingUser: author,
        modifiedDateTime: selection.createdAt,
      };
      if (selection.codings.length === 0 && selection.noteRefs.length === 0) {
        xml.empty('PlainTextSelection', attributes);
        continue;
      }
      xml.open('PlainTextSelection', attributes);
      writeCodings(selection.codings);
      for (const noteId of selection.noteRefs) xml.empty('NoteRef', { targetGUID: noteId });
      xml.close('PlainTextSelection');
    }
  };
  const writeCodings = (codings: Coding[]) => {
    for (const coding of codings) {
      xml.open('Coding', { guid: coding.guid, creatingUser: author, creationDateTime: coding.createdAt });
      xml.empty('CodeRef', { targetGUID: coding.codeId });
      xml.close('Coding');
    }
  };
  const writeTextSource = (element: 'TextSource' | 'Note', container: Container) => {
    xml.open(element, {
      guid: container.guid,
      name: container.name,
      plainTextPath: container.isNote ? undefined : `internal://${container.guid}.txt`,
      creatingUser: author,
      creationDateTime: container.createdAt,
      modifyingUser: author,
      modifiedDateTime: container.modifiedAt,
    });
    if (container.description) xml.text('Description', container.description);
    if (container.isNote) xml.text('PlainTextContent', container.plainText);
    writeSelections(container);
    writeCodings(container.codings);
    for (const noteId of container.noteRefs) xml.empty('NoteRef', { targetGUID: noteId });
    xml.close(element);
  };

  if (containers.length > 0) {
    xml.open('Sources');
    for (const container of containers) writeTextSource('TextSource', container);
    xml.close('Sources');
  }
  if (notes.length > 0) {
    xml.open('Notes');
    for (const note of notes) writeTextSource('Note', note);
    xml.close('Notes');
  }
  if (links.length > 0) {
    xml.open('Links');
    for (const link of links) xml.empty('Link', { guid: link.guid, name: link.name, direction: 'OneWay', originGUID: link.origin, targetGUID: link.target });
    xml.close('Links');
  }

  // Cycles and their phases as sets.
  const sets: { guid: string; name: string; description: string; sources: string[]; notes: string[] }[] = [];
  // Members per cycle and per cycle and phase, in export order.
  const members = (list: Container[]) => {
    const byKey = new Map<string, string[]>();
    const add = (key: string, guid: string) => {
      const found = byKey.get(key);
      if (found) found.push(guid);
      else byKey.set(key, [guid]);
    };
    for (const container of list) {
      if (container.cycleId === null) continue;
      add(container.cycleId, container.guid);
      if (container.phase !== null) add(`${container.cycleId}/${container.phase}`, container.guid);
    }
    return (key: string) => byKey.get(key) ?? [];
  };
  const sourcesIn = members(containers);
  const notesIn = members(notes);
  for (const cycle of snapshot.cycles) {
    const cycleId = str(cycle, 'id');
    sets.push({
      guid: cycleId,
      name: cycleName(cycleId),
      description: text(str(cycle, 'focus')),
      sources: sourcesIn(cycleId),
      notes: notesIn(cycleId),
    });
    for (const phase of PHASES) {
      const sources = sourcesIn(`${cycleId}/${phase}`);
      const phaseNotes = notesIn(`${cycleId}/${phase}`);
      if (sources.length === 0 && phaseNotes.length === 0) continue;
      sets.push({ guid: derivedGuid(cycleId, `phase/${phase}`), name: `${cycleName(cycleId)} · ${PHASE_NAMES[phase]}`, description: '', sources, notes: phaseNotes });
    }
  }
  if (sets.length > 0) {
    xml.open('Sets');
    for (const set of sets) {
      xml.open('Set', { guid: set.guid, name: set.name });
      if (set.description) xml.text('Description', set.description);
      for (const id of set.sources) xml.empty('MemberSource', { targetGUID: id });
      for (const id of set.notes) xml.empty('MemberNote', { targetGUID: id });
      xml.close('Set');
    }
    xml.close('Sets');
  }

  if (description) xml.text('Description', description);
  xml.close('Project');

  xml.end();
  qde.end();
  const suffix = pseudo.enabled ? '' : '-real-names';
  const bytes = zip.finish();
  return {
    file_name: `${fileSlug(text(str(project, 'title')))}-${now.toISOString().slice(0, 10)}${suffix}.qdpx`,
    media_type: 'application/zip',
    bytes,
    held_back: consent.heldBack(),
    // Read back from the archive when asked (tests), rather than kept beside it: 160 MB on the large inquiry.
    get qde() {
      return firstEntryText(bytes);
    },
  };
}

/** The text of the first entry of an archive this module wrote (project.qde, deflated). */
function firstEntryText(zip: Uint8Array): string {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const start = 30 + view.getUint16(26, true) + view.getUint16(28, true);
  return inflateRawSync(zip.subarray(start, start + view.getUint32(18, true))).toString('utf8');
}

/**
 * The export's users, its author first: the one team member of a single-researcher inquiry, otherwise a user
 * named for the journal (its GUID derived from the project's, so it is the same in every export).
 */
function exportUsers(members: Row[], projectId: string, text: (value: string) => string): { guid: string; name: string }[] {
  const team = members.map((member) => ({ guid: str(member, 'id'), name: text(str(member, 'name')) }));
  if (team.length === 1) return team;
  return [{ guid: derivedGuid(projectId, 'user/journal'), name: 'Withness journal' }, ...team];
}

export type { Pseudonymiser };
