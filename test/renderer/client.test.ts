import { describe, expect, it, vi } from 'vitest';
import { ApiCallError, createClient, httpTransport, takeBrowserToken } from '../../renderer/src/api/client';

describe('renderer API client', () => {
  it('sends calls to the bridge with the token and returns values', async () => {
    const fetchImpl = vi.fn(async () => new Response(JSON.stringify({ ok: true, value: [] })));
    const client = createClient(httpTransport('secret', fetchImpl as unknown as typeof fetch));
    await expect(client.call('projects:list', {})).resolves.toEqual([]);
    expect(fetchImpl).toHaveBeenCalledWith('/api/projects%3Alist', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Withness-Token': 'secret' },
      body: '{}',
    });
  });

  it('throws typed errors with the server’s message', async () => {
    const body = { ok: false, error: { code: 'not_found', message: 'No project with id x exists.' } };
    const client = createClient(httpTransport('t', (async () => new Response(JSON.stringify(body), { status: 200 })) as typeof fetch));
    const error = await client.call('projects:get', { id: 'x' }).catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(ApiCallError);
    expect(error).toMatchObject({ code: 'not_found', message: 'No project with id x exists.' });
  });

  it('turns network failures and non-JSON answers into errors in words', async () => {
    const offline = createClient(httpTransport('t', (async () => Promise.reject(new TypeError('Failed to fetch'))) as typeof fetch));
    await expect(offline.call('projects:list', {})).rejects.toMatchObject({ code: 'unreachable' });
    const broken = createClient(httpTransport('t', (async () => new Response('<html>', { status: 502 })) as typeof fetch));
    await expect(broken.call('projects:list', {})).rejects.toMatchObject({ code: 'internal', message: expect.stringContaining('502') });
  });

  it('takes the token from the launch URL once and removes it from the address bar', () => {
    window.history.replaceState(null, '', '/?token=abc123&x=1#/projects');
    expect(takeBrowserToken(window.location, window.sessionStorage, window.history)).toBe('abc123');
    expect(window.location.search).toBe('?x=1');
    expect(window.location.hash).toBe('#/projects');
    window.history.replaceState(null, '', '/');
    expect(takeBrowserToken(window.location, window.sessionStorage, window.history)).toBe('abc123');
    window.sessionStorage.clear();
    expect(takeBrowserToken(window.location, window.sessionStorage, window.history)).toBeUndefined();
  });
});
