/**
 * `npm run bench:ui [-- --scale small|large] [--seed N] [--json] [--dir DIR] [--renderer DIR] [--runs N]`
 *
 * Opens the generated inquiry in Chromium through browser mode (electron/bridge/serve.ts, bundled as `npm run serve`
 * starts it, on a copy of the corpus, the renderer built by vite into a folder of its own) and measures: the time until the timeline and
 * the notes list show their data, the frame times (requestAnimationFrame) while each list is scrolled
 * programmatically, and the number of DOM nodes while scrolling (virtualized lists keep it bounded).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import type { ScaleName } from '../db/generate/generate.js';
import { ensureCorpus } from './corpus.js';
import { formatMs, formatNumber, percentile, table } from './stats.js';
import { atMost, verdictText, type BenchRow, type Target } from './verdict.js';

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
  /**
   * CPU time of each cold load: the page's main thread (Chromium's ThreadTime) and the server process (utime + stime
   * from /proc, 10 ms steps). On a busy machine these move much less than the wall time.
   */
  show_cpu_ms: { page: number[]; server: number[] };
  /** requestAnimationFrame intervals while scrolling. */
  frames: { count: number; p50: number; p95: number; max: number; over_budget: number; scrolled_px: number };
  dom_nodes: { at_show: number; max_while_scrolling: number; list_rows_max: number };
  /** How many items the list holds (what the virtualized list stands for). */
  items: number | null;
}

/** Start-up step of the server, as journal.ts reports it (WITHNESS_STARTUP_TIMINGS=1). */
export interface StepTiming {
  wall_ms: number;
  cpu_ms: number;
}

export interface ColdStart {
  /** Starting `serve` (Chromium already running) until it prints its address. */
  server_ready_ms: number;
  /** CPU the server process had used when it printed its address (loading its code, opening and checking the journal). */
  server_ready_cpu_ms: number | null;
  /** The server's own start-up steps: the file check, migrations, the day's backup (0 when made in the background). */
  startup: { quick_check: StepTiming; migrations: StepTiming; daily_backup: StepTiming } | null;
  /** Opening the launch address on the overview until the overview's cycles are shown and the next frame painted. */
  page_ms: number;
  /** server_ready_ms + page_ms. */
  total_ms: number;
  /** total_ms without the start-up quick_check (its cost shown apart, as issue 14 allows). */
  total_without_check_ms: number;
}

/** The first page of a list, the first time its screen opens after the server started (server time of its request). */
export interface FirstPage {
  screen: string;
  channel: string;
  ms: number;
}

export interface UiBenchReport {
  generated_at: string;
  cold_start: ColdStart;
  first_pages: FirstPage[];
  /** Every figure with its target and verdict (bench/verdict.ts). */
  rows: BenchRow[];
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
  readyMs: number;
  readyCpuMs: number | null;
  pid: number | undefined;
  startup: ColdStart['startup'];
  stop(): Promise<void>;
}

/**
 * Bundles the server as `npm run serve` does (scripts/build-serve.mjs), into a folder of this run's own inside the
 * repository (the bundle finds better-sqlite3 in node_modules from its place), so a start loads compiled code.
 */
function buildServer(outDir: string): void {
  log(`Bundling the server into ${outDir} …`);
  const result = spawnSync(process.execPath, ['scripts/build-serve.mjs', '--outdir', outDir], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) throw new Error('The server bundle failed to build.');
}

/** The real `serve` entry point, bundled as `npm run serve` starts it, in a child process. */
async function startServer(dbFile: string, renderer: string, serverDir: string): Promise<Server> {
  const started = performance.now();
  const child = spawn(process.execPath, [join(serverDir, 'serve.js'), '--db', dbFile, '--port', '0', '--renderer', renderer], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, WITHNESS_STARTUP_TIMINGS: '1' },
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
  const readyMs = performance.now() - started;
  const readyCpuMs = processCpuMs(child.pid);
  const timings = /start-up timings (\{.*\})/.exec(output)?.[1];
  return { launchUrl, readyMs, readyCpuMs, pid: child.pid, startup: timings ? (JSON.parse(timings) as ColdStart['startup']) : null, stop: () => stopChild(child) };
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
  // The timeline opens on its chart (the screen keeps its view in memory only, so a load starts there); the list view
  // is the part that scrolls (the chart zooms and pans instead).
  timeline: { ready: '.tl-canvas .tl-density, .tl-canvas .tl-mark', busy: '.tl-canvas.is-loading', scroller: '.tl-list', rows: '.tl-list__row' },
  notes: { ready: '.note-list li a', busy: '', scroller: '', rows: '.note-list > li' },
} as const;

