import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const config = parse(readFileSync('build/electron-builder.yml', 'utf8')) as Record<string, unknown>;

describe('packaging configuration (build/electron-builder.yml)', () => {
  it('flips the Electron fuses that harden a packaged app', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('packs into asar, ships the Electron build of SQLite outside it, and never rebuilds node_modules', () => {
    expect(config.asar).toBe(true);
    expect(config.npmRebuild).toBe(false);
    expect(config.extraResources).toEqual([{ from: '.electron-native/${os}-${arch}/better_sqlite3.node', to: 'native/better_sqlite3.node' }]);
    expect(config.beforePack).toBe('build/before-pack.mjs');
    expect(config.asarUnpack).toEqual(['node_modules/xmllint-wasm/**']);
    expect((config.directories as Record<string, string>).buildResources).toBe('build');
  });

  it('builds the installers each platform expects', () => {
    expect((config.linux as { target: string[] }).target).toEqual(['AppImage', 'deb']);
    expect((config.mac as { target: string }).target).toBe('dmg');
    expect((config.win as { target: string }).target).toBe('nsis');
  });

  it('loads the native module from where packaging puts it', async () => {
    const { electronNativeBinding } = await import('../../electron/native-binding.js');
    expect(() => electronNativeBinding('/nowhere', true, '/also/nowhere')).toThrow(/resources\/native\/better_sqlite3\.node|native.better_sqlite3\.node/);
    expect(() => electronNativeBinding('/nowhere', false, '/x')).toThrow(/npm run native:electron/);
    const { nativeModulePath } = await import('../../scripts/electron-native.mjs');
    for (const [platform, arch] of [['darwin', 'arm64'], ['win32', 'x64'], ['linux', 'arm64']] as const) {
      expect(() => electronNativeBinding('/nowhere', false, '/x', platform, arch)).toThrow(nativeModulePath('/nowhere', platform, arch));
    }
  });
});
