import type { Db } from '../../db/connection.js';
import { hasTable } from '../../db/repositories/erasure.js';
import { ErasureError } from './erase.js';
import { createPseudonymiser } from '../exports/pseudonymise.js';
import { aliasesOf } from './names.js';

/**
 * "Everything about this person" (a subject access request, GDPR art. 15): what the inquiry holds about one
 * stakeholder, as the person would receive it. Two forms of the same content:
 * - JSON, because the person is entitled to their data in a structured, machine-readable form (and a DPO can check it);
 * - HTML, one self-contained page a person opens in any browser and can print, with every text escaped and shown as
 *   written (no Markdown rendering, so nothing is hidden or reinterpreted). Markdown was not chosen: to a person who is
 *   not a researcher it is a text file full of symbols.
 * Real names are included: the request comes from the person themself. Other people's words are left out of
 * dialogues (only the person's own turns); the notes and dialogue summaries they are part of are given whole, but
 * with every other stakeholder's names replaced by their pseudonyms (the rights of others, GDPR art. 15(4)), and the
 * report says so.
 */
export interface SubjectAccessReport {
  generated_at: string;
  inquiry: { id: string; title: string };
  person: {
    id: string;
    real_name: string;
    pseudonym: string;
    aliases: string[];
    sector: string;
    organisation: string;
    role: string;
    notes: string;
    consent: { status: string; use: string | null; date: string | null; scope: string };
    created_at: string;
    updated_at: string;
    in_trash: boolean;
  };
  turns: { id: string; dialogue_id: string; dialogue_title: string; occurred_at: string; position: number; text: string; in_trash: boolean }[];
  dialogues: { id: string; title: string; kind: string; occurred_at: string; place: string; summary: string; decisions: string; follow_ups: string; in_trash: boolean }[];
  notes: { id: string; title: string; occurred_at: string; place: string; body: string; in_trash: boolean }[];
  /** Passages of their turns that reflections quote (the reflections themselves are the researchers' own writing). */
  quoted: { reflection_id: string; turn_id: string; passage: string }[];
  consent_history: { changed_at: string; status: string; consent_use: string; scope_note: string; reason: string }[];
  /** How many other people of the inquiry had their names replaced by their pseudonyms in these texts. */
  others_pseudonymised: number;
}

