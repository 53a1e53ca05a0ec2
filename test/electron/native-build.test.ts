import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCommands, electronAbi, moduleAbi, nativeModulePath, toolEnvironment, verifyElectronModule } from '../../scripts/electron-native.mjs';

const require = createRequire(import.meta.url);
const electronVersion = (require('electron/package.json') as { version: string }).version;
const nodeBuild = require.resolve('better-sqlite3-multiple-ciphers/build/Release/better_sqlite3.node');

describe('npm run native:electron', () => {
  it('reads the ABI a native module was built for', () => {
    expect(moduleAbi(nodeBuild)).toBe(Number(process.versions.modules));
  });

  it('knows the ABI of the Electron we ship, and refuses a module built with Node’s headers', () => {
    const abi = electronAbi(electronVersion);
    expect(abi).toBeGreaterThan(Number(process.versions.modules));
    expect(() => verifyElectronModule(nodeBuild, electronVersion)).toThrow(
      new RegExp(`ABI ${process.versions.modules}, but Electron ${electronVersion.replace(/\./g, '\\.')} needs ABI ${abi}.*Node’s headers`),
    );
    expect(() => verifyElectronModule(__filename, electronVersion)).toThrow(/ABI unknown/);
  });

  it('runs the tools’ JavaScript entry points with this Node, for the target architecture, against Electron’s headers', () => {
    const [prebuilt, compile] = buildCommands({ electronVersion, platform: 'win32', arch: 'arm64', headersDir: 'C:\\Users\\A Researcher\\.electron-gyp' });
    for (const command of [prebuilt, compile]) {
      expect(command.file).toBe(process.execPath);
      expect(command.args[0]).toMatch(/\.js$/);
      expect(command.args).toEqual(expect.arrayContaining(['--runtime=electron', `--target=${electronVersion}`, '--arch=arm64']));
    }
    expect(basename(prebuilt.args[0]!)).toBe('bin.js');
    expect(prebuilt.args).toContain('--platform=win32');
    expect(basename(compile.args[0]!)).toBe('node-gyp.js');
    expect(compile.args).toEqual(expect.arrayContaining(['rebuild', '--dist-url=https://electronjs.org/headers', '--devdir=C:\\Users\\A Researcher\\.electron-gyp']));
    expect(compile.args.some((arg) => arg.startsWith('--nodedir'))).toBe(false);
  });

  it('keeps npm’s nodedir away from node-gyp, whatever its spelling', () => {
    const env = toolEnvironment({ PATH: '/usr/bin', npm_config_nodedir: '/usr', NPM_CONFIG_NODEDIR: '/usr', npm_config_arch: 'x64' });
    expect(env).toEqual({ PATH: '/usr/bin', npm_config_arch: 'x64' });
  });

  it('keeps each target’s module where packaging and the app look for it', () => {
    expect(nativeModulePath('/w', 'darwin', 'arm64')).toBe(join('/w', '.electron-native', 'mac-arm64', 'better_sqlite3.node'));
    expect(nativeModulePath('/w', 'win32', 'x64')).toBe(join('/w', '.electron-native', 'win-x64', 'better_sqlite3.node'));
    expect(nativeModulePath('/w', 'linux', 'x64')).toBe(join('/w', '.electron-native', 'linux-x64', 'better_sqlite3.node'));
  });
});

describe('packaging hook (build/before-pack.mjs)', () => {
  it('refuses an architecture it cannot build the addon for, before building anything', async () => {
    const { default: beforePack } = (await import('../../build/before-pack.mjs' as string)) as { default: (context: unknown) => Promise<void> };
    await expect(beforePack({ arch: 4, electronPlatformName: 'darwin', packager: { projectDir: '/nowhere' } })).rejects.toThrow(/architecture 4/);
  });
});
