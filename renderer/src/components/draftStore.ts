import { useEffect, useState, type ReactNode } from 'react';
import type { Client } from '../api/client';

/**
 * Unsaved editor text, kept in the journal (drafts:* channels) and mirrored here so editors read it synchronously.
 *
 * It used to live in localStorage, which Chromium keeps in clear in its profile (a LevelDB log that still holds old
 * values after removeItem); the journal is encrypted, backed up and reached by erasure. Writes go out shortly after
 * typing pauses and never hold up typing; per key they run in order, so a late write cannot bring back a draft that
 * was cleared after it. When the journal refuses a draft (full disk, read-only), it stays in this window's memory,
 * and is offered again while the window is open; it is written at the next change or the next load.
 */
export interface StoredDraft<T> {
  value: T;
  at: string;
}

const WRITE_DELAY_MS = 250;

const memory = new Map<string, StoredDraft<unknown>>();
const timers = new Map<string, ReturnType<typeof setTimeout>>();
const queues = new Map<string, Promise<void>>();
/** Keys whose newest text has not reached the journal yet (waiting, or refused). */
const unwritten = new Set<string>();
let client: Client | undefined;

function enqueue(key: string, operation: () => Promise<void>): Promise<void> {
  const next = (queues.get(key) ?? Promise.resolve()).then(operation).catch(() => undefined);
  queues.set(key, next);
  void next.then(() => {
    if (queues.get(key) === next) queues.delete(key);
  });
  return next;
}

function writeOut(key: string): Promise<void> {
  clearTimeout(timers.get(key));
  timers.delete(key);
  return enqueue(key, async () => {
    const draft = memory.get(key);
    if (!draft || !client || !unwritten.has(key)) return;
    const body = JSON.stringify(draft.value);
    await client.call('drafts:put', { key, body });
    // A newer write while this one was in flight keeps the key unwritten.
    if (memory.get(key) === draft) unwritten.delete(key);
  });
}

/**
 * Reads the journal's drafts; call once the journal is open. A different client (another journal) starts from an
 * empty memory, the same one keeps what the journal refused before.
 */
export async function loadDrafts(next: Client): Promise<void> {
  if (next !== client) {
    for (const timer of timers.values()) clearTimeout(timer);
    timers.clear();
    memory.clear();
    unwritten.clear();
    client = next;
  }
  const rows = await next.call('drafts:list', {});
  for (const row of rows) {
    if (unwritten.has(row.key)) continue;
    try {
      memory.set(row.key, { value: JSON.parse(row.body) as unknown, at: row.saved_at });
    } catch {
      // The journal checks that bodies are JSON; nothing to offer otherwise.
    }
  }
  const legacy = adoptLegacyDrafts();
  await Promise.all([...unwritten].map((key) => writeOut(key)));
  forgetLegacyDrafts(legacy.filter((key) => !unwritten.has(key)));
}

const LEGACY_PREFIX = 'withness.draft.';

/**
 * Drafts an earlier Withness left in localStorage: taken into the journal (nothing typed is lost by the update), then
 * removed from localStorage once the journal holds them. One whose record is gone stays where it was.
 */
function adoptLegacyDrafts(): string[] {
  const adopted: string[] = [];
  try {
    for (const name of Object.keys(localStorage)) {
      if (!name.startsWith(LEGACY_PREFIX)) continue;
      const key = name.slice(LEGACY_PREFIX.length);
      const stored = JSON.parse(localStorage.getItem(name) ?? 'null') as Partial<StoredDraft<unknown>> | null;
      if (!stored || !('value' in stored)) continue;
      adopted.push(key);
      if (memory.has(key)) continue;
      memory.set(key, { value: stored.value, at: typeof stored.at === 'string' ? stored.at : new Date().toISOString() });
      unwritten.add(key);
    }
  } catch {
    // No localStorage (or unreadable): nothing to take over.
  }
  return adopted;
}

function forgetLegacyDrafts(keys: string[]): void {
  try {
    for (const key of keys) localStorage.removeItem(LEGACY_PREFIX + key);
  } catch {
    // Left for the next start.
  }
}

export function writeDraft<T>(key: string, value: T): void {
  memory.set(key, { value, at: new Date().toISOString() });
  unwritten.add(key);
  clearTimeout(timers.get(key));
  timers.set(
    key,
    setTimeout(() => void writeOut(key), WRITE_DELAY_MS),
  );
}

export function clearDraft(key: string): void {
  clearTimeout(timers.get(key));
  timers.delete(key);
  memory.delete(key);
  unwritten.delete(key);
  const current = client;
  if (current) void enqueue(key, async () => void (await current.call('drafts:delete', { key })));
}

/** A draft left by a closed window or crash (or refused by the journal in this window), if any. */
export function readDraft<T>(key: string): StoredDraft<T> | undefined {
  return memory.get(key) as StoredDraft<T> | undefined;
}

/** Sends every waiting draft now (the window is being hidden or closed); resolves when the journal answered. */
export function flushDrafts(): Promise<void> {
  return Promise.all([...timers.keys()].map((key) => writeOut(key))).then(() => undefined);
}

/** Resolves when every draft write and delete sent so far has been answered (tests, and closing the window). */
export function draftsSettled(): Promise<void> {
  return Promise.all([...queues.values()]).then(() => undefined);
}

/** Renders its children once the journal's drafts are read, so editors find theirs on first render. */
export function DraftsReady({ client: next, loading, children }: { client: Client; loading: ReactNode; children: ReactNode }) {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let live = true;
    loadDrafts(next)
      // A journal without the drafts table cannot answer: editors still keep drafts in memory.
      .catch(() => undefined)
      .finally(() => live && setReady(true));
    return () => {
      live = false;
    };
  }, [next]);
  useEffect(() => {
    const onHide = () => {
      if (document.visibilityState === 'hidden') void flushDrafts();
    };
    const onLeave = () => void flushDrafts();
    document.addEventListener('visibilitychange', onHide);
    window.addEventListener('pagehide', onLeave);
    return () => {
      document.removeEventListener('visibilitychange', onHide);
      window.removeEventListener('pagehide', onLeave);
    };
  }, []);
  return ready ? children : loading;
}
