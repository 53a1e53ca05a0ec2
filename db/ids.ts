import { v7 as uuidv7 } from 'uuid';

/** UUIDv7: sortable by creation time, and a valid GUID for REFI-QDA. */
export function newId(): string {
  return uuidv7();
}

export function nowIso(): string {
  return new Date().toISOString();
}