export function subjectAccessReport(db: Db, stakeholderId: string, now: Date = new Date()): SubjectAccessReport {
  const person = db.prepare(`SELECT * FROM stakeholders WHERE id = ?`).get(stakeholderId) as Record<string, unknown> | undefined;
  if (!person) throw new ErasureError('not_found', `There is no stakeholder ${stakeholderId} in this journal.`);
  const project = db.prepare(`SELECT id, title FROM projects WHERE id = ?`).get(person.project_id) as { id: string; title: string };
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  // Everyone else of the inquiry, the trash included; the person's own names stay (they are the requester's).
  const others = db
    .prepare(`SELECT id, pseudonym, real_name, aliases FROM stakeholders WHERE project_id = ? AND id <> ?`)
    .all(person.project_id, stakeholderId) as { id: string; pseudonym: string; real_name: string; aliases: string }[];
  const protect = createPseudonymiser(others).text;
  const turns = (
    db
      .prepare(
        `SELECT t.id, t.dialogue_id, d.title AS dialogue_title, d.occurred_at, t.position, t.text, t.deleted_at IS NOT NULL OR d.deleted_at IS NOT NULL AS in_trash
         FROM dialogue_turns t JOIN dialogues d ON d.id = t.dialogue_id WHERE t.speaker_id = ? ORDER BY d.occurred_at, d.id, t.position`,
      )
      .all(stakeholderId) as (Omit<SubjectAccessReport['turns'][number], 'in_trash'> & { in_trash: number })[]
  ).map((row) => ({ ...row, dialogue_title: protect(row.dialogue_title), text: protect(row.text), in_trash: row.in_trash === 1 }));
  const dialogues = (
    db
      .prepare(
        `SELECT d.id, d.title, d.kind, d.occurred_at, d.place, d.summary, d.decisions, d.follow_ups, d.deleted_at IS NOT NULL AS in_trash
         FROM dialogues d WHERE d.id IN (SELECT dialogue_id FROM dialogue_participants WHERE stakeholder_id = @id)
            OR d.id IN (SELECT dialogue_id FROM dialogue_turns WHERE speaker_id = @id)
         ORDER BY d.occurred_at, d.id`,
      )
      .all({ id: stakeholderId }) as (Omit<SubjectAccessReport['dialogues'][number], 'in_trash'> & { in_trash: number })[]
  ).map((row) => ({
    ...row,
    title: protect(row.title),
    place: protect(row.place),
    summary: protect(row.summary),
    decisions: protect(row.decisions),
    follow_ups: protect(row.follow_ups),
    in_trash: row.in_trash === 1,
  }));
  const notes = (
    db
      .prepare(
        `SELECT n.id, n.title, n.occurred_at, n.place, n.body, n.deleted_at IS NOT NULL AS in_trash
         FROM field_notes n JOIN field_note_stakeholders s ON s.note_id = n.id WHERE s.stakeholder_id = ? ORDER BY n.occurred_at, n.id`,
      )
      .all(stakeholderId) as (Omit<SubjectAccessReport['notes'][number], 'in_trash'> & { in_trash: number })[]
  ).map((row) => ({ ...row, title: protect(row.title), place: protect(row.place), body: protect(row.body), in_trash: row.in_trash === 1 }));
  const quoted = (db
    .prepare(
      `SELECT l.reflection_id, l.target_id AS turn_id, l.excerpt_text AS passage FROM prompt_links l
       WHERE l.target_type = 'turn' AND l.excerpt_text IS NOT NULL AND l.deleted_at IS NULL
         AND l.target_id IN (SELECT id FROM dialogue_turns WHERE speaker_id = ?) ORDER BY l.created_at, l.id`,
    )
    .all(stakeholderId) as SubjectAccessReport['quoted']).map((row) => ({ ...row, passage: protect(row.passage) }));
  const consent_history = hasTable(db, 'consent_changes')
    ? (db
        .prepare(`SELECT changed_at, status, consent_use, scope_note, reason FROM consent_changes WHERE stakeholder_id = ? ORDER BY changed_at, rowid`)
        .all(stakeholderId) as SubjectAccessReport['consent_history']).map((row) => ({ ...row, scope_note: protect(row.scope_note) }))
    : [];
  return {
    generated_at: now.toISOString(),
    inquiry: project,
    person: {
      id: String(person.id),
      real_name: text(person.real_name),
      pseudonym: text(person.pseudonym),
      aliases: aliasesOf({ aliases: text(person.aliases) }),
      sector: text(person.sector),
      organisation: text(person.organisation),
      role: protect(text(person.role)),
      notes: protect(text(person.notes)),
      consent: {
        status: text(person.consent_status),
        use: typeof person.consent_use === 'string' ? person.consent_use : null,
        date: typeof person.consent_date === 'string' ? person.consent_date : null,
        scope: protect(text(person.consent_scope)),
      },
      created_at: text(person.created_at),
      updated_at: text(person.updated_at),
      in_trash: person.deleted_at !== null,
    },
    turns,
    dialogues,
    notes,
    quoted,
    consent_history,
    others_pseudonymised: others.length,
  };
}

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The report as one self-contained HTML page (no scripts, no external resources). */
export function subjectAccessHtml(report: SubjectAccessReport): string {
  const e = escapeHtml;
  const p = report.person;
  const field = (label: string, value: string) => (value ? `<tr><th scope="row">${e(label)}</th><td>${e(value)}</td></tr>` : '');
  const trash = (inTrash: boolean) => (inTrash ? ' <small>(in the trash)</small>' : '');
  const section = (title: string, items: string[], empty: string) =>
    `<section><h2>${e(title)}</h2>${items.length ? items.join('\n') : `<p>${e(empty)}</p>`}</section>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>What ${e(report.inquiry.title)} holds about ${e(p.real_name || p.pseudonym)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem;color:#1f2937}
th{text-align:left;padding-right:1rem;vertical-align:top}.text{white-space:pre-wrap;border-left:3px solid #d1d5db;padding-left:.75rem}
article{margin:1rem 0}small{color:#6b7280}</style></head><body>
<h1>What the inquiry “${e(report.inquiry.title)}” holds about you</h1>
<p>Made ${e(report.generated_at)} from the researchers’ journal (Withness). The same content is in the accompanying JSON file.</p>
${report.others_pseudonymised > 0 ? '<p>To protect the other people in these notes and dialogues, their names are replaced by the pseudonyms the researchers use for them; only your own words are shown from the dialogues.</p>' : ''}
<section><h2>Your record</h2><table>
${field('Name', p.real_name)}${field('Pseudonym used in reports', p.pseudonym)}${field('Other names', p.aliases.join(', '))}
${field('Sector', p.sector)}${field('Organisation', p.organisation)}${field('Role', p.role)}${field('Researchers’ notes about you', p.notes)}
${field('Consent', p.consent.status)}${field('Use agreed', p.consent.use ?? '')}${field('Consent date', p.consent.date ?? '')}${field('Consent scope', p.consent.scope)}
${field('Recorded', p.created_at)}${field('Last changed', p.updated_at)}</table>${p.in_trash ? '<p>Your record is in the journal’s trash.</p>' : ''}</section>
${section(
  'What you said',
  report.turns.map((t) => `<article><h3>${e(t.dialogue_title || 'Dialogue')} — ${e(t.occurred_at)}${trash(t.in_trash)}</h3><p class="text">${e(t.text)}</p></article>`),
  'No words of yours are recorded.',
)}
${section(
  'Dialogues you took part in',
  report.dialogues.map(
    (d) =>
      `<article><h3>${e(d.title || d.kind)} — ${e(d.occurred_at)}${d.place ? `, ${e(d.place)}` : ''}${trash(d.in_trash)}</h3>${d.summary ? `<p class="text">${e(d.summary)}</p>` : ''}${d.decisions ? `<p class="text"><strong>Decisions:</strong> ${e(d.decisions)}</p>` : ''}${d.follow_ups ? `<p class="text"><strong>Follow-ups:</strong> ${e(d.follow_ups)}</p>` : ''}</article>`,
  ),
  'None.',
)}
${section(
  'Field notes you are part of',
  report.notes.map((n) => `<article><h3>${e(n.title || 'Field note')} — ${e(n.occurred_at)}${n.place ? `, ${e(n.place)}` : ''}${trash(n.in_trash)}</h3><p class="text">${e(n.body)}</p></article>`),
  'None.',
)}
${section('Passages of your words quoted in reflections', report.quoted.map((q) => `<p class="text">${e(q.passage)}</p>`), 'None.')}
${section(
  'Your consent, as recorded over time',
  report.consent_history.map((c) => `<p>${e(c.changed_at)}: ${e(c.status)}, use ${e(c.consent_use)}${c.scope_note ? ` — ${e(c.scope_note)}` : ''} <small>(${e(c.reason)})</small></p>`),
  'No consent changes are recorded.',
)}
</body></html>
`;
}

export function subjectAccessFileBase(report: SubjectAccessReport): string {
  const name = (report.person.pseudonym || 'person').normalize('NFKD').replace(/[^\w-]+/g, '-').replace(/^-+|-+$/g, '') || 'person';
  return `subject-access-${name}-${report.generated_at.slice(0, 10)}`;
}
