import type { TFunction } from 'i18next';
import type { MessageParams, MessageRef } from '../../../electron/api/result';

/**
 * A message from the API in the reader's language: its id looked up under `api.` (en/api.ts, da/api.ts) with its
 * parameters, which may be messages themselves (a record's name, a nested reason) and are translated first.
 * `fallback` (the server's English) is shown only for an id this build does not know.
 */
export function apiText(t: TFunction, ref: MessageRef, fallback?: string): string {
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(ref.params ?? ({} as MessageParams))) {
    params[name] = typeof value === 'object' && value !== null ? apiText(t, value) : value;
  }
  const key = `api.${ref.id}`;
  return (t as unknown as (key: string, options: Record<string, unknown>) => string)(key, { ...params, defaultValue: fallback ?? ref.id });
}

/** A message the API sent as English text with its id and parameters beside it (journal status, issues). */
export function apiMessageText(t: TFunction, body: { message: string; message_id?: string; params?: Record<string, unknown> }): string {
  if (!body.message_id) return body.message;
  return apiText(t, { id: body.message_id, ...(body.params ? { params: body.params as MessageParams } : {}) }, body.message);
}
