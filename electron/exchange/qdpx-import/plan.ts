import { CODE_PALETTE } from '../../../db/repositories/codes.js';
import type { Sector } from '../../../db/repositories/stakeholders.js';
import { codePointLength, SECTOR_NAMES, shorten, sliceCodePoints } from '../common.js';
import { child, children, refusedQdpx, type QdpxArchive, type XmlElement } from './read.js';

/**
 * What a .qdpx holds, in Withness's terms, before anything is written: the code book, text sources (each a field
 * note, or a dialogue when its text is a transcript of "Speaker: words" lines), notes (reflections), cases
 * (stakeholders), codings and note links anchored on a source or a passage of it, by code points. Whether a source
 * becomes a note or a dialogue is the researcher's choice at import; the plan keeps both readings.
 */
export interface PlannedCode {
  key: string;
  parentKey: string | null;
  name: string;
  color: string;
  description: string;
}

export interface PlannedCase {
  key: string;
  name: string;
  sector: Sector;
  description: string;
  sourceKeys: string[];
}

export interface PlannedTurn {
  speaker: string;
  text: string;
  /** Where the turn's words start and end in the source text, in code points. */
  start: number;
  end: number;
}

export interface Transcript {
  turns: PlannedTurn[];
  summary: string;
  summaryStart: number;
  speakers: string[];
}

export interface PlannedSource {
  key: string;
  name: string;
  text: string;
  createdAt: string | undefined;
  /** Set when the text reads as a transcript; the researcher may still import it as a note. */
  transcript: Transcript | undefined;
}

export interface PlannedNote {
  key: string;
  title: string;
  body: string;
  createdAt: string | undefined;
}

/** A whole source or note, or a passage of it (code points of its text). */
export interface Anchor {
  container: string;
  span?: { start: number; end: number };
}

export interface PlannedCoding {
  codeKey: string;
  at: Anchor;
}

export interface PlannedLink {
  noteKey: string;
  at: Anchor;
  comment: string;
}

export interface Skipped {
  what: string;
  reason: string;
}

export interface QdpxPlan {
  projectName: string;
  description: string;
  codes: PlannedCode[];
  cases: PlannedCase[];
  sources: PlannedSource[];
  notes: PlannedNote[];
  codings: PlannedCoding[];
  links: PlannedLink[];
  skipped: Skipped[];
}

/** The API's limit on one text (LongText); a longer source is refused rather than cut. */
export const MAX_TEXT = 2_000_000;
const UNKNOWN_SPEAKER = 'Unknown speaker';
const OTHER_SOURCES = ['PictureSource', 'PDFSource', 'AudioSource', 'VideoSource'];
const OUR_DEFAULT_LINK_NAME = 'Prompted the reflection';

export function planQdpx(archive: QdpxArchive): QdpxPlan {
  const project = archive.project;
  const skipped: Skipped[] = [];
  const codes = planCodes(project);
  const caseNames = new Set(children(child(project, 'Cases'), 'Case').map((element) => (element.attributes.name ?? '').trim().toLowerCase()));
  const sourcesElement = child(project, 'Sources');
  const sources: PlannedSource[] = [];
  const containers = new Map<string, { text: string; element: XmlElement; transcript?: Transcript }>();
  for (const element of children(sourcesElement, 'TextSource')) {
    const text = containerText(element, archive.files, skipped);
    if (text === undefined) continue;
    const key = element.attributes.guid!.toLowerCase();
    const transcript = readOwnTranscript(text, element) ?? readTranscript(text, caseNames);
    sources.push({ key, name: element.attributes.name?.trim() || 'Imported source', text, createdAt: timeOf(element), transcript });
    containers.set(key, { text, element, transcript });
  }
  for (const name of OTHER_SOURCES) {
    const count = children(sourcesElement, name).length;
    if (count > 0) skipped.push({ what: `${count} × ${name}`, reason: 'Withness imports text sources only.' });
  }
  const notes: PlannedNote[] = [];
  for (const element of children(child(project, 'Notes'), 'Note')) {
    const body = containerText(element, archive.files, skipped);
    if (body === undefined) continue;
    const key = element.attributes.guid!.toLowerCase();
    notes.push({ key, title: element.attributes.name?.trim() ?? '', body, createdAt: timeOf(element) });
    containers.set(key, { text: body, element });
  }
  const { codings, links } = planAnchored(project, containers, new Set(codes.map((code) => code.key)), new Set(notes.map((note) => note.key)), skipped);
  const setCount = children(child(project, 'Sets'), 'Set').length;
  if (setCount > 0) skipped.push({ what: `${setCount} × Set`, reason: 'sets have no counterpart in Withness (cycles are made in Withness itself).' });
  return {
    projectName: project.attributes.name?.trim() || 'Imported project',
    description: child(project, 'Description')?.text.trim() ?? '',
    codes,
    cases: planCases(project, new Set(containers.keys())),
    sources,
    notes,
    codings,
    links,
    skipped,
  };
}

