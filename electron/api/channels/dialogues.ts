/** Channels of this domain; see contract.ts for the conventions. */
export const dialogueChannels = {} as const;
