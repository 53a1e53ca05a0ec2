import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { JournalHost } from '../journal.js';
import { defaultDatabasePath } from '../paths.js';
import { holdJobsFromEnvironment } from '../jobs/jobs.js';
import { attachTeamSync, autoSyncFromEnvironment } from '../team/host.js';
import { memorySecretStore } from '../team/secrets.js';
import { startBridge } from './server.js';

/**
 * `npm run serve -- [--db FILE] [--port N] [--key-file FILE] [--plain] [--password-file F] [--ca F] [--auto-sync on|off]`: Withness in any browser, on this machine
 * only. An encrypted journal opens with the passphrase or recovery key in --key-file, or starts locked and the page
 * asks for it. A journal that does not exist yet is set up encrypted in the page; --plain creates it unencrypted
 * instead (tests and demonstrations).
 */
async function main(): Promise<void> {
  holdJobsFromEnvironment();
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      port: { type: 'string', default: '0' },
      renderer: { type: 'string', default: 'dist/renderer' },
      'key-file': { type: 'string' },
      plain: { type: 'boolean', default: false },
      // Team sync: the member's password (else WITHNESS_SYNC_PASSWORD, else the Team screen asks), the server's CA,
      // and whether sync runs by itself (at start, on a timer, after saves); tests turn that off.
      'password-file': { type: 'string' },
      ca: { type: 'string' },
      'auto-sync': { type: 'string' },
    },
    strict: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a number from 0 to 65535, not "${values.port}".`);
  const rendererDir = resolve(values.renderer);
  if (!existsSync(resolve(rendererDir, 'index.html'))) {
    throw new Error(`No built renderer in ${rendererDir}. Run "npm run build:renderer" first.`);
  }
  const dbPath = resolve(values.db ?? defaultDatabasePath());
  const secret = values['key-file'] ? readFileSync(resolve(values['key-file']), 'utf8').replace(/\r?\n$/, '') : undefined;
  const journal = await JournalHost.open(dbPath, { newJournal: values.plain ? 'plain' : 'encrypted', secret });
  const password = values['password-file'] ? readFileSync(resolve(values['password-file']), 'utf8').replace(/\r?\n$/, '') : process.env.WITHNESS_SYNC_PASSWORD;
  const ca = values.ca ? readFileSync(resolve(values.ca), 'utf8') : undefined;
  const team = attachTeamSync(journal, {
    // Browser mode keeps team passwords in memory only: there is no keychain to hold them.
    secrets: memorySecretStore(password ? { password, ...(ca ? { ca } : {}) } : undefined),
    auto: { enabled: autoSyncFromEnvironment(values['auto-sync']) },
  });
  const bridge = await startBridge({ dispatch: team.dispatch, rendererDir, port });
  console.log(`Withness journal: ${dbPath}`);
  if (journal.damaged) console.log('The journal is damaged: the app opens on its recovery screen.');
  if (journal.state === 'locked') console.log('The journal is encrypted and locked: unlock it in the page with its passphrase or recovery key.');
  if (journal.state === 'needs_setup') console.log('There is no journal yet: the page sets up a new encrypted one.');
  console.log(`Withness is running at ${bridge.launchUrl}`);
  console.log('Open that link in a browser on this machine. Press Ctrl+C to stop.');

  const stop = async () => {
    await bridge.close();
    await team.stop();
    journal.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error(`withness serve: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
