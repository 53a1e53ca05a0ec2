import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackup } from '../../db/backup.js';
import { openDatabase } from '../../db/connection.js';
import { createDemoProject } from '../../db/demo/build.js';
import { trashNote } from '../../db/repositories/notes.js';
import { da } from '../../renderer/src/i18n/da/index.js';
import { en, type Messages } from '../../renderer/src/i18n/en/index.js';
import { writeDamagedJournal } from '../helpers/damaged.js';
import { launchBrowser, screenshot, startServer, type Server } from './harness.js';

/**
 * Issue 13, points 1 and 2: every screen and main state of the demo inquiry (SCREENS, plus the recovery screen
 * of a damaged journal), measured by axe-core in English and Danish, light and dark, at 1280 and 390 px:
 * no serious or critical violation of the WCAG 2.0/2.1 A and AA rules (in the dark theme, of the rules a colour
 * scheme can change). In both languages, at 1440, 1280, 1024, 683 and 320 px (WCAG 1.4.10 Reflow): the page
 * never scrolls sideways, no control sticks out of its card, the inquiry's navigation neither covers the page
 * title nor floats down a scrolled page. With reduced motion asked for, nothing moves. Then by keyboard alone:
 * focus always visible, and moved sensibly after the quick-capture dialog, the evidence picker and a delete.
 * A screenshot of each screen in each language: test-results/screenshots/a11y-<screen>-<en|da>.png.
 *
 * One server, one browser context per language and theme (the four side by side), screens reached by their
 * hash address without reloading: about two minutes on two cores.
 */

/** WCAG 2.0 and 2.1, levels A and AA. */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
/**
 * Exclusions, each with its reason. Keep this list short and specific.
 * (None at present: every screen passes every WCAG A/AA rule at serious or critical impact.)
 */
const EXCLUDED_RULES: { id: string; reason: string }[] = [];

const AXE_WIDTHS = [1280, 390];
const REFLOW_WIDTHS = [1440, 1280, 1024, 683, 320];
const HEIGHT = 900;

interface Ids {
  project: string;
  cycle: string;
  note: string;
  stakeholder: string;
  dialogue: string;
  reflection: string;
}
interface Screen {
  name: string;
  path: (ids: Ids) => string;
  /** A selector that exists only once this screen has its data. */
  ready: string;
  /** A selector that exists only in the state measured (default: ready). */
  shows?: string;
  /** Brings the screen into the state to measure (a dialog open, a view chosen, a search made). */
  reach?: (page: Page, t: Messages) => Promise<void>;
  /** Leaves that state again before the next screen. */
  leave?: (page: Page) => Promise<void>;
}