function isReady({ ready, busy }: { ready: string; busy: string }): boolean {
  return document.querySelector(ready) !== null && (busy === '' || document.querySelector(busy) === null);
}

/** CPU milliseconds a process has used so far (Linux /proc; null elsewhere). */
function processCpuMs(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return null;
  }
}

async function showTime(
  page: Page,
  url: string,
  screen: keyof typeof SCREENS,
  serverPid: number | undefined,
  cdp: CDPSession | undefined,
): Promise<{ wall: number; pageCpu: number | null; serverCpu: number | null }> {
  // A blank page first, so every load is cold for the app (the browser's HTTP cache may hold the bundle, as it would).
  await page.goto('about:blank');
  const serverBefore = processCpuMs(serverPid);
  const started = Date.now();
  await page.goto(url);
  await page.waitForFunction(isReady, SCREENS[screen], { timeout: 180_000, polling: 'raf' });
  const wall = Date.now() - started;
  const serverAfter = processCpuMs(serverPid);
  let pageCpu: number | null = null;
  try {
    // The renderer main thread's CPU time since this document was made (the metrics start again with each load).
    const metrics = cdp ? (await cdp.send('Performance.getMetrics')).metrics : [];
    const thread = metrics.find((metric) => metric.name === 'ThreadTime')?.value;
    pageCpu = thread === undefined ? null : thread * 1000;
  } catch {
    pageCpu = null;
  }
  return { wall, pageCpu, serverCpu: serverBefore === null || serverAfter === null ? null : serverAfter - serverBefore };
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

async function measureScreen(
  browser: Browser,
  launchUrl: string,
  projectId: string,
  screen: keyof typeof SCREENS,
  options: UiBenchOptions,
  serverPid?: number,
): Promise<ScreenFigures> {
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
    const samples: number[] = [];
    const pageCpu: number[] = [];
    const serverCpu: number[] = [];
    const cdp = await context.newCDPSession(page).catch(() => undefined);
    await cdp?.send('Performance.enable').catch(() => undefined);
    for (let run = 0; run < options.runs; run += 1) {
      const shown = await showTime(page, `${launchUrl}#${route}`, screen, serverPid, cdp);
      samples.push(shown.wall);
      if (shown.pageCpu !== null) pageCpu.push(shown.pageCpu);
      if (shown.serverCpu !== null) serverCpu.push(shown.serverCpu);
    }
    if (screen === 'timeline') {
      // The list view is what scrolls.
      await page.getByRole('button', { name: /^(List|Liste)$/ }).first().click({ timeout: 120_000 });
      await page.waitForFunction(isReady, { ready: '.tl-list .tl-list__row', busy: '' }, { timeout: 180_000 });
    }
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
      show_cpu_ms: { page: pageCpu, server: serverCpu },
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

/** The overview shows its cycles, and the page has painted the next frame (the main thread is free to answer input). */
function overviewReady(): boolean {
  return document.querySelector('.overview .cycle-list li') !== null;
}

async function coldStartPage(browser: Browser, server: Server, projectId: string): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    const started = performance.now();
    await page.goto(`${server.launchUrl}#/projects/${projectId}`);
    await page.waitForFunction(overviewReady, undefined, { timeout: 180_000, polling: 'raf' });
    await page.evaluate(() => new Promise<void>((done) => requestAnimationFrame(() => setTimeout(done, 0))));
    return performance.now() - started;
  } finally {
    await context.close();
  }
}

/** The list screens and the channel of their first page. */
const LISTS = [
  { screen: 'notes', channel: 'notes:list', ready: '.note-list li a' },
  { screen: 'dialogues', channel: 'dialogues:list', ready: 'main li a, .project-content li a' },
  { screen: 'reflections', channel: 'reflections:list', ready: '.project-content li a' },
  { screen: 'stakeholders', channel: 'stakeholders:list', ready: '.project-content li a' },
  { screen: 'codes', channel: 'codes:list', ready: '.project-content li' },
  { screen: 'trash', channel: 'trash:list', ready: '.project-content h1, .project-content h2' },
] as const;

