/**
 * One sync in a process of its own, for the fault tests (killed with SIGKILL mid-push or mid-pull) and the bench
 * (20 members at once). Run with `node --import tsx test/team/sync-child.ts MODE FILE INQUIRY URL MEMBER [PAGE_SIZE]`,
 * MODE `sync` (a linked inquiry) or `join`; the password comes from WITHNESS_TEST_SYNC_PASSWORD. Prints one JSON line:
 * the result, the time the sync took inside this process (start-up excluded), its CPU time and the peak resident set.
 */
import { openDatabase } from '../../db/connection.js';
import { joinInquiry, syncProject } from '../../electron/team/engine.js';

async function main(): Promise<void> {
  const [mode, file, inquiry, url, member, pageSize] = process.argv.slice(2);
  if ((mode !== 'sync' && mode !== 'join') || !file || !inquiry || !url || !member) {
    throw new Error('usage: sync-child.ts sync|join FILE INQUIRY URL MEMBER [PAGE_SIZE]');
  }
  const password = process.env.WITHNESS_TEST_SYNC_PASSWORD;
  const db = openDatabase(file);
  try {
    const options = { server: { url, password }, allowMassTrash: true, ...(pageSize ? { pageSize: Number(pageSize) } : {}) };
    const address = new URL(url);
    address.username = '';
    const cpuBefore = process.cpuUsage();
    const start = process.hrtime.bigint();
    const result =
      mode === 'join' ? await joinInquiry(db, inquiry, { url: address.toString(), member }, options) : await syncProject(db, inquiry, options);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    const cpu = process.cpuUsage(cpuBefore);
    const cpu_ms = (cpu.user + cpu.system) / 1000;
    process.stdout.write(`${JSON.stringify({ result, ms, cpu_ms, peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
  } finally {
    db.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
