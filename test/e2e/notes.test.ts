import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connection.js';
import { createCode } from '../../db/repositories/codes.js';
import { createNote } from '../../db/repositories/notes.js';
import { createProject } from '../../db/repositories/projects.js';
import { seedCycle, seedStakeholder } from '../helpers/seed.js';
import { tempDir } from '../helpers/temp.js';
import { launchBrowser, screenshot, startServer, watchForErrors } from './harness.js';

/** A small RGB PNG (a soft gradient, like a photo of a wall), encoded by hand. */
function makePng(width: number, height: number): Buffer {
  const table = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const byte of bytes) c = table[(c ^ byte) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([length, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows: number[] = [];
  for (let y = 0; y < height; y++) {
    rows.push(0);
    for (let x = 0; x < width; x++) rows.push(60 + Math.round((x / width) * 120), 110 + Math.round((y / height) * 80), 140);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.from(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function seedJournal(file: string) {
  const db = openDatabase(file);
  const project = createProject(db, {
    title: 'Loneliness and community in Nordby',
    concern: 'How can citizens, volunteers and the municipality create new communities together?',
  });
  const cycles = [seedCycle(db, project.id, 1, 'Getting to know each other'), seedCycle(db, project.id, 2, 'The Thursday café')];
  const people = [
    seedStakeholder(db, project.id, 'Anna'),
    seedStakeholder(db, project.id, 'Bo', 'voluntary'),
    seedStakeholder(db, project.id, 'Carla', 'public'),
    seedStakeholder(db, project.id, 'Dennis', 'citizen'),
  ];
  createCode(db, { project_id: project.id, name: 'Belonging' });
  const places = ['Nordby library', 'Community centre', 'Town hall, room 2', 'The Thursday café', ''];
  const bodies = [
    'Anna arrived early and set out the cups herself.\nShe said it felt like her kitchen.',
    '## Who talks to whom\nThe volunteers stay by the coffee machine; the citizens sit by the window.',
    'Carla from the municipality asked what we would need to keep going after the summer.',
    'Short one: the room was too cold, people kept their coats on.',
    'Dennis brought his neighbour. First time anyone brought someone along.',
  ];
  for (let i = 0; i < 40; i++) {
    const day = new Date(Date.UTC(2025, 0, 6) + i * 3 * 86_400_000 + (i % 5) * 3_600_000);
    createNote(db, {
      project_id: project.id,
      cycle_id: i < 18 ? cycles[0] : cycles[1],
      phase: (['act', 'observe', 'observe', 'reflect'] as const)[i % 4],
      title: i % 3 === 0 ? `Thursday ${i + 1}` : '',
      body: bodies[i % bodies.length],
      place: places[i % places.length],
      occurred_at: day.toISOString(),
      stakeholder_ids: people.slice(0, i % 4),
    });
  }
  db.close();
  return project.id;
}

describe('field notes in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('captures a note with the shortcut, opens it, tags it and attaches a picture', async () => {
    const dbFile = join(tempDir(), 'journal', 'withness.sqlite');
    const projectId = seedJournal(dbFile);
    const server = await startServer(dbFile);
    const page = await browser.newPage({ viewport: { width: 1366, height: 860 } });
    const errors = watchForErrors(page);
    try {
      await page.goto(`${server.launchUrl}#/projects/${projectId}/notes`);
      const list = page.getByRole('list', { name: 'Field notes, newest first' });
      await list.getByRole('listitem').first().waitFor();
      await page.getByText('40 notes').waitFor();
      // Virtualised: far fewer rows in the page than notes in the list.
      expect(await list.getByRole('listitem').count()).toBeLessThan(40);
      await screenshot(page, 'notes-01-list');

      // Quick capture from the list with the keyboard.
      await page.keyboard.press('Control+Alt+KeyN');
      const dialog = page.getByRole('dialog', { name: 'Quick note' });
      const body = dialog.getByRole('textbox', { name: 'What is happening?' });
      await body.waitFor();
      expect(await body.evaluate((element) => element === document.activeElement)).toBe(true);
      await page.keyboard.type('Bo stayed after the café and washed up with Anna. They talked about his late wife.');
      await dialog.getByRole('link', { name: 'Open full note' }).waitFor();
      await dialog.getByText('All changes saved').waitFor();
      await screenshot(page, 'notes-02-quick-capture');
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      await page.getByText('Quick note saved.').waitFor();
      await page.getByText('41 notes').waitFor();

      // Open it, tag it, attach a picture.
      await page.getByRole('link', { name: 'Open it' }).click();
      const editor = page.getByRole('textbox', { name: 'Note', exact: true });
      await editor.waitFor();
      expect(await editor.inputValue()).toContain('washed up with Anna');
      await page.getByRole('textbox', { name: 'Title' }).fill('Washing up after the café');
      await page.getByRole('checkbox', { name: /Anna/ }).check();
      await page.getByRole('checkbox', { name: /Bo/ }).check();
      const tags = page.getByRole('combobox', { name: 'Add a tag' });
      await tags.fill('Grief');
      await page.getByRole('option', { name: 'Create tag “Grief”' }).waitFor();
      await tags.press('Enter');
      await page.getByRole('button', { name: 'Remove tag Grief' }).waitFor();
      await tags.fill('Bel');
      await tags.press('Enter');
      await page.getByRole('button', { name: 'Remove tag Belonging' }).waitFor();

      const png = makePng(96, 64);
      await page.getByLabel('Add files').setInputFiles({ name: 'kitchen-window.png', mimeType: 'image/png', buffer: png });
      await page.getByRole('img', { name: 'kitchen-window.png' }).waitFor();
      await page.getByText('All changes saved').waitFor();
      await page.getByRole('button', { name: 'Show preview' }).click();
      await page.getByRole('region', { name: 'Preview' }).waitFor();
      await editor.focus();
      await page.keyboard.press('Control+End');
      await page.keyboard.type('\n\n> “She would have liked this place.”\n\n**Follow up:** ask Bo if he wants to host next week.');
      await page.getByText('All changes saved').waitFor();
      await page.evaluate(() => window.scrollTo(0, 0));
      await screenshot(page, 'notes-03-editor');

      await page.setViewportSize({ width: 820, height: 1000 });
      await screenshot(page, 'notes-04-editor-narrow');

      // What reached the journal.
      const check = openDatabase(dbFile);
      try {
        const note = check.prepare(`SELECT * FROM field_notes WHERE title = 'Washing up after the café'`).get() as { id: string; body: string };
        expect(note.body).toContain('ask Bo if he wants to host');
        const attachment = check.prepare(`SELECT content, sha256, media_type FROM attachments WHERE owner_id = ?`).get(note.id) as {
          content: Buffer;
          sha256: string;
          media_type: string;
        };
        expect(Buffer.compare(attachment.content, png)).toBe(0);
        expect(attachment.sha256).toBe(createHash('sha256').update(png).digest('hex'));
        expect(attachment.media_type).toBe('image/png');
        const tagNames = check
          .prepare(`SELECT c.name FROM code_applications a JOIN codes c ON c.id = a.code_id WHERE a.target_id = ? AND a.deleted_at IS NULL ORDER BY c.name`)
          .pluck()
          .all(note.id);
        expect(tagNames).toEqual(['Belonging', 'Grief']);
        expect(check.prepare(`SELECT count(*) FROM field_note_stakeholders WHERE note_id = ?`).pluck().get(note.id)).toBe(2);
      } finally {
        check.close();
      }

      // Back in the list, the note is first, with its counts.
      await page.setViewportSize({ width: 1366, height: 860 });
      await page.getByRole('link', { name: /All field notes/ }).click();
      const first = page.getByRole('list', { name: 'Field notes, newest first' }).getByRole('listitem').first();
      await first.getByRole('link', { name: 'Washing up after the café' }).waitFor();
      await first.getByText('2 stakeholders').waitFor();
      await first.getByText('One file').waitFor();
      await screenshot(page, 'notes-05-list-after');

      expect(errors).toEqual([]);
    } finally {
      await page.close();
      await server.stop();
    }
  });

  it('explains an empty journal in Danish', async () => {
    const dbFile = join(tempDir(), 'withness.sqlite');
    const db = openDatabase(dbFile);
    const project = createProject(db, { title: 'Tom undersøgelse' });
    db.close();
    const server = await startServer(dbFile);
    const context = await browser.newContext({ locale: 'da-DK', viewport: { width: 1100, height: 700 } });
    const page = await context.newPage();
    const errors = watchForErrors(page);
    try {
      await page.goto(`${server.launchUrl}#/projects/${project.id}/notes`);
      await page.getByRole('heading', { name: 'Ingen feltnoter endnu' }).waitFor();
      await page.getByText(/Ctrl\+Alt\+N/).first().waitFor();
      await screenshot(page, 'notes-06-empty-danish');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
      await server.stop();
    }
  });
});
