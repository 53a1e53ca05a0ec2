import type { dialogueChannels } from '../channels/dialogues.js';
import type { HandlersFor } from './types.js';

export const dialogueHandlers: HandlersFor<typeof dialogueChannels> = {};
