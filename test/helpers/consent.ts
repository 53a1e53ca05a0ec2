import type { Db } from '../../db/connection.js';
import { listStakeholders, updateStakeholder } from '../../db/repositories/stakeholders.js';

/**
 * Records that everyone in the inquiry may be quoted (given + quote), through the repository like a researcher would.
 * For export tests about other things (pseudonymisation, layout, passages) that need every turn's words in the file:
 * since issue 11, a person without that consent is held back (test/exports/consent-exports.test.ts covers that).
 */
export function consentToQuoteForAll(db: Db, projectId: string): void {
  for (const person of listStakeholders(db, projectId)) updateStakeholder(db, person.id, { consent_status: 'given', consent_use: 'quote' });
}
