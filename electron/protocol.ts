import { readFile } from 'node:fs/promises';
import type { Protocol } from 'electron';
import { APP_HOST, APP_SCHEME } from './security.js';
import { resolveStaticFile, SECURITY_HEADERS } from './static-files.js';

/** Must run before the app is ready: makes app:// a secure, standard origin. */
export function registerAppScheme(protocol: Protocol): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: false, corsEnabled: false } },
  ]);
}

/** Serves the built renderer from app://withness/ with the strict CSP as a response header. */
export function serveRenderer(protocol: Protocol, rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const file = url.host === APP_HOST ? resolveStaticFile(rendererDir, url.pathname) : undefined;
    if (!file || request.method !== 'GET') return new Response('Not found', { status: 404 });
    const body = await readFile(file.path);
    return new Response(body, { status: 200, headers: { 'Content-Type': file.contentType, ...SECURITY_HEADERS } });
  });
}
