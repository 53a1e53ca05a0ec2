import type { Db } from '../../db/connection.js';
import { createProject } from '../../db/repositories/projects.js';
import { callOrThrow } from '../../electron/api/dispatch.js';

/**
 * A small inquiry with three speakers in one dialogue: Quinn may be quoted (given + quote), Dana may be described but
 * not quoted (given + describe), Pia's consent is pending. Each says a planted sentence, and a reflection cites each
 * turn whole and a passage of each turn.
 */
export const PLANTED = {
  quote: 'Quinn planted: the bakery on Torvegade opens at seven.',
  describe: 'Dana planted: my sister drives the night bus.',
  pending: 'Pia planted: I keep the keys under the blue pot.',
} as const;

export interface ConsentSeed {
  projectId: string;
  quinn: string;
  dana: string;
  pia: string;
  turns: { quote: string; describe: string; pending: string };
  reflectionId: string;
}

export async function seedConsentInquiry(db: Db): Promise<ConsentSeed> {
  const project = createProject(db, { title: 'Nordby consent' });
  const person = (pseudonym: string, real_name: string, consent: { consent_status: 'given' | 'pending'; consent_use: 'quote' | 'describe' }) =>
    callOrThrow(db, 'stakeholders:create', { project_id: project.id, pseudonym, real_name, sector: 'citizen', ...consent });
  const quinn = await person('Quinn', 'Quentin Realname', { consent_status: 'given', consent_use: 'quote' });
  const dana = await person('Dana', 'Dorthe Realname', { consent_status: 'given', consent_use: 'describe' });
  const pia = await person('Pia', 'Pernille Realname', { consent_status: 'pending', consent_use: 'quote' });
  const dialogue = await callOrThrow(db, 'dialogues:create', {
    project_id: project.id,
    kind: 'workshop',
    title: 'Workshop at the library',
    occurred_at: '2026-02-11T09:00:00.000Z',
    participant_ids: [quinn.id, dana.id, pia.id],
  });
  const turn = (speaker: string, text: string) => callOrThrow(db, 'turns:add', { dialogue_id: dialogue.id, speaker_id: speaker, text });
  const turns = {
    quote: (await turn(quinn.id, PLANTED.quote)).id,
    describe: (await turn(dana.id, PLANTED.describe)).id,
    pending: (await turn(pia.id, PLANTED.pending)).id,
  };
  const reflection = await callOrThrow(db, 'reflections:create', {
    project_id: project.id,
    title: 'What moving about means',
    body: 'Three people, three ways of getting about.',
    written_at: '2026-02-12T09:00:00.000Z',
  });
  for (const [key, id] of Object.entries(turns) as [keyof typeof PLANTED, string][]) {
    await callOrThrow(db, 'links:add', { reflection_id: reflection.id, target_type: 'turn', target_id: id, comment: `whole ${key}` });
    const text = PLANTED[key];
    const start = text.indexOf(':') + 2;
    const passage = text.slice(start);
    await callOrThrow(db, 'links:add', {
      reflection_id: reflection.id,
      target_type: 'turn',
      target_id: id,
      excerpt: { start, end: start + [...passage].length, text: passage },
      comment: `passage ${key}`,
    });
  }
  return { projectId: project.id, quinn: quinn.id, dana: dana.id, pia: pia.id, turns, reflectionId: reflection.id };
}

/** The planted sentences' own words (after the speaker's name), as they would stand in an export. */
export const WORDS = {
  quote: PLANTED.quote.slice(PLANTED.quote.indexOf(':') + 2),
  describe: PLANTED.describe.slice(PLANTED.describe.indexOf(':') + 2),
  pending: PLANTED.pending.slice(PLANTED.pending.indexOf(':') + 2),
};
