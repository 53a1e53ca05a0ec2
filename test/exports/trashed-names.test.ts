import { describe, expect, it } from 'vitest';
import { callOrThrow } from '../../electron/api/dispatch.js';
import { tempDatabase } from '../helpers/temp.js';

describe('a stakeholder moved to the trash', () => {
  it('is still pseudonymised in every text export', async () => {
    const { db } = tempDatabase();
    const project = await callOrThrow(db, 'projects:create', { title: 'Names that linger' });
    const person = await callOrThrow(db, 'stakeholders:create', {
      project_id: project.id,
      pseudonym: 'Borger K',
      sector: 'citizen',
      real_name: 'Karin Holmgaard',
    });
    await callOrThrow(db, 'notes:create', { project_id: project.id, title: 'Visit', body: 'Karin Holmgaard showed us the garden. Karin laughed.' });
    await callOrThrow(db, 'reflections:create', { project_id: project.id, title: 'After the visit', body: 'What Holmgaard said stays with me.' });
    await callOrThrow(db, 'stakeholders:delete', { id: person.id });

    for (const format of ['md', 'html'] as const) {
      const file = await callOrThrow(db, 'exports:report', { project_id: project.id, format });
      const text = Buffer.from(file.data_base64, 'base64').toString('utf8');
      expect(text).toContain('Borger K');
      expect(text).not.toMatch(/Karin|Holmgaard/);
    }
    const review = await callOrThrow(db, 'exchange:reviewPage', { project_id: project.id });
    expect(Buffer.from(review.data_base64, 'base64').toString('utf8')).not.toMatch(/Karin|Holmgaard/);
  });
});
