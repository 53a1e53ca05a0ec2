import type { Db } from '../../../db/connection.js';
import * as projects from '../../../db/repositories/projects.js';
import type { ParsedInput, Output } from '../contract.js';
import { notFound } from '../result.js';

export function listProjects(db: Db): Output<'projects:list'> {
  return projects.listProjects(db);
}

export function getProject(db: Db, input: ParsedInput<'projects:get'>): Output<'projects:get'> {
  const project = projects.getProject(db, input.id);
  if (!project || project.deleted_at) throw notFound('project', input.id);
  return project;
}

export function createProject(db: Db, input: ParsedInput<'projects:create'>): Output<'projects:create'> {
  return projects.createProject(db, input);
}

export function updateProject(db: Db, input: ParsedInput<'projects:update'>): Output<'projects:update'> {
  const { id, ...changes } = input;
  const updated = projects.updateProject(db, id, changes);
  if (!updated || updated.deleted_at) throw notFound('project', id);
  return updated;
}
