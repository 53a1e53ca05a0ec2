import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient } from '../../api/ClientContext';
import { useQuery } from '../../api/useQuery';
import { ErrorMessage } from '../../components/ErrorMessage';
import { KeychainNote, type JournalStatus } from './KeyScreens';
import { MIN_PASSPHRASE, PassphraseFields, passphraseProblem } from './PassphraseFields';
import { RecoveryKeyPanel } from './RecoveryKeyPanel';
import './journal-keys.css';

/** Settings for the journal's encryption: passphrase, recovery key, a new data key; or encrypting a plain journal. */
export function SecurityScreen() {
  const { t } = useTranslation();
  const client = useClient();
  const status = useQuery(() => client.call('journal:status', {}), []);
  const [recoveryKey, setRecoveryKey] = useState<string>();
  const [notice, setNotice] = useState<string>();

  if (status.error) return <ErrorMessage error={status.error} onDismiss={status.reload} />;
  if (!status.data) return <p aria-live="polite">{t('app.loading')}</p>;
  if (recoveryKey) {
    return (
      <RecoveryKeyPanel
        recoveryKey={recoveryKey}
        onConfirmed={() => {
          setRecoveryKey(undefined);
          status.reload();
        }}
      />
    );
  }
  const done = (message: string) => {
    setNotice(message);
    status.reload();
  };
  return (
    <div className="journal-keys journal-keys--settings">
      <h1>{t('journalKeys.settingsTitle')}</h1>
      <p className="lede">{status.data.encrypted ? t('journalKeys.isEncrypted') : t('journalKeys.isPlain')}</p>
      <KeychainNote status={status.data} />
      <div aria-live="polite">{notice && <p className="notice">{notice}</p>}</div>
      {status.data.encrypted ? (
        <>
          <ChangePassphrase status={status.data} onDone={() => done(t('journalKeys.passphraseChanged'))} />
          <NewRecoveryKey status={status.data} onIssued={setRecoveryKey} />
          <Rekey status={status.data} onIssued={setRecoveryKey} />
        </>
      ) : (
        <EncryptJournal status={status.data} onIssued={setRecoveryKey} />
      )}
    </div>
  );
}

function ChangePassphrase({ status, onDone }: { status: JournalStatus; onDone: () => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const id = useId();
  const [current, setCurrent] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = passphraseProblem(passphrase, repeat, true);
    setProblem(found);
    if (found) return;
    setBusy(true);
    setError(undefined);
    try {
      await client.call('journal:changePassphrase', status.has_passphrase ? { current, passphrase } : { recovery_key: current, passphrase });
      setCurrent('');
      setPassphrase('');
      setRepeat('');
      onDone();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{status.has_passphrase ? t('journalKeys.changePassphrase') : t('journalKeys.addPassphrase')}</h2>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <CurrentSecretField id={`${id}-current`} status={status} value={current} onChange={setCurrent} />
        <PassphraseFields value={passphrase} repeat={repeat} onChange={setPassphrase} onRepeatChange={setRepeat} required label={t('journalKeys.newPassphrase')} />
        {problem && (
          <p className="journal-keys__problem" role="alert">
            {t(problem as 'journalKeys.tooShort', { min: MIN_PASSPHRASE })}
          </p>
        )}
        <ErrorMessage error={error} />
        <button type="submit" className="button" disabled={busy}>
          {busy ? t('journalKeys.working') : t('journalKeys.savePassphrase')}
        </button>
      </form>
    </section>
  );
}

/**
 * A new recovery key voids the one on paper, so the server asks for the current passphrase (or, without one, the
 * current recovery key): someone at an unlocked computer must not be able to mint a way in.
 */
function NewRecoveryKey({ status, onIssued }: { status: JournalStatus; onIssued: (key: string) => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const id = useId();
  const [proof, setProof] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      onIssued((await client.call('journal:newRecoveryKey', status.has_passphrase ? { passphrase: proof } : { recovery_key: proof })).recovery_key);
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  }
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('journalKeys.newRecoveryTitle')}</h2>
      <p>{t('journalKeys.newRecoveryIntro')}</p>
      <form onSubmit={(event) => void submit(event)}>
        <CurrentSecretField id={`${id}-proof`} status={status} value={proof} onChange={setProof} />
        <ErrorMessage error={error} />
        <button type="submit" className="button" disabled={busy || !proof}>
          {t('journalKeys.newRecoveryButton')}
        </button>
      </form>
    </section>
  );
}

function Rekey({ status, onIssued }: { status: JournalStatus; onIssued: (key: string) => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const id = useId();
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      onIssued((await client.call('journal:rekey', status.has_passphrase ? { passphrase } : { recovery_key: passphrase })).recovery_key);
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  }
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('journalKeys.rekeyTitle')}</h2>
      <p>{t('journalKeys.rekeyIntro')}</p>
      <form onSubmit={(event) => void submit(event)}>
        <CurrentSecretField id={`${id}-passphrase`} status={status} value={passphrase} onChange={setPassphrase} />
        <ErrorMessage error={error} />
        <button type="submit" className="button" disabled={busy || !passphrase}>
          {busy ? t('journalKeys.working') : t('journalKeys.rekeyButton')}
        </button>
      </form>
    </section>
  );
}

/**
 * The current secret that proves the owner asks: the passphrase where one is set, else the current recovery key
 * (every change of keys gives or replaces a lasting way in).
 */
function CurrentSecretField({ id, status, value, onChange }: { id: string; status: JournalStatus; value: string; onChange: (value: string) => void }) {
  const { t } = useTranslation();
  return (
    <div className="field">
      <label htmlFor={id}>{status.has_passphrase ? t('journalKeys.currentPassphrase') : t('journalKeys.currentRecoveryKey')}</label>
      <input
        id={id}
        type={status.has_passphrase ? 'password' : 'text'}
        autoComplete={status.has_passphrase ? 'current-password' : 'off'}
        spellCheck={false}
        value={value}
        required
        onChange={(event) => onChange(event.target.value)}
      />
    </div>
  );
}

function EncryptJournal({ status, onIssued }: { status: JournalStatus; onIssued: (key: string) => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const id = useId();
  const required = status.keychain !== 'protected';
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = passphraseProblem(passphrase, repeat, required);
    setProblem(found);
    if (found) return;
    setBusy(true);
    setError(undefined);
    try {
      onIssued((await client.call('journal:encrypt', passphrase ? { passphrase } : {})).recovery_key);
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  }
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('journalKeys.encryptTitle')}</h2>
      <p>{t('journalKeys.encryptIntro')}</p>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <PassphraseFields value={passphrase} repeat={repeat} onChange={setPassphrase} onRepeatChange={setRepeat} required={required} />
        {problem && (
          <p className="journal-keys__problem" role="alert">
            {t(problem as 'journalKeys.tooShort', { min: MIN_PASSPHRASE })}
          </p>
        )}
        <ErrorMessage error={error} />
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? t('journalKeys.working') : t('journalKeys.encryptButton')}
        </button>
      </form>
    </section>
  );
}
