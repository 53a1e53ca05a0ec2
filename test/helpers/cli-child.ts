import { execFile } from 'node:child_process';

export interface ChildRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The real command line in a child process, as `npm run withness -- …` runs it: its own process, so worker threads
 * start as they do outside the test runner (vitest's workers cannot start the generator's worker thread).
 */
export function withnessInChild(args: string[], options: { timeoutMs?: number; env?: Record<string, string> } = {}): Promise<ChildRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['node_modules/tsx/dist/cli.mjs', 'electron/cli/withness.ts', ...args],
      { env: { ...process.env, WITHNESS_DEBUG: '', ...options.env }, timeout: options.timeoutMs ?? 170_000, maxBuffer: 16 << 20 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    );
  });
}
