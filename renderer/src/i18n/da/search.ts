import type { Messages } from '../en/index';

/** Dansk tekst til search. */
export const search: Messages['search'] = {};
