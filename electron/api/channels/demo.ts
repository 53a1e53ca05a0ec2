/** Channels of this domain; see contract.ts for the conventions. */
export const demoChannels = {} as const;
