import { existsSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { call } from '../../api/dispatch.js';
import { CliError, UsageError, withJournal, type Command } from '../command.js';

const FORMATS = ['csv', 'pdf'] as const;

/** `withness consent register --db FILE [--project ID] --format csv|pdf --out FILE [--language en|da]` */
export const consentCommand: Command = {
  name: 'consent',
  summary: 'Consent: write the consent register (csv or pdf) for the data protection officer',
  description:
    'withness consent register writes every stakeholder of an inquiry with their real name and pseudonym, sector, consent ' +
    'status, the use they agreed to (quoted, described, none), scope note, date, what exports do with their words, and the ' +
    'full history of consent changes. The register holds real names: keep it as confidential as the journal. CSV is UTF-8 with ' +
    'a byte order mark (Excel reads it) and safe against formula injection; PDF needs Chromium (Debian: apt-get install chromium). ' +
    '--project may be left out when the journal holds one inquiry.',
  positionals: { name: 'register', min: 1, max: 1 },
  options: {
    db: { type: 'string', value: 'FILE', required: true, description: 'The journal file to read' },
    project: { type: 'string', value: 'ID', description: 'The id of the inquiry (needed when the journal holds more than one)' },
    format: { type: 'string', value: 'csv|pdf', required: true, description: 'What to write' },
    out: { type: 'string', value: 'PATH', required: true, description: 'Where to write the file (a file name, or an existing folder)' },
    language: { type: 'string', value: 'en|da', description: 'Language of the headings and labels (default en)' },
  },
  async run({ values, positionals, io }) {
    if (positionals[0] !== 'register') throw new UsageError(`the only consent subcommand is "register"; "${positionals[0]}" is not one.`);
    const format = String(values.format);
    if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be csv or pdf; "${format}" is not.`);
    const language = values.language === undefined ? 'en' : String(values.language);
    if (language !== 'en' && language !== 'da') throw new UsageError(`--language must be en or da; "${language}" is not.`);
    const dbFile = resolve(String(values.db));
    if (!existsSync(dbFile)) throw new CliError(`There is no journal at ${dbFile}.`);

    return withJournal(dbFile, async (db) => {
      let projectId = values.project === undefined ? undefined : String(values.project);
      if (!projectId) {
        const projects = db.prepare(`SELECT id, title FROM projects WHERE deleted_at IS NULL ORDER BY created_at`).all() as { id: string; title: string }[];
        if (projects.length !== 1) {
          const list = projects.map((project) => `  ${project.id}  ${project.title}`).join('\n');
          throw new UsageError(projects.length === 0 ? 'the journal holds no inquiry.' : `the journal holds ${projects.length} inquiries; choose one with --project:\n${list}`);
        }
        projectId = projects[0]!.id;
      }
      const result = await call(db, 'consent:registerExport', { project_id: projectId, format: format as 'csv' | 'pdf', language });
      if (!result.ok) {
        if (result.error.code === 'invalid_input') throw new UsageError(result.error.issues?.[0] ? `--${result.error.issues[0].path.replace('project_id', 'project')}: ${result.error.issues[0].message}` : result.error.message);
        throw new CliError(result.error.message);
      }
      const data = Buffer.from(result.value.data_base64, 'base64');
      const target = writeOut(String(values.out), result.value.file_name, data);
      io.out(`Wrote the consent register (${format}) to ${target}\n`);
      io.out('It contains real names. Keep it as confidential as the journal.\n');
    });
  },
};

/** Written beside the target and renamed into place, so an interrupted write leaves no half file. */
function writeOut(out: string, fileName: string, data: Buffer): string {
  let target = resolve(out);
  if (existsSync(target) && statSync(target).isDirectory()) target = join(target, fileName);
  const folder = dirname(target);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new CliError(`The folder ${folder} does not exist.`);
  const temporary = `${target}.part-${process.pid}`;
  try {
    writeFileSync(temporary, data);
    renameSync(temporary, target);
  } catch (error) {
    if (existsSync(temporary)) unlinkSync(temporary);
    throw new CliError(`Could not write ${target}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return target;
}
