import { z } from 'zod';
import { ExportFile, HeldBack, ReportScope } from './exports.js';
import { ConsentStatus, ConsentUse, Sector } from './stakeholders.js';
import { Id, IsoDate, IsoTimestamp } from '../schemas.js';

export { HeldBack };

/** One change of a stakeholder's consent, as kept in consent_changes (migration 004). */
export const ConsentChange = z.object({
  id: z.string(),
  project_id: z.string(),
  stakeholder_id: z.string(),
  changed_at: IsoTimestamp,
  status: z.string(),
  consent_use: z.string(),
  scope_note: z.string(),
  /** 'created', 'updated', 'withdrawn', 'restored', 'migrated', 'erased', 'anonymised'. */
  reason: z.string(),
});
export type ConsentChange = z.infer<typeof ConsentChange>;

/** What exports do with a person's words: quote them, describe the person without quoting, or leave them out. */
export const ConsentDecision = z.enum(['quote', 'describe', 'leave_out']);

export const ConsentExportKind = z.enum(['report', 'qdpx', 'review_page']);

export const RegisterEntry = z.object({
  stakeholder_id: z.string(),
  real_name: z.string(),
  pseudonym: z.string(),
  sector: z.union([Sector, z.literal('')]),
  consent_status: z.union([ConsentStatus, z.literal('')]),
  consent_use: z.union([ConsentUse, z.literal('')]),
  consent_scope: z.string(),
  consent_date: IsoDate.nullable(),
  exports: ConsentDecision,
  state: z.enum(['live', 'trash', 'gone']),
  history: z.array(z.object({ changed_at: IsoTimestamp, status: z.string(), consent_use: z.string(), scope_note: z.string(), reason: z.string() })),
});
export type RegisterEntry = z.infer<typeof RegisterEntry>;

/** Consent: each person's history, what an export holds back, and the register for the data protection officer. */
export const consentChannels = {
  /** A stakeholder's consent changes, oldest first (also for one in the trash). */
  'consent:history': {
    input: z.strictObject({ stakeholder_id: Id }),
    output: z.array(ConsentChange),
  },
  /**
   * Whose turns and quoted passages an export of this kind would hold back, and why (pseudonyms only): for a report
   * from the report's own model, for a .qdpx or review page counted by the builders' rules (consent-held-back.ts).
   * scope applies to reports only.
   */
  'consent:heldBack': {
    input: z.strictObject({ project_id: Id, export: ConsentExportKind, scope: ReportScope.optional() }),
    output: z.object({ held_back: z.array(HeldBack) }),
  },
  /** The register: every stakeholder with real name, pseudonym, consent and its history. For the DPO. */
  'consent:register': {
    input: z.strictObject({ project_id: Id }),
    output: z.object({ project_title: z.string(), generated_at: IsoTimestamp, entries: z.array(RegisterEntry) }),
  },
  /** The register as CSV (UTF-8 with BOM, formula-safe) or PDF. */
  'consent:registerExport': {
    input: z.strictObject({ project_id: Id, format: z.enum(['csv', 'pdf']), language: z.enum(['en', 'da']).optional() }),
    output: ExportFile,
  },
} as const;
