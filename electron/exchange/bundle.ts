import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../../db/connection.js';
import { beginIndexFill } from '../../db/index-fill.js';
import type { EntityType } from '../../db/repositories/entities.js';
import { loadMigrations, schemaVersion } from '../../db/migrations.js';
import { recordRevision } from '../../db/repositories/revisions.js';
import { recordConsentChange, recordConsentIfChanged, type StakeholderRow } from '../../db/repositories/stakeholders.js';
import { BUNDLE_TABLES, MAX_BUNDLE_BYTES } from '../api/channels/exchange.js';
import type { TrashKind } from '../api/channels/history.js';
import { journalLookup, RECORD_NAMES, snapshotIssues, TRASH_NAMES, type RecordLookup } from '../api/records.js';
import { ApiError } from '../api/result.js';
import { Id, IsoTimestamp } from '../api/schemas.js';
import { APP_VERSION } from '../version.js';
import { ENTITY_TABLES, ROW_SCHEMAS, TABLE_NAMES, TABLES, TRASH_TABLES, columnsOf, zeroCounts, type Counts, type TableName, type TableSpec } from './bundle-tables.js';
import { isEncryptedBundle } from './bundle-crypto.js';
import { fileSlug } from './common.js';
import { jsonRows, JsonRowsError, parseJsonRows } from './json-rows.js';
import { openZip, ZipError, ZipWriter, formatBytes, type ZipEntryInput, type ZipLimits } from './zip.js';
import { makePhysical, reapplyErasureLog } from '../erasure/index.js';
import { otherHashes, primaryHash } from '../erasure/names.js';
import * as erasureRepo from '../../db/repositories/erasure.js';

/**
 * Project bundles (.withness): how a team moves an inquiry between journals.
 *
 * A bundle is a zip with `manifest.json`, one `tables/<table>.json` per table (an array with every row of
 * the project: trash and history included) and `attachments/<id>` with each attachment's bytes. The
 * manifest names the format and its version, the journal's schema version, the app version, when and
 * which project was exported, the row counts, and the SHA-256 of every other entry.
 *
 * Import checks everything before writing anything (see importBundle), then merges by id in one
 * transaction. Bundles carry real names: they are never pseudonymised, and the file leaves the journal sealed with a
 * passphrase unless a plain one is asked for (bundle-file.ts, bundle-crypto.ts); this module sees only the zip.
 */

export const BUNDLE_FORMAT = 'withness-bundle';
export const BUNDLE_FORMAT_VERSION = 1;
export const BUNDLE_MEDIA_TYPE = 'application/vnd.withness.bundle+zip';

export interface BundleLimits extends ZipLimits {
  /** The compressed file. */
  maxBundleBytes: number;
}

export const DEFAULT_BUNDLE_LIMITS: BundleLimits = {
  maxBundleBytes: MAX_BUNDLE_BYTES,
  maxEntries: 200_000,
  maxEntryBytes: 256 * 1024 * 1024,
  maxTotalBytes: 1024 * 1024 * 1024,
};

type Row = Record<string, unknown>;
export type BundleTables = Record<string, Row[]>;

export const BundleManifest = z.object({
  format: z.literal(BUNDLE_FORMAT),
  format_version: z.number().int().min(1),
  schema_version: z.number().int().min(1),
  app_version: z.string().max(100),
  exported_at: IsoTimestamp,
  project_id: Id,
  title: z.string().max(5000).optional(),
  counts: z.record(z.string(), z.number().int().nonnegative()),
  sha256: z.record(z.string(), z.string().regex(/^[0-9a-f]{64}$/, 'Expected a SHA-256 as 64 lowercase hex digits.')),
});
export type BundleManifest = z.infer<typeof BundleManifest>;

export interface BundleFile {
  file_name: string;
  media_type: string;
  bytes: Uint8Array;
  manifest: BundleManifest;
}

/** About how much JSON text the export gathers before encoding and deflating it. */
const EXPORT_PIECE_CHARS = 1 << 20;
const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');
const tablePath = (table: string) => `tables/${table}.json`;
const attachmentPath = (id: string) => `attachments/${id}`;
/**
 * The inquiry's erasure log travels with it, so a withdrawal reaches every teammate's journal: ids, mode, label, who
 * and when, and the name hashes (under the exporting journal's salt, which stays home: the importing journal hashes
 * the names of the person it holds itself). Never a name or anything they said.
 */
const ERASURE_LOG_PATH = 'erasure-log.json';
const Hash = z.string().regex(/^[0-9a-f]{64}$/);
const CarriedErasure = z.strictObject({
  id: Id,
  project_id: Id,
  stakeholder_id: Id,
  mode: z.enum(['erase', 'anonymise']),
  name_hash: Hash,
  other_hashes: z.array(Hash).max(1000),
  record_ids: z.array(Id).max(1_000_000),
  label: z.string().max(200),
  erased_at: IsoTimestamp,
  erased_by: z.string().max(200),
});
type CarriedErasure = z.infer<typeof CarriedErasure>;

