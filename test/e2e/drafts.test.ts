import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connection.js';
import { createNote } from '../../db/repositories/notes.js';
import { createProject } from '../../db/repositories/projects.js';
import { tempDir } from '../helpers/temp.js';
import { screenshot, startServer, watchForErrors } from './harness.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Files of the profile holding the word, in UTF-8 or UTF-16 (LevelDB keeps web storage values as UTF-16 or Latin-1). */
function holding(dir: string, word: string): string[] {
  const needles = [Buffer.from(word, 'utf8'), Buffer.from(word, 'utf16le')];
  // Chrome's own session restore (Default/Sessions) keeps the text of open form fields; it belongs to Chrome the
  // browser, not to the content layer Electron is built on, so an Electron profile has no such files. In browser mode
  // it is the user's browser that keeps them (README).
  return filesUnder(dir).filter((file) => !file.slice(dir.length).startsWith('/Default/Sessions/')).filter((file) => {
    const bytes = readFileSync(file);
    return needles.some((needle) => bytes.includes(needle));
  });
}

/**
 * The review's finding, checked in Chromium's own profile on disk: a persistent profile (as Electron keeps in the
 * journal's folder), a note typed and a name searched, the browser closed so LevelDB writes its logs, then every
 * file of the profile scanned. A word the page puts in localStorage itself is the control: the scan finds it.
 */
describe('Chromium profile after writing', () => {
  it('holds neither a typed note nor a searched name; a control word put in localStorage is found', async () => {
    const dbFile = join(tempDir(), 'journal', 'withness.sqlite');
    const db = openDatabase(dbFile);
    const project = createProject(db, { title: 'Nordby' });
    const note = createNote(db, { project_id: project.id, body: 'Saved.' });
    db.close();
    const server = await startServer(dbFile);
    const profile = tempDir('withness-profile-');
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 800 },
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
    });
    try {
      const page = await context.newPage();
      const errors = watchForErrors(page);
      await page.goto(`${server.launchUrl}#/projects/${project.id}/notes/${note.id}`);
      const editor = page.getByRole('textbox', { name: 'Note', exact: true });
      await editor.waitFor();
      await editor.click();
      await page.keyboard.press('End');
      await page.keyboard.type(' Ingeborg Vestergaard spoke of Vollsmorgenbrev.');
      await page.getByText('All changes saved').waitFor();
      await page.goto(`${server.url}#/projects/${project.id}/search`);
      const box = page.getByRole('searchbox', { name: 'Search this inquiry' });
      await box.fill('Kvistgaardsen');
      await page.getByRole('heading', { name: 'No results for “Kvistgaardsen”' }).waitFor();
      await screenshot(page, 'drafts-01-search-in-memory');
      await page.evaluate(() => localStorage.setItem('control', 'Kontrolordet Pirkelund'));
      expect(errors).toEqual([]);
    } finally {
      await context.close();
      await server.stop();
    }
    expect(holding(profile, 'Pirkelund').length).toBeGreaterThan(0);
    expect(holding(profile, 'Vollsmorgenbrev').map((file) => file.slice(profile.length))).toEqual([]);
    expect(holding(profile, 'Kvistgaardsen').map((file) => file.slice(profile.length))).toEqual([]);
  }, 120_000);
});
