/**
 * Search rows by kind of query (issue 14.1: ≤ 20 ms p95 for any query, the commonest words and stemmed queries
 * included). run.ts's own `search` row mixes twelve queries; these rows keep apart what costs differently: the
 * commonest words (ranked among their newest matches, db/repositories/search.ts RANK_BOUND), rare words (exact
 * bm25 over every match), quoted phrases, a word being typed (the last word is a prefix) and words found in other
 * forms through their stems. The queries were picked from the large corpus's vocabulary (seed 1); each row's note
 * gives their matches and how many were ranked.
 *
 * Ten queries a row, cycled: the search remembers its last eight rankings until the next write, so a row of fewer
 * queries would time remembered rankings after its first round.
 */
import { searchEvents } from '../../db/repositories/search.js';
import { formatNumber } from '../stats.js';
import type { ApiCase, RowSource } from './source.js';

const SEARCH_TARGET_MS = 20;

interface QueryClass {
  key: string;
  name: string;
  queries: readonly string[];
}

export const SEARCH_CLASSES: readonly QueryClass[] = [
  {
    key: 'search-common',
    name: 'Search, the commonest words (62,000–171,000 matches; ranked among the newest)',
    queries: ['the', 'på', 'for', 'over', 'var', 'om', 'ved', 'borgermøde', 'biblioteket', 'næste'],
  },
  {
    key: 'search-rare',
    name: 'Search, rare words (under the bound: exact bm25 over every match)',
    queries: ['trivselscafé', 'fællesøkonomi', 'beskæftigelseshus', 'frivilligklub', 'fællestur', 'høreapparat', 'sprogcafé', 'sundhedsmøde', 'ensomhed', 'havelodder'],
  },
  {
    key: 'search-phrase',
    name: 'Search, quoted phrases',
    queries: ['"ældre dame"', '"community garden"', '"bus stop"', '"næste borgermøde"', '"borgermøde i"', '"at the"', '"på biblioteket"', '"i dag"', '"the volunteers"', '"kommunens plan"'],
  },
  {
    key: 'search-prefix',
    name: 'Search as you type: a word begun (2–7 letters, a prefix)',
    queries: ['bo', 'fæl', 'bibl', 'frivil', 'borgerm', 'ha', 'sun', 'trivs', 'kom', 'meet'],
  },
  {
    key: 'search-stemmed',
    name: 'Search, words also found in other forms (stems)',
    queries: ['borgeren', 'mødet', 'frivillig', 'møderne', 'meetings', 'planer', 'samtalen', 'børnene', 'kommunen', 'haven'],
  },
];

export const searchRows: RowSource = {
  keys: ['search', ...SEARCH_CLASSES.map((kind) => kind.key)],
  rows: async (context) => {
    const rows = [];
    for (const kind of SEARCH_CLASSES) {
      if (!context.wanted(kind.key) && !context.wanted('search')) continue;
      const spec: ApiCase = {
        key: kind.key,
        group: 'search',
        name: kind.name,
        channel: 'search:query',
        iterations: { small: kind.queries.length * 2, large: kind.queries.length * 5 },
        limitMs: SEARCH_TARGET_MS,
        query: true,
        input: (i) => ({ project_id: context.projectId, query: kind.queries[i % kind.queries.length]!, limit: 50 }),
        label: (input) => (input as { query: string }).query,
      };
      context.log(`Measuring: ${spec.name} …`);
      const row = await context.measureApi(spec);
      // Untimed, after the timing: how many each query matches and how many of them were ranked.
      const counts = kind.queries.map((query) => {
        const result = searchEvents(context.api, { projectId: context.projectId, query, limit: 1, tuning: { remember: false } });
        return `“${query}” ${formatNumber(result.total)}${result.ranked_among !== null ? ` (ranked ${formatNumber(result.ranked_among)})` : ''}`;
      });
      rows.push({ ...row, note: [row.note, `matches: ${counts.join(', ')}`].filter(Boolean).join('; ') });
    }
    return rows;
  },
};
