import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { useClient } from '../../api/ClientContext';
import { useQuery } from '../../api/useQuery';
import { ErrorMessage } from '../../components/ErrorMessage';
import { SaveStatus } from '../../components/SaveStatus';
import { discardDraft, readDraft, useAutosave } from '../../components/useAutosave';
import { formatDateTime } from '../../format';
import { cycleName, cycleNumbers } from '../cycles/cycleNames';
import { PhaseSelect } from '../../components/PhaseSelect';
import { CycleSelect, type Cycle, type PhaseName } from './CycleAndPhase';
import { announceNotesChanged, fromLocalInput, isQuickCaptureShortcut, shortcutLabel, toLocalInput } from './noteHelpers';
import './notes.css';

interface CaptureForm {
  /** Set once the note exists; kept in the draft so a recovered draft updates that note instead of making another. */
  note_id: string | null;
  body: string;
  place: string;
  occurred_local: string;
  cycle_id: string | null;
  phase: PhaseName | null;
}

/**
 * Quick capture from anywhere in an inquiry: Ctrl+Alt+N (⌘⌥N on a Mac) or the "Quick note" button opens a
 * small dialog with the text field ready. The note is created with the first keystroke and saved as you type.
 */
export function QuickCapture({ projectId }: { projectId: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [session, setSession] = useState(0);
  const [result, setResult] = useState<{ noteId: string | null } | undefined>();
  const returnFocus = useRef<HTMLElement | null>(null);
  const button = useRef<HTMLButtonElement>(null);

  const show = useCallback(() => {
    if (open) return;
    returnFocus.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setResult(undefined);
    setSession((value) => value + 1);
    setOpen(true);
  }, [open]);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!isQuickCaptureShortcut(event)) return;
      event.preventDefault();
      show();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [show]);

  const close = useCallback((noteId: string | null) => {
    setOpen(false);
    setResult({ noteId });
    const target = returnFocus.current && returnFocus.current.isConnected ? returnFocus.current : button.current;
    // After the dialog is gone, so focus does not land inside it.
    setTimeout(() => target?.focus(), 0);
  }, []);

  return (
    <div className="quick-capture">
      <div className="quick-capture__dock">
        <p className="quick-capture__result" role="status" aria-live="polite">
          {result &&
            (result.noteId ? (
              <>
                {t('notes.quickSaved')}{' '}
                <Link href={`/projects/${projectId}/notes/${result.noteId}`} onClick={() => setResult(undefined)}>
                  {t('notes.quickOpenSaved')}
                </Link>
              </>
            ) : (
              t('notes.quickNothing')
            ))}
        </p>
        <button
          ref={button}
          type="button"
          className="button button--primary quick-capture__button"
          onClick={show}
          aria-keyshortcuts="Control+Alt+N Meta+Alt+N"
          title={t('notes.quickShortcut', { shortcut: shortcutLabel() })}
        >
          <span aria-hidden="true" className="quick-capture__plus">
            +
          </span>{' '}
          {t('notes.quickButton')} <kbd className="quick-capture__kbd">{shortcutLabel()}</kbd>
        </button>
      </div>
      {open && <CaptureDialog key={session} projectId={projectId} onClose={close} />}
    </div>
  );
}

function CaptureDialog({ projectId, onClose }: { projectId: string; onClose: (noteId: string | null) => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const id = useId();
  const dialog = useRef<HTMLDivElement>(null);
  const draftKey = `quick-capture:${projectId}`;
  const [leftover] = useState(() => readDraft<CaptureForm>(draftKey));
  const defaults = useQuery(() => client.call('notes:captureDefaults', { project_id: projectId }), [projectId]);
  const cycles = useQuery(() => client.call('cycles:list', { project_id: projectId }), [projectId]);
  const [form, setForm] = useState<CaptureForm>();

  useEffect(() => {
    if (form || !defaults.data) return;
    setForm({
      note_id: null,
      body: '',
      place: defaults.data.place,
      occurred_local: toLocalInput(new Date().toISOString()),
      cycle_id: defaults.data.cycle_id,
      phase: defaults.data.phase,
    });
  }, [defaults.data, form]);

  // Without defaults (a failed request) the dialog still works, starting from nothing.
  useEffect(() => {
    if (defaults.error && !form) {
      setForm({ note_id: null, body: '', place: '', occurred_local: toLocalInput(new Date().toISOString()), cycle_id: null, phase: null });
    }
  }, [defaults.error, form]);

  function onKeyDown(event: ReactKeyboardEvent<HTMLDivElement>) {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      void closeRef.current();
      return;
    }
    if (event.key !== 'Tab' || !dialog.current) return;
    // Keep focus inside the dialog.
    const focusable = Array.from(
      dialog.current.querySelectorAll<HTMLElement>('a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), summary'),
    ).filter((element) => !element.closest('details:not([open]) > :not(summary)'));
    if (focusable.length === 0) return;
    const first = focusable[0]!;
    const last = focusable[focusable.length - 1]!;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  }

  const closeRef = useRef<() => Promise<void>>(async () => onClose(null));
  const backdrop = useRef<HTMLDivElement>(null);

  // A modal dialog: the page behind it is inert (no focus, no pointer, hidden from assistive technology) while it is open.
  useEffect(() => {
    const host = backdrop.current;
    if (!host) return;
    const made = Array.from(document.body.children).filter((element) => element !== host && !element.hasAttribute('inert'));
    for (const element of made) element.setAttribute('inert', '');
    return () => {
      for (const element of made) element.removeAttribute('inert');
    };
  }, []);

  return createPortal(
    <div className="quick-capture__backdrop" ref={backdrop}>
      <div
        ref={dialog}
        className="quick-capture__dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-hint`}
        onKeyDown={onKeyDown}
      >
        <div className="quick-capture__head">
          <h2 id={`${id}-title`}>{t('notes.quickTitle')}</h2>
          <button type="button" className="button button--small button--quiet" onClick={() => void closeRef.current()}>
            {t('notes.quickClose')}
          </button>
        </div>
        <p id={`${id}-hint`} className="quick-capture__hint">
          {t('notes.quickHint')}
        </p>
        <ErrorMessage error={cycles.error} />
        {form ? (
          <CaptureForm
            projectId={projectId}
            draftKey={draftKey}
            initial={leftover && leftover.value.body.trim() ? leftover.value : form}
            leftoverAt={leftover && leftover.value.body.trim() ? leftover.at : undefined}
            cycles={cycles.data ?? []}
            closeRef={closeRef}
            onClose={onClose}
          />
        ) : (
          <p aria-live="polite">{t('app.loading')}</p>
        )}
      </div>
    </div>,
    document.body,
  );
}

