// Builds better-sqlite3 for Electron's ABI into .electron-native/, leaving node_modules (the Node build
// that tests use) untouched. The Electron main process loads it through better-sqlite3's nativeBinding.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const electronVersion = require('electron/package.json').version;
const sqliteVersion = require('better-sqlite3/package.json').version;
const arch = process.env.npm_config_arch || process.arch;
const outDir = resolve('.electron-native');
const stampFile = join(outDir, 'stamp.json');
const stamp = JSON.stringify({ electronVersion, sqliteVersion, arch, platform: process.platform });

if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp && existsSync(join(outDir, 'better_sqlite3.node'))) {
  console.log(`better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} is ready.`);
  process.exit(0);
}

const workDir = join(outDir, 'work');
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
const source = resolve('node_modules/better-sqlite3');
cpSync(source, workDir, { recursive: true, filter: (path) => !path.startsWith(join(source, 'build')) });

const run = (command, args) => execFileSync(command, args, { cwd: workDir, stdio: 'inherit', shell: process.platform === 'win32' });
const bin = (name) => resolve('node_modules/.bin', process.platform === 'win32' ? `${name}.cmd` : name);
try {
  console.log(`Fetching a prebuilt better-sqlite3 for Electron ${electronVersion} (${process.platform}-${arch})…`);
  run(bin('prebuild-install'), ['--runtime', 'electron', '--target', electronVersion, '--arch', arch]);
} catch {
  console.log('No prebuilt binary; compiling from source (needs a C++ toolchain and Python).');
  run(bin('node-gyp'), [
    'rebuild',
    '--release',
    '--runtime=electron',
    `--target=${electronVersion}`,
    `--arch=${arch}`,
    '--dist-url=https://electronjs.org/headers',
  ]);
}
cpSync(join(workDir, 'build', 'Release', 'better_sqlite3.node'), join(outDir, 'better_sqlite3.node'));
rmSync(workDir, { recursive: true, force: true });
writeFileSync(stampFile, stamp);
console.log(`Prepared ${join(outDir, 'better_sqlite3.node')}.`);
