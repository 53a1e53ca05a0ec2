import { execFileSync } from 'node:child_process';

/** End-to-end tests drive the real built renderer: build it once per run. */
export default function setup(): void {
  execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
}
