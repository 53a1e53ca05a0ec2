/**
 * Child process of the crash harness: writes through the real repositories as fast as it can and
 * reports each write on stdout only after the repository call has returned (the write is
 * acknowledged). The parent kills it with SIGKILL at a random moment.
 */
import { writeSync } from 'node:fs';
import { openDatabase } from '../../db/connection.js';
import { createProject, updateProject } from '../../db/repositories/projects.js';
import { trashEntity } from '../../db/repositories/entities.js';

const file = process.argv[2];
if (!file) throw new Error('usage: writer.ts <journal file>');
const db = openDatabase(file);
let counter = 0;

function ack(line: string): void {
  writeSync(1, `${line}\n`);
}

ack('ready');
for (;;) {
  counter += 1;
  const project = createProject(db, { title: `Crash ${process.pid}-${counter}`, concern: 'x'.repeat(counter % 500) });
  ack(`create ${project.id} ${project.title}`);
  const updated = updateProject(db, project.id, { concern: `edited ${counter}` });
  ack(`update ${project.id} ${updated!.revision}`);
  if (counter % 5 === 0) {
    trashEntity(db, 'project', project.id);
    ack(`trash ${project.id}`);
  }
}
