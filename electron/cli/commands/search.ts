import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Db } from '../../../db/connection.js';
import { cycleNumber, getCycle } from '../../../db/repositories/cycles.js';
import { EVENT_TYPES, type EventType } from '../../../db/repositories/events.js';
import { getProject } from '../../../db/repositories/projects.js';
import { searchEvents, type SearchHit } from '../../../db/repositories/search.js';
import { callOrThrow } from '../../api/dispatch.js';
import { MAX_QUERY_LENGTH } from '../../api/channels/search.js';
import { CliError, UsageError, withJournal, type Command } from '../command.js';

const TYPE_NAMES: Record<EventType, string> = {
  field_note: 'Field note',
  dialogue: 'Dialogue',
  turn: 'Turn',
  phase_entry: 'Phase entry',
  reflection: 'Reflection',
};

/**
 * Marks around matched words in printed snippets. Not » «: Danish text quotes with »…«, so a match inside a
 * quotation would read as »»ord« …«. Square brackets seldom occur in field notes and read clearly.
 */
export const MARK_START = '[';
export const MARK_END = ']';

function localDate(iso: string): string {
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** One line of plain text: white space (new lines too) folded to single spaces. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function parseLimit(value: unknown): number {
  if (value === undefined) return 20;
  const text = String(value);
  const limit = Number(text);
  if (!/^\d+$/.test(text) || limit < 1 || limit > 100) throw new UsageError('--limit must be a whole number from 1 to 100.');
  return limit;
}

function parseTypes(value: unknown): EventType[] | undefined {
  if (value === undefined) return undefined;
  const types = (value as string[]).flatMap((entry) => entry.split(',')).map((entry) => entry.trim()).filter(Boolean);
  for (const type of types) {
    if (!(EVENT_TYPES as readonly string[]).includes(type)) throw new UsageError(`--type must be one of ${EVENT_TYPES.join(', ')} (not "${type}").`);
  }
  return types as EventType[];
}

function describeHit(db: Db, hit: SearchHit, withProject: boolean): string[] {
  const facts = [TYPE_NAMES[hit.type], localDate(hit.occurred_at)];
  if (hit.cycle_id) {
    const cycle = getCycle(db, hit.cycle_id);
    if (cycle && !cycle.deleted_at) facts.push(`cycle ${cycleNumber(db, cycle)}`);
  }
  if (hit.phase) facts.push(hit.phase);
  const snippet = oneLine(hit.snippet.map((part) => (part.hit ? `${MARK_START}${part.text}${MARK_END}` : part.text)).join(''));
  const lines = [`${String(hit.rank).padStart(3)}. ${facts.join(' · ')}`, `     ${oneLine(hit.label) || TYPE_NAMES[hit.type]}`];
  if (snippet) lines.push(`     ${snippet}`);
  const where = withProject ? `  in “${getProject(db, hit.project_id)?.title ?? hit.project_id}”` : '';
  lines.push(`     ${hit.type} ${hit.id}${hit.type === 'turn' && hit.dialogue_id ? ` (dialogue ${hit.dialogue_id})` : ''}${where}`);
  return lines;
}

/** `withness search --db FILE [--project ID] [--limit N] [--type TYPE] "query"` */
export const searchCommand: Command = {
  name: 'search',
  summary: 'Search the journal: ranked results with the matching words marked',
  description:
    'Searches field notes, dialogues, turns, phase entries and reflections (full text, title words weigh more). Every word must ' +
    `occur; the last one may be the start of a word; "words in quotes" must stand together. Matches are marked ${MARK_START}like this${MARK_END}. ` +
    'Without --project, every inquiry in the journal is searched. Nothing is written to the journal.',
  options: {
    db: { type: 'string', value: 'FILE', required: true, description: 'The journal file to search' },
    project: { type: 'string', value: 'ID', description: 'Only this inquiry (its id); every inquiry when left out' },
    limit: { type: 'string', value: 'N', description: 'At most N results (1–100, default 20)' },
    type: { type: 'string', value: 'TYPE', multiple: true, description: `Only these kinds of event (${EVENT_TYPES.join(', ')}); repeat or separate with commas` },
    json: { type: 'boolean', description: 'Print the results as JSON' },
  },
  positionals: { name: 'QUERY', min: 1, max: 1 },
  async run({ values, positionals, io }) {
    const query = positionals[0]!;
    if (query.length > MAX_QUERY_LENGTH) throw new UsageError(`the query is longer than ${MAX_QUERY_LENGTH} characters; search for a few words.`);
    const limit = parseLimit(values.limit);
    const types = parseTypes(values.type);
    const file = resolve(values.db as string);
    if (!existsSync(file)) throw new CliError(`There is no journal at ${file}.`);
    return withJournal(file, async (db) => {
      const projectId = values.project as string | undefined;
      let scope = 'every inquiry';
      let result;
      if (projectId !== undefined) {
        // Through the API, so the project id is checked like everywhere else.
        result = await callOrThrow(db, 'search:query', { project_id: projectId, query, limit, filters: types ? { types } : undefined });
        scope = `“${getProject(db, projectId)?.title ?? projectId}”`;
      } else {
        result = searchEvents(db, { query, limit, filters: types ? { types } : undefined });
      }
      if (result.nothing_to_search) {
        throw new UsageError(`"${oneLine(query).slice(0, 80)}" holds no word to search for; punctuation and search operators are ignored.`);
      }
      if (values.json) {
        io.out(
          `${JSON.stringify({ query, total: result.total, ranked_among: result.ranked_among, hits: result.hits.map(({ text: _text, ...hit }) => hit) }, null, 2)}\n`,
        );
        return 0;
      }
      if (result.total === 0) {
        io.out(`No results for “${oneLine(query)}” in ${scope}.\n`);
        return 0;
      }
      const shown = result.hits.length < result.total ? `, showing the first ${result.hits.length}` : '';
      const lines = [`${result.total} result${result.total === 1 ? '' : 's'} for “${oneLine(query)}” in ${scope}${shown}:`, ''];
      if (result.ranked_among !== null) {
        lines.splice(1, 0, `Ranked among the newest ${result.ranked_among} of ${result.total} matches; add a word to rank them all.`);
      }
      for (const hit of result.hits) lines.push(...describeHit(db, hit, projectId === undefined), '');
      io.out(`${lines.join('\n')}`);
      return 0;
    });
  },
};
