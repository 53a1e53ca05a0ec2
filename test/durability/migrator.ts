/** Child process: migrates a journal with the migrations in a given folder; the parent kills it mid-way. */
import { openSqlite } from '../../db/sqlite.js';
import { writeSync } from 'node:fs';
import { loadMigrations, migrate } from '../../db/migrations.js';

const [file, dir] = process.argv.slice(2);
const db = openSqlite(file!);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
writeSync(1, 'migrating\n');
migrate(db, loadMigrations(dir));
writeSync(1, 'done\n');
