import { expect } from 'vitest';
import type { Db } from '../../db/connection.js';
import { createDemoProject } from '../../db/demo/build.js';
import { callOrThrow } from '../../electron/api/dispatch.js';
import { consentToQuoteForAll } from '../helpers/consent.js';

/** Markup that must never come alive in an exported file. */
export const HOSTILE = [
  '<script>alert("note")</script>',
  '<img src="https://tracker.example/pixel.png" onerror="alert(1)">',
  '[klik her](javascript:alert(2))',
  '<svg onload="alert(3)"><script>alert(4)</script><circle r="5"/></svg>',
  '<a href="https://evil.example/x" onclick="alert(5)">ond link</a>',
  '![sporing](https://tracker.example/p.png)',
  '<iframe src="https://evil.example/"></iframe>',
  '<div style="background:url(https://evil.example/bg.png)" onmouseover="alert(6)">stylet</div>',
].join('\n\n');

export interface Seeded {
  projectId: string;
  cycles: { id: string; ordinal: number }[];
  stakeholders: { id: string; pseudonym: string; real_name: string; aliases: string[] }[];
  hostileReflectionTitle: string;
}

/**
 * The fictional demo inquiry, plus a field note, a dialogue turn and a reflection that carry hostile markup
 * and stakeholders' real names (full names, name parts and aliases) inside their text, linked as evidence.
 */
export async function seedDemo(db: Db): Promise<Seeded> {
  const { project } = createDemoProject(db);
  const projectId = project.id;
  // Every turn's words in the exports, so the pseudonymiser is tested on all of them (consent has its own tests).
  consentToQuoteForAll(db, projectId);
  const cycles = db.prepare('SELECT id, ordinal FROM cycles WHERE project_id = ? AND parent_id IS NULL ORDER BY ordinal').all(projectId) as Seeded['cycles'];
  const stakeholders = (
    db.prepare('SELECT id, pseudonym, real_name, aliases FROM stakeholders WHERE project_id = ?').all(projectId) as {
      id: string;
      pseudonym: string;
      real_name: string;
      aliases: string;
    }[]
  ).map((row) => ({ ...row, aliases: JSON.parse(row.aliases) as string[] }));
  const byPseudonym = (name: string) => stakeholders.find((person) => person.pseudonym === name)!;
  const birgitte = byPseudonym('Birgitte');
  const else_ = byPseudonym('Else');

  const noteBody = `Lone Kirkegaard fortalte, at Fru Dahl og Yas havde talt sammen. Kirkegaards kollega sagde »lone« om hende.\n\n${HOSTILE}`;
  const note = await callOrThrow(db, 'notes:create', {
    project_id: projectId,
    cycle_id: cycles[1]!.id,
    phase: 'observe',
    title: 'Samtale med Lone Kirkegaard <b onmouseover="alert(7)">x</b>',
    body: noteBody,
    place: 'Hos Inger Margrethe Dahl',
    occurred_at: '2026-02-10T09:00:00.000Z',
    stakeholder_ids: [birgitte.id, else_.id],
  });
  const dialogue = await callOrThrow(db, 'dialogues:create', {
    project_id: projectId,
    kind: 'informal',
    title: 'Snak med Bent Overgaard',
    cycle_id: cycles[1]!.id,
    phase: 'observe',
    occurred_at: '2026-02-11T09:00:00.000Z',
    participant_ids: [birgitte.id, else_.id],
  });
  const turn = await callOrThrow(db, 'turns:add', {
    dialogue_id: dialogue.id,
    speaker_id: birgitte.id,
    text: `Jeg hedder Lone, og Inger Margrethe Dahl er min nabo. <script>alert("turn")</script> <img src=x onerror=alert(8)>`,
  });
  const hostileReflectionTitle = 'Efter mødet med Arne Vestergaard <script>alert(9)</script>';
  const reflection = await callOrThrow(db, 'reflections:create', {
    project_id: projectId,
    cycle_id: cycles[1]!.id,
    phase: 'reflect',
    mode: 'aboutness',
    title: hostileReflectionTitle,
    body: `## Hvad Yasmin Haddad sagde\n\nJeg tænker på Tina Møller og Bager-Kim.\n\n${HOSTILE}`,
    written_at: '2026-02-12T09:00:00.000Z',
  });
  const start = [...noteBody].length - [...noteBody.slice(noteBody.indexOf('Lone'))].length;
  const passage = 'Lone Kirkegaard fortalte';
  await callOrThrow(db, 'links:add', {
    reflection_id: reflection.id,
    target_type: 'field_note',
    target_id: note.id,
    excerpt: { start, end: start + [...passage].length, text: passage },
    comment: 'Kim Bager Nielsen var der også.',
  });
  await callOrThrow(db, 'links:add', { reflection_id: reflection.id, target_type: 'turn', target_id: turn.id });
  return { projectId, cycles, stakeholders, hostileReflectionTitle };
}

/** Every real name, every part of it and every alias of the project's stakeholders. */
export function realNameTerms(seeded: Seeded): string[] {
  const terms = new Set<string>();
  for (const person of seeded.stakeholders) {
    terms.add(person.real_name);
    for (const part of person.real_name.split(/[\s-]+/)) if ([...part].length >= 2) terms.add(part);
    for (const alias of person.aliases) terms.add(alias);
  }
  return [...terms];
}

/** The real names, name parts and aliases found in a text as whole words, in any case. */
export function realNamesIn(text: string, terms: string[]): string[] {
  return terms.filter((term) => {
    const escaped = term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+');
    return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'iu').test(text);
  });
}

export function expectNoRealNames(text: string, seeded: Seeded): void {
  expect(realNamesIn(text, realNameTerms(seeded))).toEqual([]);
}
