/** English text for the notes screens. */
export const notes = {};
