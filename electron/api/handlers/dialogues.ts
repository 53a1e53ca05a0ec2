import type { Db } from '../../../db/connection.js';
import type { CycleRow } from '../../../db/repositories/cycles.js';
import {
  addTurn,
  countTurnsBySpeaker,
  createDialogue,
  isParticipant,
  listDialogues,
  listParticipantIds,
  listTurns,
  moveTurn,
  setParticipants,
  trashDialogue,
  trashTurn,
  updateDialogue,
  updateTurn,
  type DialogueRow,
  type TurnRow,
} from '../../../db/repositories/dialogues.js';
import { RevisionConflictError, type EntityRow } from '../../../db/repositories/entities.js';
import type { StakeholderRow } from '../../../db/repositories/stakeholders.js';
import type { DialogueDetail, dialogueChannels } from '../channels/dialogues.js';
import { ApiError, notFound } from '../result.js';
import { requireLive } from './common.js';
import type { HandlersFor } from './types.js';

type Live<T> = T & EntityRow;

function detail(db: Db, dialogue: DialogueRow): DialogueDetail {
  return { ...dialogue, participant_ids: listParticipantIds(db, dialogue.id), turns: listTurns(db, dialogue.id) };
}

function invalid(path: string, message: string): ApiError {
  return new ApiError('invalid_input', message, [{ path, message }]);
}

/** A cycle given for a dialogue must be a live cycle of the same inquiry. */
function checkCycle(db: Db, projectId: string, cycleId: string | null | undefined): void {
  if (!cycleId) return;
  const cycle = requireLive<Live<CycleRow>>(db, 'cycle', cycleId);
  if (cycle.project_id !== projectId) throw invalid('cycle_id', 'That cycle belongs to another inquiry; choose a cycle of this one.');
}

/** Participants must be live stakeholders of the same inquiry. Returns the ids without repeats. */
function checkParticipants(db: Db, projectId: string, ids: readonly string[]): string[] {
  const unique = [...new Set(ids)];
  for (const id of unique) {
    const stakeholder = requireLive<Live<StakeholderRow>>(db, 'stakeholder', id);
    if (stakeholder.project_id !== projectId) {
      throw invalid('participant_ids', `${stakeholder.pseudonym} is a stakeholder of another inquiry and cannot take part in this dialogue.`);
    }
  }
  return unique;
}

/** A speaker is a participant of the dialogue, or null for an unknown speaker. */
function checkSpeaker(db: Db, dialogue: DialogueRow, speakerId: string | null | undefined): void {
  if (!speakerId) return;
  const stakeholder = requireLive<Live<StakeholderRow>>(db, 'stakeholder', speakerId);
  if (stakeholder.project_id !== dialogue.project_id) {
    throw invalid('speaker_id', `${stakeholder.pseudonym} is a stakeholder of another inquiry and cannot speak in this dialogue.`);
  }
  if (!isParticipant(db, dialogue.id, speakerId)) {
    throw invalid(
      'speaker_id',
      `${stakeholder.pseudonym} is not a participant of this dialogue. Add them to the participants first, or mark the speaker as unknown.`,
    );
  }
}

/** A live turn, checked to belong to the given dialogue. */
function requireTurnOf(db: Db, dialogueId: string, turnId: string, path: string): Live<TurnRow> {
  const turn = requireLive<Live<TurnRow>>(db, 'turn', turnId);
  if (turn.dialogue_id !== dialogueId) throw invalid(path, 'That turn belongs to another dialogue.');
  return turn;
}

/** Someone who speaks in the dialogue cannot simply leave it: their turns would lose a valid speaker. */
function checkNoSpeakerRemoved(db: Db, dialogueId: string, keep: readonly string[]): void {
  const kept = new Set(keep);
  const spoken = countTurnsBySpeaker(db, dialogueId);
  for (const id of listParticipantIds(db, dialogueId)) {
    const count = spoken.get(id) ?? 0;
    if (kept.has(id) || count === 0) continue;
    const { pseudonym } = requireLive<Live<StakeholderRow>>(db, 'stakeholder', id);
    throw invalid(
      'participant_ids',
      `${pseudonym} speaks in ${count === 1 ? 'one turn' : `${count} turns`} of this dialogue. Give ${count === 1 ? 'that turn' : 'those turns'} another speaker or delete ${count === 1 ? 'it' : 'them'} before removing ${pseudonym} from the participants.`,
    );
  }
}

