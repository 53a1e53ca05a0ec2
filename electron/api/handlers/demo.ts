import type { demoChannels } from '../channels/demo.js';
import type { HandlersFor } from './types.js';

export const demoHandlers: HandlersFor<typeof demoChannels> = {};
