import type { Messages } from '../en/index';
import { backups } from './backups';
import { core } from './core';
import { cycles } from './cycles';
import { dialogues } from './dialogues';
import { history } from './history';
import { notes } from './notes';
import { reflections } from './reflections';
import { stakeholders } from './stakeholders';

/** Dansk brugerflade. */
export const da: Messages = { ...core, cycles, notes, stakeholders, dialogues, reflections, history, backups };
