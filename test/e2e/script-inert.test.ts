import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connection.js';
import { callOrThrow } from '../../electron/api/dispatch.js';
import { tempDir } from '../helpers/temp.js';
import { launchBrowser, screenshot, startServer, watchForErrors } from './harness.js';

/** Every payload tries to set window.__pwned; none may ever run. */
const PAYLOADS = [
  '<script>window.__pwned = "script"</script>',
  '<img src="x" onerror="window.__pwned = \'img\'">',
  '[open me](javascript:window.__pwned=%22link%22)',
  '<a href="javascript:window.__pwned=\'anchor\'">anchor</a>',
  '<svg onload="window.__pwned = \'svg\'"><script>window.__pwned = "svg-script"</script></svg>',
  '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
  '<math><mtext><table><mglyph><style><img src=x onerror="window.__pwned=\'mxss\'">',
  '<details open ontoggle="window.__pwned=\'details\'">x</details>',
];
const HOSTILE = `Hostile text follows.\n\n${PAYLOADS.join('\n\n')}`;

async function seed(file: string) {
  const db = openDatabase(file);
  const project = await callOrThrow(db, 'projects:create', { title: 'Script in the text' });
  const person = await callOrThrow(db, 'stakeholders:create', { project_id: project.id, pseudonym: 'Mallory', sector: 'other' });
  const note = await callOrThrow(db, 'notes:create', { project_id: project.id, title: '<b onmouseover=x>Note</b>', body: HOSTILE });
  const dialogue = await callOrThrow(db, 'dialogues:create', {
    project_id: project.id,
    kind: 'meeting',
    title: '<script>alert(1)</script> meeting',
    participant_ids: [person.id],
  });
  await callOrThrow(db, 'dialogues:update', { id: dialogue.id, summary: HOSTILE, decisions: PAYLOADS[1], follow_ups: PAYLOADS[2] });
  const turn = await callOrThrow(db, 'turns:add', { dialogue_id: dialogue.id, speaker_id: person.id, text: HOSTILE });
  const reflection = await callOrThrow(db, 'reflections:create', { project_id: project.id, title: '<img src=x onerror=alert(1)>', body: HOSTILE });
  const text = [...HOSTILE].slice(0, 60).join('');
  await callOrThrow(db, 'links:add', { reflection_id: reflection.id, target_type: 'turn', target_id: turn.id, excerpt: { start: 0, end: 60, text } });
  db.close();
  return { project, note, dialogue, turn, reflection };
}

async function assertInert(page: Page) {
  expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
  const dangerous = await page.evaluate(() => {
    const found: string[] = [];
    for (const element of document.querySelectorAll('*')) {
      for (const attribute of element.getAttributeNames()) {
        if (attribute.startsWith('on')) found.push(`${element.tagName} ${attribute}`);
        if ((attribute === 'href' || attribute === 'src') && /^\s*javascript:/i.test(element.getAttribute(attribute) ?? '')) found.push(`${element.tagName} ${attribute}`);
      }
    }
    for (const tag of ['iframe', 'object', 'embed', 'math', '.markdown svg']) if (document.querySelector(`#root ${tag}`)) found.push(tag);
    const scripts = [...document.querySelectorAll('script')].filter((script) => !script.src);
    if (scripts.length > 0) found.push(`${scripts.length} inline script(s)`);
    return found;
  });
  expect(dangerous).toEqual([]);
}

describe('script in the text stays text (Chromium)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('renders notes, turns, dialogues and reflections holding script payloads inert', async () => {
    const file = join(tempDir(), 'withness.sqlite');
    const { project, note, dialogue, turn, reflection } = await seed(file);
    const server = await startServer(file);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = watchForErrors(page);
    await page.goto(server.launchUrl);
    await page.getByRole('link', { name: 'Script in the text' }).waitFor();
    const base = `${server.url}#/projects/${project.id}`;

    const views: [string, string][] = [
      ['overview', base],
      ['note', `${base}/notes/${note.id}`],
      ['dialogue', `${base}/dialogues/${dialogue.id}/turns/${turn.id}`],
      ['reflection', `${base}/reflections/${reflection.id}`],
      ['timeline', `${base}/timeline`],
      ['search', `${base}/search`],
    ];
    for (const [name, url] of views) {
      await page.goto(url);
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(300);
      // Show every formatted preview the screen offers, so the Markdown renderer is exercised.
      for (const button of await page.getByRole('button', { name: /preview|formatted/i }).all()) await button.click().catch(() => undefined);
      await page.hover('body');
      await assertInert(page);
      await screenshot(page, `inert-${name}`);
    }
    // The payload is still there as text for the researcher to read.
    await page.goto(`${base}/notes/${note.id}`);
    await expect.poll(() => page.getByRole('textbox', { name: 'Note' }).inputValue()).toContain('<script>window.__pwned');
    // Not even a blocked attempt: a CSP report here would mean a payload reached the DOM in executable form.
    expect(errors).toEqual([]);
    await page.close();
    await server.stop();
  });
});
