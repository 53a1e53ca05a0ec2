import type { Messages } from '../en/index';

/** Dansk tekst til cycles-skærmene. */
export const cycles: Messages['cycles'] = {};
