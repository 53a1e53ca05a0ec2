import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connection.js';
import { createNote } from '../../db/repositories/notes.js';
import { createProject } from '../../db/repositories/projects.js';
import { addMember, initServer } from '../../electron/team/server-admin.js';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { launchBrowser, screenshot, startServer, watchForErrors, type Server } from './harness.js';

/** A folder for the whole file (tempDir's go after each test, and these journals live across tests). */
const keptDirs: string[] = [];
function keptDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  keptDirs.push(dir);
  return dir;
}

/**
 * Issue 12 end to end: one PostgreSQL, two browser-mode servers on two journals (two members, Ann and Bo), both with
 * automatic sync off so the test decides when syncs happen. Ann links her inquiry on the Team screen and syncs; Bo
 * joins it from the start page and has her note; both edit that note without syncing; both sync; Bo's Team screen
 * shows the conflict with both versions side by side, he merges them; after the syncs both journals hold the merged
 * text and neither lists a conflict. Screenshots: test-results/screenshots/team-01…team-09.
 */

const ANN_PASSWORD = 'ann-team-password-1';
const BO_PASSWORD = 'bo-team-password-22';
const FIRST = 'The Thursday café was full today. Anna brought her neighbour.';
const ANN_EDIT = 'The Thursday café was full today. Anna brought her neighbour, who stayed until closing.';
const BO_EDIT = 'The Thursday café was full today. Anna brought her neighbour; the volunteers ran out of cups.';
const MERGED = 'The Thursday café was full today. Anna brought her neighbour, who stayed until closing; the volunteers ran out of cups.';

let postgres: TestPostgres;
let serverUrl: string;
let ann: Server;
let bo: Server;
let browser: Browser;
let projectId: string;
let noteId: string;

/** One API call to a browser-mode server, as the page makes it (same token, same route). */
async function api<T>(server: Server, channel: string, input: unknown): Promise<T> {
  const token = new URL(server.launchUrl).searchParams.get('token')!;
  const response = await fetch(`${server.url}api/${channel}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Withness-Token': token },
    body: JSON.stringify(input),
  });
  const result = (await response.json()) as { ok: boolean; value?: T; error?: { message: string } };
  if (!result.ok) throw new Error(`${channel}: ${result.error?.message}`);
  return result.value as T;
}

const noteBody = (server: Server) => api<{ body: string }>(server, 'notes:get', { id: noteId }).then((note) => note.body);
const teamStatus = (server: Server) => api<{ conflicts: number; pending: number; linked: boolean }>(server, 'team:status', { project_id: projectId });

/** axe-core's WCAG 2.0/2.1 A and AA rules: the serious and critical violations on the page as it is now. */
async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).options({ resultTypes: ['violations'], runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(' | ')}`);
}

async function syncNow(page: Page) {
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect.poll(() => page.locator('.team__sync .notice').textContent(), { timeout: 60_000 }).toMatch(/^Synced:/);
}

async function editNote(page: Page, server: Server, base: string, text: string) {
  await page.goto(`${base}#/projects/${projectId}/notes/${noteId}`);
  const body = page.locator('textarea.note-editor__body');
  await body.waitFor();
  await body.fill(text);
  await expect.poll(() => noteBody(server), { timeout: 30_000 }).toBe(text);
}