/** Every row of a project, read in one transaction, as a bundle; undefined when there is no such project. */
export function buildBundle(db: Db, projectId: string, options: { now?: Date } = {}): BundleFile | undefined {
  return db.transaction((): BundleFile | undefined => {
    const project = db.prepare(`SELECT * FROM projects WHERE id = ?`).get(projectId) as Row | undefined;
    if (!project) return undefined;
    const now = options.now ?? new Date();
    const encoder = new TextEncoder();
    // Each table is read row by row and its JSON encoded, checksummed and deflated in pieces of about a megabyte (issue
    // 14: bounded memory; the large inquiry's field notes alone are 158 MB of JSON): the entry's bytes are the same as
    // JSON.stringify of all its rows. The manifest, which lists the checksums, goes first in the zip once they are known.
    const zip = new ZipWriter(now);
    const checksums: Record<string, string> = {};
    const add = (entry: ZipEntryInput) => {
      checksums[entry.path] = sha256(entry.data);
      zip.add(entry);
    };
    const counts: Record<string, number> = {};
    const attachmentIds: string[] = [];
    for (const spec of TABLES) {
      const path = tablePath(spec.name);
      const sink = zip.begin(path);
      const hash = createHash('sha256');
      const flush = (text: string) => {
        const piece = Buffer.from(text, 'utf8');
        hash.update(piece);
        sink.write(piece);
      };
      let text = '[';
      let count = 0;
      for (const row of db.prepare(spec.exportSql).iterate(projectId) as Iterable<Row>) {
        text += `${count === 0 ? '' : ','}${JSON.stringify(row)}`;
        count += 1;
        if (spec.name === 'attachments') attachmentIds.push(String(row.id));
        if (text.length >= EXPORT_PIECE_CHARS) {
          flush(text);
          text = '';
        }
      }
      flush(`${text}]`);
      sink.end();
      checksums[path] = hash.digest('hex');
      counts[spec.name] = count;
    }
    const erasures: CarriedErasure[] = erasureRepo.listErasureLog(db, projectId).map((row) => ({
      ...row,
      other_hashes: JSON.parse(row.other_hashes) as string[],
      record_ids: JSON.parse(row.record_ids) as string[],
    }));
    if (erasures.length > 0) add({ path: ERASURE_LOG_PATH, data: encoder.encode(JSON.stringify(erasures)) });
    const content = db.prepare(`SELECT content FROM attachments WHERE id = ?`).pluck();
    for (const id of attachmentIds) {
      const bytes = content.get(id) as Buffer;
      add({ path: attachmentPath(id), data: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), level: 0 });
    }
    const manifest: BundleManifest = {
      format: BUNDLE_FORMAT,
      format_version: BUNDLE_FORMAT_VERSION,
      schema_version: schemaVersion(db),
      app_version: APP_VERSION,
      exported_at: now.toISOString(),
      project_id: projectId,
      title: String(project.title),
      counts,
      sha256: checksums,
    };
    zip.add({ path: 'manifest.json', data: encoder.encode(`${JSON.stringify(manifest, null, 2)}\n`) }, { first: true });
    const bytes = zip.finish();
    return {
      file_name: `${fileSlug(String(project.title))}-${now.toISOString().slice(0, 10)}.withness`,
      media_type: BUNDLE_MEDIA_TYPE,
      bytes,
      manifest,
    };
  })();
}

// ---------------------------------------------------------------------------------------------
// Older formats

export type BundleUpgrade = (tables: BundleTables) => BundleTables;

/**
 * Upgrades of a bundle's tables from format N to N+1, keyed by N. Format 1 is the first, so there is
 * nothing to upgrade yet. When a later Withness changes what a table holds (a new column, a renamed
 * value), it raises BUNDLE_FORMAT_VERSION and adds the step here, e.g. `1: (tables) => ({ ...tables,
 * cycles: tables.cycles.map((row) => ({ ...row, colour: null })) })`. An import runs every step from
 * the bundle's version up to the current one, after the checksums and before the rows are validated
 * against today's row shapes — so an upgraded bundle passes the same checks as a new one.
 */
export const BUNDLE_UPGRADES: Readonly<Record<number, BundleUpgrade>> = {};

export function upgradeBundleTables(
  tables: BundleTables,
  fromVersion: number,
  upgrades: Readonly<Record<number, BundleUpgrade>> = BUNDLE_UPGRADES,
  toVersion: number = BUNDLE_FORMAT_VERSION,
): BundleTables {
  let current = tables;
  for (let version = fromVersion; version < toVersion; version += 1) {
    const step = upgrades[version];
    if (!step) throw refused(`This bundle uses format ${fromVersion}, which this version of Withness cannot read.`);
    current = step(current);
  }
  return current;
}

