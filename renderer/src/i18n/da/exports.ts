import type { Messages } from '../en/index';

/** Dansk tekst til exports. */
export const exports: Messages['exports'] = {};
