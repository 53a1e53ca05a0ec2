import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, resolveStaticFile } from '../../electron/static-files.js';
import { tempDir } from '../helpers/temp.js';

function rendererDir() {
  const dir = tempDir();
  mkdirSync(join(dir, 'renderer', 'assets'), { recursive: true });
  writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html>');
  writeFileSync(join(dir, 'renderer', 'assets', 'app.js'), '');
  writeFileSync(join(dir, 'secret.txt'), 'outside');
  return join(dir, 'renderer');
}

describe('static files of the renderer', () => {
  it('serves index.html for the root and app routes, assets with their type', () => {
    const root = rendererDir();
    expect(resolveStaticFile(root, '/')).toEqual({ path: join(root, 'index.html'), contentType: 'text/html; charset=utf-8' });
    expect(resolveStaticFile(root, '/projects')?.path).toBe(join(root, 'index.html'));
    expect(resolveStaticFile(root, '/assets/app.js?v=1')).toEqual({ path: join(root, 'assets', 'app.js'), contentType: 'text/javascript; charset=utf-8' });
    expect(resolveStaticFile(root, '/assets/missing.js')).toBeUndefined();
  });

  it('never serves a file outside its folder', () => {
    const root = rendererDir();
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/../../secret.txt', '/..%2fsecret.txt', '/%00', '/%E0%A4%A']) {
      expect(resolveStaticFile(root, path)?.path ?? 'refused').not.toMatch(/secret/);
    }
  });

  it('has a CSP without inline script, eval or remote sources', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
  });
});