// ---------------------------------------------------------------------------------------------
// Import

export interface ImportResult {
  project_id: string;
  title: string;
  created: Counts;
  updated: Counts;
  unchanged: Counts;
}

export interface ImportOptions {
  limits?: BundleLimits;
  /** Told what is happening, for progress lines. */
  onProgress?: (step: string) => void;
  upgrades?: Readonly<Record<number, BundleUpgrade>>;
  /** The format this version writes (tests of the upgrade path pretend to be a later version). */
  currentFormatVersion?: number;
  /**
   * How the new rows reach the timeline and the search index: 'fill' (default) drops the insert triggers for the
   * import and indexes the rows it inserted set-wise before the transaction commits (db/index-fill.ts); 'triggers'
   * lets the triggers index them row by row. Both give the same events and index (test/exports/exchange-bundle-index.test.ts).
   */
  index?: 'fill' | 'triggers';
}

function refused(message: string): ApiError {
  return new ApiError('invalid_input', message);
}

/**
 * A bundle read and checked, ready to be written: the manifest, the erasure log, and each table's rows parsed again
 * from the bundle when asked for (issue 14: the import holds one table at a time, not every table parsed at once).
 */
export interface BundleRead {
  manifest: BundleManifest;
  erasures: CarriedErasure[];
  /** How many rows each table holds. */
  counts: Record<TableName, number>;
  /** The table's rows, parsed one by one as they are taken (each call parses again; nothing is kept). */
  rows(table: TableName): Iterable<Row>;
  /** An attachment's bytes (checked against its row by readBundle). */
  attachment(id: string): Uint8Array;
}

/**
 * Reads and checks a bundle completely; throws an ApiError ('invalid_input') that says what is wrong. The zip's
 * entries are unpacked one at a time: every entry against its checksum first, then table by table in the order of
 * TABLES (each row's shape, its inquiry, its references to rows of earlier tables or its own, the earlier versions
 * and trash items), keeping only ids and the little the later checks need.
 */
