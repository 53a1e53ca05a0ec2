import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BenchUsageError, CASE_KEYS, ENCRYPTED_KEYS, formatReport, parseBenchArgs, type BenchReport } from '../../bench/run.js';
import { GENERATOR_VERSION, SCALES } from '../../db/generate/generate.js';
import { tempDir } from '../helpers/temp.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `npm run bench -- …` as a child process (tsx, like the npm script). */
function bench(...args: string[]): Promise<Run> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['node_modules/tsx/dist/cli.mjs', 'bench/run.ts', ...args],
      { timeout: 280_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => done({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    );
  });
}

describe('bench arguments', () => {
  it('defaults to the large corpus in .bench with ripgrep', () => {
    expect(parseBenchArgs([])).toEqual({
      scale: 'large',
      seed: 1,
      json: false,
      dir: resolve('.bench'),
      rebuild: false,
      ripgrep: true,
      iterations: undefined,
      only: undefined,
    });
  });

  it('reads every option', () => {
    expect(parseBenchArgs(['--scale', 'small', '--seed', '9', '--json', '--iterations', '3', '--only', 'search, backlinks', '--dir', '/tmp/x', '--rebuild', '--no-ripgrep'])).toEqual({
      scale: 'small',
      seed: 9,
      json: true,
      dir: '/tmp/x',
      rebuild: true,
      ripgrep: false,
      iterations: 3,
      only: ['search', 'backlinks'],
    });
    expect(parseBenchArgs(['--help'])).toBe('help');
  });

  it('refuses what it does not understand, saying what was wrong', () => {
    const cases: [string[], RegExp][] = [
      [['--scale', 'medium'], /--scale must be "small" or "large"/],
      [['--seed', 'x'], /--seed must be a whole number/],
      [['--iterations', '0'], /--iterations must be a whole number/],
      [['--iterations', '2.5'], /--iterations/],
      [['--only', 'search,sorting'], /unknown: sorting/],
      [['--only', ','], /--only takes measurement keys/],
      [['--fast'], /Unknown option '--fast'/],
      [['report.txt'], /positional/i],
      [['--dir', ' '], /--dir needs a folder/],
    ];
    for (const [args, message] of cases) {
      expect(() => parseBenchArgs(args), args.join(' ')).toThrow(BenchUsageError);
      expect(() => parseBenchArgs(args), args.join(' ')).toThrow(message);
    }
  });

  it('exits with 2 and the usage for wrong arguments, 0 with the usage for --help', async () => {
    const wrong = await bench('--scale', 'medium');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/--scale must be "small" or "large"/);
    expect(wrong.stderr).toMatch(/Usage: npm run bench/);
    expect(wrong.stdout).toBe('');
    const help = await bench('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--scale small\|large/);
    expect(help.stdout).toContain(CASE_KEYS.join(', '));
  }, 60_000);
});

