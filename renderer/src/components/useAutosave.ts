import { useCallback, useEffect, useRef, useState } from 'react';
import { clearDraft, readDraft, writeDraft } from './draftStore';

export type SaveStatus = 'idle' | 'pending' | 'saving' | 'saved' | 'error';

export interface AutosaveOptions<T> {
  /** The value being edited; every change schedules a save. */
  value: T;
  /** Persists the value (an API call). Rejecting keeps the draft and reports the error. */
  save: (value: T) => Promise<void>;
  /** Where an unsaved draft survives a closed window or a crash (its key in the journal's drafts), unique per record. */
  draftKey: string;
  delayMs?: number;
  /** False while the loaded value is being put into the editor, so loading does not count as an edit. */
  enabled?: boolean;
}

/**
 * No Save button: edits are saved shortly after typing stops, at once when the editor loses focus,
 * the tab is hidden or the window closes. Until the save is confirmed, the text is also kept as a
 * draft in the journal (draftStore), so a crash mid-sentence loses nothing (see readDraft).
 */
export function useAutosave<T>({ value, save, draftKey, delayMs = 700, enabled = true }: AutosaveOptions<T>) {
  const [status, setStatus] = useState<SaveStatus>('idle');
  const [error, setError] = useState<unknown>();
  const latest = useRef(value);
  const saved = useRef<string>(JSON.stringify(value));
  const saveRef = useRef(save);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const inFlight = useRef<Promise<void> | undefined>(undefined);
  saveRef.current = save;
  latest.current = value;

  const flush = useCallback(async (): Promise<void> => {
    clearTimeout(timer.current);
    if (inFlight.current) await inFlight.current;
    const snapshot = latest.current;
    const serialized = JSON.stringify(snapshot);
    if (serialized === saved.current) return;
    setStatus('saving');
    const attempt = saveRef
      .current(snapshot)
      .then(() => {
        saved.current = serialized;
        if (JSON.stringify(latest.current) === serialized) {
          clearDraft(draftKey);
          setStatus('saved');
        }
        setError(undefined);
      })
      .catch((failure: unknown) => {
        setError(failure);
        setStatus('error');
      })
      .finally(() => {
        inFlight.current = undefined;
      });
    inFlight.current = attempt;
    await attempt;
  }, [draftKey]);

  // Re-base when a different record is loaded.
  useEffect(() => {
    saved.current = JSON.stringify(latest.current);
    setStatus('idle');
    setError(undefined);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [draftKey]);

  useEffect(() => {
    if (!enabled) {
      saved.current = JSON.stringify(value);
      return;
    }
    const serialized = JSON.stringify(value);
    if (serialized === saved.current) return;
    writeDraft(draftKey, value);
    setStatus('pending');
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void flush(), delayMs);
  }, [value, enabled, draftKey, delayMs, flush]);

  useEffect(() => {
    const onHide = () => {
      if (document.visibilityState === 'hidden') void flush();
    };
    const onLeave = () => void flush();
    document.addEventListener('visibilitychange', onHide);
    window.addEventListener('pagehide', onLeave);
    window.addEventListener('beforeunload', onLeave);
    return () => {
      document.removeEventListener('visibilitychange', onHide);
      window.removeEventListener('pagehide', onLeave);
      window.removeEventListener('beforeunload', onLeave);
      void flush();
    };
  }, [flush]);

  return { status, error, flush };
}

/** A draft left by a closed window or crash, if any: offer it back when the record is opened. */
export { readDraft };

export function discardDraft(key: string): void {
  clearDraft(key);
}

/** Keeps text that has not been sent yet (a new entry being written) in the same draft store; blank text clears it. */
export function keepDraft(key: string, value: string): void {
  if (value.trim()) writeDraft(key, value);
  else clearDraft(key);
}
