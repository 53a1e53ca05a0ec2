import type { journalKeyChannels } from '../channels/journal-keys.js';
import { ApiError } from '../result.js';
import type { HandlersFor } from './types.js';

/**
 * The key channels need the journal host (it holds the data key and the keychain, and it closes and reopens the
 * file), so electron/journal.ts answers them before dispatch. A bare connection has none of that.
 */
function hostOnly(): never {
  throw new ApiError('invalid_input', 'The journal keys are managed by the app, browser mode or the command line, not over a bare connection.');
}

export const journalKeyHandlers: HandlersFor<typeof journalKeyChannels> = {
  'journal:unlock': hostOnly,
  'journal:setup': hostOnly,
  'journal:newRecoveryKey': hostOnly,
  'journal:confirmRecoveryKey': hostOnly,
  'journal:changePassphrase': hostOnly,
  'journal:rekey': hostOnly,
  'journal:encrypt': hostOnly,
};
