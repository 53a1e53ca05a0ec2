import type { DialogueSummary, NoteSummary, ReportCycle, ReportEvidence, ReportModel, ReportPhase, ReportReflection } from './model.js';
import { formatDay, formatDayShort, reportText, type Translate } from './text.js';

/** The words every format shares, so Markdown, HTML, PDF and Word say the same thing. */
export function labelsFor(model: ReportModel) {
  const t: Translate = reportText(model.language);
  const day = (iso: string) => formatDay(iso, model.language);
  const short = (iso: string) => formatDayShort(iso, model.language);

  return {
    t,
    day,
    short,
    cycleHeading: (cycle: ReportCycle) => `${t('cycle', { number: cycle.number })}${cycle.title ? `: ${cycle.title}` : ''}`,
    cycleMeta(cycle: ReportCycle): string {
      const parts = [t(`cycleStatus_${cycle.status}`)];
      if (cycle.started_on) parts.push(`${short(cycle.started_on)} – ${cycle.ended_on ? short(cycle.ended_on) : ''}`.trim());
      return parts.join(' · ');
    },
    phaseHeading: (phase: ReportPhase) => (phase.phase ? t(`phase_${phase.phase}`) : t('phase_none')),
    reflectionTitle: (reflection: ReportReflection) => reflection.title || t('reflectionUntitled'),
    reflectionMeta: (reflection: ReportReflection) =>
      `${reflection.mode === 'withness' ? t('modeWithness') : t('modeAboutness')} · ${t('written')} ${day(reflection.written_at)}`,
    /** "Field note “Title” · 16 September 2025 · Cycle 1 · Act · passage" */
    evidenceLabel(evidence: ReportEvidence): string {
      if (evidence.missing || !evidence.type) return t(evidence.withdrawn ? 'withdrawnEvidence' : 'missingEvidence');
      const what =
        evidence.type === 'turn'
          ? `${t('event_turn')} ${t('turnIn', { title: evidence.title })}`
          : `${t(`event_${evidence.type}`)}${evidence.title ? ` “${evidence.title}”` : ''}`;
      const parts = [what];
      if (evidence.occurred_at) parts.push(day(evidence.occurred_at));
      if (evidence.cycle_number) parts.push(t('cycle', { number: evidence.cycle_number }));
      if (evidence.phase) parts.push(t(`phase_${evidence.phase}`));
      parts.push(evidence.passage ? t('passage') : t('wholeEvent'));
      if (!evidence.in_scope) parts.push(t('outOfScope'));
      return parts.join(' · ');
    },
    noteLine(note: NoteSummary): string {
      const parts = [short(note.occurred_at), note.title || t('untitled')];
      if (note.place) parts.push(t('at', { place: note.place }));
      if (note.stakeholders.length > 0) parts.push(t('with', { names: note.stakeholders.join(', ') }));
      return parts.join(' · ');
    },
    dialogueLine(dialogue: DialogueSummary): string {
      const parts = [short(dialogue.occurred_at), t(`kind_${dialogue.kind}` as 'kind_meeting')];
      if (dialogue.title) parts.push(dialogue.title);
      if (dialogue.place) parts.push(t('at', { place: dialogue.place }));
      if (dialogue.participants.length > 0) parts.push(t('with', { names: dialogue.participants.join(', ') }));
      parts.push(t(dialogue.turns === 1 ? 'turns_one' : 'turns_other', { count: dialogue.turns }));
      return parts.join(' · ');
    },
    privacy: () => (model.pseudonymised ? t('pseudonymised') : t('realNames')),
    privacyNote: () =>
      [model.pseudonymised ? t('pseudonymisedNote') : t('realNamesNote'), model.held_back.length > 0 ? t('consentNote') : ''].filter(Boolean).join(' '),
    sector: (sector: string) => t(`sector_${sector}` as 'sector_other'),
  };
}

export type Labels = ReturnType<typeof labelsFor>;

/** Whether a phase has anything to show. */
export function phaseIsEmpty(phase: ReportPhase): boolean {
  return phase.entries.length + phase.reflections.length + phase.notes.length + phase.dialogues.length === 0;
}
