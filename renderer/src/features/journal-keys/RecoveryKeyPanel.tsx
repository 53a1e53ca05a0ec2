import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient } from '../../api/ClientContext';
import { ErrorMessage } from '../../components/ErrorMessage';
import './journal-keys.css';

/**
 * The recovery key, shown once: in groups, with a Print button, and a check the user must tick ("I have written it
 * down") before going on. Going on tells the journal the key is confirmed.
 */
export function RecoveryKeyPanel({ recoveryKey, onConfirmed, headingLevel = 1 }: { recoveryKey: string; onConfirmed: () => void; headingLevel?: 1 | 2 }) {
  const { t } = useTranslation();
  const client = useClient();
  const id = useId();
  const [written, setWritten] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const Heading = headingLevel === 1 ? 'h1' : 'h2';
  const groups = recoveryKey.split('-');

  async function confirm() {
    setBusy(true);
    setError(undefined);
    try {
      await client.call('journal:confirmRecoveryKey', {});
      onConfirmed();
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  }

  return (
    <section className="journal-keys recovery-key-sheet" aria-labelledby={`${id}-title`}>
      <Heading id={`${id}-title`}>{t('journalKeys.recoveryTitle')}</Heading>
      <p className="lede">{t('journalKeys.recoveryIntro')}</p>
      <p className="recovery-key">
        {/* Read out group by group; the groups on screen are for the eye. */}
        <span className="visually-hidden">{t('journalKeys.recoveryKeyLabel', { key: groups.join(', ') })}</span>
        {groups.map((group, index) => (
          <span key={index} className="recovery-key__group" aria-hidden="true">
            {group}
          </span>
        ))}
      </p>
      <p className="journal-keys__warning">{t('journalKeys.recoveryWarning')}</p>
      <div className="journal-keys__actions no-print">
        <button type="button" className="button" onClick={() => window.print()}>
          {t('journalKeys.print')}
        </button>
      </div>
      <div className="journal-keys__check no-print">
        <input id={`${id}-written`} type="checkbox" checked={written} onChange={(event) => setWritten(event.target.checked)} />
        <label htmlFor={`${id}-written`}>{t('journalKeys.writtenDown')}</label>
      </div>
      <ErrorMessage error={error} />
      <button type="button" className="button button--primary no-print" disabled={!written || busy} onClick={() => void confirm()}>
        {t('journalKeys.continue')}
      </button>
    </section>
  );
}

/**
 * A recovery key that was shown (at set-up here, or printed by "withness encrypt") but not yet confirmed: ask whether
 * it was written down, and offer a new one for when it was not. Issuing one unasked would void the key on paper.
 */
export function ConfirmRecoveryKey({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const id = useId();
  const [written, setWritten] = useState(false);
  const [fresh, setFresh] = useState(false);
  const [error, setError] = useState<unknown>();
  if (fresh) return <PendingRecoveryKey onDone={onDone} />;
  async function confirm() {
    setError(undefined);
    try {
      await client.call('journal:confirmRecoveryKey', {});
      onDone();
    } catch (failure) {
      setError(failure);
    }
  }
  return (
    <section className="journal-keys" aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`}>{t('journalKeys.confirmTitle')}</h1>
      <p className="lede">{t('journalKeys.confirmIntro')}</p>
      <div className="journal-keys__check">
        <input id={`${id}-written`} type="checkbox" checked={written} onChange={(event) => setWritten(event.target.checked)} />
        <label htmlFor={`${id}-written`}>{t('journalKeys.writtenDown')}</label>
      </div>
      <ErrorMessage error={error} />
      <div className="journal-keys__actions">
        <button type="button" className="button button--primary" disabled={!written} onClick={() => void confirm()}>
          {t('journalKeys.continue')}
        </button>{' '}
        <button type="button" className="button" onClick={() => setFresh(true)}>
          {t('journalKeys.confirmNew')}
        </button>
      </div>
    </section>
  );
}

/** For a journal whose recovery key was never shown: issue a fresh one (the old one stops working) and show it. */
export function PendingRecoveryKey({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const [recoveryKey, setRecoveryKey] = useState<string>();
  const [error, setError] = useState<unknown>();
  const asked = useRef(false);

  useEffect(() => {
    // Once only: each call replaces the recovery key, so a second one would void the key on the screen.
    if (asked.current) return;
    asked.current = true;
    client.call('journal:newRecoveryKey', {}).then((issued) => setRecoveryKey(issued.recovery_key), setError);
  }, [client]);

  if (error) return <ErrorMessage error={error} />;
  if (!recoveryKey) return <p aria-live="polite">{t('app.loading')}</p>;
  return <RecoveryKeyPanel recoveryKey={recoveryKey} onConfirmed={onDone} />;
}
