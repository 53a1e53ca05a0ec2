import { format, isValid, parseISO } from 'date-fns';

/** UTC ISO text → the value of a datetime-local input, in the computer's local time. */
export function toLocalInput(iso: string): string {
  const date = parseISO(iso);
  return isValid(date) ? format(date, "yyyy-MM-dd'T'HH:mm") : '';
}

/** A datetime-local value (local time) → UTC ISO text; undefined when empty or incomplete. */
export function fromLocalInput(value: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** True on Apple keyboards, where the shortcut is ⌘⌥N instead of Ctrl+Alt+N. */
export function isMac(): boolean {
  const platform = (navigator as Navigator & { userAgentData?: { platform?: string } }).userAgentData?.platform ?? navigator.platform ?? '';
  return /mac|iphone|ipad/i.test(platform);
}

/** The quick-capture shortcut as people read it on this computer. */
export function shortcutLabel(): string {
  return isMac() ? '⌘⌥N' : 'Ctrl+Alt+N';
}

/** Ctrl+Alt+N, or ⌘⌥N; matched on the physical key so any keyboard layout works. */
export function isQuickCaptureShortcut(event: KeyboardEvent): boolean {
  if (event.code !== 'KeyN' || !event.altKey || event.shiftKey) return false;
  // AltGr reports Ctrl+Alt on Windows; AltGr+N types a letter on some layouts (Polish ń), so leave it alone.
  if (typeof event.getModifierState === 'function' && event.getModifierState('AltGraph')) return false;
  return (event.ctrlKey && !event.metaKey) || (event.metaKey && !event.ctrlKey);
}

/** "1.2 MB", "830 kB", "12 bytes" in the UI's language. */
export function formatBytes(bytes: number, language: string): string {
  const number = (value: number, digits: number) => new Intl.NumberFormat(language, { maximumFractionDigits: digits }).format(value);
  if (bytes < 1000) return `${number(bytes, 0)} B`;
  if (bytes < 1_000_000) return `${number(bytes / 1000, 0)} kB`;
  return `${number(bytes / 1_000_000, 1)} MB`;
}

export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

const TYPES_BY_EXTENSION: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  pdf: 'application/pdf',
  txt: 'text/plain',
  md: 'text/plain',
  csv: 'text/csv',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  aac: 'audio/aac',
  wav: 'audio/wav',
  ogg: 'audio/ogg',
  oga: 'audio/ogg',
  weba: 'audio/webm',
  flac: 'audio/flac',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ppt: 'application/vnd.ms-powerpoint',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  odp: 'application/vnd.oasis.opendocument.presentation',
  rtf: 'application/rtf',
};

/** The browser's media type, or one guessed from the extension when the browser has none (common for .m4a, .md). */
export function mediaTypeOf(file: { name: string; type: string }): string {
  if (file.type && file.type !== 'application/octet-stream') return file.type;
  const extension = file.name.split('.').pop()?.toLowerCase() ?? '';
  return TYPES_BY_EXTENSION[extension] ?? (file.type || 'application/octet-stream');
}

export const ACCEPTED_FILES = ['image/*', 'audio/*', ...Object.keys(TYPES_BY_EXTENSION).map((extension) => `.${extension}`)].join(',');

export function isImage(mediaType: string): boolean {
  return ['image/png', 'image/jpeg', 'image/gif', 'image/webp'].includes(mediaType);
}

/** A file's bytes as base64, read in the browser. */
export function readAsBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read.'));
    reader.readAsDataURL(file);
  });
}

export function base64ToBlob(base64: string, mediaType: string): Blob {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Blob([bytes], { type: mediaType });
}

/** A list line for a note: its title, or else its first line without Markdown marks. */
export function plainFirstLine(text: string): string {
  return text
    .replace(/^\s{0,3}(#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)/, '')
    .replace(/[*_`~]+/g, '')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .trim();
}

/** Tells open lists that a note changed elsewhere (quick capture), so they can reload. */
export const NOTES_CHANGED_EVENT = 'withness:notes-changed';
export function announceNotesChanged(): void {
  window.dispatchEvent(new Event(NOTES_CHANGED_EVENT));
}
