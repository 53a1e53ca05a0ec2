/** Channels of this domain; see contract.ts for the conventions. */
export const stakeholderChannels = {} as const;
