import { callOrThrow } from '../../api/dispatch.js';
import { withJournal, type Command } from '../command.js';

const LABELS: Record<string, string> = {
  cycles: 'cycles',
  phase_entries: 'phase entries',
  field_notes: 'field notes',
  stakeholders: 'stakeholders',
  dialogues: 'dialogues',
  turns: 'dialogue turns',
  reflections: 'reflections',
  prompt_links: 'prompt links',
  codes: 'codes',
  code_applications: 'code applications',
  team_members: 'team members',
};

/** `withness demo --db FILE`: writes the fictional example inquiry into a journal. */
export const demoCommand: Command = {
  name: 'demo',
  summary: 'Create the fictional example inquiry (Egeby Kommune) in a journal file',
  description:
    'Writes a complete, clearly fictional example inquiry into the journal: three cycles, field notes, stakeholders, ' +
    'dialogues with turns, a code book and reflections linked to their evidence. The file is created if it does not exist. ' +
    'If the example is already in the journal, nothing is written.',
  options: {
    db: { type: 'string', value: 'FILE', required: true, description: 'The journal file to write to; created if missing' },
    json: { type: 'boolean', description: 'Print the result as JSON' },
  },
  async run({ values, io }) {
    return withJournal(values.db as string, async (db, path) => {
      const project = await callOrThrow(db, 'demo:create', {});
      const { counts } = await callOrThrow(db, 'demo:summary', { project_id: project.id });
      if (values.json) {
        io.out(`${JSON.stringify({ file: path, project, counts }, null, 2)}\n`);
        return 0;
      }
      const width = Math.max(...Object.values(LABELS).map((label) => label.length)) + 2;
      const lines = [
        `Created the fictional example inquiry “${project.title}”`,
        `in ${path}`,
        '',
        `  ${'project id'.padEnd(width)}${project.id}`,
        ...Object.entries(LABELS).map(([kind, label]) => `  ${label.padEnd(width)}${counts[kind as keyof typeof counts]}`),
        '',
        `Open it in Withness, or in a browser with: npm run serve -- --db "${path}"`,
      ];
      io.out(`${lines.join('\n')}\n`);
      return 0;
    });
  },
};