beforeAll(async () => {
  postgres = await startPostgres();
  const adminUrl = await postgres.createDatabase('team');
  const url = new URL(adminUrl);
  url.username = '';
  url.password = '';
  serverUrl = url.toString();

  const folder = keptDir('withness-team-e2e-');
  const annFile = join(folder, 'ann.sqlite');
  const db = openDatabase(annFile);
  const project = createProject(db, { title: 'Loneliness and community in Nordby', concern: 'How do new communities grow?' });
  projectId = project.id;
  noteId = createNote(db, { project_id: project.id, title: 'Thursday café', body: FIRST }).id;
  db.close();

  // The administrator's part: the schema, and both members added to Ann's inquiry by its id.
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await initServer(admin);
    await addMember(admin, { inquiry: projectId, member: 'ann', password: ANN_PASSWORD, title: project.title });
    await addMember(admin, { inquiry: projectId, member: 'bo', password: BO_PASSWORD });
  } finally {
    await admin.end();
  }

  [ann, bo] = await Promise.all([
    startServer(annFile, { args: ['--auto-sync', 'off'] }),
    startServer(join(folder, 'bo.sqlite'), { args: ['--auto-sync', 'off'] }),
  ]);
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([ann?.stop(), bo?.stop()]);
  for (const dir of keptDirs) rmSync(dir, { recursive: true, force: true });
  await postgres?.stop();
});

