/** English text for exports. */
export const exports = {};
