import type { Session, WebContents, WebFrameMain } from 'electron';

/** The renderer is served from this custom scheme, never from file:// (Electron security checklist 18). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'withness';
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** True only for the app's own top-level page; any other frame or origin is refused. */
export function isTrustedSender(frame: WebFrameMain | null | undefined): boolean {
  if (!frame || frame.parent) return false;
  return isAppUrl(frame.url);
}

export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

/** Denies every permission (camera, notifications, …): a journal needs none. */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler?.(() => false);
  // Exports reach the user as downloads of blob: URLs made by the app itself (Electron then asks where
  // to save); any other download is refused.
  session.on('will-download', (event, item) => {
    if (!item.getURL().startsWith(`blob:${APP_SCHEME}://${APP_HOST}/`)) event.preventDefault();
  });
}

/** No navigation away from the app, no new windows, no webviews (checklist 12–14). */
export function hardenWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}
