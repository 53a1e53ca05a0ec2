/**
 * `npm run bench:ui [-- --scale small|large] [--seed N] [--json] [--dir DIR] [--renderer DIR] [--runs N]`
 *
 * Opens the generated inquiry in Chromium through browser mode (electron/bridge/serve.ts on a copy of the
 * corpus, the renderer built by vite into a folder of its own) and measures: the time until the timeline and
 * the notes list show their data, the frame times (requestAnimationFrame) while each list is scrolled
 * programmatically, and the number of DOM nodes while scrolling (virtualized lists keep it bounded).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { ScaleName } from '../db/generate/generate.js';
import { ensureCorpus } from './corpus.js';
import { formatMs, formatNumber, percentile, table } from './stats.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FRAME_BUDGET_MS = 1000 / 60;

export class UiBenchUsageError extends Error {}

export interface UiBenchOptions {
  scale: ScaleName;
  seed: number;
  json: boolean;
  dir: string;
  /** A renderer built already; without it, vite builds one into DIR/renderer. */
  renderer?: string;
  /** How often each screen is opened (cold loads) for the time to show. */
  runs: number;
  /** Frames scrolled per list. */
  frames: number;
  /** Save a picture of each screen here, once it shows its data (and after scrolling). */
  screenshots?: string;
}

export const UI_USAGE = `Usage: npm run bench:ui -- [options]

  --scale small|large   corpus (default large); the same corpus as npm run bench, built once into --dir
  --seed N              generator seed (default 1)
  --json                print the figures as JSON
  --dir DIR             corpus and build folder (default .bench)
  --renderer DIR        use this built renderer instead of building one into DIR/renderer
  --runs N              cold loads per screen (default 5)
  --frames N            frames scrolled per list (default 300)
  --screenshots DIR     save a PNG of each screen when shown and after scrolling
  --help                this text
`;

export function parseUiArgs(argv: readonly string[]): UiBenchOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        scale: { type: 'string' },
        seed: { type: 'string' },
        json: { type: 'boolean' },
        dir: { type: 'string' },
        renderer: { type: 'string' },
        runs: { type: 'string' },
        frames: { type: 'string' },
        screenshots: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    throw new UiBenchUsageError(error instanceof Error ? error.message : String(error));
  }
  const values = parsed.values;
  if (values.help) return 'help';
  const scale = values.scale ?? 'large';
  if (scale !== 'small' && scale !== 'large') throw new UiBenchUsageError(`--scale must be "small" or "large", not "${scale}".`);
  const whole = (name: string, raw: string | undefined, fallback: number, min: number, max: number) => {
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) throw new UiBenchUsageError(`--${name} must be a whole number from ${min} to ${max}, not "${raw}".`);
    return Number(raw);
  };
  return {
    scale,
    seed: whole('seed', values.seed, 1, 0, 999_999_999),
    json: values.json ?? false,
    dir: resolve(values.dir ?? '.bench'),
    renderer: values.renderer === undefined ? undefined : resolve(values.renderer),
    runs: whole('runs', values.runs, 5, 1, 100),
    frames: whole('frames', values.frames, 300, 10, 10_000),
    screenshots: values.screenshots === undefined ? undefined : resolve(values.screenshots),
  };
}

export interface ScreenFigures {
  screen: 'timeline' | 'notes';
  route: string;
  /** Navigation start until the screen shows its data, per cold load. */
  show_ms: { p50: number; p95: number; samples: number[] };
  /** requestAnimationFrame intervals while scrolling. */
  frames: { count: number; p50: number; p95: number; max: number; over_budget: number; scrolled_px: number };
  dom_nodes: { at_show: number; max_while_scrolling: number; list_rows_max: number };
  /** How many items the list holds (what the virtualized list stands for). */
  items: number | null;
}

export interface UiBenchReport {
  generated_at: string;
  scale: ScaleName;
  seed: number;
  corpus: string;
  chromium: string;
  viewport: { width: number; height: number };
  screens: ScreenFigures[];
  load_average: number[];
}

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

function buildRenderer(outDir: string): void {
  log(`Building the renderer into ${outDir} …`);
  const result = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0) throw new Error('vite build failed.');
}

interface Server {
  launchUrl: string;
  stop(): Promise<void>;
}

