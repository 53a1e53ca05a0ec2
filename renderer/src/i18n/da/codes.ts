import type { Messages } from '../en/index';

/** Dansk tekst til codes. */
export const codes: Messages['codes'] = {};
