import type { Channel, Input, Output } from '../../../electron/api/contract';
import type { ApiErrorBody, ApiResult, ErrorCode, MessageRef } from '../../../electron/api/result';

/** Sends one API call and returns its typed result; never throws for API failures. */
export type Transport = (channel: string, input: unknown) => Promise<ApiResult<unknown>>;

/** An API failure as the UI sees it: a code to translate and the server's message in words. */
export class ApiCallError extends Error {
  readonly code: ErrorCode | 'unreachable';
  readonly issues: ApiErrorBody['issues'];
  /** What to show, by id and parameters (translated with apiText); the English `message` is the fallback. */
  readonly ref: MessageRef | undefined;
  constructor(body: ApiErrorBody | { code: 'unreachable'; message: string; issues?: undefined; message_id?: string; params?: undefined }) {
    super(body.message);
    this.code = body.code;
    this.issues = body.issues;
    this.ref = body.message_id ? { id: body.message_id, ...(body.params ? { params: body.params } : {}) } : undefined;
  }
}

export interface Client {
  call<C extends Channel>(channel: C, input: Input<C>): Promise<Output<C>>;
}

export function createClient(transport: Transport): Client {
  return {
    async call(channel, input) {
      const result = await transport(channel, input);
      if (!result.ok) throw new ApiCallError(result.error);
      return result.value as never;
    },
  };
}

interface PreloadBridge {
  transport: 'ipc';
  invoke(channel: string, input: unknown): Promise<ApiResult<unknown>>;
}

declare global {
  interface Window {
    withness?: PreloadBridge;
  }
}

/** Under Electron: the preload's narrow bridge. */
export function ipcTransport(bridge: PreloadBridge): Transport {
  return (channel, input) => bridge.invoke(channel, input);
}

/** In browser mode: the local HTTP bridge, authenticated by the per-run token. */
export function httpTransport(token: string, fetchImpl: typeof fetch = (...args) => fetch(...args)): Transport {
  return async (channel, input) => {
    let response: Response;
    try {
      response = await fetchImpl(`/api/${encodeURIComponent(channel)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Withness-Token': token },
        body: JSON.stringify(input ?? {}),
      });
    } catch {
      return { ok: false, error: { code: 'unreachable' as ErrorCode, message: 'The Withness server cannot be reached.', message_id: 'bridge.unreachable' } };
    }
    try {
      return (await response.json()) as ApiResult<unknown>;
    } catch {
      return { ok: false, error: { code: 'internal', message: `The server answered ${response.status} without a result.`, message_id: 'bridge.no_result', params: { status: response.status } } };
    }
  };
}

const TOKEN_KEY = 'withness.token';

/**
 * Browser mode receives its token once in the launch URL (?token=…); it is kept for this tab only
 * and removed from the address bar so it is not bookmarked or shared by accident.
 */
export function takeBrowserToken(location: Location, storage: Storage, history: History): string | undefined {
  const params = new URLSearchParams(location.search);
  const fromUrl = params.get('token');
  if (fromUrl) {
    storage.setItem(TOKEN_KEY, fromUrl);
    params.delete('token');
    const query = params.toString();
    history.replaceState(null, '', `${location.pathname}${query ? `?${query}` : ''}${location.hash}`);
    return fromUrl;
  }
  return storage.getItem(TOKEN_KEY) ?? undefined;
}

export function detectTransport(win: Window = window): Transport | undefined {
  if (win.withness?.transport === 'ipc') return ipcTransport(win.withness);
  const token = takeBrowserToken(win.location, win.sessionStorage, win.history);
  return token ? httpTransport(token) : undefined;
}
