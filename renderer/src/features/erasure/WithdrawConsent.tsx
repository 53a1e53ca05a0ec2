import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { Output } from '../../../../electron/api/contract';
import { useClient } from '../../api/ClientContext';
import { ErrorMessage } from '../../components/ErrorMessage';
import { downloadFile } from '../exports/download';
import './erasure.css';

type Mode = 'erase' | 'anonymise';

/** What the API says a withdrawal changes; the kinds come in the order the contract lists them. */
type Preview = Output<'erasure:preview'>;
type Result = Output<'erasure:withdraw'>;
type CountKey = keyof Preview['counts'];

/**
 * "Withdraw consent…" on a stakeholder's page: a dialog with the two choices (erase, or keep anonymously) and the
 * exact preview of what each would change (erasure:preview, the same plan the erasure carries out), confirmed by a
 * checkbox and a button; then the outcome, backups included. Keyboard only works throughout: focus moves into the
 * dialog, Tab stays inside it, Escape closes it (not while working), and focus returns to the button.
 */
export function WithdrawConsent({ stakeholderId, name, onDone }: { stakeholderId: string; name: string; onDone: (mode: Mode) => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const close = useCallback(
    (finished?: Mode) => {
      setOpen(false);
      if (finished) onDone(finished);
      else setTimeout(() => button.current?.focus(), 0);
    },
    [onDone],
  );
  return (
    <>
      <button ref={button} type="button" className="button button--danger withdraw__open" aria-haspopup="dialog" onClick={() => setOpen(true)}>
        {t('erasure.withdrawButton')}
      </button>
      {open && <WithdrawDialog stakeholderId={stakeholderId} name={name} onClose={close} />}
    </>
  );
}

function WithdrawDialog({ stakeholderId, name, onClose }: { stakeholderId: string; name: string; onClose: (finished?: Mode) => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const id = useId();
  const dialog = useRef<HTMLDivElement>(null);
  const host = useRef<HTMLDivElement>(null);
  const [mode, setMode] = useState<Mode>('erase');
  const [previews, setPreviews] = useState<Partial<Record<Mode, Preview>>>({});
  const [understood, setUnderstood] = useState(false);
  const [working, setWorking] = useState(false);
  const [error, setError] = useState<unknown>();
  const [result, setResult] = useState<Result>();
  const closeButton = useRef<HTMLButtonElement>(null);

  // The outcome replaces the form, and the focused button with it: focus goes to Close, which the outcome offers.
  useEffect(() => {
    if (result) closeButton.current?.focus();
  }, [result]);

  useEffect(() => {
    let live = true;
    for (const wanted of ['erase', 'anonymise'] as const) {
      client
        .call('erasure:preview', { stakeholder_id: stakeholderId, mode: wanted })
        .then((preview) => live && setPreviews((current) => ({ ...current, [wanted]: preview })))
        .catch((caught: unknown) => live && setError(caught));
    }
    return () => {
      live = false;
    };
  }, [client, stakeholderId]);

  // Everything behind the dialog is inert while it is open, so neither a pointer nor a screen reader reaches it.
  useEffect(() => {
    const self = host.current;
    const others = Array.from(document.body.children).filter((element) => element !== self && !element.hasAttribute('inert'));
    for (const element of others) element.setAttribute('inert', '');
    dialog.current?.querySelector<HTMLInputElement>('input[type="radio"]:checked')?.focus();
    return () => {
      for (const element of others) element.removeAttribute('inert');
    };
  }, []);

  function onKeyDown(event: ReactKeyboardEvent<HTMLDivElement>) {
    if (event.key === 'Escape' && !working) {
      event.preventDefault();
      onClose(result ? result.mode : undefined);
      return;
    }
    if (event.key !== 'Tab' || !dialog.current) return;
    const focusable = Array.from(dialog.current.querySelectorAll<HTMLElement>('button:not([disabled]), input:not([disabled]), a[href]'));
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last?.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first?.focus();
    }
  }

  async function withdraw() {
    setWorking(true);
    setError(undefined);
    try {
      const done = await client.call('erasure:withdraw', { stakeholder_id: stakeholderId, mode, confirm: true });
      setResult(done);
    } catch (caught) {
      setError(caught);
    } finally {
      setWorking(false);
    }
  }

  const preview = previews[mode];
  const anonymiseLabel = previews.anonymise?.label ?? 'Participant W1';
  return createPortal(
    <div className="withdraw__backdrop" ref={host}>
      <div
        ref={dialog}
        className="withdraw__dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-intro`}
        onKeyDown={onKeyDown}
      >
        <h2 id={`${id}-title`}>{t('erasure.withdrawTitle', { name })}</h2>
        <p id={`${id}-intro`} className="withdraw__intro">
          {t('erasure.withdrawIntro')}
        </p>
        {result ? (
          <div className="withdraw__result" role="status">
            <p>{result.mode === 'erase' ? t('erasure.done_erase') : t('erasure.done_anonymise', { label: result.label })}</p>
            {result.backups.some((backup) => backup.ok) && <p>{t('erasure.backupsRewritten', { count: result.backups.filter((backup) => backup.ok).length })}</p>}
            {result.backups
              .filter((backup) => !backup.ok)
              .map((backup) => (
                <p key={backup.name} className="withdraw__warning">
                  {t('erasure.backupFailed', { name: backup.name, message: backup.message })}
                </p>
              ))}
            {!result.wal_truncated && <p className="withdraw__warning">{t('erasure.walHeld')}</p>}
            <div className="withdraw__actions">
              <button ref={closeButton} type="button" className="button button--primary withdraw__close" onClick={() => onClose(result.mode)}>
                {t('erasure.close')}
              </button>
            </div>
          </div>
        ) : (
          <>
            <fieldset className="withdraw__modes" disabled={working}>
              <legend>{t('erasure.modeLegend')}</legend>
              {(['erase', 'anonymise'] as const).map((choice) => (
                <div key={choice} className="withdraw__mode">
                  <input
                    type="radio"
                    id={`${id}-${choice}`}
                    name={`${id}-mode`}
                    value={choice}
                    checked={mode === choice}
                    aria-describedby={`${id}-${choice}-help`}
                    onChange={() => {
                      setMode(choice);
                      setUnderstood(false);
                    }}
                  />
                  <label htmlFor={`${id}-${choice}`}>{t(`erasure.mode_${choice}`)}</label>
                  <p id={`${id}-${choice}-help`} className="field__hint">
                    {choice === 'erase' ? t('erasure.modeHelp_erase') : t('erasure.modeHelp_anonymise', { label: anonymiseLabel })}
                  </p>
                </div>
              ))}
            </fieldset>
            <section className="withdraw__preview" aria-labelledby={`${id}-preview`} aria-live="polite" aria-busy={!preview}>
              <h3 id={`${id}-preview`}>{t('erasure.previewHeading')}</h3>
              {!preview ? (
                <p>{t('erasure.previewLoading')}</p>
              ) : (
                <PreviewList preview={preview} />
              )}
            </section>
            <ErrorMessage error={error} />
            <div className="withdraw__confirm">
              <input
                type="checkbox"
                id={`${id}-understand`}
                checked={understood}
                disabled={working || !preview}
                onChange={(event) => setUnderstood(event.target.checked)}
              />
              <label htmlFor={`${id}-understand`}>{t('erasure.understand')}</label>
            </div>
            {working && (
              <p role="status" className="withdraw__working">
                {t('erasure.working')}
              </p>
            )}
            <div className="withdraw__actions">
              <button type="button" className="button" disabled={working} onClick={() => onClose()}>
                {t('erasure.cancel')}
              </button>
              <button type="button" className="button button--danger" disabled={!understood || working || !preview} onClick={() => void withdraw()}>
                {t(`erasure.confirm_${mode}`)}
              </button>
            </div>
          </>
        )}
      </div>
    </div>,
    document.body,
  );
}

function PreviewList({ preview }: { preview: Preview }) {
  const { t } = useTranslation();
  const shown = (Object.keys(preview.counts) as CountKey[]).filter((key) => preview.counts[key] > 0 && !(preview.mode === 'anonymise' && key === 'turns'));
  return (
    <>
      {preview.mode === 'anonymise' && preview.counts.turns > 0 && <p>{t('erasure.keptTurns', { count: preview.counts.turns, label: preview.label })}</p>}
      {shown.length === 0 ? (
        <p>{t('erasure.previewNothing')}</p>
      ) : (
        <ul className="withdraw__counts">
          {shown.map((key) => (
            <li key={key}>
              <strong className="withdraw__count">{preview.counts[key]}</strong> {t(`erasure.count_${key}` as 'erasure.count_turns', { count: preview.counts[key] })}
            </li>
          ))}
        </ul>
      )}
      {preview.citing_reflections.length > 0 && (
        <>
          <h4>{t('erasure.citingHeading')}</h4>
          <p className="field__hint">{t('erasure.citingIntro')}</p>
          <ul className="withdraw__citing">
            {preview.citing_reflections.map((reflection) => (
              <li key={reflection.id}>{reflection.title || t('erasure.untitledReflection')}</li>
            ))}
          </ul>
        </>
      )}
      {preview.kept_attachments.length > 0 && (
        <>
          <h4>{t('erasure.keptFilesHeading')}</h4>
          <p className="field__hint">{t('erasure.keptFilesIntro')}</p>
          <ul className="withdraw__kept-files">
            {preview.kept_attachments.map((file) => (
              <li key={file.id}>
                {file.file_name} ({t(`erasure.keptFileOwner_${file.owner_type}`)})
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

/** Text as base64 (UTF-8), for the download helper. */
function base64Of(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (let index = 0; index < bytes.length; index += 0x8000) binary += String.fromCharCode(...bytes.subarray(index, index + 0x8000));
  return btoa(binary);
}

/** "Everything about this person": the access request report, downloaded as a readable page and as JSON. */
export function SubjectAccess({ stakeholderId }: { stakeholderId: string }) {
  const { t } = useTranslation();
  const client = useClient();
  const id = useId();
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState<string>();
  async function run() {
    setError(undefined);
    setSaved(undefined);
    try {
      const report = await client.call('erasure:subjectAccess', { stakeholder_id: stakeholderId });
      const html = `${report.file_base}.html`;
      const json = `${report.file_base}.json`;
      downloadFile({ file_name: html, media_type: 'text/html', data_base64: base64Of(report.html) });
      downloadFile({ file_name: json, media_type: 'application/json', data_base64: base64Of(report.json) });
      setSaved(t('erasure.accessDone', { html, json }));
    } catch (caught) {
      setError(caught);
    }
  }
  return (
    <div className="subject-access">
      <button type="button" className="button" aria-describedby={`${id}-hint`} onClick={() => void run()}>
        {t('erasure.accessButton')}
      </button>
      <p id={`${id}-hint`} className="field__hint">
        {t('erasure.accessHint')}
      </p>
      <p role="status" className="subject-access__saved">
        {saved}
      </p>
      <ErrorMessage error={error} />
    </div>
  );
}
