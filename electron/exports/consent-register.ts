import type { Db } from '../../db/connection.js';
import { listProjectConsentChanges, type ConsentChangeRow, type ConsentStatus, type ConsentUse, type Sector } from '../../db/repositories/stakeholders.js';
import { consentDecision, type ConsentDecision } from './consent-filter.js';
import { printPdf } from './pdf.js';

/**
 * The consent register for the data protection officer: every stakeholder of an inquiry — real name (the register is
 * for the DPO, not for sharing) and pseudonym, sector, consent status, use, scope note and date, what exports may do
 * with their words — with the full history of consent changes (consent_changes, which outlives an erased person).
 * Exported as CSV (RFC 4180, UTF-8 with a BOM so Excel reads the Danish letters, formula-injection-safe) or as PDF
 * through the same printer as the reports (pdf.ts: Chromium here, printToPDF in the app).
 */
export type RegisterLanguage = 'en' | 'da';
export type RegisterFormat = 'csv' | 'pdf';

export interface RegisterChange {
  changed_at: string;
  status: string;
  consent_use: string;
  scope_note: string;
  reason: string;
}

export interface RegisterEntry {
  stakeholder_id: string;
  /** Empty for a person no longer in the journal (erased): only their consent history is kept. */
  real_name: string;
  pseudonym: string;
  sector: Sector | '';
  consent_status: ConsentStatus | '';
  consent_use: ConsentUse | '';
  consent_scope: string;
  consent_date: string | null;
  /** What exports do with their words now. */
  exports: ConsentDecision;
  state: 'live' | 'trash' | 'gone';
  history: RegisterChange[];
}

export interface ConsentRegister {
  project_id: string;
  project_title: string;
  generated_at: string;
  entries: RegisterEntry[];
}

/** Thrown when there is no such inquiry; the API turns it into not_found. */
export class RegisterProjectNotFoundError extends Error {
  constructor(readonly id: string) {
    super(`No inquiry with id ${id} exists (it may have been deleted).`);
  }
}

interface StakeholderConsentRow {
  id: string;
  real_name: string;
  pseudonym: string;
  sector: Sector;
  consent_status: ConsentStatus;
  consent_use: ConsentUse;
  consent_scope: string;
  consent_date: string | null;
  deleted_at: string | null;
}

/** Reads the register in one transaction, so people and history agree. */
export function loadConsentRegister(db: Db, projectId: string, now: Date = new Date()): ConsentRegister {
  return db.transaction((): ConsentRegister => {
    const project = db.prepare(`SELECT id, title FROM projects WHERE id = ? AND deleted_at IS NULL`).get(projectId) as { id: string; title: string } | undefined;
    if (!project) throw new RegisterProjectNotFoundError(projectId);
    const people = db
      .prepare(
        `SELECT id, real_name, pseudonym, sector, consent_status, consent_use, consent_scope, consent_date, deleted_at
         FROM stakeholders WHERE project_id = ? ORDER BY deleted_at IS NOT NULL, pseudonym COLLATE NOCASE, id`,
      )
      .all(projectId) as StakeholderConsentRow[];
    const history = new Map<string, ConsentChangeRow[]>();
    for (const change of listProjectConsentChanges(db, projectId)) {
      const list = history.get(change.stakeholder_id) ?? [];
      list.push(change);
      history.set(change.stakeholder_id, list);
    }
    const changesOf = (id: string): RegisterChange[] =>
      (history.get(id) ?? []).map(({ changed_at, status, consent_use, scope_note, reason }) => ({ changed_at, status, consent_use, scope_note, reason }));
    const entries: RegisterEntry[] = people.map((person) => ({
      stakeholder_id: person.id,
      real_name: person.real_name,
      pseudonym: person.pseudonym,
      sector: person.sector,
      consent_status: person.consent_status,
      consent_use: person.consent_use,
      consent_scope: person.consent_scope,
      consent_date: person.consent_date,
      exports: consentDecision(person.consent_status, person.consent_use),
      state: person.deleted_at ? 'trash' : 'live',
      history: changesOf(person.id),
    }));
    // People erased from the journal keep their consent history (and nothing else): the DPO must still see it.
    const known = new Set(people.map((person) => person.id));
    for (const id of history.keys()) {
      if (known.has(id)) continue;
      entries.push({
        stakeholder_id: id,
        real_name: '',
        pseudonym: '',
        sector: '',
        consent_status: '',
        consent_use: '',
        consent_scope: '',
        consent_date: null,
        exports: 'leave_out',
        state: 'gone',
        history: changesOf(id),
      });
    }
    return { project_id: project.id, project_title: project.title, generated_at: now.toISOString(), entries };
  })();
}

