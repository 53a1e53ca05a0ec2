/** English text for search. */
export const search = {};
