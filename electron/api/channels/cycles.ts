/** Channels of this domain; see contract.ts for the conventions. */
export const cycleChannels = {} as const;