function liveDialogue(db: Db, id: string): Live<DialogueRow> {
  return requireLive<Live<DialogueRow>>(db, 'dialogue', id);
}

function toUtc(iso: string | undefined): string | undefined {
  return iso === undefined ? undefined : new Date(iso).toISOString();
}

export const dialogueHandlers: HandlersFor<typeof dialogueChannels> = {
  'dialogues:list': (db, { project_id, limit, offset, after, with_total }) => {
    requireLive(db, 'project', project_id);
    // Keyset comparisons are on the stored form (UTC, milliseconds, Z), whatever offset the caller wrote.
    const cursor = after ? { occurred_at: new Date(after.occurred_at).toISOString(), id: after.id } : undefined;
    return listDialogues(db, { project_id, limit, offset, after: cursor, with_total });
  },
  'dialogues:get': (db, { id }) => detail(db, liveDialogue(db, id)),
  'dialogues:create': (db, { participant_ids = [], occurred_at, ...input }) =>
    db.transaction(() => {
      requireLive(db, 'project', input.project_id);
      checkCycle(db, input.project_id, input.cycle_id);
      const participants = checkParticipants(db, input.project_id, participant_ids);
      return detail(db, createDialogue(db, { ...input, occurred_at: toUtc(occurred_at) }, participants));
    })(),
  'dialogues:update': (db, { id, expected_revision, participant_ids, occurred_at, ...changes }) =>
    db.transaction(() => {
      const current = liveDialogue(db, id);
      if (expected_revision !== undefined && expected_revision !== current.revision) {
        throw new RevisionConflictError('dialogue', id, expected_revision, current.revision);
      }
      checkCycle(db, current.project_id, changes.cycle_id);
      let participants: string[] | undefined;
      if (participant_ids) {
        participants = checkParticipants(db, current.project_id, participant_ids);
        checkNoSpeakerRemoved(db, id, participants);
      }
      const columns = { ...changes, occurred_at: toUtc(occurred_at) };
      const hasColumns = Object.values(columns).some((value) => value !== undefined);
      const updated = hasColumns ? updateDialogue(db, id, columns, expected_revision) : current;
      if (!updated) throw notFound('dialogue', id);
      if (participants) setParticipants(db, id, participants);
      return detail(db, updated);
    })(),
  'dialogues:delete': (db, { id }) => {
    const group = trashDialogue(db, id);
    if (!group) throw notFound('dialogue', id);
    return { id, group_id: group };
  },
  'turns:add': (db, { dialogue_id, speaker_id, text, after_turn_id }) =>
    db.transaction(() => {
      const dialogue = liveDialogue(db, dialogue_id);
      checkSpeaker(db, dialogue, speaker_id);
      if (after_turn_id) requireTurnOf(db, dialogue_id, after_turn_id, 'after_turn_id');
      return addTurn(db, dialogue.project_id, { dialogue_id, speaker_id, text, after_turn_id });
    })(),
  'turns:update': (db, { id, expected_revision, ...changes }) =>
    db.transaction(() => {
      const turn = requireLive<Live<TurnRow>>(db, 'turn', id);
      checkSpeaker(db, liveDialogue(db, turn.dialogue_id), changes.speaker_id);
      if (changes.text === undefined && changes.speaker_id === undefined) return turn;
      const updated = updateTurn(db, id, changes, expected_revision);
      if (!updated) throw notFound('turn', id);
      return updated;
    })(),
  'turns:move': (db, { id, to_index }) =>
    db.transaction(() => {
      const turn = requireLive<Live<TurnRow>>(db, 'turn', id);
      const count = listTurns(db, turn.dialogue_id).length;
      if (to_index > count - 1) {
        throw invalid('to_index', `This dialogue has ${count} ${count === 1 ? 'turn' : 'turns'}, so a turn can move to places 0 to ${count - 1}.`);
      }
      return moveTurn(db, id, to_index);
    })(),
  'turns:delete': (db, { id }) => {
    const group = trashTurn(db, id);
    if (!group) throw notFound('turn', id);
    return { id, group_id: group };
  },
};
