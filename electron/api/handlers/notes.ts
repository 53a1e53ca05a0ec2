import type { noteChannels } from '../channels/notes.js';
import type { HandlersFor } from './types.js';

export const noteHandlers: HandlersFor<typeof noteChannels> = {};
