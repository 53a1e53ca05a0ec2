/**
 * The sync engine as the Team screen, the scheduler and the command line use it (electron/team/sync*.ts, by the
 * sync-engine engineer, per the team-sync design). One place to adapt should its signatures move.
 */
export {
  authorsOf,
  joinInquiry,
  linkProject,
  listConflicts,
  listMembers,
  resolveConflict,
  syncProject,
  teamStatus,
  unlinkProject,
} from './sync.js';
export type { ServerOptions, SyncOptions, SyncResult } from './sync.js';
