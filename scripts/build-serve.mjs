// Bundles browser mode's server (electron/bridge/serve.ts) into dist/serve/ (or --outdir), so that `npm run serve`
// starts compiled JavaScript instead of tsx compiling the TypeScript of the whole server at every start (≈ 2 s of
// CPU, see PERFORMANCE.md "Cold start"). Beside the bundle go what its modules look for beside themselves: the day's
// backup worker (db/daily-backup.ts starts ./backup-worker.js next to a .js module), the SQL migrations and the
// REFI-QDA schema. The folder must stay inside the repository: the native SQLite addon and xmllint-wasm stay
// external and are found in node_modules from the bundle's place.
import { build } from 'esbuild';
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { outdir: { type: 'string', default: 'dist/serve' } } });
const outDir = values.outdir;

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  logLevel: 'warning',
  // better-sqlite3-multiple-ciphers loads its addon and xmllint-wasm starts a worker from its own folder; pg-native is
  // never asked for (see scripts/build-electron.mjs).
  external: ['better-sqlite3-multiple-ciphers', 'xmllint-wasm', 'pg-native'],
  // Bundled CommonJS packages (pg, sanitize-html's postcss) call require() for Node's own modules.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
};

rmSync(outDir, { recursive: true, force: true });
// .js, not .mjs: the package is "type": "module", and db/daily-backup.ts recognises a compiled module by ".js".
await build({ ...common, entryPoints: ['electron/bridge/serve.ts'], outfile: join(outDir, 'serve.js') });
await build({ ...common, entryPoints: ['db/backup-worker.ts'], outfile: join(outDir, 'backup-worker.js') });
cpSync('db/migrations', join(outDir, 'migrations'), { recursive: true });
cpSync('electron/exchange/schema', join(outDir, 'schema'), { recursive: true });
