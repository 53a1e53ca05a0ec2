import type { Messages } from '../en/index';

/** Dansk tekst til timeline. */
export const timeline: Messages['timeline'] = {};