/** The real `serve` entry point in a child process, as test/e2e/harness.ts starts it. */
async function startServer(dbFile: string, renderer: string): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'electron/bridge/serve.ts', '--db', dbFile, '--port', '0', '--renderer', renderer], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const launchUrl = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`serve did not start:\n${output}`)), 120_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running at (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        done(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => fail(new Error(`serve exited with ${code}:\n${output}`)));
  });
  return { launchUrl, stop: () => stopChild(child) };
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null) return done();
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });
}

/** What each screen shows when it has its data, what scrolls, and its rows (selectors; the CSP forbids eval). */
const SCREENS = {
  // The list view of the timeline: the part that scrolls (the chart zooms and pans instead).
  timeline: { ready: '.tl-list .tl-list__row', busy: '.tl-canvas.is-loading', scroller: '.tl-list', rows: '.tl-list__row' },
  notes: { ready: '.note-list li a', busy: '', scroller: '', rows: '.note-list > li' },
} as const;

function isReady({ ready, busy }: { ready: string; busy: string }): boolean {
  return document.querySelector(ready) !== null && (busy === '' || document.querySelector(busy) === null);
}

async function showTime(page: Page, url: string, screen: keyof typeof SCREENS): Promise<number> {
  // A blank page first, so every load is cold for the app (the browser's HTTP cache may hold the bundle, as it would).
  await page.goto('about:blank');
  const started = Date.now();
  await page.goto(url);
  await page.waitForFunction(isReady, SCREENS[screen], { timeout: 180_000, polling: 'raf' });
  return Date.now() - started;
}

async function scrollFrames(page: Page, screen: keyof typeof SCREENS, frames: number) {
  return page.evaluate(
    async ({ scrollerSelector, rowsSelector, frames }) => {
      const scroller = (scrollerSelector ? document.querySelector(scrollerSelector) : document.scrollingElement) as HTMLElement;
      const intervals: number[] = [];
      let maxNodes = 0;
      let maxRows = 0;
      const start = scroller.scrollTop;
      const step = Math.max(40, Math.round(scroller.clientHeight / 6));
      await new Promise<void>((done) => {
        let last = performance.now();
        let frame = 0;
        const tick = (now: number) => {
          if (frame > 0) intervals.push(now - last);
          last = now;
          if (frame % 10 === 0) {
            maxNodes = Math.max(maxNodes, document.getElementsByTagName('*').length);
            maxRows = Math.max(maxRows, document.querySelectorAll(rowsSelector).length);
          }
          scroller.scrollTop += step;
          frame += 1;
          if (frame <= frames) requestAnimationFrame(tick);
          else done();
        };
        requestAnimationFrame(tick);
      });
      return { intervals, maxNodes, maxRows, scrolled: scroller.scrollTop - start };
    },
    { scrollerSelector: SCREENS[screen].scroller, rowsSelector: SCREENS[screen].rows, frames },
  );
}