function timeOf(element: XmlElement): string | undefined {
  const value = element.attributes.creationDateTime ?? element.attributes.modifiedDateTime;
  return value && !Number.isNaN(Date.parse(value)) ? new Date(value).toISOString() : undefined;
}

/** A source's or note's plain text: inline, or a file of the archive (internal://); external files are not carried. */
function containerText(element: XmlElement, files: QdpxArchive['files'], skipped: Skipped[]): string | undefined {
  const label = `${element.name} “${shorten(element.attributes.name ?? element.attributes.guid ?? '', 60)}”`;
  const inline = child(element, 'PlainTextContent');
  const path = element.attributes.plainTextPath;
  let text: string | undefined;
  if (inline) text = inline.text;
  else if (path?.startsWith('internal://')) {
    const name = path.slice('internal://'.length);
    const file = files.get(`sources/${name}`.toLowerCase());
    if (!file) throw refusedQdpx(`${label} names sources/${name}, which is not in the archive.`);
    text = new TextDecoder('utf-8').decode(file).replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  } else if (element.name === 'Note') {
    text = '';
  } else {
    skipped.push({ what: label, reason: path ? 'its text is a file outside the archive.' : 'it has no plain text (only rich text).' });
    return undefined;
  }
  if (codePointLength(text) > MAX_TEXT) throw refusedQdpx(`${label} has more than ${MAX_TEXT.toLocaleString('en')} characters, more than Withness keeps in one text.`);
  return text;
}

function planCodes(project: XmlElement): PlannedCode[] {
  const planned: PlannedCode[] = [];
  const visit = (element: XmlElement, parentKey: string | null) => {
    const key = element.attributes.guid!.toLowerCase();
    const color = /^#[0-9a-fA-F]{6}/.exec(element.attributes.color ?? '')?.[0] ?? CODE_PALETTE[planned.length % CODE_PALETTE.length]!;
    planned.push({ key, parentKey, name: shorten(element.attributes.name ?? '', 200) || 'Unnamed code', color, description: child(element, 'Description')?.text.trim() ?? '' });
    for (const sub of children(element, 'Code')) visit(sub, key);
  };
  for (const code of children(child(child(project, 'CodeBook') ?? { name: '', attributes: {}, children: [], text: '' }, 'Codes'), 'Code')) visit(code, null);
  return planned;
}

function planCases(project: XmlElement, containers: Set<string>): PlannedCase[] {
  const variables = new Map(children(child(project, 'Variables'), 'Variable').map((variable) => [variable.attributes.guid!.toLowerCase(), variable.attributes.name ?? '']));
  return children(child(project, 'Cases'), 'Case').map((element) => {
    let sector: Sector = 'other';
    for (const value of children(element, 'VariableValue')) {
      const variable = variables.get(child(value, 'VariableRef')?.attributes.targetGUID?.toLowerCase() ?? '');
      if (variable?.toLowerCase() !== 'sector') continue;
      sector = sectorOf(child(value, 'TextValue')?.text ?? '') ?? sector;
    }
    return {
      key: element.attributes.guid!.toLowerCase(),
      name: shorten(element.attributes.name ?? '', 200) || 'Unnamed case',
      sector,
      description: child(element, 'Description')?.text.trim() ?? '',
      sourceKeys: children(element, 'SourceRef')
        .map((ref) => ref.attributes.targetGUID!.toLowerCase())
        .filter((key) => containers.has(key)),
    };
  });
}

