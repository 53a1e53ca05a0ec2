import type { Messages } from '../en/index';

/** Dansk tekst til dialogues-skærmene. */
export const dialogues: Messages['dialogues'] = {};