async function measureScreen(browser: Browser, launchUrl: string, projectId: string, screen: keyof typeof SCREENS, options: UiBenchOptions): Promise<ScreenFigures> {
  const route = `/projects/${projectId}/${screen}`;
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  // tsx (esbuild) wraps named inner functions in __name(); functions passed to page.evaluate need it too.
  await context.addInitScript({ content: 'globalThis.__name = globalThis.__name || ((f) => f);' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  try {
    // The launch link hands the token to the page; later loads use the same origin and session.
    await page.goto(launchUrl);
    if (screen === 'timeline') {
      // Choose the list view once (the screen remembers it), then measure cold loads of the list.
      await page.goto(`${launchUrl}#${route}`);
      await page.getByRole('button', { name: /^(List|Liste)$/ }).first().click({ timeout: 120_000 });
      await page.waitForFunction(isReady, SCREENS.timeline, { timeout: 180_000 });
    }
    const samples: number[] = [];
    for (let run = 0; run < options.runs; run += 1) samples.push(await showTime(page, `${launchUrl}#${route}`, screen));
    const atShow = await page.evaluate(() => document.getElementsByTagName('*').length);
    const items = await page.evaluate((screenName) => {
      const text = document.querySelector(screenName === 'notes' ? '.notes__count' : '.tl-status__count')?.textContent ?? '';
      const digits = /([\d.,\u00a0 ]+)/.exec(text)?.[1]?.replace(/[^\d]/g, '');
      return digits ? Number(digits) : null;
    }, screen);
    const picture = async (name: string) => {
      if (!options.screenshots) return;
      mkdirSync(options.screenshots, { recursive: true });
      await page.screenshot({ path: join(options.screenshots, `bench-ui-${screen}-${name}.png`) });
    };
    await picture('shown');
    const scrolled = await scrollFrames(page, screen, options.frames);
    await picture('scrolled');
    if (errors.length > 0) throw new Error(`The page reported errors: ${errors.join('; ')}`);
    return {
      screen,
      route,
      show_ms: { p50: percentile(samples, 50), p95: percentile(samples, 95), samples },
      frames: {
        count: scrolled.intervals.length,
        p50: percentile(scrolled.intervals, 50),
        p95: percentile(scrolled.intervals, 95),
        max: Math.max(...scrolled.intervals),
        over_budget: scrolled.intervals.filter((ms) => ms > FRAME_BUDGET_MS + 0.5).length,
        scrolled_px: Math.round(scrolled.scrolled),
      },
      dom_nodes: { at_show: atShow, max_while_scrolling: scrolled.maxNodes, list_rows_max: scrolled.maxRows },
      items,
    };
  } finally {
    await context.close();
  }
}

export async function runUiBench(options: UiBenchOptions): Promise<UiBenchReport> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH).`);
  const corpus = ensureCorpus({ dir: options.dir, scale: options.scale, seed: options.seed, log });
  const renderer = options.renderer ?? join(options.dir, 'renderer');
  if (!options.renderer) buildRenderer(renderer);
  if (!existsSync(join(renderer, 'index.html'))) throw new Error(`No built renderer in ${renderer}.`);
  // The app may write to its journal (it is a journal) and keeps a daily backup beside it: it gets a copy in a
  // folder of its own, removed afterwards, never the corpus itself.
  const workDir = join(options.dir, `ui-work-${options.scale}`);
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  const work = join(workDir, 'withness.sqlite');
  copyFileSync(corpus.file, work);
  const server = await startServer(work, renderer);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
  });
  try {
    const screens: ScreenFigures[] = [];
    for (const screen of ['timeline', 'notes'] as const) {
      log(`Measuring the ${screen} screen …`);
      screens.push(await measureScreen(browser, server.launchUrl, corpus.stamp.project_id, screen, options));
    }
    return {
      generated_at: new Date().toISOString(),
      scale: options.scale,
      seed: options.seed,
      corpus: corpus.file,
      chromium: browser.version(),
      viewport: { width: 1280, height: 800 },
      screens,
      load_average: (await import('node:os')).loadavg().map((value) => Number(value.toFixed(2))),
    };
  } finally {
    await browser.close();
    await server.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
}

export function formatUiReport(report: UiBenchReport): string {
  const rows = report.screens.map((s) => [
    s.screen,
    formatMs(s.show_ms.p50),
    formatMs(s.show_ms.p95),
    formatMs(s.frames.p50),
    formatMs(s.frames.p95),
    s.frames.p95 <= FRAME_BUDGET_MS + 0.5 ? 'ok' : `MISSED: ${(s.frames.p95 / FRAME_BUDGET_MS).toFixed(1)}× the 16.7 ms budget`,
    `${s.frames.over_budget}/${s.frames.count}`,
    `${formatNumber(s.dom_nodes.at_show)} / ${formatNumber(s.dom_nodes.max_while_scrolling)}`,
    `${s.dom_nodes.list_rows_max}${s.items === null ? '' : ` of ${formatNumber(s.items)}`}`,
  ]);
  return [
    `Withness UI benchmark — ${report.scale} corpus (seed ${report.seed}), Chromium ${report.chromium}, ${report.viewport.width}×${report.viewport.height}, ${report.generated_at}`,
    `Load average ${report.load_average.join(' / ')} (shared machine: figures are noisy)`,
    '',
    table(['Screen', 'show p50', 'show p95', 'frame p50', 'frame p95', 'p95 vs 16.7 ms', 'frames > budget', 'DOM nodes (shown / max scrolling)', 'rows in DOM (max)'], rows),
  ].join('\n');
}

async function main(): Promise<number> {
  let options;
  try {
    options = parseUiArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UiBenchUsageError) {
      process.stderr.write(`bench:ui: ${error.message}\n\n${UI_USAGE}`);
      return 2;
    }
    throw error;
  }
  if (options === 'help') {
    process.stdout.write(UI_USAGE);
    return 0;
  }
  mkdirSync(options.dir, { recursive: true });
  const report = await runUiBench(options);
  process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : `\n${formatUiReport(report)}\n`);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`bench:ui: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
