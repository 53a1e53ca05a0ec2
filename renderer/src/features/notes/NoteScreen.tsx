import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import type { Output } from '../../../../electron/api/contract';
import { ApiCallError } from '../../api/client';
import { useClient } from '../../api/ClientContext';
import { useQuery } from '../../api/useQuery';
import { DeleteButton } from '../../components/DeleteButton';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Markdown } from '../../components/Markdown';
import { SaveStatus } from '../../components/SaveStatus';
import { discardDraft, useAutosave } from '../../components/useAutosave';
import { DraftOffer, useDraftOffer } from '../../components/DraftOffer';
import { formatDateTime } from '../../format';
import { HistoryPanel, RestoreNotice, type RestoreResult } from '../history/HistoryPanel';
import { revealInTextarea, type TextMatch } from '../events/openAtMatch';
import { Backlinks, useCitationCount } from '../reflections/Backlinks';
import { AttachmentsPanel } from './AttachmentsPanel';
import { PhaseSelect } from '../../components/PhaseSelect';
import { CycleSelect, type Cycle, type PhaseName } from './CycleAndPhase';
import { announceNotesChanged, fromLocalInput, plainFirstLine, toLocalInput } from './noteHelpers';
import { StakeholderPicker } from './StakeholderPicker';
import { TagPicker, type Code } from './TagPicker';
import './notes.css';
import { WrittenBy } from '../team/WrittenBy';

type Note = Output<'notes:get'>;
type Stakeholder = Output<'stakeholders:list'>[number];

/** What the editor autosaves: every field of the note, time as the datetime-local value (local time). */
interface NoteForm {
  title: string;
  body: string;
  place: string;
  occurred_local: string;
  cycle_id: string | null;
  phase: PhaseName | null;
  stakeholder_ids: string[];
  code_ids: string[];
}

function formOf(note: Note): NoteForm {
  return {
    title: note.title,
    body: note.body,
    place: note.place,
    occurred_local: toLocalInput(note.occurred_at),
    cycle_id: note.cycle_id,
    phase: note.phase,
    stakeholder_ids: note.stakeholder_ids,
    code_ids: note.code_ids,
  };
}

/** One field note: a writing-first editor that saves as you type; opened from a search, at the match. */
export function NoteScreen({ projectId, noteId, match }: { projectId: string; noteId: string; match?: TextMatch }) {
  const { t } = useTranslation();
  const client = useClient();
  const [version, setVersion] = useState(0);
  const [restored, setRestored] = useState<RestoreResult>();
  const note = useQuery(() => client.call('notes:get', { id: noteId }), [noteId, version]);
  const cycles = useQuery(() => client.call('cycles:list', { project_id: projectId }), [projectId]);
  const stakeholders = useQuery(() => client.call('stakeholders:list', { project_id: projectId }), [projectId]);
  const codes = useQuery(() => client.call('codes:list', { project_id: projectId }), [projectId]);

  const back = (
    <Link href={`/projects/${projectId}/notes`} className="back-link">
      ← {t('notes.back')}
    </Link>
  );
  if (note.error instanceof ApiCallError && note.error.code === 'not_found') {
    return (
      <div className="note-editor">
        {back}
        <p role="alert">{t('notes.notFound')}</p>
      </div>
    );
  }
  const ready = note.data && note.data.id === noteId && !note.loading && cycles.data && stakeholders.data && codes.data;
  return (
    <div className="note-editor">
      {back}
      <ErrorMessage error={note.error ?? cycles.error ?? stakeholders.error ?? codes.error} />
      <RestoreNotice result={restored} />
      {ready ? (
        <NoteEditor
          // A restored version is a fresh start for the editor: keyed by the revision loaded too, so an editor mounted
          // before the reload answered (still holding the replaced text) is not kept.
          key={`${note.data!.id}:${version}:${note.data!.revision}`}
          projectId={projectId}
          note={note.data!}
          cycles={cycles.data!}
          stakeholders={stakeholders.data!}
          codes={codes.data!}
          onCodesChanged={codes.reload}
          onRestored={(result) => {
            setRestored(result);
            setVersion((value) => value + 1);
          }}
          match={version === 0 ? match : undefined}
        />
      ) : (
        !note.error && <p aria-live="polite">{t('app.loading')}</p>
      )}
    </div>
  );
}