const SCREENS: Screen[] = [
  { name: 'home', path: () => '/', ready: '.project-list .project-card' },
  { name: 'overview', path: (ids) => `/projects/${ids.project}`, ready: '.overview__spiral svg' },
  { name: 'cycle', path: (ids) => `/projects/${ids.project}/cycles/${ids.cycle}`, ready: '.cycle__phases' },
  { name: 'notes', path: (ids) => `/projects/${ids.project}/notes`, ready: '.note-row__card' },
  { name: 'note-editor', path: (ids) => `/projects/${ids.project}/notes/${ids.note}`, ready: 'textarea.note-editor__body' },
  {
    name: 'quick-capture',
    path: (ids) => `/projects/${ids.project}/notes`,
    ready: '.note-row__card',
    reach: async (page) => {
      await page.locator('.quick-capture__button').click();
      await page.locator('[role="dialog"] textarea').waitFor();
    },
    leave: async (page) => {
      await page.keyboard.press('Escape');
      await page.locator('[role="dialog"]').waitFor({ state: 'detached' });
    },
  },
  { name: 'stakeholders', path: (ids) => `/projects/${ids.project}/stakeholders`, ready: '.stakeholder-list li' },
  { name: 'stakeholder', path: (ids) => `/projects/${ids.project}/stakeholders/${ids.stakeholder}`, ready: '.stakeholder-page .activity__item' },
  { name: 'consent-register', path: (ids) => `/projects/${ids.project}/stakeholders/consent-register`, ready: '.consent-register__table tbody tr' },
  { name: 'dialogues', path: (ids) => `/projects/${ids.project}/dialogues`, ready: '.dialogue-row' },
  { name: 'dialogue', path: (ids) => `/projects/${ids.project}/dialogues/${ids.dialogue}`, ready: '.transcript .turn__text' },
  { name: 'reflections', path: (ids) => `/projects/${ids.project}/reflections`, ready: '.reflection-row__card' },
  {
    name: 'reflection-picker',
    path: (ids) => `/projects/${ids.project}/reflections/${ids.reflection}`,
    ready: '.evidence__list li',
    reach: async (page, t) => {
      await page.getByRole('button', { name: t.reflections.addEvidence, exact: true }).click();
      await page.locator('.picker [role="option"]').first().waitFor();
    },
  },
  { name: 'timeline', path: (ids) => `/projects/${ids.project}/timeline`, ready: '.tl-chart .tl-mark' },
  {
    name: 'timeline-list',
    path: (ids) => `/projects/${ids.project}/timeline`,
    ready: '.tl-chart .tl-mark',
    shows: '.tl-list__row',
    reach: async (page, t) => {
      await page.getByRole('button', { name: t.timeline.viewList, exact: true }).click();
      await page.locator('.tl-list__row').first().waitFor();
    },
    leave: async (page) => {
      await page.locator('.tl-toggle').first().click();
      await page.locator('.tl-chart .tl-mark').first().waitFor();
    },
  },
  // Before anything is typed: the search box, and who spoke when (the stakeholder map).
  {
    name: 'search-empty',
    path: (ids) => `/projects/${ids.project}/search`,
    ready: '.search input[type="search"]',
    shows: '.speaker-map__table .speaker-map__cell',
  },
  {
    name: 'search',
    path: (ids) => `/projects/${ids.project}/search`,
    ready: '.search input[type="search"]',
    shows: '.search-hit',
    reach: async (page) => {
      await page.locator('.search input[type="search"]').fill('døren');
      await page.locator('.search-hit').first().waitFor();
    },
  },
  { name: 'codes', path: (ids) => `/projects/${ids.project}/codes`, ready: '.code-tree__item' },
  { name: 'export', path: (ids) => `/projects/${ids.project}/export`, ready: '.exports__formats' },
  { name: 'trash', path: (ids) => `/projects/${ids.project}/trash`, ready: '.trash-item' },
  { name: 'settings', path: (ids) => `/projects/${ids.project}/settings`, ready: '.cycle-settings__prompts' },
  // The demo inquiry is not linked: the Team screen shows its id and the connect form.
  { name: 'team', path: (ids) => `/projects/${ids.project}/team`, ready: '.team form input[type="password"]' },
  { name: 'backups', path: () => '/backups', ready: '.backups li' },
  // The demo journal is plain: its encryption settings offer to encrypt it.
  { name: 'encryption', path: () => '/encryption', ready: '.journal-keys--settings .card form' },
];
/** Reached on a second server, whose journal is damaged. */
const RECOVERY: Screen = { name: 'recovery', path: () => '/', ready: '.recovery button' };

interface Problem {
  where: string;
  what: string;
}

/** The seeded demo journal, and the ids of the events the screens show. */
async function demoJournal(dir: string): Promise<{ file: string; ids: Ids }> {
  const file = join(dir, 'withness.sqlite');
  const db = openDatabase(file);
  const { project } = createDemoProject(db);
  const one = (sql: string) => db.prepare(sql).pluck().get(project.id) as string;
  const ids: Ids = {
    project: project.id,
    cycle: one(`SELECT id FROM cycles WHERE project_id = ? AND deleted_at IS NULL ORDER BY ordinal LIMIT 1`),
    note: one(`SELECT id FROM field_notes WHERE project_id = ? AND deleted_at IS NULL ORDER BY length(body) DESC LIMIT 1`),
    stakeholder: one(
      `SELECT s.id FROM stakeholders s WHERE s.project_id = ? AND s.deleted_at IS NULL
       ORDER BY (SELECT count(*) FROM dialogue_turns t WHERE t.speaker_id = s.id) DESC LIMIT 1`,
    ),
    dialogue: one(
      `SELECT d.id FROM dialogues d WHERE d.project_id = ? AND d.deleted_at IS NULL
       ORDER BY (SELECT count(*) FROM dialogue_turns t WHERE t.dialogue_id = d.id) DESC LIMIT 1`,
    ),
    reflection: one(
      `SELECT r.id FROM reflections r WHERE r.project_id = ? AND r.deleted_at IS NULL
       ORDER BY (SELECT count(*) FROM prompt_links l WHERE l.reflection_id = r.id) DESC LIMIT 1`,
    ),
  };
  // Something in the trash, so the trash screen shows its list.
  const spare = db
    .prepare(`SELECT id FROM field_notes WHERE project_id = ? AND deleted_at IS NULL AND id <> ? ORDER BY occurred_at LIMIT 1`)
    .pluck()
    .get(project.id, ids.note) as string;
  trashNote(db, spare);
  await createBackup(db, 'manual');
  db.close();
  return { file, ids };
}

