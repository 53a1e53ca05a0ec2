import type { Messages } from '../en/index';

/** Dansk tekst til notes-skærmene. */
export const notes: Messages['notes'] = {};
