import type { stakeholderChannels } from '../channels/stakeholders.js';
import type { HandlersFor } from './types.js';

export const stakeholderHandlers: HandlersFor<typeof stakeholderChannels> = {};
