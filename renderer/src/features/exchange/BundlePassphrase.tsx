import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import './bundle-encryption.css';

/**
 * Asks for an encrypted bundle's passphrase after the file was chosen (the file is recognised by its first bytes, so
 * nothing is sent before). The field takes focus when it appears; a wrong passphrase leaves it here to try again.
 */
export function BundlePassphrase({
  fileName,
  busy,
  onSubmit,
  onCancel,
}: {
  fileName: string;
  busy: boolean;
  onSubmit: (passphrase: string) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const field = useRef<HTMLInputElement>(null);
  const [passphrase, setPassphrase] = useState('');
  const [empty, setEmpty] = useState(false);

  useEffect(() => {
    field.current?.focus();
  }, [fileName]);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (passphrase.length === 0) {
      setEmpty(true);
      field.current?.focus();
      return;
    }
    setEmpty(false);
    onSubmit(passphrase);
  }

  return (
    <form className="bundle-passphrase" onSubmit={submit} aria-labelledby={`${id}-said`}>
      <p id={`${id}-said`} className="bundle-passphrase__said">
        {t('sealing.import.encrypted', { file: fileName })}
      </p>
      <div className="field">
        <label htmlFor={`${id}-passphrase`}>{t('sealing.import.passphrase')}</label>
        <input
          ref={field}
          id={`${id}-passphrase`}
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={passphrase}
          disabled={busy}
          aria-invalid={empty ? true : undefined}
          aria-describedby={empty ? `${id}-empty` : undefined}
          onChange={(event) => setPassphrase(event.target.value)}
        />
        {empty && (
          <p id={`${id}-empty`} className="bundle-protection__problem" role="alert">
            {t('sealing.import.empty')}
          </p>
        )}
      </div>
      <div className="bundle-passphrase__actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {t('sealing.import.open')}
        </button>
        <button type="button" className="button" disabled={busy} onClick={onCancel}>
          {t('sealing.import.cancel')}
        </button>
      </div>
    </form>
  );
}
