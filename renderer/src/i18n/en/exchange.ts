/** English text for exchange. */
export const exchange = {};
