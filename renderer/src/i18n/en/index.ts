import { api } from './api';
import { backups } from './backups';
import { codes } from './codes';
import { consent } from './consent';
import { core } from './core';
import { exchange } from './exchange';
import { exports } from './exports';
import { cycles } from './cycles';
import { dialogues } from './dialogues';
import { erasure } from './erasure';
import { history } from './history';
import { jobs } from './jobs';
import { journalKeys } from './journalKeys';
import { notes } from './notes';
import { reflections } from './reflections';
import { sealing } from './sealing';
import { search } from './search';
import { stakeholders } from './stakeholders';
import { team } from './team';
import { timeline } from './timeline';

/** English UI text. Danish (../da) must have exactly the same keys; test/renderer/i18n.test.ts checks. */
export const en = { ...core, cycles, notes, stakeholders, consent, dialogues, reflections, history, backups, timeline, search, codes, exports, exchange, erasure, jobs, api, sealing, journalKeys, team };

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type Messages = Widen<typeof en>;
