/**
 * One export or import of the benchmark corpus in a process of its own, so that its peak resident set is its own
 * (bench/memory.ts starts it; `process.resourceUsage().maxRSS` is the whole process's high-water mark, so each
 * command needs a fresh process). Prints one JSON line: the command, wall and CPU time, peak RSS.
 *
 *   tsx bench/memory-child.ts COMMAND --db FILE --project ID --file EXCHANGE_FILE [--cycle ID] [--passphrase TEXT]
 *
 * Exports write the file they made to EXCHANGE_FILE (the imports that follow read it); imports read EXCHANGE_FILE into
 * the journal FILE (a fresh one).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openDatabase } from '../db/connection.js';
import { dispatch } from '../electron/api/dispatch.js';

export const MEMORY_COMMANDS = [
  'qdpx-export',
  'qdpx-import',
  'bundle-export',
  'bundle-import',
  'bundle-export-encrypted',
  'bundle-import-encrypted',
  'report-cycle',
  'report-inquiry',
  'report-inquiry-markdown',
  'report-inquiry-docx',
] as const;
export type MemoryCommand = (typeof MEMORY_COMMANDS)[number];

export interface MemoryChildResult {
  command: MemoryCommand;
  wall_ms: number;
  cpu_ms: number;
  max_rss_mb: number;
  /** Bytes of the file written or read. */
  file_bytes: number;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    options: { db: { type: 'string' }, project: { type: 'string' }, file: { type: 'string' }, cycle: { type: 'string' }, passphrase: { type: 'string' } },
    allowPositionals: true,
  });
  const command = positionals[0] as MemoryCommand;
  if (!(MEMORY_COMMANDS as readonly string[]).includes(command)) throw new Error(`Unknown command ${String(command)}`);
  const db = openDatabase(values.db!);
  const exchangeFile = values.file!;
  const projectId = values.project!;
  let fileBytes = 0;
  const run = async (channel: Parameters<typeof dispatch>[1], input: unknown) => {
    const result = await dispatch(db, channel, input);
    if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
    return result.value as { data_base64?: string };
  };
  const write = (value: { data_base64?: string }) => {
    const bytes = Buffer.from(value.data_base64!, 'base64');
    fileBytes = bytes.length;
    if (!command.startsWith('report-')) writeFileSync(exchangeFile, bytes);
  };
  const read = () => {
    const bytes = readFileSync(exchangeFile);
    fileBytes = bytes.length;
    return bytes.toString('base64');
  };
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  switch (command) {
    case 'qdpx-export':
      write(await run('exchange:qdpx', { project_id: projectId }));
      break;
    case 'qdpx-import':
      await run('exchange:qdpxImport', { file_name: 'corpus.qdpx', data_base64: read() });
      break;
    case 'bundle-export':
      write(await run('exchange:bundleExport', { project_id: projectId, plain: true }));
      break;
    case 'bundle-export-encrypted':
      write(await run('exchange:bundleExport', { project_id: projectId, passphrase: values.passphrase }));
      break;
    case 'bundle-import':
      await run('exchange:bundleImport', { file_name: 'corpus.withness', data_base64: read() });
      break;
    case 'bundle-import-encrypted':
      await run('exchange:bundleImport', { file_name: 'corpus.withness', data_base64: read(), passphrase: values.passphrase });
      break;
    case 'report-cycle':
      write(await run('exports:report', { project_id: projectId, format: 'html', scope: { cycle_ids: [values.cycle!] } }));
      break;
    case 'report-inquiry':
      write(await run('exports:report', { project_id: projectId, format: 'html' }));
      break;
    case 'report-inquiry-markdown':
      write(await run('exports:report', { project_id: projectId, format: 'md' }));
      break;
    case 'report-inquiry-docx':
      write(await run('exports:report', { project_id: projectId, format: 'docx' }));
      break;
  }
  const cpu = process.cpuUsage(cpuBefore);
  const result: MemoryChildResult = {
    command,
    wall_ms: Math.round(performance.now() - started),
    cpu_ms: Math.round((cpu.user + cpu.system) / 1000),
    max_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    file_bytes: fileBytes,
  };
  db.close();
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
