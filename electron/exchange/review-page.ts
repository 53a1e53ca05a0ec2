import { createHash } from 'node:crypto';
import type { Db } from '../../db/connection.js';
import { createConsentFilter, speakerLabel, type HeldBackEntry } from '../exports/consent-filter.js';
import { loadProjectSnapshot, type Row } from '../exports/snapshot.js';
import { APP_VERSION } from '../version.js';
import { DIALOGUE_KINDS, fileSlug, PHASE_NAMES, pseudonymiserFor, shorten } from './common.js';
import { REVIEW_SCRIPT, REVIEW_STYLE } from './review-page-assets.js';

/**
 * The team review page: one self-contained HTML file with the inquiry's timeline — cycles and their
 * phases as bands, events as marks, reflections joined to their evidence — with filters by type and
 * cycle and details on click. It loads nothing from anywhere (its own Content-Security-Policy allows only
 * its one inline style and its one inline script, by hash), opens offline in any browser, and shows all
 * user text as text: the data travels as JSON in a <script type="application/json"> block with `<`, `>`
 * and `&` escaped, and the script puts it into the page with textContent only. Pseudonymised by default.
 */

export interface ReviewEvent {
  id: string;
  type: 'field_note' | 'dialogue' | 'phase_entry' | 'reflection';
  at: string;
  cycle_id: string | null;
  phase: string | null;
  label: string;
  text: string;
  /** Place, kind of dialogue, author, mode: one line of context. */
  meta: string;
  turns?: { id: string; speaker: string; text: string }[];
  participants?: string[];
}

export interface ReviewLink {
  reflection_id: string;
  /** The event on the timeline (a turn's dialogue for a turn). */
  event_id: string;
  turn_id: string | null;
  quote: string | null;
  comment: string;
}

export interface ReviewData {
  title: string;
  concern: string;
  exported_at: string;
  pseudonymised: boolean;
  cycles: {
    id: string;
    ordinal: number;
    parent_id: string | null;
    title: string;
    focus: string;
    status: string;
    start: string | null;
    end: string | null;
    phases: { phase: string; start: string; end: string }[];
  }[];
  events: ReviewEvent[];
  links: ReviewLink[];
}

/** The page's data and what consent held back from it (kept out of the page itself: the preview lists it). */
export interface CollectedReview {
  data: ReviewData;
  held_back: HeldBackEntry[];
}

