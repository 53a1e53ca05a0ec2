import type { cycleChannels } from '../channels/cycles.js';
import type { HandlersFor } from './types.js';

export const cycleHandlers: HandlersFor<typeof cycleChannels> = {};
