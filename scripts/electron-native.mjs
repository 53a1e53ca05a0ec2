// The pieces of `npm run native:electron`, kept apart from the command so tests can check them: which ABI Electron
// needs, which ABI a built module has, how the build tools are run (their JavaScript entry points under this Node,
// never through a shell, so paths with spaces work on Windows), and an environment where npm's `nodedir` cannot
// make node-gyp build against Node's own headers instead of Electron's.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** Electron's NODE_MODULE_VERSION for a version, from node-abi's table. */
export function electronAbi(electronVersion) {
  return Number(require('node-abi').getAbi(electronVersion, 'electron'));
}

/**
 * The NODE_MODULE_VERSION a native module was built for, read from the registration symbol that Node's
 * NODE_MODULE_INIT exports (`node_register_module_v<ABI>`), present in ELF, Mach-O and PE files alike.
 */
export function moduleAbi(file) {
  const match = /node_register_module_v(\d+)/.exec(readFileSync(file).toString('latin1'));
  return match ? Number(match[1]) : undefined;
}

/** Throws unless the module at `file` is built for this Electron's ABI. */
export function verifyElectronModule(file, electronVersion) {
  const expected = electronAbi(electronVersion);
  const found = moduleAbi(file);
  if (found !== expected) {
    throw new Error(
      `${file} was built for ABI ${found ?? 'unknown'}, but Electron ${electronVersion} needs ABI ${expected}` +
        (found === Number(process.versions.modules) ? ' (this is Node’s own ABI: the build used Node’s headers, not Electron’s).' : '.'),
    );
  }
  return found;
}

/** The process environment without npm's nodedir (any spelling), which node-gyp would otherwise build against. */
export function toolEnvironment(env = process.env) {
  return Object.fromEntries(Object.entries(env).filter(([key]) => key.toLowerCase() !== 'npm_config_nodedir'));
}

function entryPoint(packageName, relativePath) {
  return join(dirname(require.resolve(`${packageName}/package.json`)), relativePath);
}

/** The two ways to get the module, in order: a prebuilt binary for Electron, else a compile against Electron's headers. */
export function buildCommands({ electronVersion, platform, arch, headersDir }) {
  const target = [`--target=${electronVersion}`, `--arch=${arch}`];
  return [
    {
      name: 'prebuilt',
      file: process.execPath,
      args: [entryPoint('prebuild-install', 'bin.js'), '--runtime=electron', ...target, `--platform=${platform}`],
    },
    {
      name: 'compile',
      file: process.execPath,
      args: [
        entryPoint('node-gyp', 'bin/node-gyp.js'),
        'rebuild',
        '--release',
        '--runtime=electron',
        ...target,
        '--dist-url=https://electronjs.org/headers',
        // Where Electron's headers are kept: named explicitly so that a nodedir from npm's config is never used.
        `--devdir=${headersDir}`,
      ],
    },
  ];
}

/**
 * Where the module for one platform and architecture is kept, for `npm start` and for packaging alike: named as
 * electron-builder's `${os}-${arch}` (mac, win, linux), which build/electron-builder.yml packs into resources/native.
 * electron/native-binding.ts finds the same folder.
 */
export function nativeModulePath(root, platform, arch) {
  const os = { darwin: 'mac', win32: 'win' }[platform] ?? platform;
  return join(root, '.electron-native', `${os}-${arch}`, 'better_sqlite3.node');
}
