import { labelsFor, phaseIsEmpty } from './labels.js';
import type { ReportCycle, ReportEvidence, ReportModel, ReportPhase, ReportReflection } from './model.js';
import { joinLines, joinLinesToUtf8 } from './pieces.js';
import { markdownForReport } from './sanitize.js';
import { formatMonth } from './text.js';

/** Plain text as Markdown text: tag-like `<` escaped, and a line never starts a heading, quote or list by accident. */
function mdText(text: string): string {
  return text
    .replace(/<(?=[A-Za-z/!?])/g, '&lt;')
    .split('\n')
    .map((line) => line.replace(/^(\s*)([#>+\-*]|\d+[.)])(?=\s|$)/, '$1\\$2'))
    .join('\n');
}

function inline(text: string): string {
  return mdText(text).replace(/\s*\n\s*/g, ' ');
}

function cell(text: string): string {
  return inline(text).replace(/\|/g, '\\|') || ' ';
}

/** The report as clean, readable Markdown: headings per cycle and phase, evidence as `>` quotes. */
export function renderMarkdownReport(model: ReportModel): string {
  return joinLines((write) => writeMarkdownReport(model, write));
}

/** The same bytes as Buffer.from(renderMarkdownReport(model)), without holding the whole string (see pieces.ts). */
export function renderMarkdownReportBuffer(model: ReportModel, chunkChars?: number): Buffer {
  return joinLinesToUtf8((write) => writeMarkdownReport(model, write), chunkChars);
}

function writeMarkdownReport(model: ReportModel, write: (line: string) => void): void {
  const l = labelsFor(model);
  const { t } = l;
  const push = (...lines: string[]) => {
    for (const line of lines) write(line);
  };

  push(`# ${inline(model.title)}`, '', `*${t('reportSubtitle')}*`, '');
  if (model.fictional) push(`*${t('fictional')}*`, '');
  if (model.concern) push(`**${t('researchQuestion')}:** ${inline(model.concern)}`, '');
  if (model.setting) push(`**${t('setting')}:** ${inline(model.setting)}`, '');
  if (model.started_on) push(`**${t('startedOn')}:** ${l.day(model.started_on)}`, '');
  push(`**${t('scope')}:** ${inline(model.scope_label)}`, '');
  push(`**${t('generated')}:** ${l.day(model.generated_at)}`, '');
  push(`**${t('privacy')}:** ${l.privacy()} — ${l.privacyNote()}`, '');

  push(`## ${t('introduction')}`, '', t('introBody'), '');
  push(`### ${t('modesHeading')}`, '');
  push(`- **${t('modeWithness')}**: ${t('modeWithnessExplained')}`, `- **${t('modeAboutness')}**: ${t('modeAboutnessExplained')}`, '');

  if (model.cycles.length === 0 && model.outside.length === 0) push(`*${t('emptyReport')}*`, '');

  const evidence = (item: ReportEvidence) => {
    if (item.missing) {
      push(`> *${t(item.withdrawn ? 'withdrawnEvidence' : 'missingEvidence')}*`, '');
    } else {
      const lines = item.quote.split('\n');
      if (item.speaker) lines[0] = `**${inline(item.speaker)}:** ${mdText(lines[0] ?? '')}`;
      else lines[0] = mdText(lines[0] ?? '');
      const quoted = lines.map((line, index) => (index === 0 ? line : mdText(line)));
      push(...quoted.flatMap((line, index) => (index === 0 ? [`> ${line}`] : ['>', `> ${line}`])));
      push('>', `> — *${inline(l.evidenceLabel(item))}*`, '');
    }
    if (item.comment) push(`${t('comment')}: ${inline(item.comment)}`, '');
  };

  const reflection = (item: ReportReflection) => {
    push(`##### ${inline(l.reflectionTitle(item))}`, '', `*${l.reflectionMeta(item)}*`, '');
    if (item.body.trim()) push(markdownForReport(item.body, 6), '');
    push(`**${t('evidence')}:**`, '');
    if (item.evidence.length === 0) push(`*${t('noEvidence')}*`, '');
    for (const piece of item.evidence) evidence(piece);
  };

  const phase = (block: ReportPhase) => {
    push(`### ${l.phaseHeading(block)}`, '');
    if (phaseIsEmpty(block)) {
      push(`*${t('emptyPhase')}*`, '');
      return;
    }
    for (const entry of block.entries) {
      const by = entry.author ? `, ${t('entryBy', { author: inline(entry.author) })}` : '';
      push(`*${l.day(entry.occurred_at)}${by}*`, '', markdownForReport(entry.body, 4), '');
    }
    if (block.reflections.length > 0) {
      push(`#### ${t('reflections')}`, '');
      for (const item of block.reflections) reflection(item);
    }
    if (block.notes.length + block.dialogues.length > 0) {
      push(`#### ${t('notesAndDialogues')}`, '');
      for (const note of block.notes) {
        push(`- **${t('event_field_note')}:** ${inline(l.noteLine(note))}`);
        if (note.excerpt) push(`  ${inline(note.excerpt)}`);
      }
      if (block.more_notes > 0) push(`- *${t('andMoreNotes', { count: block.more_notes })}*`);
      for (const dialogue of block.dialogues) {
        push(`- **${t('event_dialogue')}:** ${inline(l.dialogueLine(dialogue))}`);
        if (dialogue.summary) push(`  ${inline(dialogue.summary)}`);
        if (dialogue.decisions) push(`  *${t('decisions')}:* ${inline(dialogue.decisions)}`);
        if (dialogue.follow_ups) push(`  *${t('followUps')}:* ${inline(dialogue.follow_ups)}`);
      }
      if (block.more_dialogues > 0) push(`- *${t('andMoreDialogues', { count: block.more_dialogues })}*`);
      push('');
    }
  };

  const cycle = (item: ReportCycle) => {
    push(`## ${inline(l.cycleHeading(item))}`, '', `*${l.cycleMeta(item)}*`, '');
    if (item.focus) push(`**${t('focus')}:** ${inline(item.focus)}`, '');
    for (const block of item.phases) phase(block);
    for (const child of item.children) cycle(child);
  };

  for (const item of model.cycles) cycle(item);
  if (model.outside.length > 0) {
    push(`## ${t('outsideCycles')}`, '', t('outsideCyclesIntro'), '');
    for (const block of model.outside) phase(block);
  }

  push(`## ${t('appendix')}`, '', t('appendixIntro'), '');
  if (model.stakeholders.length === 0) push(`*${t('appendixEmpty')}*`, '');
  const realNames = !model.pseudonymised;
  for (const group of model.stakeholders) {
    push(`### ${l.sector(group.sector)}`, '');
    const header = [t('pseudonym'), ...(realNames ? [t('realName')] : []), t('organisation'), t('role')];
    push(`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`);
    for (const person of group.people) {
      const cells = [person.name, ...(realNames ? [person.real_name ?? ''] : []), person.organisation, person.role];
      push(`| ${cells.map(cell).join(' | ')} |`);
    }
    push('');
  }

  push(`## ${t('timeline')}`, '', t('timelineIntro'), '');
  if (model.timeline.length === 0) push(`*${t('timelineEmpty')}*`, '');
  else {
    const header = [t('month'), t('cycles'), t('fieldNotes'), t('dialogues'), t('reflections'), t('happened')];
    push(`| ${header.join(' | ')} |`, `| --- | --- | ---: | ---: | ---: | --- |`);
    for (const month of model.timeline) {
      const happened = [...month.highlights, ...(month.more_highlights > 0 ? [t('andMore', { count: month.more_highlights })] : [])].join('; ');
      push(
        `| ${[formatMonth(month.month, model.language), month.cycles.join(', '), String(month.field_notes), String(month.dialogues), String(month.reflections), happened]
          .map(cell)
          .join(' | ')} |`,
      );
    }
    push('');
  }
  push('---', '', `*${t('footer', { date: l.day(model.generated_at) })}*`, '');
}