/** Two animation frames: the layout after a resize or a navigation has been computed and painted. */
function settled(page: Page): Promise<void> {
  return page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
}

async function go(page: Page, hash: string, screen: Screen): Promise<void> {
  await page.evaluate((target) => {
    if (location.hash !== `#${target}`) location.hash = target;
  }, hash);
  await page.locator(screen.ready).first().waitFor();
}

/**
 * The WCAG A/AA rules at serious or critical impact. `colourOnly` runs just the rules a colour scheme can change
 * (contrast of text, and of links against the text around them): in the dark theme the page is the same
 * document — same elements, names, roles and layout — in other colours, and the light pass has checked the rest.
 */
async function axeProblems(page: Page, where: string, colourOnly = false): Promise<Problem[]> {
  // resultTypes: only violations are listed in full (passes are counted, not serialised), which halves each run.
  // label-content-name-mismatch (WCAG 2.5.3) is marked experimental in axe-core 4, so not run by tag: asked for by name.
  // One options object (AxeBuilder's options() replaces what withTags/disableRules set, so they are not mixed).
  const results = await new AxeBuilder({ page })
    .options({
      resultTypes: ['violations'],
      runOnly: colourOnly ? { type: 'rule', values: ['color-contrast', 'link-in-text-block'] } : { type: 'tag', values: WCAG_TAGS },
      rules: {
        ...(colourOnly ? {} : { 'label-content-name-mismatch': { enabled: true } }),
        ...Object.fromEntries(EXCLUDED_RULES.map((rule) => [rule.id, { enabled: false }])),
      },
    })
    .analyze();
  // A guard against a configuration that quietly runs nothing: the rules this file is about did run.
  const ran = new Set([...results.passes, ...results.violations, ...results.incomplete, ...results.inapplicable].map((rule) => rule.id));
  const expected = colourOnly ? ['color-contrast'] : ['color-contrast', 'label-content-name-mismatch', 'aria-valid-attr-value', 'label', 'button-name'];
  const missing = expected.filter((id) => !ran.has(id));
  if (missing.length > 0) return [{ where, what: `axe did not run ${missing.join(', ')}` }];
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      where,
      what: `${violation.id} (${violation.impact}, ${violation.nodes.length}): ${violation.help} — ${violation.nodes
        .slice(0, 4)
        .map((node) => node.target.join(' '))
        .join(' | ')}`,
    }));
}

/**
 * Reflow: the page never scrolls sideways; no form control or button sticks out of its card (or, outside
 * cards, out of the main column), unless it sits in a region made to scroll; the inquiry's navigation is
 * never drawn over the page title.
 */
