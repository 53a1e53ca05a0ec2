import type { Db } from '../../../db/connection.js';
import { codePointLength } from '../common.js';
import { planQdpx, type QdpxPlan } from './plan.js';
import { DEFAULT_QDPX_LIMITS, readQdpx, type QdpxLimits } from './read.js';
import { writeQdpxPlan, type QdpxImportChoices, type QdpxImportResult } from './write.js';

/**
 * REFI-QDA import (.qdpx from QualCoder, NVivo, MAXQDA, ATLAS.ti …): read and check the archive, plan the
 * mapping (shown to the researcher as a preview), then write it in one transaction.
 */
export interface QdpxPreview {
  project_name: string;
  sources: { guid: string; name: string; characters: number; transcript: { turns: number; speakers: string[] } | null }[];
  counts: { codes: number; cases: number; sources: number; notes: number; codings: number; links: number };
  skipped: { what: string; reason: string }[];
}

export async function previewQdpx(bytes: Uint8Array, limits: QdpxLimits = DEFAULT_QDPX_LIMITS): Promise<QdpxPreview> {
  return describePlan(planQdpx(await readQdpx(bytes, limits)));
}

export async function importQdpx(db: Db, bytes: Uint8Array, choices: QdpxImportChoices = {}, limits: QdpxLimits = DEFAULT_QDPX_LIMITS): Promise<QdpxImportResult> {
  choices.onProgress?.({ step: 'reading', done: 0, total: 1 });
  const plan = planQdpx(await readQdpx(bytes, limits));
  return writeQdpxPlan(db, plan, choices);
}

export function describePlan(plan: QdpxPlan): QdpxPreview {
  return {
    project_name: plan.projectName,
    sources: plan.sources.map((source) => ({
      guid: source.key,
      name: source.name,
      characters: codePointLength(source.text),
      transcript: source.transcript ? { turns: source.transcript.turns.length, speakers: source.transcript.speakers } : null,
    })),
    counts: {
      codes: plan.codes.length,
      cases: plan.cases.length,
      sources: plan.sources.length,
      notes: plan.notes.length,
      codings: plan.codings.length,
      links: plan.links.length,
    },
    skipped: plan.skipped,
  };
}

export type { QdpxImportChoices, QdpxImportResult };