function NoteEditor({
  projectId,
  note,
  cycles,
  stakeholders,
  codes,
  onCodesChanged,
  onRestored,
  match,
}: {
  projectId: string;
  note: Note;
  cycles: Cycle[];
  stakeholders: Stakeholder[];
  codes: Code[];
  onCodesChanged: () => void;
  onRestored: (result: RestoreResult) => void;
  /** A search match in the body (code points): selected and scrolled into view once the editor shows. */
  match?: TextMatch;
}) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const [, setLocation] = useLocation();
  const id = useId();
  const draftKey = `note:${note.id}`;
  const [form, setForm] = useState<NoteForm>(() => formOf(note));
  const [preview, setPreview] = useState(() => localStorage.getItem('withness.notes.preview') === '1');
  const [extraCodes, setExtraCodes] = useState<Code[]>([]);
  // Only a draft written after the note's last save is offered.
  const draft = useDraftOffer(draftKey, formOf(note), { newerThan: note.updated_at });
  const revision = useRef(note.revision);
  const deleted = useRef(false);
  const citedBy = useCitationCount('field_note', note.id);
  const body = useRef<HTMLTextAreaElement>(null);
  const revealed = useRef<string | undefined>(undefined);
  const matchKey = match ? `${match.start}-${match.end}` : undefined;

  // Opened at a search match: select it in the text and bring it into view, once per match.
  useEffect(() => {
    if (!match || !matchKey || revealed.current === matchKey || !body.current) return;
    revealed.current = matchKey;
    revealInTextarea(body.current, match);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per match, not on every edit
  }, [matchKey]);

  const autosave = useAutosave({
    value: form,
    draftKey,
    save: async (value) => {
      if (deleted.current) return;
      const occurred = fromLocalInput(value.occurred_local);
      const saved = await client.call('notes:update', {
        id: note.id,
        expected_revision: revision.current,
        title: value.title,
        body: value.body,
        place: value.place,
        cycle_id: value.cycle_id,
        phase: value.phase,
        stakeholder_ids: value.stakeholder_ids,
        code_ids: value.code_ids,
        ...(occurred ? { occurred_at: occurred } : {}),
      });
      revision.current = saved.revision;
      announceNotesChanged();
    },
  });

  const update = <K extends keyof NoteForm>(key: K, value: NoteForm[K]) => setForm((current) => ({ ...current, [key]: value }));
  const allCodes = [...codes, ...extraCodes.filter((extra) => !codes.some((code) => code.id === extra.id))];
  const label = form.title.trim() || plainFirstLine(form.body.split('\n').find((line) => line.trim()) ?? '') || t('notes.thisNote');

  return (
    <article className="note-editor__article" aria-labelledby={`${id}-heading`}>
      <h1 id={`${id}-heading`} className="visually-hidden">
        {form.title.trim() || t('notes.editorLabel')}
      </h1>
      <div className="note-editor__top">
        <p className="note-editor__recorded">{t('notes.recorded', { when: formatDateTime(note.recorded_at, i18n.language) })}</p>
        <SaveStatus status={autosave.status} error={autosave.error} />
      </div>
      <WrittenBy table="field_notes" id={note.id} version={note.revision} />

      <DraftOffer offer={draft} onUse={setForm} />

      <div className="note-editor__grid">
        <div className="note-editor__writing">
          <label htmlFor={`${id}-title`} className="visually-hidden">
            {t('notes.titleLabel')}
          </label>
          <input
            id={`${id}-title`}
            className="note-editor__title"
            value={form.title}
            maxLength={500}
            placeholder={t('notes.titlePlaceholder')}
            onChange={(event) => update('title', event.target.value)}
            onBlur={() => void autosave.flush()}
          />
          <div className="note-editor__body-head">
            <label htmlFor={`${id}-body`}>{t('notes.bodyLabel')}</label>
            <button
              type="button"
              className="button button--small"
              aria-pressed={preview}
              onClick={() => {
                setPreview(!preview);
                localStorage.setItem('withness.notes.preview', preview ? '0' : '1');
              }}
            >
              {t('notes.showPreview')}
            </button>
          </div>
          <div className={preview ? 'note-editor__panes note-editor__panes--split' : 'note-editor__panes'}>
            <textarea
              ref={body}
              id={`${id}-body`}
              className="note-editor__body"
              value={form.body}
              placeholder={t('notes.bodyPlaceholder')}
              onChange={(event) => update('body', event.target.value)}
              onBlur={() => void autosave.flush()}
              autoFocus={!note.body && !note.title}
            />
            {preview && (
              <section className="note-editor__preview" aria-label={t('notes.previewHeading')}>
                {form.body.trim() ? <Markdown source={form.body} /> : <p className="note-editor__preview-empty">{t('notes.previewEmpty')}</p>}
              </section>
            )}
          </div>
          <AttachmentsPanel noteId={note.id} initial={note.attachments} onChanged={announceNotesChanged} />
        </div>

        <aside className="note-editor__details" aria-labelledby={`${id}-details`}>
          <h2 id={`${id}-details`} className="note-editor__section-heading">
            {t('notes.details')}
          </h2>
          <div className="field">
            <label htmlFor={`${id}-when`}>{t('notes.when')}</label>
            <input id={`${id}-when`} type="datetime-local" value={form.occurred_local} onChange={(event) => update('occurred_local', event.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-place`}>{t('notes.place')}</label>
            <input
              id={`${id}-place`}
              value={form.place}
              maxLength={500}
              placeholder={t('notes.placePlaceholder')}
              onChange={(event) => update('place', event.target.value)}
            />
          </div>
          <div className="note-editor__pair">
            <div className="field">
              <label htmlFor={`${id}-cycle`}>{t('notes.cycle')}</label>
              <CycleSelect id={`${id}-cycle`} cycles={cycles} value={form.cycle_id} onChange={(value) => update('cycle_id', value)} />
            </div>
            <div className="field">
              <label htmlFor={`${id}-phase`}>{t('notes.phase')}</label>
              <PhaseSelect id={`${id}-phase`} value={form.phase} onChange={(value) => update('phase', value)} />
            </div>
          </div>
          <StakeholderPicker stakeholders={stakeholders} value={form.stakeholder_ids} onChange={(value) => update('stakeholder_ids', value)} />
          <TagPicker
            codes={allCodes}
            value={form.code_ids}
            onChange={(value) => update('code_ids', value)}
            onCreate={async (name) => {
              const created = await client.call('codes:create', { project_id: projectId, name });
              setExtraCodes((current) => [...current, created]);
              onCodesChanged();
              return created;
            }}
          />
        </aside>
      </div>

      <footer className="note-editor__footer">
        <HistoryPanel entityType="field_note" id={note.id} field="body" onRestored={onRestored} />
        <Backlinks projectId={projectId} targetType="field_note" targetId={note.id} />
        <DeleteButton
          label={label}
          citedBy={citedBy}
          onDelete={async () => {
            deleted.current = true;
            try {
              await client.call('notes:delete', { id: note.id });
            } catch (failure) {
              deleted.current = false;
              throw failure;
            }
            discardDraft(draftKey);
            announceNotesChanged();
            setLocation(`/projects/${projectId}/notes`);
          }}
        />
      </footer>
    </article>
  );
}