/** Opens each list screen once, as the first request of its kind since the server started, and reads its request's time. */
async function firstPages(browser: Browser, server: Server, projectId: string): Promise<FirstPage[]> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const figures: FirstPage[] = [];
  try {
    const page = await context.newPage();
    await page.goto(server.launchUrl);
    for (const list of LISTS) {
      await page.evaluate(() => performance.clearResourceTimings());
      await page.goto(`${server.launchUrl}#/projects/${projectId}/${list.screen}`);
      const channel = encodeURIComponent(list.channel);
      const handle = await page.waitForFunction(
        (wanted) => performance.getEntriesByType('resource').find((entry) => entry.name.includes(`/api/${wanted}`) && (entry as PerformanceResourceTiming).responseEnd > 0),
        channel,
        { timeout: 180_000, polling: 100 },
      );
      const ms = await page.evaluate((entry) => {
        const timing = entry as unknown as PerformanceResourceTiming;
        return timing.responseEnd - timing.startTime;
      }, handle);
      figures.push({ screen: list.screen, channel: list.channel, ms });
    }
  } finally {
    await context.close();
  }
  return figures;
}

const TARGETS = { coldStart: 1500, firstPage: 50, show: 300 };

async function waitForBackup(server: Server): Promise<void> {
  const url = new URL(server.launchUrl);
  const response = await fetch(`${url.origin}/api/${encodeURIComponent('backups:list')}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Withness-Token': url.searchParams.get('token') ?? '' },
    body: '{}',
  });
  if (!response.ok) throw new Error(`backups:list answered ${response.status}`);
}

function withStartupCpu(row: BenchRow, cpu: number | undefined): BenchRow {
  return cpu === undefined ? row : { ...row, cpu_p50: cpu, cpu_p95: cpu };
}

/** The CPU columns of a show-time row: the page's main thread plus the server, per load; the split in the note. */
function withCpu(row: BenchRow, cpu: { page: number[]; server: number[] }): BenchRow {
  if (cpu.page.length === 0) return row;
  const both = cpu.page.map((page, i) => page + (cpu.server[i] ?? 0));
  return {
    ...row,
    cpu_p50: percentile(both, 50),
    cpu_p95: percentile(both, 95),
    note: `CPU p50: page main thread ${formatMs(percentile(cpu.page, 50))}, server ${cpu.server.length ? formatMs(percentile(cpu.server, 50)) : '–'}`,
  };
}

function uiRow(key: string, name: string, samples: number[], target: Target | null, note: string | null = null): BenchRow {
  const p50 = percentile(samples, 50);
  const targets = target ? [target] : [];
  return {
    key,
    group: 'ui',
    name,
    channel: null,
    available: true,
    note,
    unit: 'ms',
    iterations: samples.length,
    p50,
    p95: percentile(samples, 95),
    raw_p50: null,
    raw_p95: null,
    overhead: null,
    cpu_p50: null,
    targets,
    verdict: targets.length === 0 ? 'none' : targets.every((t) => t.met) ? 'pass' : 'miss',
    load_average: Number(loadavg()[0]!.toFixed(2)),
  };
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
  const serverDir = resolve(`dist/bench-serve-${process.pid}`);
  buildServer(serverDir);
  // Chromium is started first: the cold start runs from starting the server to the overview in a running browser.
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
  });
  let server: Server | undefined;
  try {
    log('Cold start: starting the server on the copy and opening the overview …');
    server = await startServer(work, renderer, serverDir);
    const pageMs = await coldStartPage(browser, server, corpus.stamp.project_id);
    const check = server.startup?.quick_check.wall_ms ?? 0;
    const coldStart: ColdStart = {
      server_ready_ms: server.readyMs,
      server_ready_cpu_ms: server.readyCpuMs,
      startup: server.startup,
      page_ms: pageMs,
      total_ms: server.readyMs + pageMs,
      total_without_check_ms: server.readyMs + pageMs - check,
    };
    // The day's backup is being made in the server's worker thread: wait for it (backups:list does), so that its
    // CPU is not counted in the figures below.
    log("Waiting for the day's backup the server makes in the background …");
    await waitForBackup(server);
    log('First page of each list, cold …');
    const pages = await firstPages(browser, server, corpus.stamp.project_id);
    const screens: ScreenFigures[] = [];
    for (const screen of ['timeline', 'notes'] as const) {
      log(`Measuring the ${screen} screen …`);
      screens.push(await measureScreen(browser, server.launchUrl, corpus.stamp.project_id, screen, options, server.pid));
    }
    const startup = coldStart.startup;
    const rows: BenchRow[] = [
      uiRow(
        'cold-start',
        'Cold start: serve on the large journal to the overview interactive, without the start-up quick_check',
        [coldStart.total_without_check_ms],
        atMost(coldStart.total_without_check_ms, TARGETS.coldStart, { what: 'time' }),
        `server ready ${formatMs(coldStart.server_ready_ms)} (${formatMs(coldStart.server_ready_cpu_ms)} of CPU, ${formatMs(
          coldStart.server_ready_cpu_ms === null ? null : coldStart.server_ready_cpu_ms - (coldStart.startup?.quick_check.cpu_ms ?? 0),
        )} without the check), page ${formatMs(coldStart.page_ms)}, total with the check ${formatMs(coldStart.total_ms)}`,
      ),
      withStartupCpu(uiRow(
        'cold-start-check',
        'Start-up quick_check of the journal (shown apart)',
        [startup?.quick_check.wall_ms ?? Number.NaN],
        null,
        startup ? `${formatMs(startup.quick_check.cpu_ms)} of CPU; migrations ${formatMs(startup.migrations.wall_ms)}; day's backup on the start path ${formatMs(startup.daily_backup.wall_ms)}` : 'the server printed no start-up timings',
      ), startup?.quick_check.cpu_ms),
      ...pages.map((first) => uiRow(`first-page-${first.screen}`, `First page, cold: ${first.screen} (${first.channel})`, [first.ms], atMost(first.ms, TARGETS.firstPage, { what: 'time' }))),
      ...screens.map((figures) =>
        withCpu(
          uiRow(`show-${figures.screen}`, `Open the ${figures.screen} screen (show time)`, figures.show_ms.samples, atMost(figures.show_ms.p50, TARGETS.show, { what: 'p50' })),
          figures.show_cpu_ms,
        ),
      ),
      ...screens.map((figures) => ({
        ...uiRow(`frames-${figures.screen}`, `Scrolling the ${figures.screen} list, frame time`, [figures.frames.p50, figures.frames.p95], atMost(figures.frames.p95, FRAME_BUDGET_MS + 0.5, { what: 'frame p95' })),
        p50: figures.frames.p50,
        p95: figures.frames.p95,
        iterations: figures.frames.count,
      })),
    ];
    for (const row of rows) row.cpu_p95 ??= null;
    return {
      generated_at: new Date().toISOString(),
      cold_start: coldStart,
      first_pages: pages,
      rows,
      scale: options.scale,
      seed: options.seed,
      corpus: corpus.file,
      chromium: browser.version(),
      viewport: { width: 1280, height: 800 },
      screens,
      load_average: loadavg().map((value) => Number(value.toFixed(2))),
    };
  } finally {
    await browser.close();
    await server?.stop();
    rmSync(workDir, { recursive: true, force: true });
    rmSync(serverDir, { recursive: true, force: true });
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
  const verdicts = report.rows.map((row) => [
    row.name,
    formatMs(row.p50),
    formatMs(row.p95),
    formatMs(row.cpu_p50),
    String(row.iterations),
    row.load_average === undefined ? '–' : row.load_average.toFixed(1),
    row.verdict === 'pass' ? 'pass' : row.verdict === 'miss' ? 'MISS' : '–',
    [verdictText(row), row.targets.length > 0 ? row.note : null].filter(Boolean).join(' — '),
  ]);
  return [
    `Withness UI benchmark — ${report.scale} corpus (seed ${report.seed}), Chromium ${report.chromium}, ${report.viewport.width}×${report.viewport.height}, ${report.generated_at}`,
    `Load average ${report.load_average.join(' / ')} (shared machine: figures are noisy)`,
    '',
    table(['Measure', 'p50', 'p95', 'CPU p50', 'runs', 'load', 'verdict', 'Target'], verdicts),
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
