import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const RENDERER = 'renderer/src';
const FORBIDDEN = /^(node:|electron$|electron\/|better-sqlite3|fs$|path$|os$|child_process$|crypto$|http$|\.\.\/\.\.\/\.\.\/db\/)/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : /\.(ts|tsx)$/.test(entry.name) ? [join(dir, entry.name)] : [],
  );
}

function imports(source: string): { specifier: string; typeOnly: boolean }[] {
  return [...source.matchAll(/^\s*import\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((match) => ({
    specifier: match[2]!,
    typeOnly: Boolean(match[1]),
  }));
}

describe('the renderer stays free of Node and Electron', () => {
  const files = sourceFiles(RENDERER);

  it('finds the renderer sources', () => {
    expect(files.length).toBeGreaterThan(5);
  });

  it.each(files)('%s imports no Node, Electron or database module', (file) => {
    const found = imports(readFileSync(file, 'utf8'));
    expect(found.filter(({ specifier }) => FORBIDDEN.test(specifier))).toEqual([]);
    // From the main side it may take types only (the API contract), never code.
    expect(found.filter(({ specifier, typeOnly }) => specifier.includes('/electron/') && !typeOnly)).toEqual([]);
  });
});
