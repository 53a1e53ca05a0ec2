import type { Messages } from '../en/index';

/** Dansk tekst til stakeholders-skærmene. */
export const stakeholders: Messages['stakeholders'] = {};
