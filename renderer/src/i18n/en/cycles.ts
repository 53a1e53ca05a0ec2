/** English text for the cycles screens. */
export const cycles = {};
