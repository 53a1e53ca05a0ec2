import { existsSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { MIN_BUNDLE_PASSPHRASE_LENGTH } from '../../api/channels/exchange.js';
import { exportChannels } from '../../api/channels/exports.js';
import { isChannel } from '../../api/contract.js';
import { dispatch } from '../../api/dispatch.js';
import { PdfUnavailableError } from '../../exports/pdf.js';
import { generateReport, ReportNotFoundError, type ReportProgress } from '../../exports/report/index.js';
import { promptNewPassphrase, readPassphraseFile, terminal } from '../bundle-passphrase.js';
import { CliError, UsageError, withJournal, type Command } from '../command.js';

const REPORT_FORMATS = ['md', 'html', 'pdf', 'docx'] as const;
/** Formats made by the exchange work (REFI-QDA, project bundle, review page), through its channels. */
const EXCHANGE_FORMATS = { qdpx: 'exchange:qdpx', bundle: 'exchange:bundleExport', timeline: 'exchange:reviewPage' } as const;
const FORMATS = [...REPORT_FORMATS, ...Object.keys(EXCHANGE_FORMATS)] as string[];

const FORMAT_NAMES: Record<string, string> = {
  md: 'Markdown report',
  html: 'HTML report',
  pdf: 'PDF report',
  docx: 'Word report',
  qdpx: 'REFI-QDA project',
  bundle: 'project bundle',
  timeline: 'review page',
};

/** `withness export --db FILE --project ID --format … --out PATH [--real-names] [--passphrase-file FILE | --plain]` */
export const exportCommand: Command = {
  name: 'export',
  summary: 'Export an inquiry: a reflection report (md, html, pdf, docx), REFI-QDA (qdpx), a bundle or a review page',
  description:
    'Writes one file. Reports go cycle by cycle through plan, act, observe and reflect, with each reflection and the evidence ' +
    'that prompted it quoted in place. Reports, REFI-QDA and the review page are pseudonymised unless --real-names is given: ' +
    'stakeholders appear under their pseudonyms, as speakers and inside the text. A bundle is never pseudonymised: it carries ' +
    'real names and all personal data, for your team’s own Withness, so it is encrypted with a passphrase (scrypt and AES-256-GCM): ' +
    'from --passphrase-file, or asked for on a terminal; --plain writes it unencrypted, only for pseudonymised demo or test data. --out may be a file or an existing folder (the file is then named for you). ' +
    'PDF needs Chromium (Debian: apt-get install chromium; elsewhere set CHROMIUM_PATH).',
  options: {
    db: { type: 'string', value: 'FILE', required: true, description: 'The journal file to read' },
    project: { type: 'string', value: 'ID', required: true, description: 'The id of the inquiry to export' },
    format: { type: 'string', value: 'FORMAT', required: true, description: `What to write: ${FORMATS.join(', ')}` },
    out: { type: 'string', value: 'PATH', required: true, description: 'Where to write the file (a file name, or an existing folder)' },
    'real-names': { type: 'boolean', description: 'Keep stakeholders’ real names (reports, qdpx and timeline are pseudonymised without it; a bundle always has them)' },
    cycle: { type: 'string', multiple: true, value: 'ID', description: 'Only this cycle and its sub-cycles (repeat for more; reports only)' },
    from: { type: 'string', value: 'YYYY-MM-DD', description: 'Only events on or after this date (reports only)' },
    to: { type: 'string', value: 'YYYY-MM-DD', description: 'Only events on or before this date (reports only)' },
    language: { type: 'string', value: 'en|da', description: 'Language of the report’s headings and labels (default en)' },
    'passphrase-file': {
      type: 'string',
      value: 'FILE',
      description: `Bundles only: encrypt the bundle with the passphrase in FILE (at least ${MIN_BUNDLE_PASSPHRASE_LENGTH} characters; asked for on a terminal without it)`,
    },
    plain: { type: 'boolean', description: 'Bundles only: write the bundle unencrypted — anyone with the file can read it; for pseudonymised demo or test data only' },
  },
  async run({ values, io }) {
    const format = String(values.format);
    if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}; "${format}" is not.`);
    const dbFile = resolve(String(values.db));
    if (!existsSync(dbFile)) throw new CliError(`There is no journal at ${dbFile}.`);
    const realNames = values['real-names'] === true;
    const isReport = (REPORT_FORMATS as readonly string[]).includes(format);
    if (!isReport && (values.cycle !== undefined || values.from !== undefined || values.to !== undefined || values.language !== undefined)) {
      throw new UsageError(`--cycle, --from, --to and --language apply to reports (md, html, pdf, docx), not to ${format}.`);
    }
    const protection = format === 'bundle' ? await bundleProtection(values) : undefined;
    if (format !== 'bundle' && (values['passphrase-file'] !== undefined || values.plain !== undefined)) {
      throw new UsageError(`--passphrase-file and --plain apply to --format bundle, not to ${format}.`);
    }

    return withJournal(dbFile, async (db) => {
      let file: { file_name: string; data: Buffer };
      if (isReport) {
        const cycles = values.cycle as string[] | undefined;
        const scope = {
          ...(cycles ? { cycle_ids: cycles } : {}),
          ...(values.from ? { from: String(values.from) } : {}),
          ...(values.to ? { to: String(values.to) } : {}),
        };
        const parsed = exportChannels['exports:report'].input.safeParse({
          project_id: values.project,
          format,
          ...(Object.keys(scope).length > 0 ? { scope } : {}),
          real_names: realNames,
          ...(values.language !== undefined ? { language: values.language } : {}),
        });
        if (!parsed.success) {
          const issue = parsed.error.issues[0]!;
          const where = describePath(issue.path.map(String));
          throw new UsageError(`${where}${issue.message}`);
        }
        io.out(exportingLine(format, realNames, dbFile));
        try {
          file = await generateReport(db, parsed.data, { onProgress: (progress) => io.out(progressLine(progress)) });
        } catch (error) {
          if (error instanceof ReportNotFoundError || error instanceof PdfUnavailableError) throw new CliError(error.message);
          throw error;
        }
      } else {
        const channel = EXCHANGE_FORMATS[format as keyof typeof EXCHANGE_FORMATS];
        if (!isChannel(channel)) {
          throw new CliError(`Exporting a ${FORMAT_NAMES[format]} (--format ${format}) is not available yet in this version of Withness.`);
        }
        io.out(exportingLine(format, realNames, dbFile));
        io.out(`  Writing the ${FORMAT_NAMES[format]}…\n`);
        const result = await dispatch(db, channel, { project_id: values.project, ...(realNames ? { real_names: true } : {}), ...protection });
        if (!result.ok) {
          if (result.error.code === 'invalid_input') {
            const issue = result.error.issues?.find((candidate) => candidate.path !== '(input)');
            throw new UsageError(issue ? `${describePath(issue.path.split('.'))}${issue.message}` : result.error.message.replace(/^Invalid input: /, ''));
          }
          throw new CliError(result.error.message);
        }
        const value = result.value as { file_name: string; data_base64: string };
        file = { file_name: value.file_name, data: Buffer.from(value.data_base64, 'base64') };
      }
      const target = writeOut(String(values.out), file);
      io.out(`Wrote ${formatSize(file.data.length)} to ${target}\n`);
      if (carriesRealNames(format, realNames)) io.out('This file contains real names. Share it only with people allowed to see them.\n');
      if (protection && 'passphrase' in protection) {
        io.out('The bundle is encrypted with your passphrase. Give the passphrase to the recipient another way than the file.\n');
      } else if (protection) {
        io.out('The bundle is NOT encrypted (--plain): anyone who has the file can read everything in it.\n');
      }
      return 0;
    });
  },
};

/**
 * How a bundle is protected: the passphrase from --passphrase-file, or asked for twice on a terminal; plain only when
 * --plain says so. Without a terminal and without either option it is a usage error, never a silent plain bundle.
 */
async function bundleProtection(values: Record<string, unknown>): Promise<{ passphrase: string } | { plain: true }> {
  const file = values['passphrase-file'];
  if (values.plain === true) {
    if (file !== undefined) throw new UsageError('Give either --passphrase-file or --plain, not both.');
    return { plain: true };
  }
  if (file !== undefined) return { passphrase: readPassphraseFile(String(file)) };
  const streams = terminal();
  if (!streams) {
    throw new UsageError(
      'a bundle is encrypted: give --passphrase-file FILE (the passphrase as text), or --plain for an unencrypted bundle (only for pseudonymised demo or test data).',
    );
  }
  return { passphrase: await promptNewPassphrase(streams, MIN_BUNDLE_PASSPHRASE_LENGTH) };
}

/** A bundle is for the team's own Withness: it always carries real names, whatever --real-names says. */
function carriesRealNames(format: string, realNames: boolean): boolean {
  return realNames || format === 'bundle';
}

function exportingLine(format: string, realNames: boolean, dbFile: string): string {
  if (format === 'bundle') {
    return `Exporting a project bundle WITH REAL NAMES from ${dbFile}\nA bundle is never pseudonymised: it carries stakeholders’ real names and all personal data, for your team’s own Withness.\n`;
  }
  return `Exporting a ${realNames ? '' : 'pseudonymised '}${FORMAT_NAMES[format]}${realNames ? ' WITH REAL NAMES' : ''} from ${dbFile}\n`;
}

function describePath(path: string[]): string {
  if (path.length === 0) return '';
  const names: Record<string, string> = {
    project_id: '--project',
    format: '--format',
    language: '--language',
    cycle_ids: '--cycle',
    from: '--from',
    to: '--to',
    passphrase: '--passphrase-file',
    plain: '--plain',
  };
  const key = [...path].reverse().find((part) => names[part]);
  return key ? `${names[key]}: ` : `${path.join('.')}: `;
}

function progressLine(progress: ReportProgress): string {
  switch (progress.stage) {
    case 'reading':
      return '  Reading the journal…\n';
    case 'building':
      return `  Building the report: ${progress.message.toLowerCase()} (${progress.done} of ${progress.total})\n`;
    case 'rendering':
    case 'printing':
      return `  ${progress.message}…\n`;
    case 'done':
      return '';
  }
}

/** Writes next to the target first and renames, so a failed export never leaves half a file behind. */
function writeOut(out: string, file: { file_name: string; data: Buffer }): string {
  let target = resolve(out);
  if (existsSync(target) && statSync(target).isDirectory()) target = join(target, file.file_name);
  const folder = dirname(target);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new CliError(`The folder ${folder} does not exist.`);
  const temporary = `${target}.part-${process.pid}`;
  try {
    writeFileSync(temporary, file.data);
    renameSync(temporary, target);
  } catch (error) {
    if (existsSync(temporary)) unlinkSync(temporary);
    throw new CliError(`Could not write ${target}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return target;
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