export function readBundle(db: Db, bytes: Uint8Array, options: ImportOptions = {}): BundleRead {
  const limits = options.limits ?? DEFAULT_BUNDLE_LIMITS;
  const progress = options.onProgress ?? (() => {});
  if (bytes.length > limits.maxBundleBytes) throw refused(`This bundle is larger than ${formatBytes(limits.maxBundleBytes)}, more than Withness imports at once.`);

  if (isEncryptedBundle(bytes)) throw refused('This bundle is encrypted: open it with its passphrase first (openBundleFile). Nothing was imported.');
  progress('Unpacking the bundle');
  const zipError = <T>(work: () => T): T => {
    try {
      return work();
    } catch (error) {
      if (error instanceof ZipError) throw refused(error.message);
      throw error;
    }
  };
  const zip = zipError(() => openZip(bytes, limits));
  const entry = (path: string) => zipError(() => zip.read(path));
  // Every entry is unpacked once up front, within the limits (a zip bomb is stopped here, before anything else is
  // looked at), and only its checksum is kept.
  const digests = new Map(zip.names.map((path) => [path, sha256(entry(path))]));

  progress('Checking the manifest');
  if (!zip.has('manifest.json')) throw refused('This zip is not a Withness bundle: it has no manifest.json.');
  const rawManifest = parseJson(entry('manifest.json'), 'manifest.json');
  const format = (rawManifest as { format?: unknown } | null)?.format;
  if (format !== BUNDLE_FORMAT) throw refused('This zip is not a Withness bundle: its manifest.json does not describe one.');
  const current = options.currentFormatVersion ?? BUNDLE_FORMAT_VERSION;
  const formatVersion = (rawManifest as { format_version?: unknown }).format_version;
  if (typeof formatVersion === 'number' && Number.isInteger(formatVersion) && formatVersion > current) {
    throw refused(
      `This bundle was made by a newer version of Withness (bundle format ${formatVersion}; this version reads up to ${current}). Update Withness to import it.`,
    );
  }
  const parsedManifest = BundleManifest.safeParse(rawManifest);
  if (!parsedManifest.success) {
    const issue = parsedManifest.error.issues[0];
    throw refused(`The bundle's manifest is not valid (${issue ? `${issue.path.join('.') || 'manifest'}: ${issue.message}` : 'unknown problem'}).`);
  }
  const manifest = parsedManifest.data;
  const supportedSchema = loadMigrations().length;
  if (manifest.schema_version > supportedSchema) {
    throw refused(
      `This bundle comes from a journal saved by a newer version of Withness (schema ${manifest.schema_version}; this version knows up to ${supportedSchema}). Update Withness to import it.`,
    );
  }

  progress('Checking every file against its checksum');
  for (const path of zip.names) {
    if (path === 'manifest.json') continue;
    const expected = manifest.sha256[path];
    if (!expected) throw refused(`The bundle holds a file the manifest does not list (${path}); it may have been changed after export.`);
    if (digests.get(path) !== expected) throw refused(`The file ${path} in the bundle does not match its checksum: the bundle is damaged or was changed after export.`);
  }
  for (const path of Object.keys(manifest.sha256)) {
    if (!zip.has(path)) throw refused(`The bundle is incomplete: ${path} is listed in its manifest but missing.`);
  }

  progress('Checking the rows');
  let erasures: CarriedErasure[] = [];
  const tablePaths = new Map<string, string>();
  for (const path of zip.names) {
    if (path === 'manifest.json' || path.startsWith('attachments/')) continue;
    if (path === ERASURE_LOG_PATH) {
      const parsed = z.array(CarriedErasure).max(100_000).safeParse(parseJson(entry(path), path));
      if (!parsed.success) throw refused(`${path} in the bundle is not a valid erasure log.`);
      if (parsed.data.some((item) => item.project_id !== manifest.project_id)) throw refused(`${path} in the bundle names another inquiry.`);
      erasures = parsed.data;
      continue;
    }
    const match = /^tables\/([a-z_]+)\.json$/.exec(path);
    if (!match) throw refused(`The bundle holds a file Withness does not know (${path}).`);
    tablePaths.set(match[1]!, path);
  }
  const tableError = (error: unknown, path: string): unknown => {
    if (!(error instanceof JsonRowsError)) return error;
    if (error.reason === 'utf8') return refused(`${path} in the bundle is not valid UTF-8 text.`);
    if (error.reason === 'json') return refused(`${path} in the bundle is not valid JSON.`);
    return refused(`${path} in the bundle is not a list of rows.`);
  };
  const parseTable = (path: string): Row[] => {
    try {
      return parseJsonRows(entry(path)) as Row[];
    } catch (error) {
      throw tableError(error, path);
    }
  };
  // Writing takes the checked rows one at a time (the bytes are the ones checked: the bundle is held unchanged).
  function* streamTable(path: string): Generator<Row, void> {
    try {
      yield* jsonRows(entry(path)) as Generator<Row, void>;
    } catch (error) {
      throw tableError(error, path);
    }
  }
  // A bundle of an older format is upgraded as a whole (the steps take every table at once) and held so; a bundle of
  // today's format is parsed table by table, once to check it and once more to write it.
  let rowsOf: (table: string) => Row[] | undefined;
  let streamOf: (table: string) => Iterable<Row>;
  let names: string[];
  if (manifest.format_version < current) {
    let tables: BundleTables = {};
    for (const [name, path] of tablePaths) tables[name] = parseTable(path);
    tables = upgradeBundleTables(tables, manifest.format_version, options.upgrades, current);
    const upgraded = tables;
    rowsOf = (table) => upgraded[table];
    streamOf = (table) => upgraded[table]!;
    names = Object.keys(upgraded);
  } else {
    rowsOf = (table) => {
      const path = tablePaths.get(table);
      return path === undefined ? undefined : parseTable(path);
    };
    streamOf = (table) => streamTable(tablePaths.get(table)!);
    names = [...tablePaths.keys()];
  }
  for (const name of names) {
    if (!(TABLE_NAMES as string[]).includes(name)) throw refused(`The bundle holds a table Withness does not know (${name}).`);
  }
  for (const name of TABLE_NAMES) {
    if (!names.includes(name)) throw refused(`The bundle is incomplete: it has no ${tablePath(name)}.`);
  }

  const checks = new BundleChecks(db, manifest.project_id);
  const counts = zeroCounts();
  const attachmentIds = new Set<string>();
  for (const spec of TABLES) {
    const rows = rowsOf(spec.name)!;
    validateRows(spec, rows, manifest);
    counts[spec.name] = rows.length;
    if (spec.name === 'attachments') {
      for (const row of rows) {
        const id = String(row.id);
        const path = attachmentPath(id);
        const data = zip.has(path) ? entry(path) : undefined;
        if (!data) throw refused(`The bundle is incomplete: the file of attachment “${String(row.file_name)}” is missing.`);
        if (data.length !== row.byte_size || sha256(data) !== row.sha256) {
          throw refused(`The file of attachment “${String(row.file_name)}” does not match its size or checksum.`);
        }
        attachmentIds.add(id);
      }
      for (const path of zip.names) {
        if (path.startsWith('attachments/') && !attachmentIds.has(path.slice('attachments/'.length))) {
          throw refused(`The bundle holds a file that belongs to no attachment (${path}).`);
        }
      }
    }
    checks.table(spec, rows);
  }
  return {
    manifest,
    erasures,
    counts,
    rows: (table) => streamOf(table),
    attachment: (id) => entry(attachmentPath(id)),
  };
}

