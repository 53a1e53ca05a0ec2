import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connection.js';
import { addAttachment, deleteAttachment } from '../../db/repositories/attachments.js';
import { createCode, trashCode } from '../../db/repositories/codes.js';
import { trashEntity } from '../../db/repositories/entities.js';
import { createNote, updateNote } from '../../db/repositories/notes.js';
import { createProject } from '../../db/repositories/projects.js';
import { tempDir } from '../helpers/temp.js';
import { launchBrowser, screenshot, startServer, watchForErrors } from './harness.js';

/** Issue 13.5 in Chromium: what the trash and a note's history say when something cannot come back (yet). */
describe('restoring in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('the trash says to restore the note before its attachment; a note’s version comes back with its tags, naming what was left out', async () => {
    const file = join(tempDir(), 'withness.sqlite');
    const db = openDatabase(file);
    const project = createProject(db, { title: 'Nordby' });
    const lone = createCode(db, { project_id: project.id, name: 'Loneliness' });
    const trust = createCode(db, { project_id: project.id, name: 'Trust' });
    const note = createNote(db, { project_id: project.id, title: 'Coffee morning', body: 'First words', code_ids: [lone.id, trust.id] });
    updateNote(db, note.id, { body: 'Second words', code_ids: [] });
    trashCode(db, lone.id);
    const library = createNote(db, { project_id: project.id, title: 'At the library', body: 'Notes from the library' });
    const minutes = addAttachment(db, { project_id: project.id, owner_type: 'field_note', owner_id: library.id, file_name: 'minutes.txt', media_type: 'text/plain', content: Buffer.from('Kaffe') });
    deleteAttachment(db, minutes.id);
    trashEntity(db, 'field_note', library.id);
    db.close();

    const server = await startServer(file);
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const errors = watchForErrors(page);
    await page.goto(`${server.launchUrl}#/projects/${project.id}/trash`);
    const row = (name: string) => page.getByRole('list', { name: 'Trash' }).getByRole('listitem').filter({ hasText: name });
    await row('minutes.txt').waitFor();
    await row('minutes.txt').getByRole('button', { name: 'Restore' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/field note “At the library” is in the trash\. Restore the field note first/);
    await screenshot(page, 'restore-01-attachment-waits-for-its-note');

    await row('At the library').getByRole('button', { name: 'Restore' }).click();
    await page.getByText('“At the library” is back in the journal.').waitFor();
    await row('minutes.txt').getByRole('button', { name: 'Restore' }).click();
    await page.getByText('“minutes.txt” is back in the journal.').waitFor();
    await screenshot(page, 'restore-02-attachment-back');

    await page.goto(`${server.launchUrl}#/projects/${project.id}/notes/${note.id}`);
    await page.getByText('Earlier versions').click();
    await page.getByText(/Tags: Trust and one in the trash or gone/).waitFor();
    await screenshot(page, 'restore-03-note-versions');
    await page.getByRole('button', { name: 'Restore this version' }).click();
    await page.getByRole('status').filter({ hasText: 'Left out' }).waitFor();
    expect(await page.getByRole('textbox', { name: 'Note' }).inputValue()).toBe('First words');
    await page.getByRole('button', { name: 'Remove tag Trust' }).waitFor();
    expect(await page.getByRole('status').filter({ hasText: 'Left out' }).textContent()).toMatch(/tag “Loneliness” is in the trash/);
    await screenshot(page, 'restore-04-note-version-restored');

    expect(errors).toEqual([]);
    await page.close();
    await server.stop();
  });
});