const LABELS = {
  en: {
    title: 'Consent register',
    intro: 'For the data protection officer. This register contains real names: keep it as confidential as the journal.',
    generated: 'Generated',
    realName: 'Real name',
    pseudonym: 'Pseudonym',
    sector: 'Sector',
    status: 'Consent status',
    use: 'Use agreed to',
    scope: 'Scope note',
    date: 'Consent date',
    exports: 'Exports',
    state: 'Record',
    history: 'History of changes',
    id: 'Stakeholder id',
    none: 'No stakeholders in this inquiry.',
    people: 'People',
    status_unknown: 'Unknown',
    status_pending: 'Pending',
    status_given: 'Given',
    status_declined: 'Declined',
    status_withdrawn: 'Withdrawn',
    use_quote: 'May be quoted',
    use_describe: 'May be described, not quoted',
    use_none: 'No use',
    exports_quote: 'Quoted',
    exports_describe: 'Described, not quoted',
    exports_leave_out: 'Left out',
    state_live: 'In the journal',
    state_trash: 'In the trash',
    state_gone: 'Erased (history only)',
    sector_public: 'Public sector',
    sector_private: 'Private sector',
    sector_voluntary: 'Voluntary sector',
    sector_citizen: 'Citizen',
    sector_researcher: 'Researcher',
    sector_other: 'Other',
    reason_created: 'recorded',
    reason_updated: 'changed',
    reason_withdrawn: 'withdrawn',
    reason_restored: 'restored from history',
    reason_migrated: 'state when the history began',
    reason_imported: 'imported from a bundle',
    reason_erased: 'erased',
    reason_anonymised: 'anonymised',
  },
  da: {
    title: 'Samtykkeregister',
    intro: 'Til databeskyttelsesrådgiveren. Registret indeholder rigtige navne: opbevar det lige så fortroligt som journalen.',
    generated: 'Dannet',
    realName: 'Rigtigt navn',
    pseudonym: 'Pseudonym',
    sector: 'Sektor',
    status: 'Samtykkestatus',
    use: 'Aftalt brug',
    scope: 'Note om omfang',
    date: 'Samtykkedato',
    exports: 'Eksporter',
    state: 'Post',
    history: 'Ændringshistorik',
    id: 'Interessent-id',
    none: 'Ingen interessenter i denne undersøgelse.',
    people: 'Personer',
    status_unknown: 'Ukendt',
    status_pending: 'Afventer',
    status_given: 'Givet',
    status_declined: 'Afslået',
    status_withdrawn: 'Trukket tilbage',
    use_quote: 'Må citeres',
    use_describe: 'Må beskrives, ikke citeres',
    use_none: 'Ingen brug',
    exports_quote: 'Citeres',
    exports_describe: 'Beskrives, citeres ikke',
    exports_leave_out: 'Udelades',
    state_live: 'I journalen',
    state_trash: 'I papirkurven',
    state_gone: 'Slettet (kun historik)',
    sector_public: 'Offentlig sektor',
    sector_private: 'Privat sektor',
    sector_voluntary: 'Frivillig sektor',
    sector_citizen: 'Borger',
    sector_researcher: 'Forsker',
    sector_other: 'Andet',
    reason_created: 'registreret',
    reason_updated: 'ændret',
    reason_withdrawn: 'trukket tilbage',
    reason_restored: 'gendannet fra historikken',
    reason_migrated: 'status da historikken begyndte',
    reason_imported: 'importeret fra en pakke',
    reason_erased: 'slettet',
    reason_anonymised: 'anonymiseret',
  },
} as const;

type Label = keyof (typeof LABELS)['en'];

function labeller(language: RegisterLanguage) {
  const table = LABELS[language] as Record<string, string>;
  return {
    t: (key: Label) => table[key]!,
    /** A coded value's label, or the value itself when it is not one we know (a newer journal's, or empty). */
    coded: (prefix: string, value: string) => (value ? (table[`${prefix}_${value}`] ?? value) : ''),
  };
}

function historyLine(change: RegisterChange, coded: (prefix: string, value: string) => string): string {
  const when = change.changed_at.replace('T', ' ').slice(0, 16);
  const parts = [when, coded('status', change.status), coded('use', change.consent_use), coded('reason', change.reason), change.scope_note].filter(Boolean);
  return parts.join(' · ');
}

