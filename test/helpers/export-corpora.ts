import type { Db } from '../../db/connection.js';
import { createDemoProject } from '../../db/demo/build.js';
import { generateInquiry } from '../../db/generate/generate.js';
import { tempDatabase } from './temp.js';

export interface ExportCorpus {
  name: string;
  db: Db;
  projectId: string;
}

/**
 * The two journals a streamed export is compared on with the whole-at-once way: the demo project (every kind of
 * record, consent hold-backs, attachments) and a small generated inquiry (many records, Danish text), each in a
 * journal of its own.
 */
export function demoAndSmallInquiry(seed: number): ExportCorpus[] {
  const demo = tempDatabase().db;
  const { project } = createDemoProject(demo);
  const generated = tempDatabase().db;
  const inquiry = generateInquiry(generated, { scale: 'small', seed });
  return [
    { name: 'demo', db: demo, projectId: project.id },
    { name: 'small generated inquiry', db: generated, projectId: inquiry.project_id },
  ];
}
