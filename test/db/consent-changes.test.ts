import { describe, expect, it } from 'vitest';
import { trashEntity } from '../../db/repositories/entities.js';
import { restoreRevision } from '../../db/repositories/history.js';
import { createProject } from '../../db/repositories/projects.js';
import { RevisionConflictError } from '../../db/repositories/entities.js';
import {
  createStakeholder,
  getStakeholder,
  listConsentChanges,
  listProjectConsentChanges,
  recordConsentChange,
  updateStakeholder,
} from '../../db/repositories/stakeholders.js';
import { tempDatabase } from '../helpers/temp.js';

const brief = (rows: { status: string; consent_use: string; scope_note: string; reason: string }[]) =>
  rows.map(({ status, consent_use, scope_note, reason }) => ({ status, consent_use, scope_note, reason }));

describe('consent history (consent_changes)', () => {
  it('creating a stakeholder writes the first row; each consent change one more, in the same transaction', () => {
    const { db } = tempDatabase();
    const project = createProject(db, { title: 'Nordby' });
    const mette = createStakeholder(db, { project_id: project.id, pseudonym: 'Mette', sector: 'public', consent_status: 'pending' });
    expect(mette.consent_use).toBe('quote');
    expect(getStakeholder(db, mette.id)?.consent_use).toBe('quote');
    expect(brief(listConsentChanges(db, mette.id))).toEqual([{ status: 'pending', consent_use: 'quote', scope_note: '', reason: 'created' }]);

    // Not a consent change: no row.
    updateStakeholder(db, mette.id, { role: 'Librarian', notes: 'Met twice' });
    expect(listConsentChanges(db, mette.id)).toHaveLength(1);
    // Writing the same consent again is not a change either.
    updateStakeholder(db, mette.id, { consent_status: 'pending' });
    expect(listConsentChanges(db, mette.id)).toHaveLength(1);

    updateStakeholder(db, mette.id, { consent_status: 'given', consent_use: 'describe', consent_scope: 'Describe in reports only', consent_date: '2026-03-02' });
    updateStakeholder(db, mette.id, { consent_date: '2026-03-03' });
    updateStakeholder(db, mette.id, { consent_status: 'withdrawn' });
    const history = listConsentChanges(db, mette.id);
    expect(brief(history)).toEqual([
      { status: 'pending', consent_use: 'quote', scope_note: '', reason: 'created' },
      { status: 'given', consent_use: 'describe', scope_note: 'Describe in reports only', reason: 'updated' },
      { status: 'given', consent_use: 'describe', scope_note: 'Describe in reports only', reason: 'updated' },
      { status: 'withdrawn', consent_use: 'describe', scope_note: 'Describe in reports only', reason: 'withdrawn' },
    ]);
    expect(history.every((row) => row.project_id === project.id && row.stakeholder_id === mette.id)).toBe(true);
    expect([...history.map((row) => row.changed_at)].sort()).toEqual(history.map((row) => row.changed_at));
  });

  it('a refused update writes no history row, and the schema refuses an unknown use', () => {
    const { db } = tempDatabase();
    const project = createProject(db, { title: 'Nordby' });
    const bo = createStakeholder(db, { project_id: project.id, pseudonym: 'Bo', sector: 'citizen' });
    expect(() => updateStakeholder(db, bo.id, { consent_status: 'given' }, 7)).toThrow(RevisionConflictError);
    expect(() => updateStakeholder(db, bo.id, { consent_use: 'sometimes' as never })).toThrow(/CHECK/);
    expect(listConsentChanges(db, bo.id)).toHaveLength(1);
    expect(getStakeholder(db, bo.id)?.consent_status).toBe('unknown');
    // A trashed stakeholder is not updated, and so gets no row.
    trashEntity(db, 'stakeholder', bo.id);
    expect(updateStakeholder(db, bo.id, { consent_status: 'given' })).toBeUndefined();
    expect(listConsentChanges(db, bo.id)).toHaveLength(1);
  });

  it('restoring an earlier version that had other consent records a "restored" row', () => {
    const { db } = tempDatabase();
    const project = createProject(db, { title: 'Nordby' });
    const kaj = createStakeholder(db, { project_id: project.id, pseudonym: 'Kaj', sector: 'private', consent_status: 'given' });
    updateStakeholder(db, kaj.id, { consent_use: 'none' });
    const earlier = db.prepare(`SELECT id FROM revisions WHERE entity_id = ? ORDER BY revision LIMIT 1`).pluck().get(kaj.id) as string;
    restoreRevision(db, earlier);
    expect(getStakeholder(db, kaj.id)?.consent_use).toBe('quote');
    expect(brief(listConsentChanges(db, kaj.id)).map((row) => `${row.consent_use}/${row.reason}`)).toEqual(['quote/created', 'none/updated', 'quote/restored']);
  });

  it('lists an inquiry\'s changes only, rows outliving the stakeholder, and takes rows written by others (erasure)', () => {
    const { db } = tempDatabase();
    const nordby = createProject(db, { title: 'Nordby' });
    const other = createProject(db, { title: 'Other' });
    const a = createStakeholder(db, { project_id: nordby.id, pseudonym: 'A', sector: 'other' });
    createStakeholder(db, { project_id: other.id, pseudonym: 'B', sector: 'other' });
    recordConsentChange(db, { ...a, consent_status: 'withdrawn' }, 'erased');
    db.prepare(`DELETE FROM stakeholders WHERE id = ?`).run(a.id);
    expect(listProjectConsentChanges(db, nordby.id).map((row) => row.reason)).toEqual(['created', 'erased']);
    expect(listProjectConsentChanges(db, other.id)).toHaveLength(1);
  });
});
