/** English text for codes. */
export const codes = {};
