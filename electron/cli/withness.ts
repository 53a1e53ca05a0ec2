import { runCli } from './run.js';

/** `npm run withness -- <command> [options]`; see run.ts for exit codes and commands/ for the commands. */
runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`withness: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
