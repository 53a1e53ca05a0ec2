import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp.js';

interface Finding {
  ruleId: string;
  level: string;
  file: string;
}

/**
 * Electronegativity over the main, preload and renderer code. Its check of Electron's release notes
 * needs the network, so it is left out (the Electron version is kept current in package.json instead).
 */
function scan(folder: string): Finding[] {
  const out = join(tempDir(), 'report.sarif');
  execFileSync(
    process.execPath,
    ['node_modules/@doyensec/electronegativity/dist/index.js', '-i', folder, '-e', electronVersion(), '-r', '-x', 'AvailableSecurityFixesGlobalCheck', '-o', out],
    { stdio: 'pipe', timeout: 120_000 },
  );
  const report = JSON.parse(readFileSync(out, 'utf8')) as {
    runs: { results: { ruleId: string; level: string; locations?: { physicalLocation?: { artifactLocation?: { uri?: string } } }[] }[] }[];
  };
  return report.runs.flatMap((run) =>
    run.results.map((result) => ({
      ruleId: result.ruleId,
      level: result.level,
      file: result.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? '',
    })),
  );
}

function electronVersion(): string {
  return JSON.parse(readFileSync('node_modules/electron/package.json', 'utf8')).version;
}

/** SARIF levels: HIGH → error, MEDIUM → warning, LOW and informational → note. */
const blocking = (findings: Finding[]) => findings.filter((finding) => finding.level === 'error' || finding.level === 'warning');

describe('electronegativity', () => {
  it('finds no HIGH or MEDIUM issue in the main, preload and renderer code', () => {
    const folder = tempDir();
    for (const part of ['electron', 'renderer']) cpSync(part, join(folder, part), { recursive: true });
    cpSync('package.json', join(folder, 'package.json'));
    expect(blocking(scan(folder))).toEqual([]);
  }, 180_000);

  it('does report a window that turns the protections off (so the check above can fail)', () => {
    const folder = tempDir();
    mkdirSync(join(folder, 'electron'));
    cpSync('package.json', join(folder, 'package.json'));
    writeFileSync(
      join(folder, 'electron', 'main.js'),
      `const { BrowserWindow } = require('electron');
       const win = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false, webSecurity: false } });
       win.loadURL('http://example.com');`,
    );
    const ids = blocking(scan(folder)).map((finding) => finding.ruleId);
    expect(ids).toEqual(
      expect.arrayContaining([
        'CONTEXT_ISOLATION_JS_CHECK',
        'SANDBOX_JS_CHECK',
        'WEB_SECURITY_JS_CHECK',
        // Our main process passes these two; a bare window does not.
        'LIMIT_NAVIGATION_GLOBAL_CHECK',
        'PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK',
      ]),
    );
  }, 180_000);

  it('suppresses a check only where a comment just above says why it is safe', () => {
    const sources = readdirSync('electron', { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
      .map((entry) => join(entry.parentPath, entry.name));
    const suppressions = sources.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .map((line, index, lines) => ({ file, line, above: lines[index - 1] ?? '' }))
        .filter(({ line }) => line.includes('eng-disable')),
    );
    expect(suppressions.length).toBeGreaterThan(0);
    for (const suppression of suppressions) expect(suppression.above.trim(), suppression.file).toMatch(/^\/\/ .{30,}/);
  });
});
