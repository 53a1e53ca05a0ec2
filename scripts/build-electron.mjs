// Bundles the Electron main process (ESM) and the sandboxed preload (CommonJS, as sandboxing requires)
// into dist-electron/ (or the folder given with --outdir, as the start-up smoke test does), and copies the SQL
// migrations and the REFI-QDA schema beside the main bundle, where db/migrations.ts and the .qdpx import look.
import { build } from 'esbuild';
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { outdir: { type: 'string', default: 'dist-electron' } } });
const outDir = values.outdir;

const common = { bundle: true, platform: 'node', target: 'node22', sourcemap: true, logLevel: 'info', external: ['electron'] };

rmSync(outDir, { recursive: true, force: true });
await build({
  ...common,
  entryPoints: ['electron/main.ts'],
  outfile: join(outDir, 'main.mjs'),
  format: 'esm',
  // better-sqlite3-multiple-ciphers loads its addon, xmllint-wasm starts a worker from its own folder: both stay in node_modules.
  // pg (team sync) is bundled; its optional native binding pg-native is only required if asked for, which Withness never
  // does, and is not installed: left as an import that is never reached.
  external: ['electron', 'better-sqlite3-multiple-ciphers', 'xmllint-wasm', 'pg-native'],
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});
await build({
  ...common,
  entryPoints: ['electron/preload.ts'],
  outfile: join(outDir, 'preload.cjs'),
  format: 'cjs',
  plugins: [await channelNamesOnly()],
});
cpSync('db/migrations', join(outDir, 'migrations'), { recursive: true });
// REFI-QDA's schema, which the .qdpx import validates against (electron/exchange/qdpx-import/read.ts).
cpSync('electron/exchange/schema', join(outDir, 'schema'), { recursive: true });

/**
 * The preload needs only the contract's channel names, not zod and its schemas: bundle the contract
 * once here, read its names, and give the preload a module that holds just those.
 */
async function channelNamesOnly() {
  const probe = await build({ ...common, logLevel: 'silent', entryPoints: ['electron/api/contract.ts'], format: 'esm', write: false });
  const source = probe.outputFiles[0].text;
  const { channels } = await import(`data:text/javascript;base64,${Buffer.from(source).toString('base64')}`);
  return {
    name: 'channel-names-only',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /\/api\/contract\.js$/ }, () => ({ path: 'contract-channels', namespace: 'withness' }));
      pluginBuild.onLoad({ filter: /.*/, namespace: 'withness' }, () => ({
        contents: `export const channels = ${JSON.stringify(channels)};`,
        loader: 'js',
      }));
    },
  };
}
