import type { Db } from '../../../db/connection.js';
import type { Channel, Output, ParsedInput } from '../contract.js';
import { appInfo } from './app.js';
import { createProject, getProject, listProjects, updateProject } from './projects.js';

export type Handler<C extends Channel> = (db: Db, input: ParsedInput<C>) => Output<C> | Promise<Output<C>>;
export type Handlers = { [C in Channel]: Handler<C> };

/** One plain function per channel; the type makes a missing handler a compile error. */
export const handlers: Handlers = {
  'app:info': appInfo,
  'projects:list': listProjects,
  'projects:get': getProject,
  'projects:create': createProject,
  'projects:update': updateProject,
};
