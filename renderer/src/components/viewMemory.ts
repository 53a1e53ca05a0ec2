/**
 * What a screen remembers while the window is open (the last search, the timeline's filters and view, the notes'
 * cycle filter, the author of phase entries). It used to be sessionStorage and localStorage, which Electron writes
 * into Chromium's profile beside the journal, in clear, and a search is very often a person's name. This memory ends
 * with the window: coming back to a screen finds it as it was, a restart starts afresh.
 */
const values = new Map<string, string>();

export const viewMemory = {
  getItem(key: string): string | null {
    return values.get(key) ?? null;
  },
  setItem(key: string, value: string): void {
    values.set(key, value);
  },
  removeItem(key: string): void {
    values.delete(key);
  },
  clear(): void {
    values.clear();
  },
};
