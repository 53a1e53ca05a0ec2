// Writes test/fixtures/journal-v1.sqlite: the fictional demo inquiry in a journal at schema version 1.
// Run once when the fixture is first made; never regenerate it after a later migration has landed —
// its purpose is to stay a journal from the first schema version.
import { rmSync } from 'node:fs';
import { openDatabase } from '../db/connection.js';
import { createDemoProject } from '../db/demo/build.js';

const file = 'test/fixtures/journal-v1.sqlite';
rmSync(file, { force: true });
const db = openDatabase(file, { targetVersion: 1 });
createDemoProject(db);
db.pragma('journal_mode = DELETE');
db.exec('VACUUM');
db.close();
console.log(`Wrote ${file}`);
