import type { Command } from '../command.js';
import { backupCommand, checkCommand, restoreCommand } from './backup.js';
import { consentCommand } from './consent.js';
import { demoCommand } from './demo.js';
import { eraseCommand, subjectAccessCommand } from './erasure.js';
import { exportCommand } from './export.js';
import { generateCommand } from './generate.js';
import { importCommand } from './import.js';
import { encryptCommand, recoveryKeyCommand, rekeyCommand, unlockCheckCommand } from './journal-keys.js';
import { withKeyFileOption } from '../journal-key.js';
import { searchCommand } from './search.js';
import { serverCommand } from './server.js';
import { syncCommand } from './sync.js';

/**
 * Every `withness` subcommand, in the order `help` lists them. Add a command by writing its module
 * in this folder and listing it here (search, export, import, backup, restore, check and generate to come).
 */
export const commands: readonly Command[] = [demoCommand, backupCommand, restoreCommand, checkCommand, encryptCommand, rekeyCommand, recoveryKeyCommand, unlockCheckCommand, searchCommand, exportCommand, importCommand, consentCommand, eraseCommand, subjectAccessCommand, syncCommand, generateCommand, serverCommand].map(withKeyFileOption);

export function findCommand(name: string): Command | undefined {
  return commands.find((command) => command.name === name);
}