describe('team sync in two browsers', () => {
  it('links, joins, shows a conflict side by side, merges it, and both end with the merged text', async () => {
    const annPage = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    const boPage = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    const errors = [...watchForErrors(annPage), ...watchForErrors(boPage)];

    // Ann: the Team screen shows her inquiry's id for the administrator, and connects.
    await annPage.goto(`${ann.launchUrl}#/projects/${projectId}/team`);
    await annPage.getByRole('heading', { name: 'Team', level: 1 }).waitFor({ timeout: 90_000 });
    await expect.poll(() => annPage.locator('.team__id').textContent()).toBe(projectId);
    await annPage.getByLabel('Server address').waitFor();
    expect(await axeViolations(annPage)).toEqual([]);
    await annPage.getByLabel('Server address').fill(serverUrl);
    await annPage.getByLabel('Your member name').fill('ann');
    await annPage.getByLabel('Password', { exact: true }).fill(ANN_PASSWORD);
    await screenshot(annPage, 'team-01-connect-form');
    await annPage.getByRole('button', { name: 'Connect' }).click();
    await annPage.getByText(`as ann.`).waitFor();
    await expect.poll(() => annPage.getByTestId('team-pending').textContent()).not.toBe('0');
    await syncNow(annPage);
    await expect.poll(async () => (await teamStatus(ann)).pending).toBe(0);
    await expect.poll(() => annPage.locator('.team__members li').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('ann'), expect.stringContaining('bo')]));
    await screenshot(annPage, 'team-02-ann-synced');

    // Bo: joins the inquiry from the start page, and has Ann's note.
    await boPage.goto(bo.launchUrl);
    const join = boPage.locator('.team-join');
    await join.getByLabel('Inquiry id').fill(projectId);
    await join.getByLabel('Server address').fill(serverUrl);
    await join.getByLabel('Your member name').fill('bo');
    await join.getByLabel('Password', { exact: true }).fill(BO_PASSWORD);
    expect(await axeViolations(boPage)).toEqual([]);
    await join.getByRole('button', { name: 'Join' }).click();
    await join.getByRole('link', { name: /Joined/ }).waitFor({ timeout: 60_000 });
    await screenshot(boPage, 'team-03-bo-joined');
    await boPage.goto(`${bo.launchUrl}#/projects/${projectId}/notes/${noteId}`);
    await expect.poll(() => boPage.locator('textarea.note-editor__body').inputValue(), { timeout: 30_000 }).toBe(FIRST);
    await screenshot(boPage, 'team-04-bo-has-the-note');

    // Both edit the same note while nobody syncs.
    await editNote(annPage, ann, ann.launchUrl, ANN_EDIT);
    await editNote(boPage, bo, bo.launchUrl, BO_EDIT);

    // Both sync (Ann, Bo, Ann again so each has the other's version): a conflict on both sides, nothing lost.
    await annPage.goto(`${ann.launchUrl}#/projects/${projectId}/team`);
    await syncNow(annPage);
    await boPage.goto(`${bo.launchUrl}#/projects/${projectId}/team`);
    await syncNow(boPage);
    await syncNow(annPage);
    await expect.poll(async () => (await teamStatus(ann)).conflicts).toBe(1);
    await expect.poll(async () => (await teamStatus(bo)).conflicts).toBe(1);
    // Both show the same head: the head rule is the same everywhere.
    expect(await noteBody(ann)).toBe(await noteBody(bo));

    // Bo's Team screen lists the conflict with both versions side by side.
    await boPage.reload();
    const conflict = boPage.locator('.team__conflict');
    await conflict.waitFor();
    const versions = conflict.locator('.team__version');
    await expect.poll(() => versions.count()).toBe(2);
    const texts = (await versions.allTextContents()).join('\n');
    expect(texts).toContain(ANN_EDIT);
    expect(texts).toContain(BO_EDIT);
    await expect.poll(() => conflict.locator('.team__version').first().textContent()).toMatch(/by (ann|bo)/);
    await conflict.scrollIntoViewIfNeeded();
    await screenshot(boPage, 'team-05-conflict-side-by-side');
    // At 320 px the two versions stack, and nothing scrolls sideways.
    await boPage.setViewportSize({ width: 320, height: 900 });
    await expect.poll(() => boPage.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    const [first, second] = await versions.evaluateAll((nodes) => nodes.map((node) => node.getBoundingClientRect().top));
    expect(second!).toBeGreaterThan(first!);
    await conflict.scrollIntoViewIfNeeded();
    await screenshot(boPage, 'team-05b-conflict-320px');
    await boPage.setViewportSize({ width: 1280, height: 900 });

    // He merges: the editable text starts with both versions; he writes the merged sentence and saves.
    await conflict.getByRole('button', { name: 'Merge…' }).click();
    const merged = conflict.getByLabel('Merged text');
    await expect.poll(() => merged.inputValue()).toContain(ANN_EDIT);
    expect(await merged.inputValue()).toContain(BO_EDIT);
    await screenshot(boPage, 'team-06-merge');
    // The linked Team screen with a conflict and the merge box open (the unlinked one is in accessibility.test.ts).
    expect(await axeViolations(boPage)).toEqual([]);
    await merged.fill(MERGED);
    await conflict.getByRole('button', { name: 'Save the merged version' }).click();
    await boPage.getByText('Resolved. Your choice goes to the team with the next sync.').waitFor();
    await expect.poll(() => boPage.locator('.team__conflict').count()).toBe(0);
    await expect.poll(() => noteBody(bo)).toBe(MERGED);
    await screenshot(boPage, 'team-07-resolved');

    // After the syncs both journals hold the merged text and neither lists a conflict.
    await syncNow(boPage);
    await annPage.reload();
    await syncNow(annPage);
    await expect.poll(() => noteBody(ann)).toBe(MERGED);
    await expect.poll(async () => (await teamStatus(ann)).conflicts).toBe(0);
    await expect.poll(async () => (await teamStatus(bo)).conflicts).toBe(0);
    await annPage.reload();
    await annPage.getByText('No conflicts.').waitFor();
    await expect.poll(() => annPage.getByTestId('team-conflicts').textContent()).toBe('0');
    await screenshot(annPage, 'team-08-ann-no-conflict');
    await annPage.goto(`${ann.launchUrl}#/projects/${projectId}/notes/${noteId}`);
    await expect.poll(() => annPage.locator('textarea.note-editor__body').inputValue()).toBe(MERGED);
    await expect.poll(() => annPage.locator('.written-by').textContent()).toMatch(/Written by ann · edited by bo/);
    await screenshot(annPage, 'team-09-ann-note-merged');

    // The Team screen holds at 320 px: nothing scrolls sideways.
    await boPage.setViewportSize({ width: 320, height: 900 });
    await boPage.goto(`${bo.launchUrl}#/projects/${projectId}/team`);
    await boPage.getByRole('heading', { name: 'Team', level: 1 }).waitFor();
    await expect.poll(() => boPage.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await screenshot(boPage, 'team-10-bo-320px');
    expect(await axeViolations(boPage)).toEqual([]);

    expect(errors).toEqual([]);
  }, 300_000);
});
