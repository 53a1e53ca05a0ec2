import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { ContextMenuParams, Dialog, Menu as MenuType, MenuItemConstructorOptions, Session, WebContents } from 'electron';

/**
 * Spell checking without surprise network requests. On Windows and Linux, Chromium's checker downloads Hunspell
 * dictionaries from Google's servers; an offline journal of personal data must not reach out unasked, so there it
 * stays off until the user turns it on from the text context menu, after a sentence saying what it fetches. macOS
 * uses the system's own checker, which downloads nothing, so it is on there.
 */
export interface SpellcheckPreference {
  /** The user's choice on Windows and Linux; undefined until they make one (off). */
  spellcheck?: boolean;
}

export function readPreferences(file: string): SpellcheckPreference {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return typeof parsed === 'object' && parsed !== null && typeof (parsed as SpellcheckPreference).spellcheck === 'boolean'
      ? { spellcheck: (parsed as SpellcheckPreference).spellcheck }
      : {};
  } catch {
    return {};
  }
}

export function writePreferences(file: string, preferences: SpellcheckPreference): void {
  writeFileSync(`${file}.tmp`, JSON.stringify(preferences));
  renameSync(`${file}.tmp`, file);
}

/** Whether the checker runs: always with the system's checker on macOS, elsewhere only when the user chose it. */
export function spellcheckEnabled(platform: NodeJS.Platform, preferences: SpellcheckPreference): boolean {
  return platform === 'darwin' || preferences.spellcheck === true;
}

const TEXT = {
  en: {
    cut: 'Cut',
    copy: 'Copy',
    paste: 'Paste',
    selectAll: 'Select all',
    spellcheck: 'Check spelling',
    noSuggestions: 'No suggestions',
    askTitle: 'Turn on spell checking?',
    askMessage: 'Spell checking downloads dictionaries from Google’s servers once for each language. Nothing you write is sent.',
    turnOn: 'Turn on',
    cancel: 'Cancel',
  },
  da: {
    cut: 'Klip',
    copy: 'Kopiér',
    paste: 'Sæt ind',
    selectAll: 'Markér alt',
    spellcheck: 'Stavekontrol',
    noSuggestions: 'Ingen forslag',
    askTitle: 'Slå stavekontrol til?',
    askMessage: 'Stavekontrollen henter ordbøger fra Googles servere én gang for hvert sprog. Intet af det, du skriver, bliver sendt.',
    turnOn: 'Slå til',
    cancel: 'Annullér',
  },
} as const;

export function menuLanguage(locale: string): keyof typeof TEXT {
  return locale.toLowerCase().startsWith('da') ? 'da' : 'en';
}

export interface SpellcheckHost {
  platform: NodeJS.Platform;
  locale: string;
  preferencesFile: string;
  session: Session;
  dialog: Pick<Dialog, 'showMessageBox'>;
  Menu: Pick<typeof MenuType, 'buildFromTemplate'>;
}

/** Applies the current choice to the session; call before any window exists, so nothing is fetched at start. */
export function applySpellcheck(host: SpellcheckHost): boolean {
  const enabled = spellcheckEnabled(host.platform, readPreferences(host.preferencesFile));
  host.session.setSpellCheckerEnabled(enabled);
  return enabled;
}

/**
 * The edit menu of a text field (Electron shows none by default): the checker's suggestions, cut, copy, paste,
 * select all, and on Windows and Linux the spell-checking switch. Nothing is added to the checker's dictionary.
 */
export function editMenuTemplate(host: SpellcheckHost, contents: WebContents, params: ContextMenuParams): MenuItemConstructorOptions[] {
  const text = TEXT[menuLanguage(host.locale)];
  const items: MenuItemConstructorOptions[] = [];
  if (params.misspelledWord) {
    const suggestions = params.dictionarySuggestions.slice(0, 5);
    for (const suggestion of suggestions) items.push({ label: suggestion, click: () => contents.replaceMisspelling(suggestion) });
    if (suggestions.length === 0) items.push({ label: text.noSuggestions, enabled: false });
    // No "Add to dictionary": Chromium writes added words to Custom Dictionary.txt in the profile, in clear, and the
    // words a researcher adds are mostly participants' names. Keeping our own word list in the journal would not
    // help either: the checker only learns words through that same file. A name marked as misspelt costs less.
    items.push({ type: 'separator' });
  }
  items.push(
    { label: text.cut, role: 'cut', enabled: params.isEditable && params.editFlags.canCut },
    { label: text.copy, role: 'copy', enabled: params.editFlags.canCopy },
    { label: text.paste, role: 'paste', enabled: params.isEditable && params.editFlags.canPaste },
    { label: text.selectAll, role: 'selectAll' },
  );
  if (host.platform !== 'darwin' && params.isEditable) {
    items.push({ type: 'separator' }, {
      label: text.spellcheck,
      type: 'checkbox',
      checked: host.session.isSpellCheckerEnabled(),
      click: () => void toggleSpellcheck(host),
    });
  }
  return items;
}

/** Turning it on asks first and says what is fetched; turning it off needs no question. Returns the new state. */
export async function toggleSpellcheck(host: SpellcheckHost): Promise<boolean> {
  const text = TEXT[menuLanguage(host.locale)];
  if (host.session.isSpellCheckerEnabled()) {
    writePreferences(host.preferencesFile, { spellcheck: false });
    host.session.setSpellCheckerEnabled(false);
    return false;
  }
  const answer = await host.dialog.showMessageBox({
    type: 'question',
    title: text.askTitle,
    message: text.askTitle,
    detail: text.askMessage,
    buttons: [text.turnOn, text.cancel],
    defaultId: 1,
    cancelId: 1,
  });
  if (answer.response !== 0) return false;
  writePreferences(host.preferencesFile, { spellcheck: true });
  host.session.setSpellCheckerEnabled(true);
  return true;
}

/** Shows the edit menu on right-click or the menu key in the window's text. */
export function installEditMenu(host: SpellcheckHost, contents: WebContents): void {
  contents.on('context-menu', (_event, params) => {
    const template = editMenuTemplate(host, contents, params);
    host.Menu.buildFromTemplate(template).popup();
  });
}
