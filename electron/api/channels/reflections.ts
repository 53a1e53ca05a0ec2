/** Channels of this domain; see contract.ts for the conventions. */
export const reflectionChannels = {} as const;