function parseJson(data: Uint8Array, path: string): unknown {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    throw refused(`${path} in the bundle is not valid UTF-8 text.`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw refused(`${path} in the bundle is not valid JSON.`);
  }
}

const LABELS: Record<TableName, string> = {
  projects: 'project',
  team_members: 'team member',
  stakeholders: 'stakeholder',
  codes: 'code',
  cycles: 'cycle',
  phase_prompts: 'guiding prompt',
  phase_entries: 'phase entry',
  field_notes: 'field note',
  field_note_stakeholders: 'field note’s stakeholder',
  dialogues: 'dialogue',
  dialogue_participants: 'dialogue participant',
  dialogue_turns: 'dialogue turn',
  reflections: 'reflection',
  prompt_links: 'prompt link',
  code_applications: 'code application',
  attachments: 'attachment',
  revisions: 'revision',
  trash_items: 'trash item',
};

const PLURALS: Record<TableName, string> = {
  projects: 'projects',
  team_members: 'team members',
  stakeholders: 'stakeholders',
  codes: 'codes',
  cycles: 'cycles',
  phase_prompts: 'guiding prompts',
  phase_entries: 'phase entries',
  field_notes: 'field notes',
  field_note_stakeholders: 'stakeholders of field notes',
  dialogues: 'dialogues',
  dialogue_participants: 'dialogue participants',
  dialogue_turns: 'dialogue turns',
  reflections: 'reflections',
  prompt_links: 'prompt links',
  code_applications: 'code applications',
  attachments: 'attachments',
  revisions: 'earlier versions',
  trash_items: 'trash items',
};

function keyOf(spec: TableSpec, row: Row): string {
  return spec.key.map((column) => String(row[column])).join('|');
}

function validateRows(spec: TableSpec, rows: Row[], manifest: BundleManifest): void {
  const schema = ROW_SCHEMAS[spec.name];
  const keys = new Set<string>();
  rows.forEach((row, index) => {
    const parsed = schema.safeParse(row);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
      throw refused(`Row ${index + 1} of ${spec.name} in the bundle is not a valid ${LABELS[spec.name]} (${where}${issue?.message ?? 'unknown problem'}). Nothing was imported.`);
    }
    const key = keyOf(spec, row);
    if (keys.has(key)) throw refused(`The bundle holds the same ${LABELS[spec.name]} twice (${key}).`);
    keys.add(key);
    const projectId = spec.name === 'projects' ? row.id : row.project_id;
    if (projectId !== undefined && projectId !== manifest.project_id) {
      throw refused(`Row ${index + 1} of ${spec.name} belongs to another inquiry than the bundle's; a bundle holds one inquiry.`);
    }
  });
  if (spec.name === 'projects' && rows.length !== 1) throw refused('A bundle must hold exactly one inquiry.');
  const declared = manifest.counts[spec.name];
  if (declared !== undefined && declared !== rows.length) {
    throw refused(`The manifest says ${spec.name} has ${declared} rows, but the bundle holds ${rows.length}.`);
  }
}

/**
 * The checks that span tables, fed one table at a time in the order of TABLES (every reference points to a row of an
 * earlier table or of its own, so the ids seen so far suffice):
 * - every reference must point to a row in the bundle or to a row of the same inquiry in this journal, and no row of
 *   the bundle may carry the id of a row that belongs to another inquiry here;
 * - a bundle's history and trash are writes waiting to happen (history:restore, trash:restore), so they pass the API's
 *   rules now, before anything is written: every earlier version is a valid record of its kind, of its own record and
 *   inquiry, naming only records in the bundle or in this inquiry (the trashed rows themselves passed their row shape,
 *   which is the same record shape); and no trash item joins a trash group of another inquiry in this journal, which
 *   one restore would bring back together.
 * Only ids, and each bundled record's trash state and parent, are kept between tables.
 */
class BundleChecks {
  private readonly present = new Map<TableName, Set<string>>();
  private readonly bundled = new Map<string, Map<string, { deleted_at: string | null; parent_id: string | null }>>();
  private readonly lookup: RecordLookup;

  constructor(
    private readonly db: Db,
    private readonly projectId: string,
  ) {
    const inJournal = journalLookup(db);
    this.lookup = (type, id) => {
      const row = this.bundled.get(type)?.get(id);
      if (!row) return inJournal(type, id);
      return { project_id: projectId, deleted_at: row.deleted_at, parent_id: row.parent_id };
    };
  }

