/** The shape of the fictional demo inquiry as typed data; db/demo/build.ts turns it into rows. */
export type DemoPhase = 'plan' | 'act' | 'observe' | 'reflect';
export type DemoSector = 'public' | 'private' | 'voluntary' | 'citizen' | 'researcher' | 'other';
export type DemoConsent = 'unknown' | 'pending' | 'given' | 'declined' | 'withdrawn';
export type DemoDialogueKind = 'workshop' | 'meeting' | 'interview' | 'co_creation' | 'informal';

export interface DemoProject {
  title: string;
  concern: string;
  setting: string;
  started_on: string;
  team: { name: string; role: string }[];
}

export interface DemoStakeholder {
  key: string;
  pseudonym: string;
  /** Invented, but treated as confidential like any real name. */
  real_name: string;
  aliases: string[];
  sector: DemoSector;
  organisation: string;
  role: string;
  consent_status: DemoConsent;
  /** What they agreed to (migration 004); quote when left out. */
  consent_use?: 'quote' | 'describe' | 'none';
  /** How their consent came to stand, oldest first, before the state above (the consent register shows it). */
  consent_history?: { status: DemoConsent; consent_use: 'quote' | 'describe' | 'none'; scope_note: string }[];
  consent_date: string | null;
  consent_scope: string;
  notes: string;
}

export interface DemoCode {
  key: string;
  parent?: string;
  name: string;
  color: string;
  description: string;
}

/** A code applied to a whole event, or to a passage of it when `quote` is given. */
export interface DemoCodeUse {
  code: string;
  quote?: string;
}

export interface DemoPhaseEntry {
  key: string;
  phase: DemoPhase;
  author: string;
  /** ISO-8601 time (UTC). */
  at: string;
  body: string;
}

export interface DemoCycle {
  key: string;
  ordinal: number;
  title: string;
  focus: string;
  status: 'open' | 'closed';
  current_phase: DemoPhase;
  started_on: string;
  ended_on: string | null;
  entries: DemoPhaseEntry[];
}

export interface DemoNote {
  key: string;
  cycle: string;
  phase: DemoPhase;
  title: string;
  place: string;
  at: string;
  /** Minutes between the event and writing it down. */
  recorded_after: number;
  body: string;
  stakeholders: string[];
  codes?: DemoCodeUse[];
}

export interface DemoTurn {
  /** A participant's key, or null when the speaker is not known. */
  speaker: string | null;
  text: string;
  codes?: DemoCodeUse[];
}

export interface DemoDialogue {
  key: string;
  cycle: string;
  phase: DemoPhase;
  kind: DemoDialogueKind;
  title: string;
  at: string;
  place: string;
  participants: string[];
  summary: string;
  decisions: string;
  follow_ups: string;
  turns: DemoTurn[];
}

/** What a reflection points at: a note, a dialogue, one turn (dialogue key + index from 0), a phase entry or a reflection. */
export type DemoTarget =
  | { note: string }
  | { dialogue: string }
  | { turn: [dialogue: string, index: number] }
  | { entry: string }
  | { reflection: string };

export interface DemoLink {
  target: DemoTarget;
  /** A passage of the target's text (a dialogue's summary); offsets are computed from it. */
  quote?: string;
  comment?: string;
}

export interface DemoReflection {
  key: string;
  cycle: string;
  phase: DemoPhase;
  mode: 'withness' | 'aboutness';
  title: string;
  at: string;
  body: string;
  links: DemoLink[];
}

export interface DemoContent {
  project: DemoProject;
  stakeholders: DemoStakeholder[];
  codes: DemoCode[];
  cycles: DemoCycle[];
  notes: DemoNote[];
  dialogues: DemoDialogue[];
  reflections: DemoReflection[];
}
