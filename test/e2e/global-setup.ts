import { execFileSync } from 'node:child_process';

/**
 * End-to-end tests drive the real built renderer: build it once per run into dist/renderer, or use
 * the folder named by WITHNESS_E2E_RENDERER (so parallel work can build into a folder of its own).
 */
export default function setup(): void {
  const outDir = process.env.WITHNESS_E2E_RENDERER;
  const args = ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'];
  if (outDir) args.push('--outDir', outDir, '--emptyOutDir');
  // The build the app ships: vitest sets NODE_ENV=test, which would otherwise give React's development build (with
  // StrictMode's double effects, so every screen would ask for its data twice, and slower rendering).
  execFileSync(process.execPath, args, { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
}