  table(spec: TableSpec, rows: Row[]): void {
    const { db, projectId } = this;
    if (spec.key.length === 1) {
      const ids = new Set(rows.map((row) => String(row.id)));
      const sql = spec.name === 'projects' ? `SELECT id FROM projects WHERE id = ?` : `SELECT id FROM ${spec.name} WHERE project_id = ?`;
      for (const id of db.prepare(sql).pluck().all(projectId) as string[]) ids.add(id);
      this.present.set(spec.name, ids);
      if (spec.name !== 'projects') {
        const owner = db.prepare(`SELECT project_id FROM ${spec.name} WHERE id = ?`).pluck();
        for (const row of rows) {
          const existing = owner.get(row.id) as string | undefined;
          if (existing !== undefined && existing !== projectId) {
            throw refused(`The ${LABELS[spec.name]} ${String(row.id)} in the bundle already exists in another inquiry in this journal; nothing was imported.`);
          }
        }
      }
    }
    for (const [index, row] of rows.entries()) {
      for (const reference of spec.references) {
        const value = row[reference.column];
        if (value === null || value === undefined) continue;
        // A link to withdrawn evidence keeps the bare id of the erased record (electron/erasure).
        if (spec.name === 'prompt_links' && reference.column === 'target_id' && row.withdrawn_at) continue;
        const table = 'table' in reference ? reference.table : reference.tables[String(row[reference.by])];
        if (!table || !this.present.get(table)?.has(String(value))) {
          throw refused(
            `Row ${index + 1} of ${spec.name} refers to a ${table ? LABELS[table] : 'record'} (${String(value)}) that is neither in the bundle nor in this inquiry. Nothing was imported.`,
          );
        }
      }
    }
    const entity = (Object.entries(ENTITY_TABLES) as [EntityType, TableName][]).find(([, table]) => table === spec.name)?.[0];
    if (entity) {
      this.bundled.set(
        entity,
        new Map(rows.map((row) => [String(row.id), { deleted_at: (row.deleted_at as string | null) ?? null, parent_id: (row.parent_id as string | null | undefined) ?? null }])),
      );
    }
    if (spec.name === 'revisions') {
      rows.forEach((row, index) => {
        const type = row.entity_type as EntityType;
        const issues = snapshotIssues(type, JSON.parse(String(row.snapshot)), { id: String(row.entity_id), projectId }, this.lookup);
        const issue = issues[0];
        if (issue) {
          throw refused(
            `Row ${index + 1} of revisions in the bundle is an earlier version of a ${RECORD_NAMES[type]} that Withness would refuse to restore (${issue.path}: ${issue.message.replace(/\.$/, '')}). Nothing was imported.`,
          );
        }
      });
    }
    if (spec.name === 'trash_items') {
      const foreignGroup = db.prepare(`SELECT 1 FROM trash_items WHERE group_id = ? AND project_id <> ?`).pluck();
      rows.forEach((row, index) => {
        if (foreignGroup.get(row.group_id, projectId) !== undefined) {
          throw refused(
            `Row ${index + 1} of trash_items in the bundle puts a ${TRASH_NAMES[row.entity_type as TrashKind]} into a trash group of another inquiry in this journal, so restoring one would restore the other. Nothing was imported.`,
          );
        }
      });
    }
  }
}

/**
 * Imports a bundle into the journal. Everything is checked first (readBundle); then, in one transaction,
 * rows are merged by id: a new row is inserted; an existing row is replaced only when the bundle's
 * revision is newer (its previous version kept in the history); identical rows — and rows where this
 * journal has the newer or a diverging version — are left alone. Rows without a revision (links, code
 * applications, attachments, team members) are only ever added, or moved to the trash when the bundle
 * trashed them. Guiding prompts are taken only for phases that have none here. Importing the same bundle
 * twice changes nothing the second time.
 */
/**
 * Columns added after bundles were first written, with the value an upgraded journal gives them: a bundle from an
 * older Withness leaves them out (its rows still pass ROW_SCHEMAS, where they are optional).
 */
const COLUMN_DEFAULTS: Partial<Record<TableName, Record<string, unknown>>> = {
  // Migration 004: what a person agreed to; 'quote' keeps a given consent meaning what it meant before.
  stakeholders: { consent_use: 'quote' },
};

export function importBundle(db: Db, bytes: Uint8Array, options: ImportOptions = {}): ImportResult {
  const read = readBundle(db, bytes, options);
  const counts = zeroCountsForImport();
  db.transaction(() => {
    for (const _tick of writeBundle(db, read, counts, options)) {
      // Straight through: nobody is waiting to read progress or to cancel.
    }
  })();
  afterImport(db, counts);
  return importResult(db, read.manifest.project_id, counts);
}

export interface ImportCounts {
  created: Counts;
  updated: Counts;
  unchanged: Counts;
  /** What re-applying the erasure log found again (people, stray turns, rewritten rows); set by writeBundle. */
  erasures_applied?: number;
}

/**
 * After the import's transaction committed: when the erasure log found anything again, what the import wrote and the
 * erasure deleted is still in the WAL and in freed pages, so it is made physical like the erasure itself.
 */