function sectorOf(value: string): Sector | undefined {
  const wanted = value.trim().toLowerCase();
  const found = Object.entries(SECTOR_NAMES).find(([key, name]) => key === wanted || name.toLowerCase() === wanted);
  return found?.[0] as Sector | undefined;
}

/** Codings and note references on sources, notes and their selections; a selection outside its text is left out. */
function planAnchored(
  project: XmlElement,
  containers: Map<string, { text: string; element: XmlElement; transcript?: Transcript }>,
  codeKeys: Set<string>,
  noteKeys: Set<string>,
  skipped: Skipped[],
): { codings: PlannedCoding[]; links: PlannedLink[] } {
  const codings: PlannedCoding[] = [];
  const links: PlannedLink[] = [];
  const anchors = new Map<string, Anchor>();
  let outside = 0;
  const take = (owner: XmlElement, at: Anchor) => {
    anchors.set(owner.attributes.guid!.toLowerCase(), at);
    for (const coding of children(owner, 'Coding')) {
      const codeKey = child(coding, 'CodeRef')?.attributes.targetGUID?.toLowerCase();
      if (codeKey && codeKeys.has(codeKey)) codings.push({ codeKey, at });
    }
    for (const ref of children(owner, 'NoteRef')) {
      const noteKey = ref.attributes.targetGUID!.toLowerCase();
      if (noteKeys.has(noteKey) && noteKey !== at.container) links.push({ noteKey, at, comment: '' });
    }
  };
  for (const [key, { text, element, transcript }] of containers) {
    take(element, { container: key });
    const length = codePointLength(text);
    for (const selection of children(element, 'PlainTextSelection')) {
      const start = Number(selection.attributes.startPosition);
      const end = Number(selection.attributes.endPosition);
      // An empty turn's own selection is empty too, and still the anchor of what was coded or noted on that turn.
      const emptyTurn = start === end && transcript?.turns.some((turn) => turn.start === start && turn.end === end) === true;
      if (!(start >= 0 && (end > start || emptyTurn) && end <= length)) {
        outside++;
        continue;
      }
      take(selection, { container: key, span: { start, end } });
    }
  }
  if (outside > 0) skipped.push({ what: `${outside} selection${outside === 1 ? '' : 's'}`, reason: 'they point outside their source’s text.' });
  for (const link of children(child(project, 'Links'), 'Link')) {
    const at = anchors.get(link.attributes.originGUID?.toLowerCase() ?? '');
    const noteKey = link.attributes.targetGUID?.toLowerCase() ?? '';
    if (!at || !noteKeys.has(noteKey) || at.container === noteKey) continue;
    const name = link.attributes.name?.trim() ?? '';
    const comment = name.startsWith(OUR_DEFAULT_LINK_NAME) ? '' : name;
    const existing = links.find((planned) => planned.noteKey === noteKey && sameAnchor(planned.at, at));
    if (existing) existing.comment ||= comment;
    else links.push({ noteKey, at, comment });
  }
  return { codings, links };
}

function sameAnchor(a: Anchor, b: Anchor): boolean {
  return a.container === b.container && a.span?.start === b.span?.start && a.span?.end === b.span?.end;
}

const TURN_SELECTION = /^(.+), turn ([1-9][0-9]*)$/su;

/**
 * A dialogue as Withness's own export writes it, read from its structure rather than guessed from its text: one
 * PlainTextSelection per turn named "Speaker, turn N" (N = 1, 2, …), each covering exactly the words after a
 * "Speaker: " line start, turns back to back, then nothing or "\n\nSummary:\n" and the summary. Text alone cannot
 * tell a one-turn dialogue from a note with one "Heading: value" line, nor a turn's own "Agenda: …" lines from new
 * turns; the selections can, and files from other tools never line up with all of this, so they are read as before.
 */
