/**
 * PDF printing of a self-contained HTML report. The printer is pluggable: tests and the command line use
 * headless Chromium (playwright-core with Debian's /usr/bin/chromium); the Electron app registers a printer
 * built on webContents.printToPDF (pdf-electron.ts) when it starts.
 */
export type PdfPrinter = (html: string) => Promise<Buffer>;

let registered: PdfPrinter | undefined;

/** Replaces the printer used for every PDF export (the Electron main process registers its own). */
export function registerPdfPrinter(printer: PdfPrinter | undefined): void {
  registered = printer;
}

/** Prints with the registered printer, or headless Chromium when none was registered. */
export function printPdf(html: string): Promise<Buffer> {
  return (registered ?? chromiumPdfPrinter)(html);
}

/** The Chromium launch flags of these machines (see test/e2e/harness.ts and DESIGN.md). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

/** Thrown when no PDF printer can run (Chromium missing); the API reports it in words. */
export class PdfUnavailableError extends Error {}

/**
 * Headless Chromium: loads the HTML with JavaScript disabled and every network request refused, then
 * prints A4 with the report's own print stylesheet.
 */
export const chromiumPdfPrinter: PdfPrinter = async (html) => {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  // Loaded only when used, so the Electron bundle never carries playwright-core.
  const moduleName = 'playwright-core';
  let chromium: typeof import('playwright-core').chromium;
  try {
    ({ chromium } = (await import(/* @vite-ignore */ moduleName)) as typeof import('playwright-core'));
  } catch {
    throw new PdfUnavailableError('PDF export needs Chromium, which is not available here. Export HTML and print it from a browser instead.');
  }
  let browser;
  try {
    browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
  } catch {
    throw new PdfUnavailableError(
      `PDF export needs Chromium at ${executablePath}, which could not be started. Install it (Debian: apt-get install chromium) or export HTML and print it from a browser.`,
    );
  }
  try {
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    const page = await context.newPage();
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    return Buffer.from(pdf);
  } finally {
    await browser.close();
  }
};
