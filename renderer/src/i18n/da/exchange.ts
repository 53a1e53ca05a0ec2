import type { Messages } from '../en/index';

/** Dansk tekst til exchange. */
export const exchange: Messages['exchange'] = {};
