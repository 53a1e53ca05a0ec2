// `npm run crash-test -- [--kills N] [--max-delay MS]`: the long durability run. A writer makes
// acknowledged writes through the real repositories; this kills it with SIGKILL at random moments and
// checks the journal after every kill. Prints the counts; exits 1 on any lost write or corruption.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { crashRun } from '../test/durability/harness.js';

const { values } = parseArgs({ options: { kills: { type: 'string', default: '300' }, 'max-delay': { type: 'string', default: '600' } } });
const kills = Number(values.kills);
const maxDelay = Number(values['max-delay']);
if (!Number.isInteger(kills) || kills < 1 || !Number.isInteger(maxDelay) || maxDelay < 1) {
  console.error('crash-test: --kills and --max-delay must be positive whole numbers.');
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), 'withness-crash-'));
const started = Date.now();
const summary = await crashRun(join(dir, 'withness.sqlite'), kills, maxDelay, (index, round) => {
  if ((index + 1) % 25 === 0 || index + 1 === kills) {
    process.stdout.write(`  ${index + 1}/${kills} kills, last round: ${round.acknowledged} acknowledged writes, integrity ${round.integrity}\n`);
  }
});
rmSync(dir, { recursive: true, force: true });
console.log(`kills: ${summary.kills}`);
console.log(`acknowledged writes checked: ${summary.acknowledgedWrites}`);
console.log(`lost acknowledged writes: ${summary.lostWrites}`);
console.log(`corrupt databases: ${summary.corruptDatabases}`);
console.log(`time: ${Math.round((Date.now() - started) / 1000)} s`);
for (const problem of summary.problems.slice(0, 20)) console.log(`  problem: ${problem}`);
process.exit(summary.lostWrites === 0 && summary.corruptDatabases === 0 ? 0 : 1);