/** A one-line label from Markdown text: headings, emphasis, quotes and link syntax left out. */
export function plainLabel(markdown: string, max = 80): string {
  const plain = markdown
    .replace(/^\s{0,3}(#{1,6}|>|[-*+]|\d+[.)])\s+/gm, '')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__|\*|_|`)(?=\S)([^]*?\S)\1/g, '$2');
  return shorten(plain, max);
}

const str = (row: Row, column: string): string => (row[column] === null || row[column] === undefined ? '' : String(row[column]));
const nullable = (row: Row, column: string): string | null => (row[column] === null || row[column] === undefined ? null : String(row[column]));

export function collectReviewData(db: Db, projectId: string, options: { realNames?: boolean; now?: Date } = {}): ReviewData | undefined {
  return collectReview(db, projectId, options)?.data;
}

export function collectReview(db: Db, projectId: string, options: { realNames?: boolean; now?: Date } = {}): CollectedReview | undefined {
  const snapshot = loadProjectSnapshot(db, projectId);
  if (!snapshot) return undefined;
  const pseudo = pseudonymiserFor(db, projectId, options.realNames === true);
  const text = (value: string) => pseudo.text(value);
  const consent = createConsentFilter(snapshot.consent);

  const events: ReviewEvent[] = [];
  for (const note of snapshot.field_notes) {
    const body = text(str(note, 'body'));
    events.push({
      id: str(note, 'id'),
      type: 'field_note',
      at: str(note, 'occurred_at'),
      cycle_id: nullable(note, 'cycle_id'),
      phase: nullable(note, 'phase'),
      label: text(str(note, 'title')) || plainLabel(body) || 'Field note',
      text: body,
      meta: text(str(note, 'place')),
    });
  }
  for (const entry of snapshot.phase_entries) {
    const body = text(str(entry, 'body'));
    events.push({
      id: str(entry, 'id'),
      type: 'phase_entry',
      at: str(entry, 'occurred_at'),
      cycle_id: nullable(entry, 'cycle_id'),
      phase: nullable(entry, 'phase'),
      label: `${PHASE_NAMES[str(entry, 'phase')] ?? ''}: ${plainLabel(body, 70) || 'entry'}`,
      text: body,
      meta: text(str(entry, 'author')),
    });
  }
  const turnsByDialogue = new Map<string, Row[]>();
  for (const turn of snapshot.turns) {
    const list = turnsByDialogue.get(str(turn, 'dialogue_id')) ?? [];
    list.push(turn);
    turnsByDialogue.set(str(turn, 'dialogue_id'), list);
  }
  const participantsOf = new Map<string, string[]>();
  for (const row of snapshot.dialogue_participants) {
    if (!consent.mayName(str(row, 'stakeholder_id'))) continue;
    const list = participantsOf.get(str(row, 'dialogue_id')) ?? [];
    list.push(pseudo.nameOf(str(row, 'stakeholder_id')));
    participantsOf.set(str(row, 'dialogue_id'), list);
  }
  const turnDialogue = new Map<string, string>();
  const turnSpeaker = new Map<string, string | null>(snapshot.turns.map((turn) => [str(turn, 'id'), nullable(turn, 'speaker_id')]));
  for (const dialogue of snapshot.dialogues) {
    const id = str(dialogue, 'id');
    const kind = DIALOGUE_KINDS[str(dialogue, 'kind')] ?? str(dialogue, 'kind');
    const turns = (turnsByDialogue.get(id) ?? []).sort((a, b) => Number(a.position) - Number(b.position));
    for (const turn of turns) turnDialogue.set(str(turn, 'id'), id);
    const summary = text(str(dialogue, 'summary'));
    events.push({
      id,
      type: 'dialogue',
      at: str(dialogue, 'occurred_at'),
      cycle_id: nullable(dialogue, 'cycle_id'),
      phase: nullable(dialogue, 'phase'),
      label: text(str(dialogue, 'title')) || kind,
      text: [summary, dialogue.decisions ? `Decisions: ${text(str(dialogue, 'decisions'))}` : '', dialogue.follow_ups ? `Follow-ups: ${text(str(dialogue, 'follow_ups'))}` : '']
        .filter(Boolean)
        .join('\n\n'),
      meta: [kind, text(str(dialogue, 'place'))].filter(Boolean).join(' · '),
      turns: turns.map((turn) => {
        const speakerId = nullable(turn, 'speaker_id');
        return {
          id: str(turn, 'id'),
          speaker: speakerLabel(consent, speakerId, pseudo.nameOf(speakerId)),
          text: text(consent.turnText(str(turn, 'id'), speakerId, str(turn, 'text'))),
        };
      }),
      participants: (participantsOf.get(id) ?? []).sort((a, b) => a.localeCompare(b, 'da')),
    });
  }
  for (const reflection of snapshot.reflections) {
    const body = text(str(reflection, 'body'));
    events.push({
      id: str(reflection, 'id'),
      type: 'reflection',
      at: str(reflection, 'written_at'),
      cycle_id: nullable(reflection, 'cycle_id'),
      phase: nullable(reflection, 'phase'),
      label: text(str(reflection, 'title')) || plainLabel(body) || 'Reflection',
      text: body,
      meta: str(reflection, 'mode') === 'aboutness' ? 'Aboutness' : 'Withness',
    });
  }
  events.sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
  const eventIds = new Set(events.map((event) => event.id));

  const links: ReviewLink[] = [];
  for (const link of snapshot.prompt_links) {
    const targetType = str(link, 'target_type');
    const targetId = str(link, 'target_id');
    const eventId = targetType === 'turn' ? turnDialogue.get(targetId) : targetId;
    const reflectionId = str(link, 'reflection_id');
    if (!eventId || !eventIds.has(eventId) || !eventIds.has(reflectionId)) continue;
    const speakerId = targetType === 'turn' ? (turnSpeaker.get(targetId) ?? null) : null;
    let quote = link.excerpt_text === null || link.excerpt_text === undefined ? null : text(String(link.excerpt_text));
    if (quote !== null && !consent.mayQuote(speakerId)) {
      consent.holdPassage(str(link, 'id'), speakerId);
      quote = consent.marker;
    }
    links.push({
      reflection_id: reflectionId,
      event_id: eventId,
      turn_id: targetType === 'turn' ? targetId : null,
      quote,
      comment: text(str(link, 'comment')),
    });
  }

  const cycles = snapshot.cycles.map((cycle) => {
    const id = str(cycle, 'id');
    const own = events.filter((event) => event.cycle_id === id);
    const phases = (['plan', 'act', 'observe', 'reflect'] as const)
      .map((phase) => {
        const times = own.filter((event) => event.phase === phase).map((event) => event.at).sort();
        return times.length > 0 ? { phase, start: times[0]!, end: times[times.length - 1]! } : undefined;
      })
      .filter((band): band is { phase: 'plan' | 'act' | 'observe' | 'reflect'; start: string; end: string } => band !== undefined);
    const times = own.map((event) => event.at).sort();
    const start = nullable(cycle, 'started_on') ?? times[0] ?? null;
    const end = nullable(cycle, 'ended_on') ?? times[times.length - 1] ?? null;
    return {
      id,
      ordinal: Number(cycle.ordinal),
      parent_id: nullable(cycle, 'parent_id'),
      title: text(str(cycle, 'title')),
      focus: text(str(cycle, 'focus')),
      status: str(cycle, 'status'),
      start,
      end: end && start && end < start ? start : end,
      phases,
    };
  });

  const data: ReviewData = {
    title: text(str(snapshot.project, 'title')),
    concern: text(str(snapshot.project, 'concern')),
    exported_at: (options.now ?? new Date()).toISOString(),
    pseudonymised: pseudo.enabled,
    cycles,
    events,
    links,
  };
  return { data, held_back: consent.heldBack() };
}

/** HTML-escapes text for the few static parts of the page (title, heading, notice). */
export function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** JSON that is safe inside a <script> element: nothing in it can close the element or open a comment. */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const hash = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

export function renderReviewPage(data: ReviewData): string {
  const csp = [
    "default-src 'none'",
    `script-src ${hash(REVIEW_SCRIPT)}`,
    `style-src ${hash(REVIEW_STYLE)}`,
    "img-src 'none'",
    "connect-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
  const notice = data.pseudonymised
    ? 'Pseudonymised: stakeholders appear by their pseudonyms, in names and inside the text.'
    : 'This page shows real names. Share it only with people allowed to see them.';
  const exported = data.exported_at.slice(0, 10);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="generator" content="Withness ${escapeHtml(APP_VERSION)}">
<title>${escapeHtml(data.title)} — team review</title>
<style>${REVIEW_STYLE}</style>
</head>
<body>
<header class="top">
<p class="eyebrow">Team review · exported ${escapeHtml(exported)} from Withness</p>
<h1>${escapeHtml(data.title)}</h1>
${data.concern ? `<p class="concern">${escapeHtml(shorten(data.concern, 600))}</p>` : ''}
<p class="notice ${data.pseudonymised ? 'notice--safe' : 'notice--real'}">${escapeHtml(notice)}</p>
</header>
<main>
<section class="controls" aria-label="Filters">
<fieldset id="types"><legend>Show</legend></fieldset>
<label class="cycle-filter">Cycle <select id="cycle"><option value="">All cycles</option></select></label>
<p id="count" class="count" role="status" aria-live="polite"></p>
<p id="announce" class="visually-hidden" aria-live="polite"></p>
</section>
<div class="layout">
<section class="timeline-wrap" aria-labelledby="timeline-heading">
<h2 id="timeline-heading">Timeline</h2>
<p class="hint">Select a mark, or an item in the list below, to read it. Lines join each reflection to the evidence that prompted it.</p>
<div id="timeline" class="timeline"></div>
<div id="legend" class="legend" aria-hidden="true"></div>
</section>
<aside id="details" class="details" aria-labelledby="details-heading" tabindex="-1">
<h2 id="details-heading">Details</h2>
<p class="empty">Nothing selected yet. Choose a mark on the timeline or an event in the list.</p>
</aside>
<section class="list-wrap" aria-labelledby="list-heading">
<h2 id="list-heading">Events in order</h2>
<ol id="list" class="list"></ol>
</section>
</div>
<noscript><p class="notice">This page needs JavaScript to draw the timeline.</p></noscript>
</main>
<script type="application/json" id="review-data">${scriptSafeJson(data)}</script>
<script>${REVIEW_SCRIPT}</script>
</body>
</html>
`;
}

export interface ReviewPageResult {
  file_name: string;
  media_type: string;
  html: string;
  held_back: HeldBackEntry[];
}

export function buildReviewPage(db: Db, projectId: string, options: { realNames?: boolean; now?: Date } = {}): ReviewPageResult | undefined {
  const collected = collectReview(db, projectId, options);
  if (!collected) return undefined;
  const { data } = collected;
  const date = data.exported_at.slice(0, 10);
  return {
    file_name: `${fileSlug(data.title)}-review-${date}${data.pseudonymised ? '' : '-real-names'}.html`,
    media_type: 'text/html',
    html: renderReviewPage(data),
    held_back: collected.held_back,
  };
}

