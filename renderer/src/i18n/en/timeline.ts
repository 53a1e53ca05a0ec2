/** English text for timeline. */
export const timeline = {};
