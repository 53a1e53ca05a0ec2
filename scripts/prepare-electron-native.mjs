// Builds better-sqlite3-multiple-ciphers for Electron's ABI into .electron-native/<platform>-<arch>/, leaving node_modules (the Node
// build that tests use) untouched. The Electron main process loads it through better-sqlite3-multiple-ciphers's nativeBinding.
//   node scripts/prepare-electron-native.mjs [--platform P] [--arch A]
// Without options it builds for this machine (npm start); `npm run dist` calls it for each target through
// build/before-pack.mjs. It fails unless the result is built for Electron's ABI.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildCommands, electronAbi, nativeModulePath, toolEnvironment, verifyElectronModule } from './electron-native.mjs';

const require = createRequire(import.meta.url);

export function prepareElectronNative({ root = resolve('.'), platform = process.platform, arch = process.arch } = {}) {
  const electronVersion = require('electron/package.json').version;
  const sqliteVersion = require('better-sqlite3-multiple-ciphers/package.json').version;
  const output = nativeModulePath(root, platform, arch);
  const outDir = dirname(output);
  const stampFile = join(outDir, 'stamp.json');
  const stamp = JSON.stringify({ electronVersion, sqliteVersion, arch, platform, abi: electronAbi(electronVersion) });

  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp && existsSync(output)) {
    verifyElectronModule(output, electronVersion);
    console.log(`better-sqlite3-multiple-ciphers ${sqliteVersion} for Electron ${electronVersion} (${platform}-${arch}) is ready.`);
    return output;
  }

  const workDir = join(outDir, 'work');
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const source = dirname(require.resolve('better-sqlite3-multiple-ciphers/package.json'));
  cpSync(source, workDir, { recursive: true, filter: (path) => !path.startsWith(join(source, 'build')) });

  let abi;
  try {
    const headersDir = join(homedir(), '.electron-gyp');
    const [prebuilt, compile] = buildCommands({ electronVersion, platform, arch, headersDir });
    const run = (command) => execFileSync(command.file, command.args, { cwd: workDir, stdio: 'inherit', env: toolEnvironment() });
    try {
      console.log(`Fetching a prebuilt better-sqlite3-multiple-ciphers for Electron ${electronVersion} (${platform}-${arch})…`);
      run(prebuilt);
    } catch {
      if (platform !== process.platform) {
        throw new Error(`No prebuilt better-sqlite3-multiple-ciphers for Electron ${electronVersion} on ${platform}-${arch}, and it can only be compiled on ${platform} itself.`);
      }
      console.log('No prebuilt binary; compiling against Electron’s headers (needs a C++ toolchain and Python).');
      run(compile);
    }
    const built = join(workDir, 'build', 'Release', 'better_sqlite3.node');
    abi = verifyElectronModule(built, electronVersion);
    cpSync(built, output);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
  writeFileSync(stampFile, stamp);
  console.log(`Prepared ${output} (ABI ${abi}, as Electron ${electronVersion} needs).`);
  return output;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const { values } = parseArgs({ options: { platform: { type: 'string' }, arch: { type: 'string' } } });
  try {
    prepareElectronNative({ platform: values.platform, arch: values.arch ?? process.env.npm_config_arch });
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
