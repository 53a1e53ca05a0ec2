import { describe, expect, it } from 'vitest';
import { createDemoProject } from '../../db/demo/build.js';
import { listConsentChanges } from '../../db/repositories/stakeholders.js';
import { callOrThrow } from '../../electron/api/dispatch.js';
import { tempDatabase } from '../helpers/temp.js';

describe('the demo inquiry records realistic consent', () => {
  it('most may be quoted, Fatima may be described only, Villy is pending; every export preview lists them as held back', async () => {
    const { db } = tempDatabase();
    const { project } = createDemoProject(db);
    const people = db.prepare(`SELECT id, pseudonym, consent_status, consent_use FROM stakeholders WHERE project_id = ? ORDER BY pseudonym`).all(project.id) as {
      id: string;
      pseudonym: string;
      consent_status: string;
      consent_use: string;
    }[];
    const notQuotable = people.filter((p) => !(p.consent_status === 'given' && p.consent_use === 'quote')).map((p) => `${p.pseudonym}:${p.consent_status}/${p.consent_use}`);
    expect(notQuotable).toEqual(['Fatima:given/describe', 'Villy:pending/quote']);
    const fatima = people.find((p) => p.pseudonym === 'Fatima')!;
    expect(listConsentChanges(db, fatima.id).map((c) => `${c.status}/${c.consent_use}/${c.reason}`)).toEqual(['pending/quote/created', 'given/describe/updated']);
    for (const person of people) expect(listConsentChanges(db, person.id).length, person.pseudonym).toBeGreaterThan(0);

    const brief = (list: { pseudonym: string; decision: string; turns: number; passages: number }[]) =>
      list.map((entry) => `${entry.pseudonym}:${entry.decision}:${entry.turns}+${entry.passages}`);
    // The report quotes turns only where a reflection cites them: Fatima's cited passage, Villy's cited turn and passage.
    const preview = await callOrThrow(db, 'exports:preview', { project_id: project.id });
    expect(brief(preview.held_back)).toEqual(['Fatima:describe:0+1', 'Villy:leave_out:1+1']);
    // The .qdpx and the review page hold every turn: all of theirs are held back.
    const qdpx = await callOrThrow(db, 'consent:heldBack', { project_id: project.id, export: 'qdpx' });
    expect(brief(qdpx.held_back)).toEqual(['Fatima:describe:6+2', 'Villy:leave_out:4+4']);
    const review = await callOrThrow(db, 'consent:heldBack', { project_id: project.id, export: 'review_page' });
    expect(brief(review.held_back)).toEqual(['Fatima:describe:6+1', 'Villy:leave_out:4+1']);
  });
});