describe('bench on a tiny corpus', () => {
  it('builds the corpus once, prints every measurement as JSON, and reuses the corpus while its stamp matches', async () => {
    const dir = tempDir('withness-bench-');
    const first = await bench('--scale', 'small', '--json', '--iterations', '1', '--dir', dir);
    expect(first.code, first.stderr).toBe(0);
    const report = JSON.parse(first.stdout) as BenchReport;
    expect(report.scale).toBe('small');
    expect(report.seed).toBe(1);
    expect(report.generator_version).toBe(GENERATOR_VERSION);
    expect(report.corpus.reused).toBe(false);
    expect(report.corpus.counts.field_notes).toBe(SCALES.small.notes);
    expect(report.machine.cpus).toBeGreaterThan(0);
    expect(report.machine.sqlite).toMatch(/^3\.\d+\.\d+$/);
    expect(report.machine.node).toBe(process.version);
    expect(report.peak_rss_mb).toBeGreaterThan(0);
    expect(report.method).toMatch(/BEGIN … ROLLBACK/);

    const keys = report.results.map((result) => result.key);
    for (const key of CASE_KEYS) expect(keys).toContain(key);
    expect(keys).toContain('ripgrep');
    expect(keys).toContain('api-overhead');
    for (const result of report.results) {
      if (result.key === 'ripgrep' && !result.available) {
        // Without ripgrep installed the row says so instead of failing the run.
        expect(result.note).toMatch(/ripgrep/);
        continue;
      }
      expect(result.available, `${result.key}: ${result.note}`).toBe(true);
      expect(typeof result.p50).toBe('number');
      expect(result.p95!).toBeGreaterThanOrEqual(result.p50!);
      for (const target of result.targets) {
        expect(typeof target.met).toBe('boolean');
        expect(target.met ? target.missed_by : typeof target.missed_by).toBe(target.met ? null : 'string');
      }
    }
    const search = report.results.find((result) => result.key === 'search')!;
    expect(search.channel).toBe('search:query');
    expect(search.raw_p50).toBeGreaterThan(0);
    expect(search.overhead).toBeGreaterThan(0);
    expect(search.targets.map((target) => target.text)).toEqual(['p95 ≤ 20.0 ms', 'API ≤ 1.3× raw SQL']);
    expect(report.results.find((result) => result.key === 'ingest')!.unit).toBe('rows/s');
    // Every row has a verdict from its targets, its CPU time beside its wall time and the load when measured.
    for (const result of report.results) {
      expect(result.verdict).toBe(!result.available ? 'unavailable' : result.targets.length === 0 ? 'none' : result.targets.every((t) => t.met) ? 'pass' : 'miss');
      expect(typeof result.load_average).toBe('number');
    }
    expect(report.verdicts.pass + report.verdicts.miss + report.verdicts.none + report.verdicts.unavailable).toBe(report.results.length);
    expect(report.machine.load_average_at_end).toHaveLength(3);
    const overview = report.results.find((result) => result.key === 'overview')!;
    expect(overview.cpu_p50).toBeGreaterThan(0);
    expect(overview.targets.map((target) => target.text)).toEqual(['API ≤ 1.3× raw SQL']);
    // The main query rows again on an encrypted copy, each judged against its plain figure.
    const encrypted = report.results.filter((result) => result.key === 'encrypted');
    expect(encrypted.map((result) => result.name.replace('Encrypted journal: ', ''))).toEqual(
      ENCRYPTED_KEYS.map((key) => report.results.find((plain) => plain.key === key)!.name),
    );
    for (const result of encrypted) {
      const plain = report.results.find((row) => row.name === result.name.replace('Encrypted journal: ', ''))!;
      expect(result.plain_p50).toBe(plain.p50);
      expect(result.encrypted_ratio).toBeCloseTo(result.p50! / plain.p50!, 9);
      expect(result.encrypted_cpu_ratio).toBeCloseTo(result.cpu_p50! / plain.cpu_p50!, 9);
      expect(result.targets.map((target) => target.text)).toContain('encrypted ≤ 1.2× plain (CPU p50)');
    }
    // Progress and the corpus build went to standard error; the scratch copies are gone.
    expect(first.stderr).toMatch(/Building the small corpus/);
    expect(readdirSync(dir).filter((name) => name.startsWith('work-') || name.startsWith('fresh-'))).toEqual([]);
    expect(existsSync(join(dir, 'small-seed1.stamp.json'))).toBe(true);

    // The table is printed from the same report.
    const text = formatReport(report);
    expect(text).toMatch(/Search, 1–3 words/);
    expect(text).toMatch(/raw SQL p50/);

    const second = await bench('--scale', 'small', '--json', '--iterations', '1', '--only', 'backlinks', '--no-ripgrep', '--dir', dir);
    expect(second.code, second.stderr).toBe(0);
    const again = JSON.parse(second.stdout) as BenchReport;
    expect(again.corpus.reused).toBe(true);
    expect(again.results.map((result) => result.key)).toEqual(['backlinks', 'api-overhead']);
    expect(second.stderr).not.toMatch(/Building/);
  }, 290_000);
});
