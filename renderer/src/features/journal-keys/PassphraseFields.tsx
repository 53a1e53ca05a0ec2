import { useId } from 'react';
import { useTranslation } from 'react-i18next';

/** As db/journal-keys/envelope.ts MIN_PASSPHRASE_LENGTH (the server refuses shorter ones too). */
export const MIN_PASSPHRASE = 12;

/** A new passphrase typed twice; the caller checks `passphraseProblem` before sending it. */
export function PassphraseFields({
  value,
  repeat,
  onChange,
  onRepeatChange,
  required,
  label,
}: {
  value: string;
  repeat: string;
  onChange: (value: string) => void;
  onRepeatChange: (value: string) => void;
  required: boolean;
  label?: string;
}) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <>
      <div className="field">
        <label htmlFor={`${id}-passphrase`}>{label ?? (required ? t('journalKeys.passphrase') : t('journalKeys.passphraseOptional'))}</label>
        <input
          id={`${id}-passphrase`}
          type="password"
          autoComplete="new-password"
          value={value}
          required={required}
          aria-describedby={`${id}-hint`}
          onChange={(event) => onChange(event.target.value)}
        />
        <p id={`${id}-hint`} className="field__hint">
          {t('journalKeys.passphraseHint', { min: MIN_PASSPHRASE })}
        </p>
      </div>
      <div className="field">
        <label htmlFor={`${id}-repeat`}>{t('journalKeys.passphraseRepeat')}</label>
        <input id={`${id}-repeat`} type="password" autoComplete="new-password" value={repeat} required={required || value !== ''} onChange={(event) => onRepeatChange(event.target.value)} />
      </div>
    </>
  );
}

/** What is wrong with a new passphrase, as a message key, or undefined. An empty optional one is fine. */
export function passphraseProblem(value: string, repeat: string, required: boolean): string | undefined {
  if (value === '' && !required) return undefined;
  if ([...value].length < MIN_PASSPHRASE) return 'journalKeys.tooShort';
  if (value !== repeat) return 'journalKeys.mismatch';
  return undefined;
}
