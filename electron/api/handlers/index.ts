import type { Db } from '../../../db/connection.js';
import type { JobContext } from '../../jobs/jobs.js';
import type { Channel, Output, ParsedInput } from '../contract.js';
import { appHandlers } from './app.js';
import { backupHandlers } from './backups.js';
import { consentHandlers } from './consent.js';
import { cycleHandlers } from './cycles.js';
import { demoHandlers } from './demo.js';
import { dialogueHandlers } from './dialogues.js';
import { draftHandlers } from './drafts.js';
import { erasureHandlers } from './erasure.js';
import { exchangeHandlers } from './exchange.js';
import { exportHandlers } from './exports.js';
import { historyHandlers } from './history.js';
import { journalKeyHandlers } from './journal-keys.js';
import { jobHandlers } from './jobs.js';
import { linkHandlers } from './links.js';
import { noteHandlers } from './notes.js';
import { projectHandlers } from './projects.js';
import { reflectionHandlers } from './reflections.js';
import { searchHandlers } from './search.js';
import { stakeholderHandlers } from './stakeholders.js';
import { teamHandlers } from './team.js';
import { timelineHandlers } from './timeline.js';

export type Handler<C extends Channel> = (db: Db, input: ParsedInput<C>, context?: JobContext) => Output<C> | Promise<Output<C>>;
export type Handlers = { [C in Channel]: Handler<C> };

/** One plain function per channel; the type makes a missing handler a compile error. */
export const handlers: Handlers = {
  ...appHandlers,
  ...projectHandlers,
  ...historyHandlers,
  ...backupHandlers,
  ...journalKeyHandlers,
  ...cycleHandlers,
  ...noteHandlers,
  ...stakeholderHandlers,
  ...consentHandlers,
  ...erasureHandlers,
  ...dialogueHandlers,
  ...reflectionHandlers,
  ...linkHandlers,
  ...demoHandlers,
  ...exchangeHandlers,
  ...exportHandlers,
  ...searchHandlers,
  ...timelineHandlers,
  ...jobHandlers,
  ...draftHandlers,
  ...teamHandlers,
};
