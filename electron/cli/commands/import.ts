import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { BUNDLE_TABLES, MAX_BUNDLE_BYTES } from '../../api/channels/exchange.js';
import { importBundle, type ImportResult } from '../../exchange/bundle.js';
import { isEncryptedBundle } from '../../exchange/bundle-crypto.js';
import { openBundleFile } from '../../exchange/bundle-file.js';
import { importQdpx, type QdpxImportResult } from '../../exchange/qdpx-import/index.js';
import { requireLive } from '../../api/handlers/common.js';
import { ApiError } from '../../api/result.js';
import { formatBytes } from '../../exchange/zip.js';
import { promptPassphrase, readPassphraseFile, terminal } from '../bundle-passphrase.js';
import { CliError, UsageError, withJournal, type Command } from '../command.js';

const LABELS: Record<(typeof BUNDLE_TABLES)[number], string> = {
  projects: 'inquiry',
  team_members: 'team members',
  stakeholders: 'stakeholders',
  codes: 'codes',
  cycles: 'cycles',
  phase_prompts: 'guiding prompts',
  phase_entries: 'phase entries',
  field_notes: 'field notes',
  field_note_stakeholders: 'stakeholders in notes',
  dialogues: 'dialogues',
  dialogue_participants: 'dialogue participants',
  dialogue_turns: 'dialogue turns',
  reflections: 'reflections',
  prompt_links: 'links to evidence',
  code_applications: 'coded passages',
  attachments: 'attachments',
  revisions: 'earlier versions',
  trash_items: 'items in the trash',
};

