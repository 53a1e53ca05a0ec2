import type { Db } from '../../db/connection.js';
import type { ConsentStatus, ConsentUse } from '../../db/repositories/stakeholders.js';

/**
 * What consent lets an export do with one person's words (issue 11; the rule is the lead's, schema-shared.md):
 * - 'quote': consent given, use 'quote' — their turns and the passages quoted from them appear as written;
 * - 'describe': consent given, use 'describe' — they may be named and described (as a participant, in the appendix),
 *   but their own words are replaced by the marker;
 * - 'leave_out': anything else (unknown, pending, declined, withdrawn, or use 'none') — their words are replaced by
 *   the marker and they are not listed anywhere. Privacy by default: no recorded consent means no use.
 *
 * Every export that holds turns or passages (reports, .qdpx, the review page) asks one ConsentFilter, and tells it
 * what it held back, so the export preview lists exactly what the file leaves out.
 */
export type ConsentDecision = 'quote' | 'describe' | 'leave_out';

export function consentDecision(status: string | null | undefined, use: string | null | undefined): ConsentDecision {
  if (status !== 'given') return 'leave_out';
  if (use === 'quote') return 'quote';
  if (use === 'describe') return 'describe';
  return 'leave_out';
}

export type ConsentLanguage = 'en' | 'da';

/** The text that stands where a person's words were held back. */
export const NOT_QUOTED_MARKER: Record<ConsentLanguage, string> = {
  en: '[not quoted: consent]',
  da: '[ikke citeret: samtykke]',
};

/** How a speaker who may not even be named is shown, where a format needs a speaker. */
const UNNAMED_SPEAKER: Record<ConsentLanguage, string> = {
  en: 'Participant',
  da: 'Deltager',
};

/** A stakeholder's consent as exports read it (live and trashed people alike: old turns may name either). */
export interface ConsentSource {
  id: string;
  pseudonym: string;
  consent_status: ConsentStatus;
  consent_use: ConsentUse;
}

/** Every stakeholder of a project with their consent, read inside the export's snapshot transaction. */
export function loadConsentSources(db: Db, projectId: string): ConsentSource[] {
  return db
    .prepare(`SELECT id, pseudonym, consent_status, consent_use FROM stakeholders WHERE project_id = ? ORDER BY id`)
    .all(projectId) as ConsentSource[];
}

/** One person whose words an export held back: by pseudonym only (the preview never shows a real name). */
export interface HeldBackEntry {
  stakeholder_id: string;
  pseudonym: string;
  decision: Exclude<ConsentDecision, 'quote'>;
  consent_status: ConsentStatus | 'gone';
  consent_use: ConsentUse | 'gone';
  /** Turns whose text was replaced or left out. */
  turns: number;
  /** Quoted passages (prompt-link excerpts, coded passages) from their turns that were held back. */
  passages: number;
}

export interface ConsentFilter {
  readonly marker: string;
  decisionFor(stakeholderId: string | null | undefined): ConsentDecision;
  /** Whether this speaker's words may appear; a turn without a speaker belongs to no one whose consent is asked. */
  mayQuote(speakerId: string | null | undefined): boolean;
  /** Whether this person may be named at all (participant lists, cases, the appendix). */
  mayName(stakeholderId: string | null | undefined): boolean;
  /** A turn's text as the export may show it: as written, or the marker (counted as held back). */
  turnText(turnId: string, speakerId: string | null | undefined, text: string): string;
  /** Counts a passage quoted from a held-back turn (once per id, however often the export asks). */
  holdPassage(passageId: string, speakerId: string | null | undefined): void;
  /** Counts a turn held back where the export leaves it out entirely. */
  holdTurn(turnId: string, speakerId: string | null | undefined): void;
  /** Who was held back and how much, by pseudonym. */
  heldBack(): HeldBackEntry[];
}

export function createConsentFilter(sources: readonly ConsentSource[], language: ConsentLanguage = 'en'): ConsentFilter {
  const byId = new Map(sources.map((source) => [source.id, source]));
  const turns = new Map<string, Set<string>>();
  const passages = new Map<string, Set<string>>();
  const decisionFor = (id: string | null | undefined): ConsentDecision => {
    if (!id) return 'quote';
    const source = byId.get(id);
    // A speaker no longer in the journal (erased) gave no consent we can read: left out.
    return source ? consentDecision(source.consent_status, source.consent_use) : 'leave_out';
  };
  const count = (map: Map<string, Set<string>>, speakerId: string, itemId: string) => {
    const set = map.get(speakerId) ?? new Set<string>();
    set.add(itemId);
    map.set(speakerId, set);
  };
  const filter: ConsentFilter = {
    marker: NOT_QUOTED_MARKER[language],
    decisionFor,
    mayQuote: (speakerId) => decisionFor(speakerId) === 'quote',
    mayName: (id) => decisionFor(id) !== 'leave_out',
    turnText(turnId, speakerId, text) {
      if (filter.mayQuote(speakerId)) return text;
      filter.holdTurn(turnId, speakerId);
      return filter.marker;
    },
    holdPassage(passageId, speakerId) {
      if (speakerId && !filter.mayQuote(speakerId)) count(passages, speakerId, passageId);
    },
    holdTurn(turnId, speakerId) {
      if (speakerId && !filter.mayQuote(speakerId)) count(turns, speakerId, turnId);
    },
    heldBack() {
      const ids = new Set([...turns.keys(), ...passages.keys()]);
      return [...ids]
        .map((id): HeldBackEntry => {
          const source = byId.get(id);
          const decision = decisionFor(id);
          return {
            stakeholder_id: id,
            pseudonym: source?.pseudonym ?? UNNAMED_SPEAKER[language],
            decision: decision === 'describe' ? 'describe' : 'leave_out',
            consent_status: source?.consent_status ?? 'gone',
            consent_use: source?.consent_use ?? 'gone',
            turns: turns.get(id)?.size ?? 0,
            passages: passages.get(id)?.size ?? 0,
          };
        })
        .sort((a, b) => a.pseudonym.localeCompare(b.pseudonym, 'da') || a.stakeholder_id.localeCompare(b.stakeholder_id));
    },
  };
  return filter;
}

/** A speaker's label in an export: their (pseudonymised) name when they may be named, a neutral word otherwise. */
export function speakerLabel(filter: ConsentFilter, speakerId: string | null | undefined, name: string, language: ConsentLanguage = 'en'): string {
  return speakerId && !filter.mayName(speakerId) ? UNNAMED_SPEAKER[language] : name;
}