export function afterImport(db: Db, counts: ImportCounts): void {
  if ((counts.erasures_applied ?? 0) > 0 && !db.inTransaction) makePhysical(db);
}

/** How far the writing has come, in rows (the index fill counts as one). */
export interface ImportTick {
  done: number;
  total: number;
}

const ROWS_PER_TICK = 250;

/**
 * The writing half of an import, to be run inside ONE transaction the caller holds: importBundle runs it straight
 * through; a job (electron/jobs/bundle-import.ts) pauses at every tick so progress can be read and a cancel can
 * arrive, and rolls the transaction back when cancelled.
 */
export function* writeBundle(
  db: Db,
  read: BundleRead,
  counts: ImportCounts,
  options: ImportOptions = {},
): Generator<ImportTick, void> {
  const { created, updated, unchanged } = counts;
  counts.erasures_applied = 0;
  const progress = options.onProgress ?? (() => {});
  const { manifest, erasures } = read;
  const projectId = manifest.project_id;
  const total = Object.values(read.counts).reduce((sum, count) => sum + count, 0) + 1;
  let done = 0;
  progress('Importing');
  if (erasures.length > 0) {
    // Before any row is merged: the person is still here with their names (an anonymised row from the bundle would
    // replace them), so their names are hashed here and scrubbed from this journal's texts by the full erasure.
    addCarriedErasures(db, erasures);
    counts.erasures_applied += reapplyErasureLog(db);
  }
  {
    db.pragma('defer_foreign_keys = ON');
    // The rows this import inserts are indexed together after the loop (one statement per kind instead of a trigger,
    // and an FTS5 flush, per row); updates and trash moves still go through their own triggers.
    const fill = options.index === 'triggers' ? undefined : beginIndexFill(db);
    const replaced: { entityType: string; id: string }[] = [];
    // Earlier versions and trash entries of anything a withdrawal removed (or of the withdrawn person's own record)
    // are never taken from a bundle: they hold what was erased, and nothing depends on them.
    const withdrawnIds = new Set(
      erasureRepo.listErasureLog(db).flatMap((entry) => [entry.stakeholder_id, ...(JSON.parse(entry.record_ids) as string[])]),
    );
    const phasesWithPrompts = new Set(
      db.prepare(`SELECT DISTINCT phase FROM phase_prompts WHERE project_id = ?`).pluck().all(projectId) as string[],
    );
    for (const spec of TABLES) {
      if (spec.name === 'trash_items') continue;
      // The table's rows one at a time, parsed as they are taken (issue 14: bounded memory).
      const rows = read.rows(spec.name);
      const rowCount = read.counts[spec.name];
      if (rowCount > 0) progress(`Importing ${rowCount} ${rowCount === 1 ? LABELS[spec.name] : PLURALS[spec.name]}`);
      const columns = columnsOf(spec.name);
      const insertColumns = spec.name === 'attachments' ? [...columns, 'content'] : columns;
      const insert = db.prepare(
        `INSERT ${spec.key.length > 1 ? 'OR IGNORE ' : ''}INTO ${spec.name} (${insertColumns.join(', ')}) VALUES (${insertColumns.map((c) => `@${c}`).join(', ')})`,
      );
      const find = db.prepare(`SELECT ${columns.join(', ')} FROM ${spec.name} WHERE ${spec.key.map((c) => `${c} = @${c}`).join(' AND ')}`);
      const valueColumns = columns.filter((column) => !spec.key.includes(column));
      const update = spec.revision ? db.prepare(`UPDATE ${spec.name} SET ${valueColumns.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`) : undefined;
      const trash = columns.includes('deleted_at') ? db.prepare(`UPDATE ${spec.name} SET deleted_at = @deleted_at WHERE id = @id`) : undefined;

      for (const row of rows) {
        if (++done % ROWS_PER_TICK === 0) yield { done, total };
        const values: Record<string, unknown> = Object.fromEntries(columns.map((column) => [column, row[column] === undefined ? COLUMN_DEFAULTS[spec.name]?.[column] : row[column]]));
        if ((spec.name === 'phase_prompts' && phasesWithPrompts.has(String(row.phase))) || (spec.name === 'revisions' && withdrawnIds.has(String(row.entity_id)))) {
          unchanged[spec.name] += 1;
          continue;
        }
        const local = find.get(values) as Row | undefined;
        if (!local) {
          if (spec.name === 'attachments') values.content = Buffer.from(read.attachment(String(row.id)));
          const { changes } = insert.run(values);
          if (changes === 1) created[spec.name] += 1;
          else unchanged[spec.name] += 1;
          // The consent register's trail starts with the consent the bundle brought (consent_changes is not carried).
          if (changes === 1 && spec.name === 'stakeholders') recordConsentChange(db, values as unknown as StakeholderRow, 'imported');
          continue;
        }
        if (sameRow(columns, local, values)) {
          unchanged[spec.name] += 1;
        } else if (spec.revision) {
          if (Number(values.revision) > Number(local.revision)) {
            recordRevision(db, spec.entity!, projectId, local as { id: string; revision: number }, 'update');
            update!.run(values);
            if (spec.name === 'stakeholders') recordConsentIfChanged(db, local as unknown as StakeholderRow, values as unknown as StakeholderRow, 'imported');
            replaced.push({ entityType: spec.entity!, id: String(values.id) });
            updated[spec.name] += 1;
          } else {
            unchanged[spec.name] += 1;
          }
        } else if (
          trash &&
          local.deleted_at === null &&
          values.deleted_at !== null &&
          sameRow(
            columns.filter((column) => column !== 'deleted_at'),
            local,
            values,
          )
        ) {
          trash.run({ id: values.id, deleted_at: values.deleted_at });
          updated[spec.name] += 1;
        } else {
          unchanged[spec.name] += 1;
        }
      }
    }
    yield { done, total };
    if (fill) {
      progress('Indexing for the timeline and search');
      fill.finish();
    }
    done += 1;

    // Trash items: only for rows that are in the trash now; and none left for rows the bundle brought back.
    const entityRow = (type: string, id: string) =>
      db.prepare(`SELECT deleted_at FROM ${TRASH_TABLES[type as TrashKind]} WHERE id = ?`).get(id) as
        | { deleted_at: string | null }
        | undefined;
    const trashColumns = columnsOf('trash_items');
    const insertTrash = db.prepare(`INSERT INTO trash_items (${trashColumns.join(', ')}) VALUES (${trashColumns.map((c) => `@${c}`).join(', ')})`);
    const trashById = db.prepare(`SELECT id FROM trash_items WHERE id = ?`).pluck();
    const trashByEntity = db.prepare(`SELECT id FROM trash_items WHERE entity_type = ? AND entity_id = ?`).pluck();
    for (const row of read.rows('trash_items')) {
      if (++done % ROWS_PER_TICK === 0) yield { done, total };
      const type = String(row.entity_type);
      const id = String(row.entity_id);
      if (withdrawnIds.has(id) || trashById.get(row.id) !== undefined || trashByEntity.get(type, id) !== undefined || entityRow(type, id)?.deleted_at == null) {
        unchanged.trash_items += 1;
        continue;
      }
      insertTrash.run(Object.fromEntries(trashColumns.map((column) => [column, row[column]])));
      created.trash_items += 1;
    }
    const removeTrash = db.prepare(`DELETE FROM trash_items WHERE entity_type = ? AND entity_id = ?`);
    for (const { entityType, id } of replaced) {
      if (entityRow(entityType, id)?.deleted_at === null) updated.trash_items += removeTrash.run(entityType, id).changes;
    }
    // An old bundle must not bring back a person erased here (or by the bundle's own log, above): the erasure log is
    // applied again, in this transaction.
    counts.erasures_applied += reapplyErasureLog(db);
  }
  yield { done: total, total };
}

