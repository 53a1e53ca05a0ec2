import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { demoContent } from '../../db/demo/content.js';
import { printPdf, registerPdfPrinter } from '../../electron/exports/pdf.js';
import { generateReport } from '../../electron/exports/report/index.js';
import { tempDatabase, tempDir } from '../helpers/temp.js';
import { expectNoRealNames, realNameTerms, realNamesIn, seedDemo } from './report-fixture.js';

const SCREENSHOTS = process.env.WITHNESS_E2E_SCREENSHOTS ?? 'test-results/screenshots';

/** The text of a PDF, page by page in reading order (Debian's poppler-utils). */
function pdfText(pdf: Buffer): string {
  const folder = tempDir();
  const file = join(folder, 'report.pdf');
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

function docxParts(docx: Buffer): Record<string, string> {
  const files = unzipSync(new Uint8Array(docx));
  return Object.fromEntries(Object.entries(files).filter(([name]) => name.endsWith('.xml') || name.endsWith('.rels')).map(([name, data]) => [name, strFromU8(data)]));
}

/** Paragraphs of word/document.xml as { style, text }. */
function paragraphs(xml: string): { style: string | null; text: string; list: boolean }[] {
  return [...xml.matchAll(/<w:p>([\s\S]*?)<\/w:p>|<w:p [^>]*>([\s\S]*?)<\/w:p>/g)].map((match) => {
    const body = match[1] ?? match[2] ?? '';
    const style = /<w:pStyle w:val="([^"]+)"/.exec(body)?.[1] ?? null;
    const text = [...body.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)]
      .map((part) => part[1]!)
      .join('')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&');
    return { style, text, list: body.includes('<w:numPr>') };
  });
}

afterEach(() => registerPdfPrinter(undefined));

describe('PDF report', { timeout: 120_000 }, () => {
  it('prints the HTML report with Chromium: cycles, phases, reflections and quoted evidence, pseudonymised', async () => {
    const { db } = tempDatabase();
    const seeded = await seedDemo(db);
    const stages: string[] = [];
    const file = await generateReport(db, { project_id: seeded.projectId, format: 'pdf' }, { onProgress: (progress) => stages.push(progress.stage) });
    expect(file.media_type).toBe('application/pdf');
    expect(file.file_name).toMatch(/^faellesskaber-mod-ensomhed-i-egeby-kommune-fiktivt-eksempel-report-\d{4}-\d{2}-\d{2}\.pdf$/);
    expect(file.data.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(stages).toEqual(['reading', 'building', 'building', 'building', 'rendering', 'printing', 'done']);
    const text = pdfText(file.data);
    expect(text).toContain('REFLECTION REPORT');
    expect(text).toContain('Pseudonymised');
    for (const cycle of demoContent.cycles) expect(text).toContain(`Cycle ${cycle.ordinal}: ${cycle.title}`);
    for (const phase of ['Plan', 'Act', 'Observe', 'Reflect']) expect(text).toContain(`\n${phase}\n`);
    const flat = text.replace(/\s+/g, ' ');
    for (const reflection of demoContent.reflections) {
      expect(flat).toContain(reflection.title.replace(/\s+/g, ' '));
      for (const link of reflection.links.filter((item) => item.quote)) expect(flat).toContain(link.quote!.replace(/[*_]/g, '').replace(/\s+/g, ' ').slice(0, 30));
    }
    expect(text).toContain('Appendix: stakeholders');
    expectNoRealNames(text, seeded);

    // A look at the first pages, for people (pdftoppm from poppler-utils).
    const folder = tempDir();
    writeFileSync(join(folder, 'report.pdf'), file.data);
    execFileSync('pdftoppm', ['-r', '60', '-png', '-f', '1', '-l', '5', join(folder, 'report.pdf'), join(folder, 'page')]);
    mkdirSync(SCREENSHOTS, { recursive: true });
    const pages = readdirSync(folder).filter((name) => name.endsWith('.png')).sort();
    expect(pages.length).toBe(5);
    for (const [index, page] of pages.entries()) {
      execFileSync('cp', [join(folder, page), join(SCREENSHOTS, `exports-pdf-page-${index + 1}.png`)]);
    }
  });

  it('puts real names in the PDF only when asked', async () => {
    const { db } = tempDatabase();
    const seeded = await seedDemo(db);
    const text = pdfText((await generateReport(db, { project_id: seeded.projectId, format: 'pdf', real_names: true })).data);
    expect(text).toContain('Contains real names');
    expect(text).toContain('Lone Kirkegaard');
    expect(realNamesIn(text, realNameTerms(seeded)).length).toBeGreaterThan(10);
  });

  it('uses a registered printer (as the Electron app does) instead of Chromium', async () => {
    const printed: string[] = [];
    registerPdfPrinter(async (html) => {
      printed.push(html);
      return Buffer.from('%PDF-1.7 fake');
    });
    expect((await printPdf('<p>x</p>')).toString()).toBe('%PDF-1.7 fake');
    expect(printed).toEqual(['<p>x</p>']);
  });
});

describe('Word report', () => {
  it('has real headings, quote-styled evidence, bulleted lists and a stakeholder table', async () => {
    const { db } = tempDatabase();
    const seeded = await seedDemo(db);
    const file = await generateReport(db, { project_id: seeded.projectId, format: 'docx' });
    expect(file.media_type).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(file.file_name.endsWith('.docx')).toBe(true);
    const parts = docxParts(file.data);
    const xml = parts['word/document.xml']!;
    const list = paragraphs(xml);
    const withStyle = (style: string) => list.filter((p) => p.style === style).map((p) => p.text);
    expect(withStyle('Title')).toEqual(['Fællesskaber mod ensomhed i Egeby Kommune (fiktivt eksempel)']);
    for (const cycle of demoContent.cycles) expect(withStyle('Heading1')).toContain(`Cycle ${cycle.ordinal}: ${cycle.title}`);
    expect(withStyle('Heading2').filter((text) => text === 'Plan')).toHaveLength(demoContent.cycles.length);
    for (const reflection of demoContent.reflections) expect(withStyle('Heading4')).toContain(reflection.title);
    const quotes = withStyle('Quote').join('\n');
    for (const link of demoContent.reflections.flatMap((reflection) => reflection.links).filter((item) => item.quote)) {
      expect(quotes).toContain(link.quote!.replace(/[*_]/g, '').split('\n')[0]!.slice(0, 30));
    }
    expect(quotes).toContain('Birgitte: Jeg hedder Birgitte, og Else er min nabo.');
    expect(list.filter((p) => p.list).length).toBeGreaterThan(10);
    expect(xml).toContain('<w:tbl>');
    expect(xml).toMatch(/<w:tblHeader\/>/);
    expect(list.map((p) => p.text)).toContain('Pseudonym');
    // Not one blob: many paragraphs, and a paragraph never holds a whole section.
    expect(list.length).toBeGreaterThan(200);
    expect(parts['word/styles.xml']).toContain('w:styleId="Quote"');
    for (const [name, content] of Object.entries(parts)) {
      expect(realNamesIn(content.replace(/<[^>]+>/g, ' '), realNameTerms(seeded)), name).toEqual([]);
    }
  });

  it('has real names only when asked', async () => {
    const { db } = tempDatabase();
    const seeded = await seedDemo(db);
    const parts = docxParts((await generateReport(db, { project_id: seeded.projectId, format: 'docx', real_names: true })).data);
    const text = paragraphs(parts['word/document.xml']!).map((p) => p.text).join('\n');
    expect(text).toContain('Real name');
    expect(text).toContain('Lone Kirkegaard');
    expect(text).toContain('Contains real names');
  });
});
