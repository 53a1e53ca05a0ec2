import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connection.js';
import { runCli } from '../../electron/cli/run.js';
import { seedDemo } from '../exports/report-fixture.js';
import { tempDir } from '../helpers/temp.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The real command line in a child process, as `npm run withness -- …` runs it. */
function withness(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['node_modules/tsx/dist/cli.mjs', 'electron/cli/withness.ts', ...args],
      { env: { ...process.env, WITHNESS_DEBUG: '' }, timeout: 90_000 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    );
  });
}

async function inProcess(...args: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { out: (text) => void (stdout += text), err: (text) => void (stderr += text) });
  return { code, stdout, stderr };
}

async function journal() {
  const folder = tempDir();
  const file = join(folder, 'journal.sqlite');
  const db = openDatabase(file);
  const seeded = await seedDemo(db);
  db.close();
  return { folder, file, seeded };
}

function expectNoStackTrace(run: Run) {
  expect(run.stderr).not.toMatch(/^\s+at /m);
  expect(run.stderr).not.toMatch(/node:internal|\.ts:\d+/);
}

describe('withness export', { timeout: 180_000 }, () => {
  it('writes a pseudonymised report with progress lines, and one with real names when asked', async () => {
    const { folder, file, seeded } = await journal();
    const out = join(folder, 'report.md');
    const run = await withness('export', '--db', file, '--project', seeded.projectId, '--format', 'md', '--out', out);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Exporting a pseudonymised Markdown report');
    expect(run.stdout).toContain('  Reading the journal…');
    expect(run.stdout).toContain('  Building the report: cycle 3 (3 of 3)');
    expect(run.stdout).toContain(`Wrote `);
    expect(run.stdout).toContain(out);
    const md = readFileSync(out, 'utf8');
    expect(md).toContain('## Cycle 1: ');
    expect(md).not.toContain('Lone Kirkegaard');

    // --out as a folder: the file is named for you; --real-names keeps names and warns.
    const real = await withness('export', '--db', file, '--project', seeded.projectId, '--format', 'html', '--out', folder, '--real-names', '--cycle', seeded.cycles[1]!.id);
    expect(real.code).toBe(0);
    expect(real.stdout).toContain('WITH REAL NAMES');
    expect(real.stdout).toContain('This file contains real names.');
    const html = readdirSync(folder).find((name) => name.endsWith('.html'))!;
    expect(html).toMatch(/-report-real-names-\d{4}-\d{2}-\d{2}\.html$/);
    const content = readFileSync(join(folder, html), 'utf8');
    expect(content).toContain('Lone Kirkegaard');
    expect(content).toContain('Cycle 2: ');
    expect(content).not.toContain('Cycle 1: ');
  });

  it('writes Word and PDF files', async () => {
    const { folder, file, seeded } = await journal();
    const docx = await withness('export', '--db', file, '--project', seeded.projectId, '--format', 'docx', '--out', join(folder, 'r.docx'));
    expect(docx.code).toBe(0);
    expect(readFileSync(join(folder, 'r.docx')).subarray(0, 2).toString()).toBe('PK');
    const pdf = await withness('export', '--db', file, '--project', seeded.projectId, '--format', 'pdf', '--out', join(folder, 'r.pdf'), '--language', 'da');
    expect(pdf.code).toBe(0);
    expect(pdf.stdout).toContain('Printing the PDF…');
    expect(readFileSync(join(folder, 'r.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('exports REFI-QDA, a bundle and a review page through the exchange channels, or says they are not available', async () => {
    const { folder, file, seeded } = await journal();
    const passphraseFile = join(folder, 'passphrase.txt');
    writeFileSync(passphraseFile, 'a passphrase for the team\n');
    for (const format of ['qdpx', 'bundle', 'timeline']) {
      // A bundle is encrypted: its passphrase comes from a file here (test/cli/bundle-passphrase.test.ts covers the rest).
      const protection = format === 'bundle' ? ['--passphrase-file', passphraseFile] : [];
      const run = await withness('export', '--db', file, '--project', seeded.projectId, '--format', format, '--out', folder, ...protection);
      expectNoStackTrace(run);
      if (run.code === 0) {
        expect(run.stdout).toContain('Wrote ');
        if (format === 'bundle') {
          // A bundle carries real names by design: said plainly, never called pseudonymised.
          expect(run.stdout).toContain('Exporting a project bundle WITH REAL NAMES');
          expect(run.stdout).toContain('This file contains real names.');
          expect(run.stdout.toLowerCase()).not.toMatch(/exporting a pseudonymised|is pseudonymised/);
        } else {
          expect(run.stdout).toContain(`Exporting a pseudonymised`);
        }
      } else {
        expect(run.code).toBe(1);
        expect(run.stderr).toMatch(/is not available yet/);
      }
    }
    const refused = await withness('export', '--db', file, '--project', seeded.projectId, '--format', 'qdpx', '--out', folder, '--from', '2026-01-01');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('apply to reports');
  });

  it('explains wrong usage (exit 2) and failures (exit 1) without a stack trace, and writes no file', async () => {
    const { folder, file, seeded } = await journal();
    const out = join(folder, 'x.md');
    const cases: [string[], number, RegExp][] = [
      [['--db', file, '--project', seeded.projectId, '--out', out], 2, /missing --format FORMAT/],
      [['--db', file, '--project', seeded.projectId, '--format', 'rtf', '--out', out], 2, /--format must be one of md, html, pdf, docx, qdpx, bundle, timeline/],
      [['--db', file, '--project', 'abc', '--format', 'md', '--out', out], 2, /--project: Expected an id/],
      [['--db', file, '--project', seeded.projectId, '--format', 'md', '--out', out, '--from', '2026-02-30x'], 2, /--from: Expected a date/],
      [['--db', file, '--project', seeded.projectId, '--format', 'md', '--out', out, '--from', '2026-03-01', '--to', '2026-01-01'], 2, /start date must not be after the end date/],
      [['--db', file, '--project', '01900000-0000-7000-8000-000000000000', '--format', 'md', '--out', out], 1, /No project with id 01900000-0000-7000-8000-000000000000 exists/],
      [['--db', join(folder, 'missing.sqlite'), '--project', seeded.projectId, '--format', 'md', '--out', out], 1, /There is no journal at/],
      [['--db', file, '--project', seeded.projectId, '--format', 'md', '--out', join(folder, 'no', 'such', 'x.md')], 1, /does not exist/],
    ];
    // In process for speed (the same runCli the program runs); one of them also as a real child process below.
    for (const [args, code, message] of cases) {
      const run = await inProcess('export', ...args);
      expect(run.code, args.join(' ')).toBe(code);
      expect(run.stderr, args.join(' ')).toMatch(message);
      expectNoStackTrace(run);
    }
    const child = await withness('export', '--db', file, '--project', 'abc', '--format', 'md', '--out', out);
    expect(child.code).toBe(2);
    expect(child.stderr).toContain('withness export: --project: Expected an id (a UUID).');
    expectNoStackTrace(child);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(join(folder, 'missing.sqlite'))).toBe(false);
  });

  it('is listed in help', async () => {
    const run = await withness('help', 'export');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: withness export --db FILE --project ID --format FORMAT --out PATH [--real-names]');
  });
});