/**
 * The bundle's log entries this journal does not have yet, written into its log. Where the person is here, their
 * names are hashed with this journal's salt (the bundle's hashes are under another salt and would find nothing).
 */
function addCarriedErasures(db: Db, erasures: readonly CarriedErasure[]): void {
  if (erasures.length === 0 || !erasureRepo.hasTable(db, 'erasure_log')) return;
  const salt = erasureRepo.erasureSalt(db);
  const known = new Set(erasureRepo.listErasureLog(db).map((row) => row.id));
  for (const entry of erasures) {
    if (known.has(entry.id)) continue;
    const person = erasureRepo.getPerson(db, entry.stakeholder_id);
    const local = person && salt && (entry.mode === 'erase' || person.real_name !== '' || person.pseudonym !== entry.label);
    erasureRepo.insertErasureLog(db, {
      ...entry,
      name_hash: local ? primaryHash(salt, person) : entry.name_hash,
      other_hashes: JSON.stringify(local ? otherHashes(salt, person) : entry.other_hashes),
      record_ids: JSON.stringify(entry.record_ids),
    });
  }
}

export function zeroCountsForImport(): ImportCounts {
  return { created: zeroCounts(), updated: zeroCounts(), unchanged: zeroCounts() };
}

export function importResult(db: Db, projectId: string, { created, updated, unchanged }: ImportCounts): ImportResult {
  const title = db.prepare(`SELECT title FROM projects WHERE id = ?`).pluck().get(projectId) as string;
  return { project_id: projectId, title, created, updated, unchanged };
}

function sameRow(columns: string[], local: Row, incoming: Row): boolean {
  return columns.every((column) => local[column] === incoming[column]);
}

export { BUNDLE_TABLES };
