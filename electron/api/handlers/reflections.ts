import type { reflectionChannels } from '../channels/reflections.js';
import type { HandlersFor } from './types.js';

export const reflectionHandlers: HandlersFor<typeof reflectionChannels> = {};
