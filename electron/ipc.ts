import type { IpcMain } from 'electron';
import { channels } from './api/contract.js';
import { withMessageIds } from './api/messages.js';
import type { ApiResult } from './api/result.js';
import type { Dispatcher } from './journal.js';
import { isTrustedSender } from './security.js';

const FORBIDDEN: ApiResult<never> = {
  ok: false,
  error: withMessageIds({ code: 'forbidden', message: 'This request did not come from the Withness window and was refused.' }),
};

/** One handler per contract channel; each checks its sender before validating and dispatching. */
export function registerApi(ipcMain: IpcMain, dispatch: Dispatcher): void {
  for (const channel of channels) {
    ipcMain.handle(channel, (event, input: unknown) => {
      if (!isTrustedSender(event.senderFrame)) return FORBIDDEN;
      // The journal host answers some failures itself (a damaged journal); they get their message ids here.
      return dispatch(channel, input).then((result) => (result.ok ? result : { ok: false, error: withMessageIds(result.error) }));
    });
  }
}
