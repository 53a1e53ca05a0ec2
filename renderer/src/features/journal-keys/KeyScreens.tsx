import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Output } from '../../../../electron/api/contract';
import { useClient } from '../../api/ClientContext';
import { ErrorMessage } from '../../components/ErrorMessage';
import { MIN_PASSPHRASE, PassphraseFields, passphraseProblem } from './PassphraseFields';
import { RecoveryKeyPanel } from './RecoveryKeyPanel';
import './journal-keys.css';
import { apiMessageText } from '../../i18n/apiMessage';

export type JournalStatus = Output<'journal:status'>;

/** Says what protects the key on this computer, and why a passphrase is needed when the keychain does not. */
export function KeychainNote({ status }: { status: JournalStatus }) {
  const { t } = useTranslation();
  if (status.keychain === 'protected') return <p>{t('journalKeys.keychainProtected')}</p>;
  if (status.keychain === 'weak') return <p className="journal-keys__warning" role="note">{t('journalKeys.keychainWeak')}</p>;
  return <p>{t('journalKeys.keychainNone')}</p>;
}

/** A new journal: choose a passphrase (optional only where the keychain protects), then see the recovery key once. */
export function SetupScreen({ status, onDone }: { status: JournalStatus; onDone: () => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const id = useId();
  const required = status.keychain !== 'protected';
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [recoveryKey, setRecoveryKey] = useState<string>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = passphraseProblem(passphrase, repeat, required);
    setProblem(found);
    if (found) return;
    setBusy(true);
    setError(undefined);
    try {
      const issued = await client.call('journal:setup', passphrase ? { passphrase } : {});
      setRecoveryKey(issued.recovery_key);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  if (recoveryKey) return <RecoveryKeyPanel recoveryKey={recoveryKey} onConfirmed={onDone} />;
  return (
    <section className="journal-keys" aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`}>{t('journalKeys.setupTitle')}</h1>
      <p className="lede">{t('journalKeys.setupIntro')}</p>
      <KeychainNote status={status} />
      <form onSubmit={(event) => void submit(event)} noValidate>
        <PassphraseFields value={passphrase} repeat={repeat} onChange={setPassphrase} onRepeatChange={setRepeat} required={required} />
        {problem && (
          <p className="journal-keys__problem" role="alert">
            {t(problem as 'journalKeys.tooShort', { min: MIN_PASSPHRASE })}
          </p>
        )}
        <ErrorMessage error={error} />
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? t('journalKeys.working') : t('journalKeys.setupSubmit')}
        </button>
      </form>
    </section>
  );
}

/** A locked journal: unlock with the passphrase or the recovery key. */
export function UnlockScreen({ status, onUnlocked }: { status: JournalStatus; onUnlocked: () => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const id = useId();
  const [mode, setMode] = useState<'passphrase' | 'recovery'>(status.has_passphrase ? 'passphrase' : 'recovery');
  const [secret, setSecret] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!secret) return;
    setBusy(true);
    setError(undefined);
    try {
      await client.call('journal:unlock', mode === 'passphrase' ? { passphrase: secret } : { recovery_key: secret });
      onUnlocked();
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  }

  return (
    <section className="journal-keys" aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`}>{t('journalKeys.unlockTitle')}</h1>
      <p className="lede">{t('journalKeys.unlockIntro')}</p>
      {status.message && status.keychain === 'protected' && <p className="journal-keys__detail">{apiMessageText(t, status)}</p>}
      <form onSubmit={(event) => void submit(event)}>
        <fieldset className="journal-keys__modes">
          <legend>{t('journalKeys.unlockWith')}</legend>
          {status.has_passphrase && (
            <div className="journal-keys__check">
              <input id={`${id}-by-passphrase`} type="radio" name={`${id}-mode`} checked={mode === 'passphrase'} onChange={() => (setMode('passphrase'), setSecret(''))} />
              <label htmlFor={`${id}-by-passphrase`}>{t('journalKeys.byPassphrase')}</label>
            </div>
          )}
          <div className="journal-keys__check">
            <input id={`${id}-by-recovery`} type="radio" name={`${id}-mode`} checked={mode === 'recovery'} onChange={() => (setMode('recovery'), setSecret(''))} />
            <label htmlFor={`${id}-by-recovery`}>{t('journalKeys.byRecoveryKey')}</label>
          </div>
        </fieldset>
        <div className="field">
          <label htmlFor={`${id}-secret`}>{mode === 'passphrase' ? t('journalKeys.passphrase') : t('journalKeys.recoveryKey')}</label>
          <input
            id={`${id}-secret`}
            type={mode === 'passphrase' ? 'password' : 'text'}
            autoComplete={mode === 'passphrase' ? 'current-password' : 'off'}
            spellCheck={false}
            className={mode === 'recovery' ? 'journal-keys__recovery-input' : undefined}
            value={secret}
            required
            onChange={(event) => setSecret(event.target.value)}
          />
          {mode === 'recovery' && <p className="field__hint">{t('journalKeys.recoveryHint')}</p>}
        </div>
        <ErrorMessage error={error} />
        <button type="submit" className="button button--primary" disabled={busy || !secret}>
          {busy ? t('journalKeys.unlocking') : t('journalKeys.unlock')}
        </button>
      </form>
    </section>
  );
}
