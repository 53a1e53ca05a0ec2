import type { z } from 'zod';
import { appChannels } from './channels/app.js';
import { backupChannels } from './channels/backups.js';
import { consentChannels } from './channels/consent.js';
import { cycleChannels } from './channels/cycles.js';
import { demoChannels } from './channels/demo.js';
import { dialogueChannels } from './channels/dialogues.js';
import { draftChannels } from './channels/drafts.js';
import { erasureChannels } from './channels/erasure.js';
import { exchangeChannels } from './channels/exchange.js';
import { exportChannels } from './channels/exports.js';
import { historyChannels } from './channels/history.js';
import { journalKeyChannels } from './channels/journal-keys.js';
import { jobChannels } from './channels/jobs.js';
import { linkChannels } from './channels/links.js';
import { noteChannels } from './channels/notes.js';
import { projectChannels } from './channels/projects.js';
import { reflectionChannels } from './channels/reflections.js';
import { searchChannels } from './channels/search.js';
import { stakeholderChannels } from './channels/stakeholders.js';
import { teamChannels } from './channels/team.js';
import { timelineChannels } from './channels/timeline.js';

/**
 * The one API of Withness. Every channel is `domain:verb` with a zod schema for its input (strict:
 * unknown keys are refused) and its result. Main registers a handler per channel, the preload exposes
 * exactly these names, the HTTP bridge serves them, and the renderer imports only the types.
 * Each domain keeps its channels in channels/<domain>.ts. Keep this folder free of Node.
 */
export const contract = {
  ...appChannels,
  ...projectChannels,
  ...historyChannels,
  ...backupChannels,
  ...journalKeyChannels,
  ...cycleChannels,
  ...noteChannels,
  ...stakeholderChannels,
  ...consentChannels,
  ...erasureChannels,
  ...dialogueChannels,
  ...reflectionChannels,
  ...linkChannels,
  ...demoChannels,
  ...exchangeChannels,
  ...exportChannels,
  ...searchChannels,
  ...timelineChannels,
  ...jobChannels,
  ...draftChannels,
  ...teamChannels,
} as const;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type Input<C extends Channel> = z.input<Contract[C]['input']>;
export type ParsedInput<C extends Channel> = z.output<Contract[C]['input']>;
export type Output<C extends Channel> = z.output<Contract[C]['output']>;

export const channels = Object.keys(contract) as Channel[];

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}