async function layoutProblems(page: Page, where: string): Promise<Problem[]> {
  const found = await page.evaluate(() => {
    const problems: string[] = [];
    const root = document.documentElement;
    const describe = (element: Element) => {
      const name = (element.getAttribute('aria-label') ?? element.textContent ?? '').trim().slice(0, 40);
      return `${element.tagName.toLowerCase()}${element.className && typeof element.className === 'string' ? `.${element.className.trim().split(/\s+/).join('.')}` : ''}${name ? ` "${name}"` : ''}`;
    };
    if (root.scrollWidth > root.clientWidth) {
      // Name the culprits: the innermost elements that reach past the window's right edge.
      const past = (element: Element) => element.getBoundingClientRect().right > root.clientWidth + 1;
      const culprits = Array.from(document.body.querySelectorAll('*'))
        .filter((element) => past(element) && !Array.from(element.children).some(past))
        .slice(0, 3)
        .map(describe);
      problems.push(`scrolls sideways by ${root.scrollWidth - root.clientWidth} px (${culprits.join('; ')})`);
    }
    const scrolls = (element: Element) => ['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(element).overflowX);
    for (const control of Array.from(document.querySelectorAll('input, select, textarea, button'))) {
      const box = control.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      const style = getComputedStyle(control);
      if (style.visibility === 'hidden' || style.clipPath.startsWith('inset(50%')) continue;
      // Its card, dialog or column; the window for what floats (position: fixed); none where a region scrolls on purpose.
      let container: Element | null = null;
      let outer: { left: number; right: number } | undefined;
      for (let up = control.parentElement; up; up = up.parentElement) {
        if (up.matches('.card, [role="dialog"], .project-content, .project-nav, .app-main, .app-header')) {
          container = up;
          outer = up.getBoundingClientRect();
          break;
        }
        if (getComputedStyle(up).position === 'fixed') {
          container = root;
          outer = { left: 0, right: root.clientWidth };
          break;
        }
        if (scrolls(up)) break;
      }
      if (!container || !outer) continue;
      if (box.left < outer.left - 1 || box.right > outer.right + 1) {
        const where = container === root ? 'the window' : describe(container).split(' ')[0];
        problems.push(`${describe(control)} sticks out of ${where} by ${Math.round(Math.max(outer.left - box.left, box.right - outer.right))} px`);
      }
    }
    const nav = document.querySelector('.project-nav');
    const frame = document.querySelector('.project-frame');
    if (nav && frame) {
      // The navigation stays at the top of the page: scrolled to the end, it has not floated down with it.
      const scrolled = window.scrollY;
      window.scrollTo(0, root.scrollHeight);
      const drift = nav.getBoundingClientRect().top - frame.getBoundingClientRect().top;
      window.scrollTo(0, scrolled);
      if (Math.abs(drift) > 1) problems.push(`the inquiry navigation floats ${Math.round(drift)} px down the page`);
    }
    const title = document.querySelector('.project-content h1');
    if (nav && title) {
      const a = nav.getBoundingClientRect();
      const b = title.getBoundingClientRect();
      if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) problems.push('the inquiry navigation overlaps the page title');
    }
    return problems;
  });
  return found.map((what) => ({ where, what }));
}

/** With reduced motion asked for, nothing on the screen moves. */
async function motionProblems(page: Page, where: string): Promise<Problem[]> {
  const moving = await page.evaluate(() =>
    Array.from(document.querySelectorAll('*'))
      .filter((element) => {
        const style = getComputedStyle(element);
        const seconds = (value: string) => Math.max(...value.split(',').map((part) => parseFloat(part) || 0));
        return (style.animationName !== 'none' && seconds(style.animationDuration) > 0.01) || seconds(style.transitionDuration) > 0.01;
      })
      .map((element) => element.tagName.toLowerCase() + (typeof element.className === 'string' && element.className ? `.${element.className}` : '')),
  );
  return moving.map((what) => ({ where, what: `moves with reduced motion: ${what}` }));
}

function report(problems: Problem[]): string {
  return problems.map((problem) => `  ${problem.where}: ${problem.what}`).join('\n');
}