/**
 * One CSV cell: a cell that a spreadsheet would read as a formula (starting with = + - @, or a tab or carriage
 * return that some spreadsheets skip before one) is prefixed with an apostrophe (OWASP's advice), then every cell
 * is quoted with inner quotes doubled (RFC 4180), which also keeps commas and line breaks inside the cell.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** RFC 4180: CRLF between records, every field quoted; a UTF-8 BOM first so Excel reads æ, ø and å. */
export function toCsv(rows: readonly (readonly string[])[]): Buffer {
  const text = rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}

export function registerCsv(register: ConsentRegister, language: RegisterLanguage = 'en'): Buffer {
  const { t, coded } = labeller(language);
  const header = [t('realName'), t('pseudonym'), t('sector'), t('status'), t('use'), t('scope'), t('date'), t('exports'), t('state'), t('history'), t('id')];
  const rows = register.entries.map((entry) => [
    entry.real_name,
    entry.pseudonym,
    coded('sector', entry.sector),
    coded('status', entry.consent_status),
    coded('use', entry.consent_use),
    entry.consent_scope,
    entry.consent_date ?? '',
    coded('exports', entry.exports),
    coded('state', entry.state),
    entry.history.map((change) => historyLine(change, coded)).join('\n'),
    entry.stakeholder_id,
  ]);
  return toCsv([header, ...rows]);
}

function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** A self-contained page (no script, no remote anything) that prints as the register's PDF. */
export function registerHtml(register: ConsentRegister, language: RegisterLanguage = 'en'): string {
  const { t, coded } = labeller(language);
  const e = escapeHtml;
  const rows = register.entries
    .map((entry) => {
      const history = entry.history.map((change) => `<li>${e(historyLine(change, coded))}</li>`).join('');
      return `<tr>
<td>${e(entry.real_name)}</td><td>${e(entry.pseudonym)}</td><td>${e(coded('sector', entry.sector))}</td>
<td>${e(coded('status', entry.consent_status))}</td><td>${e(coded('use', entry.consent_use))}</td>
<td>${e(entry.consent_scope)}</td><td>${e(entry.consent_date ?? '')}</td><td>${e(coded('exports', entry.exports))}</td>
<td>${e(coded('state', entry.state))}</td><td>${history ? `<ol>${history}</ol>` : ''}</td>
</tr>`;
    })
    .join('\n');
  const columns = [t('realName'), t('pseudonym'), t('sector'), t('status'), t('use'), t('scope'), t('date'), t('exports'), t('state'), t('history')];
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${e(t('title'))} — ${e(register.project_title)}</title>
<style>
@page { size: A4 landscape; margin: 14mm; }
body { font: 9.5pt/1.4 system-ui, sans-serif; color: #1f2328; }
h1 { font-size: 16pt; margin: 0 0 4pt; }
p { margin: 0 0 6pt; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #c8ced5; padding: 3pt 4pt; text-align: left; vertical-align: top; }
th { background: #f0eef6; }
tr { break-inside: avoid; }
ol { margin: 0; padding-left: 12pt; }
</style>
</head>
<body>
<h1>${e(t('title'))}: ${e(register.project_title)}</h1>
<p>${e(t('intro'))}</p>
<p>${e(t('generated'))}: ${e(register.generated_at.replace('T', ' ').slice(0, 16))} UTC</p>
${
  register.entries.length === 0
    ? `<p>${e(t('none'))}</p>`
    : `<table aria-label="${e(t('people'))}"><thead><tr>${columns.map((column) => `<th scope="col">${e(column)}</th>`).join('')}</tr></thead>
<tbody>
${rows}
</tbody></table>`
}
</body>
</html>
`;
}

export interface RegisterFile {
  file_name: string;
  media_type: string;
  data: Buffer;
}

export async function exportConsentRegister(
  db: Db,
  projectId: string,
  format: RegisterFormat,
  options: { language?: RegisterLanguage; now?: Date } = {},
): Promise<RegisterFile> {
  const language = options.language ?? 'en';
  const register = loadConsentRegister(db, projectId, options.now);
  const base = `${language === 'da' ? 'samtykkeregister' : 'consent-register'}-${register.generated_at.slice(0, 10)}`;
  if (format === 'csv') return { file_name: `${base}.csv`, media_type: 'text/csv; charset=utf-8', data: registerCsv(register, language) };
  return { file_name: `${base}.pdf`, media_type: 'application/pdf', data: await printPdf(registerHtml(register, language)) };
}
