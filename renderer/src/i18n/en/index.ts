import { backups } from './backups';
import { core } from './core';
import { cycles } from './cycles';
import { dialogues } from './dialogues';
import { history } from './history';
import { notes } from './notes';
import { reflections } from './reflections';
import { stakeholders } from './stakeholders';

/** English UI text. Danish (../da) must have exactly the same keys; test/renderer/i18n.test.ts checks. */
export const en = { ...core, cycles, notes, stakeholders, dialogues, reflections, history, backups };

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type Messages = Widen<typeof en>;
