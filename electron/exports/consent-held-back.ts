import type { Db } from '../../db/connection.js';
import { createConsentFilter, loadConsentSources, type HeldBackEntry } from './consent-filter.js';

/**
 * What a whole-inquiry .qdpx or review page holds back because of consent, counted in SQL instead of by building the
 * file: the export screen asks for both each time it opens, and on a large inquiry building a .qdpx (every source as
 * XML, zipped) just to count would keep the screen waiting. The counts follow the builders' own rules exactly
 * (test/exports/consent-held-back.test.ts compares them with what buildQdpx and buildReviewPage report):
 * - turns: every live turn of a live dialogue whose speaker may not be quoted (both formats hold every turn);
 * - passages: live prompt links with an excerpt on such a turn, from a live reflection; the .qdpx also counts coded
 *   passages (live code applications with an excerpt, of a live code) on such turns.
 */
export function heldBackInInquiry(db: Db, projectId: string, kind: 'qdpx' | 'review_page'): HeldBackEntry[] {
  return db.transaction((): HeldBackEntry[] => {
    const filter = createConsentFilter(loadConsentSources(db, projectId));
    const liveTurns = `SELECT t.id, t.speaker_id FROM dialogue_turns t JOIN dialogues d ON d.id = t.dialogue_id
      WHERE t.project_id = ? AND t.deleted_at IS NULL AND d.deleted_at IS NULL AND t.speaker_id IS NOT NULL`;
    const turns = db.prepare(liveTurns).all(projectId) as { id: string; speaker_id: string }[];
    const held = new Map<string, string>();
    for (const turn of turns) {
      if (filter.mayQuote(turn.speaker_id)) continue;
      held.set(turn.id, turn.speaker_id);
      filter.holdTurn(turn.id, turn.speaker_id);
    }
    if (held.size === 0) return [];
    const passages = (sql: string) => {
      for (const row of db.prepare(sql).all(projectId) as { id: string; target_id: string }[]) {
        const speaker = held.get(row.target_id);
        if (speaker) filter.holdPassage(row.id, speaker);
      }
    };
    passages(
      `SELECT l.id, l.target_id FROM prompt_links l JOIN reflections r ON r.id = l.reflection_id
       WHERE l.project_id = ? AND l.deleted_at IS NULL AND r.deleted_at IS NULL AND l.target_type = 'turn' AND l.excerpt_text IS NOT NULL`,
    );
    if (kind === 'qdpx') {
      passages(
        `SELECT a.id, a.target_id FROM code_applications a JOIN codes c ON c.id = a.code_id
         WHERE a.project_id = ? AND a.deleted_at IS NULL AND c.deleted_at IS NULL AND a.target_type = 'turn' AND a.excerpt_text IS NOT NULL`,
      );
    }
    return filter.heldBack();
  })();
}