function CaptureForm({
  projectId,
  draftKey,
  initial,
  leftoverAt,
  cycles,
  closeRef,
  onClose,
}: {
  projectId: string;
  draftKey: string;
  initial: CaptureForm;
  leftoverAt: string | undefined;
  cycles: Cycle[];
  closeRef: { current: () => Promise<void> };
  onClose: (noteId: string | null) => void;
}) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const id = useId();
  const [form, setForm] = useState<CaptureForm>(initial);
  const noteId = useRef<string | null>(initial.note_id);
  const [createdId, setCreatedId] = useState<string | null>(initial.note_id);
  const creating = useRef<Promise<string> | undefined>(undefined);
  const failed = useRef(false);

  async function save(value: CaptureForm) {
    try {
      await send(value);
      failed.current = false;
    } catch (failure) {
      failed.current = true;
      throw failure;
    }
  }

  async function send(value: CaptureForm) {
    const occurred = fromLocalInput(value.occurred_local);
    const fields = {
      body: value.body,
      place: value.place,
      cycle_id: value.cycle_id,
      phase: value.phase,
      ...(occurred ? { occurred_at: occurred } : {}),
    };
    if (!noteId.current) {
      if (!value.body.trim()) return;
      const created = await client.call('notes:create', { project_id: projectId, ...fields });
      noteId.current = created.id;
      setCreatedId(created.id);
      setForm((current) => ({ ...current, note_id: created.id }));
    } else {
      await client.call('notes:update', { id: noteId.current, ...fields });
    }
    announceNotesChanged();
  }

  const autosave = useAutosave({ value: form, save, draftKey });

  // The note is made with the first keystroke, not after the usual pause.
  useEffect(() => {
    if (!noteId.current && form.body.trim() && !creating.current) {
      creating.current = autosave.flush().then(() => noteId.current ?? '');
    }
  }, [form.body, autosave]);

  // A recovered draft is saved at once.
  useEffect(() => {
    if (leftoverAt) void autosave.flush();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  closeRef.current = async () => {
    await autosave.flush();
    // Not saved: stay open with the error shown, the text still here and in the local draft.
    if (failed.current) return;
    if (!noteId.current) discardDraft(draftKey);
    onClose(noteId.current);
  };

  const update = <K extends keyof CaptureForm>(key: K, value: CaptureForm[K]) => setForm((current) => ({ ...current, [key]: value }));
  const occurred = fromLocalInput(form.occurred_local);
  const cycle = cycles.find((candidate) => candidate.id === form.cycle_id);
  const summary = [
    occurred ? formatDateTime(occurred, i18n.language) : '',
    form.place,
    cycle ? cycleName(t, cycle, cycleNumbers(cycles)) : '',
    form.phase ? t(`phases.${form.phase}`) : '',
  ]
    .filter(Boolean)
    .join(' · ');

  return (
    <div className="quick-capture__form">
      {leftoverAt && <p className="notice">{t('notes.quickDraft', { when: formatDateTime(leftoverAt, i18n.language) })}</p>}
      <div className="field">
        <label htmlFor={`${id}-body`}>{t('notes.quickBody')}</label>
        <textarea
          id={`${id}-body`}
          className="quick-capture__body"
          value={form.body}
          placeholder={t('notes.quickPlaceholder')}
          autoFocus
          rows={6}
          onChange={(event) => update('body', event.target.value)}
        />
      </div>
      <details className="quick-capture__more">
        <summary>
          {t('notes.quickMore')}
          <span className="quick-capture__summary">{summary}</span>
        </summary>
        <div className="quick-capture__grid">
          <div className="field">
            <label htmlFor={`${id}-when`}>{t('notes.when')}</label>
            <input id={`${id}-when`} type="datetime-local" value={form.occurred_local} onChange={(event) => update('occurred_local', event.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-place`}>{t('notes.place')}</label>
            <input id={`${id}-place`} value={form.place} maxLength={500} onChange={(event) => update('place', event.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-cycle`}>{t('notes.cycle')}</label>
            <CycleSelect id={`${id}-cycle`} cycles={cycles} value={form.cycle_id} onChange={(value) => update('cycle_id', value)} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-phase`}>{t('notes.phase')}</label>
            <PhaseSelect id={`${id}-phase`} value={form.phase} onChange={(value) => update('phase', value)} />
          </div>
        </div>
      </details>
      <div className="quick-capture__foot">
        <SaveStatus status={autosave.status} error={autosave.error} />
        {createdId && (
          <Link
            href={`/projects/${projectId}/notes/${createdId}`}
            onClick={() => {
              void closeRef.current();
            }}
          >
            {t('notes.quickOpenFull')}
          </Link>
        )}
      </div>
    </div>
  );
}