export function readOwnTranscript(text: string, element: XmlElement): Transcript | undefined {
  const numbered: { speaker: string; number: number; start: number; end: number }[] = [];
  for (const selection of children(element, 'PlainTextSelection')) {
    const match = TURN_SELECTION.exec(selection.attributes.name ?? '');
    if (!match) continue;
    numbered.push({ speaker: match[1]!, number: Number(match[2]), start: Number(selection.attributes.startPosition), end: Number(selection.attributes.endPosition) });
  }
  if (numbered.length === 0) return undefined;
  numbered.sort((a, b) => a.number - b.number);
  const points = Array.from(text);
  const at = (start: number, end: number) => points.slice(start, end).join('');
  const turns: PlannedTurn[] = [];
  let offset = 0;
  for (const [index, turn] of numbered.entries()) {
    if (turn.number !== index + 1) return undefined;
    const label = `${index > 0 ? '\n' : ''}${turn.speaker}: `;
    const labelLength = codePointLength(label);
    if (turn.start !== offset + labelLength || !(turn.end >= turn.start) || turn.end > points.length) return undefined;
    if (at(offset, turn.start) !== label) return undefined;
    turns.push({ speaker: turn.speaker, text: at(turn.start, turn.end), start: turn.start, end: turn.end });
    offset = turn.end;
  }
  const rest = at(offset, points.length);
  const SUMMARY = '\n\nSummary:\n';
  if (rest !== '' && !rest.startsWith(SUMMARY)) return undefined;
  const summaryStart = rest === '' ? points.length : offset + SUMMARY.length;
  return { turns, summary: at(summaryStart, points.length), summaryStart, speakers: [...new Set(turns.map((turn) => turn.speaker))] };
}

const SPEAKER_LINE = /^([^\s:][^:\n]{0,59}):[ \t]+(\S.*)$/u;

/**
 * Reads a text as a transcript when nearly every line is "Speaker: words" (continuation lines join the turn
 * above; a "Summary:" line starts the dialogue's summary, as Withness's own export writes it) and the labels look
 * like speakers — a case of the project, or a label that speaks more than once — rather than a list of
 * "Heading: value" lines. Returns undefined for anything else.
 */
export function readTranscript(text: string, caseNames: ReadonlySet<string> = new Set()): Transcript | undefined {
  const turns: PlannedTurn[] = [];
  let offset = 0;
  let speakerLines = 0;
  let otherLines = 0;
  let summaryStart: number | undefined;
  for (const line of text.split('\n')) {
    const lineLength = codePointLength(line);
    const lineStart = offset;
    offset += lineLength + 1;
    if (line.trim() === '') continue;
    if (line.trim() === 'Summary:' && turns.length > 0) {
      summaryStart = offset;
      break;
    }
    const match = SPEAKER_LINE.exec(line);
    if (match) {
      speakerLines++;
      const start = lineStart + codePointLength(line) - codePointLength(match[2]!);
      turns.push({ speaker: match[1]!.trim(), text: '', start, end: lineStart + lineLength });
    } else if (turns.length > 0) {
      otherLines++;
      turns[turns.length - 1]!.end = lineStart + lineLength;
    } else {
      return undefined;
    }
  }
  if (turns.length < 2 || speakerLines < 0.7 * (speakerLines + otherLines)) return undefined;
  const spoken = new Map<string, number>();
  for (const turn of turns) spoken.set(turn.speaker, (spoken.get(turn.speaker) ?? 0) + 1);
  const speakerLike = turns.filter((turn) => isUnknownSpeaker(turn.speaker) || caseNames.has(turn.speaker.toLowerCase()) || spoken.get(turn.speaker)! > 1);
  if (speakerLike.length < 0.5 * turns.length) return undefined;
  for (const turn of turns) turn.text = sliceCodePoints(text, turn.start, turn.end);
  const speakers = [...spoken.keys()];
  if (speakers.length > 50) return undefined;
  const start = summaryStart ?? codePointLength(text);
  return { turns, summary: summaryStart === undefined ? '' : sliceCodePoints(text, start, codePointLength(text)), summaryStart: start, speakers };
}

export function isUnknownSpeaker(label: string): boolean {
  return label === UNKNOWN_SPEAKER;
}