describe('accessibility and layout of every screen (axe-core, Chromium)', () => {
  let browser: Browser;
  let server: Server;
  let recovery: Server;
  let ids: Ids;
  // Kept for the whole file (the helpers' temp folders go after each test; the servers outlive one test).
  const dir = mkdtempSync(join(tmpdir(), 'withness-a11y-'));
  beforeAll(async () => {
    const demo = await demoJournal(join(dir, 'demo'));
    ids = demo.ids;
    [browser, server, recovery] = await Promise.all([launchBrowser(), startServer(demo.file), writeDamagedJournal(mkdtempSync(join(dir, 'damaged-'))).then(startServer)]);
  });
  afterAll(async () => {
    await Promise.all([server?.stop(), recovery?.stop()]);
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const variants = [
    { lang: 'en', t: en, colorScheme: 'light', reflow: true },
    { lang: 'da', t: da, colorScheme: 'light', reflow: true },
    { lang: 'en', t: en, colorScheme: 'dark', reflow: false },
    { lang: 'da', t: da, colorScheme: 'dark', reflow: false },
  ] as const;

  for (const variant of variants) {
    // The four run side by side (each in its own browser context); the keyboard test below runs after them.
    it.concurrent(`${variant.lang}, ${variant.colorScheme}: no serious or critical ${variant.colorScheme === 'dark' ? 'contrast ' : ''}violation${variant.reflow ? ', no broken layout at any width' : ''}`, { timeout: 400_000 }, async ({ expect }) => {
      const context: BrowserContext = await browser.newContext({
        viewport: { width: 1280, height: HEIGHT },
        locale: variant.lang === 'da' ? 'da-DK' : 'en-GB',
        timezoneId: 'Europe/Copenhagen',
        colorScheme: variant.colorScheme,
        reducedMotion: 'reduce',
      });
      context.setDefaultTimeout(20_000);
      const problems: Problem[] = [];
      const widths = [...new Set([...REFLOW_WIDTHS, ...AXE_WIDTHS])].sort((a, b) => b - a);

      const measure = async (page: Page, screen: Screen) => {
        const label = `${screen.name} ${variant.lang} ${variant.colorScheme}`;
        for (const width of widths) {
          const axe = AXE_WIDTHS.includes(width);
          const reflow = variant.reflow && REFLOW_WIDTHS.includes(width);
          if (!axe && !reflow) continue;
          await page.setViewportSize({ width, height: HEIGHT });
          await page.locator(screen.shows ?? screen.ready).first().waitFor();
          await settled(page);
          if (reflow) problems.push(...(await layoutProblems(page, `${label} ${width}px`)));
          if (axe) problems.push(...(await axeProblems(page, `${label} ${width}px`, variant.colorScheme === 'dark')));
          if (width === 1280 && variant.colorScheme === 'light') {
            if (variant.lang === 'en') problems.push(...(await motionProblems(page, label)));
            await screenshot(page, `a11y-${screen.name}-${variant.lang}`);
          }
        }
        await page.setViewportSize({ width: 1280, height: HEIGHT });
      };

      const page = await context.newPage();
      await page.goto(server.launchUrl);
      await page.locator(SCREENS[0]!.ready).first().waitFor();
      for (const screen of SCREENS) {
        try {
          await go(page, screen.path(ids), screen);
          await screen.reach?.(page, variant.t);
          await measure(page, screen);
          await screen.leave?.(page);
        } catch (error) {
          // Go on to the other screens, so one run reports everything.
          problems.push({ where: `${screen.name} ${variant.lang} ${variant.colorScheme}`, what: `not reached: ${String(error).split('\n')[0]}` });
          await page.goto(`${server.url}#/`);
        }
      }

      const damaged = await context.newPage();
      await damaged.goto(recovery.launchUrl);
      await damaged.locator(RECOVERY.ready).first().waitFor();
      await measure(damaged, RECOVERY);

      await context.close();
      expect(problems, `\n${report(problems)}\n`).toEqual([]);
    });
  }

  it('works by keyboard alone: focus always shows, and goes somewhere sensible after dialogs and deletes', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: HEIGHT }, locale: 'en-GB', timezoneId: 'Europe/Copenhagen' });
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    const t = en;
    const focused = (locator: ReturnType<Page['locator']>) => locator.evaluate((element) => element === document.activeElement);
    await page.goto(server.launchUrl);
    await page.locator(SCREENS[0]!.ready).first().waitFor();

    // Focus always visible: Tab through the first stops of a few screens; each focused element draws a ring.
    const unseen: Problem[] = [];
    for (const name of ['overview', 'notes', 'dialogue', 'reflection-picker', 'timeline', 'codes', 'export']) {
      const screen = SCREENS.find((candidate) => candidate.name === name)!;
      await go(page, screen.path(ids), screen);
      await page.evaluate(() => {
        (document.activeElement as HTMLElement | null)?.blur();
        window.scrollTo(0, 0);
      });
      for (let stop = 0; stop < 30; stop += 1) {
        await page.keyboard.press('Tab');
        const ring = await page.evaluate(() => {
          const element = document.activeElement;
          if (!element || element === document.body) return 'end';
          const style = getComputedStyle(element);
          const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
          const shadow = style.boxShadow !== 'none';
          const label = element.getAttribute('aria-label') ?? (element as HTMLInputElement).labels?.[0]?.textContent ?? element.textContent ?? '';
          return outline || shadow ? '' : `${element.tagName.toLowerCase()}${element.getAttribute('type') ? `[type=${element.getAttribute('type')}]` : ''}.${element.getAttribute('class') ?? ''} '${label.trim().slice(0, 30)}'`;
        });
        if (ring === 'end') break; // Past the last stop of the page.
        if (!ring) continue;
        // No ring on the element itself: it may draw its focus another way (a ring on the card, a stroke in a
        // picture). It counts as visible if it looks different focused than not.
        const element = (await page.evaluateHandle(() => document.activeElement)).asElement()!;
        const box = (await element.boundingBox())!;
        const viewport = page.viewportSize()!;
        const x = Math.max(0, box.x - 8);
        const y = Math.max(0, box.y - 8);
        const clip = { x, y, width: Math.min(viewport.width - x, box.width + 16), height: Math.min(viewport.height - y, box.height + 16) };
        const withFocus = await page.screenshot({ clip, animations: 'disabled', caret: 'hide' });
        await element.evaluate((node) => (node as HTMLElement).blur());
        const withoutFocus = await page.screenshot({ clip, animations: 'disabled', caret: 'hide' });
        await element.evaluate((node) => (node as HTMLElement).focus());
        if (withFocus.equals(withoutFocus)) unseen.push({ where: `${name}, Tab ${stop + 1}`, what: `no visible focus: ${ring}` });
      }
    }
    expect(unseen, `\n${report(unseen)}\n`).toEqual([]);

    // Quick capture: the shortcut opens it with the text field focused; Escape closes it and focus returns.
    const nav = page.getByRole('navigation', { name: t.nav.label });
    await go(page, `/projects/${ids.project}/notes`, SCREENS.find((screen) => screen.name === 'notes')!);
    const notesLink = nav.getByRole('link', { name: t.nav.notes, exact: true });
    await notesLink.focus();
    await page.keyboard.press('Control+Alt+N');
    const dialog = page.getByRole('dialog');
    await expect.poll(() => focused(dialog.locator('textarea').first())).toBe(true);
    // The page behind the dialog is out of reach while it is open.
    expect(await page.locator('#root').getAttribute('inert')).toBe('');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => focused(notesLink)).toBe(true);

    // The evidence picker: opened from its button, closed by Escape, focus back on the button.
    const reflection = SCREENS.find((screen) => screen.name === 'reflection-picker')!;
    await go(page, reflection.path(ids), reflection);
    const add = page.getByRole('button', { name: t.reflections.addEvidence, exact: true });
    await add.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('role') ?? document.activeElement?.tagName)).toBe('combobox');
    await page.keyboard.press('Escape');
    await expect.poll(() => focused(add)).toBe(true);

    // Delete, then think better of it: focus returns to Delete. Delete for real: focus lands on the list's title.
    const editor = SCREENS.find((screen) => screen.name === 'note-editor')!;
    await go(page, editor.path(ids), editor);
    const remove = page.getByRole('button', { name: t.delete.button, exact: true });
    await remove.focus();
    await page.keyboard.press('Enter');
    const keep = page.getByRole('button', { name: t.delete.no, exact: true });
    await expect.poll(() => focused(keep)).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => focused(remove)).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => focused(keep)).toBe(true);
    await page.keyboard.press('Shift+Tab');
    await expect.poll(() => focused(page.getByRole('button', { name: t.delete.yes, exact: true }))).toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForFunction((project) => location.hash === `#/projects/${project}/notes`, ids.project);
    await expect.poll(() => focused(page.locator('#main h1'))).toBe(true);
    await screenshot(page, 'a11y-keyboard-after-delete');

    // A delete that stays on the page (a turn of the transcript): focus goes to the next turn, not to <body>.
    const dialogue = SCREENS.find((screen) => screen.name === 'dialogue')!;
    await go(page, dialogue.path(ids), dialogue);
    const turns = page.locator('.transcript > li.turn');
    const next = page.locator(`[id="${await turns.nth(1).getAttribute('id')}"]`);
    await turns.first().focus();
    await page.keyboard.press('Enter');
    await turns.first().getByRole('button', { name: t.delete.button, exact: true }).focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Shift+Tab');
    await expect.poll(() => focused(turns.first().getByRole('button', { name: t.delete.yes, exact: true }))).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => focused(next)).toBe(true);
    await expect.poll(() => next.evaluate((element) => element === document.querySelector('.transcript > li.turn'))).toBe(true);
    await screenshot(page, 'a11y-keyboard-after-turn-delete');

    await context.close();
  });
});
