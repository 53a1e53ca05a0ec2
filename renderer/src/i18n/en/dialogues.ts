/** English text for the dialogues screens. */
export const dialogues = {};