/** `withness import --db FILE [--format bundle|qdpx] [--project ID] [--passphrase-file FILE] PATH`: a project bundle or a REFI-QDA project. */
export const importCommand: Command = {
  name: 'import',
  summary: 'Import a project bundle (.withness) or a REFI-QDA project (.qdpx) into a journal file',
  description:
    'Checks the whole bundle first — that it is a Withness bundle of a format this version reads, that every file matches its ' +
    'checksum, that no path leaves the bundle, that sizes stay within limits, that every row is valid and refers only to rows ' +
    'of the same inquiry — and writes nothing if anything is wrong. Then it merges the inquiry in one transaction: new records ' +
    'are added, existing ones are replaced only by a newer revision, identical ones are left alone. Importing the same bundle ' +
    'again changes nothing. Bundles hold real names. An encrypted bundle is opened with the passphrase from --passphrase-file, ' +
    'or asked for on a terminal; a wrong passphrase, or a file changed or cut off after export, is refused before the journal is opened. ' +
    'With --format qdpx it imports a REFI-QDA project from QualCoder, NVivo, MAXQDA or ATLAS.ti, checked against the ' +
    'REFI-QDA schema first: text sources become field notes (dialogues with turns where the text is a transcript of ' +
    '"Speaker: words" lines), codes the code book, coded selections coded passages at the same positions, notes ' +
    'reflections linked to what they annotate, cases stakeholders; into a new inquiry, or into --project ID.',
  options: {
    db: { type: 'string', value: 'FILE', required: true, description: 'The journal file to import into; created if missing' },
    format: { type: 'string', value: 'bundle|qdpx', description: 'What the file is (default: bundle, or qdpx for a .qdpx file)' },
    project: { type: 'string', value: 'ID', description: 'With --format qdpx: import into this inquiry instead of a new one' },
    json: { type: 'boolean', description: 'Print the result as JSON' },
    'passphrase-file': { type: 'string', value: 'FILE', description: 'An encrypted bundle’s passphrase, as the text of FILE (asked for on a terminal without it)' },
  },
  positionals: { name: 'PATH', min: 1, max: 1 },
  async run({ values, positionals, io }) {
    const path = resolve(positionals[0]!);
    const progress = (line: string) => {
      if (!values.json) io.out(`${line}\n`);
    };
    let size: number;
    try {
      size = statSync(path).size;
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      throw new CliError(code === 'ENOENT' ? `There is no file ${path}.` : `${path} cannot be read: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (size > MAX_BUNDLE_BYTES) throw new CliError(`${path} is larger than ${formatBytes(MAX_BUNDLE_BYTES)}, more than Withness imports at once.`);
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(readFileSync(path));
    } catch (error) {
      throw new CliError(`${path} cannot be read: ${error instanceof Error ? error.message : String(error)}`);
    }
    const format = values.format === undefined ? (path.toLowerCase().endsWith('.qdpx') ? 'qdpx' : 'bundle') : String(values.format);
    if (format !== 'bundle' && format !== 'qdpx') throw new UsageError(`--format must be bundle or qdpx; "${format}" is not.`);
    if (values.project !== undefined && format !== 'qdpx') throw new UsageError('--project applies to --format qdpx only (a bundle brings its own inquiry).');
    if (values['passphrase-file'] !== undefined && format !== 'bundle') throw new UsageError('--passphrase-file applies to bundles only.');
    progress(`Reading ${path} (${formatBytes(bytes.length)})`);
    if (format === 'bundle' && isEncryptedBundle(bytes)) {
      // Opened before the journal is, so a wrong passphrase or a damaged file leaves no trace, not even a new journal file.
      const passphrase = await bundlePassphrase(values['passphrase-file']);
      progress('Decrypting the bundle…');
      try {
        bytes = await openBundleFile(bytes, passphrase);
      } catch (error) {
        if (error instanceof ApiError) throw new CliError(error.message);
        throw error;
      }
    }
    if (format === 'qdpx') {
      return withJournal(values.db as string, async (db, journal) => {
        let result: QdpxImportResult;
        try {
          if (values.project !== undefined) requireLive(db, 'project', String(values.project));
          result = await importQdpx(db, bytes, {
            projectId: values.project === undefined ? undefined : String(values.project),
            onProgress: stepLines(progress),
          });
        } catch (error) {
          if (error instanceof ApiError) throw new CliError(error.message);
          throw error;
        }
        io.out(values.json ? `${JSON.stringify({ file: journal, ...result }, null, 2)}\n` : `${qdpxSummary(result, journal)}\n`);
        return 0;
      });
    }
    return withJournal(values.db as string, async (db, journal) => {
      const result = importBundle(db, bytes, { onProgress: (step) => progress(`${step}…`) });
      if (values.json) {
        io.out(`${JSON.stringify({ file: journal, ...result }, null, 2)}\n`);
        return 0;
      }
      io.out(`${summary(result, journal)}\n`);
      return 0;
    });
  },
};

async function bundlePassphrase(file: unknown): Promise<string> {
  if (file !== undefined) return readPassphraseFile(String(file));
  const streams = terminal();
  if (!streams) throw new CliError('This bundle is encrypted: give --passphrase-file FILE (the passphrase as text), or run the command in a terminal to be asked for it. Nothing was imported.');
  return promptPassphrase('Passphrase of the bundle: ', streams);
}

/** One line when a new step starts, with how far the whole import has come, and one at the end. */
function stepLines(print: (line: string) => void) {
  let current = '';
  return ({ step, done, total }: { step: string; done: number; total: number }) => {
    const percent = Math.round((100 * done) / Math.max(total, 1));
    if (step !== current) print(`  ${step}… ${percent}%`);
    current = step;
    if (done === total && total > 1) print('  written 100%');
  };
}

function qdpxSummary(result: QdpxImportResult, journal: string): string {
  const lines = Object.entries(result.created).map(([kind, count]) => `  ${kind.replace(/_/g, ' ').padEnd(16)}${String(count).padStart(8)}`);
  return [
    '',
    `Imported the REFI-QDA project into ${journal}`,
    `  ${'project id'.padEnd(16)}${result.project_id}`,
    '',
    `  ${''.padEnd(16)}${'added'.padStart(8)}`,
    ...lines,
    ...(result.widened > 0 ? ['', `${result.widened} coded or linked passages crossed turns of a transcript and were kept on the whole dialogue.`] : []),
  ].join('\n');
}

function summary(result: ImportResult, journal: string): string {
  const sum = (counts: Record<string, number>) => Object.values(counts).reduce((total, value) => total + value, 0);
  const width = Math.max(...Object.values(LABELS).map((label) => label.length)) + 2;
  const rows = BUNDLE_TABLES.filter((kind) => result.created[kind] + result.updated[kind] + result.unchanged[kind] > 0).map(
    (kind) =>
      `  ${LABELS[kind].padEnd(width)}${String(result.created[kind]).padStart(8)}${String(result.updated[kind]).padStart(9)}${String(result.unchanged[kind]).padStart(11)}`,
  );
  return [
    '',
    `Imported “${result.title}” into ${journal}`,
    `  ${'project id'.padEnd(width)}${result.project_id}`,
    '',
    `  ${''.padEnd(width)}${'added'.padStart(8)}${'updated'.padStart(9)}${'unchanged'.padStart(11)}`,
    ...rows,
    '',
    sum(result.created) + sum(result.updated) === 0
      ? 'Everything in this bundle was already in the journal; nothing was changed.'
      : `Added ${sum(result.created)}, updated ${sum(result.updated)}, left ${sum(result.unchanged)} unchanged.`,
  ].join('\n');
}
