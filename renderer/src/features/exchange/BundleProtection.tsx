import { useId, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { MIN_PASSPHRASE_LENGTH, passphraseLength } from './encrypted-bundle';
import './bundle-encryption.css';

export interface Protection {
  passphrase: string;
  repeat: string;
  plain: boolean;
}

export const NO_PROTECTION_YET: Protection = { passphrase: '', repeat: '', plain: false };

export type ProtectionProblem = { kind: 'tooShort'; count: number } | { kind: 'differ' };

/** The export's input for the chosen protection, or what is wrong with it (checked again by the API). */
export function protectionInput(protection: Protection): { input: { passphrase: string } | { plain: true } } | { problem: ProtectionProblem } {
  if (protection.plain) return { input: { plain: true } };
  const count = passphraseLength(protection.passphrase);
  if (count < MIN_PASSPHRASE_LENGTH) return { problem: { kind: 'tooShort', count } };
  if (protection.passphrase !== protection.repeat) return { problem: { kind: 'differ' } };
  return { input: { passphrase: protection.passphrase } };
}

/**
 * How a bundle leaves the journal: encrypted with a passphrase typed twice (the default), or — only when ticked — plain,
 * with what that means said beside the box. A problem is shown under the fields and tied to them for screen readers.
 */
export function BundleProtection({
  value,
  onChange,
  problem,
  disabled,
  passphraseRef,
}: {
  value: Protection;
  onChange: (value: Protection) => void;
  problem?: ProtectionProblem;
  disabled?: boolean;
  passphraseRef?: RefObject<HTMLInputElement | null>;
}) {
  const { t } = useTranslation();
  const id = useId();
  const problemId = `${id}-problem`;
  const hintId = `${id}-hint`;
  const message =
    problem?.kind === 'tooShort'
      ? t('sealing.export.tooShort', { min: MIN_PASSPHRASE_LENGTH, count: problem.count })
      : problem?.kind === 'differ'
        ? t('sealing.export.differ')
        : undefined;
  const describedBy = message ? `${hintId} ${problemId}` : hintId;
  return (
    <fieldset className="bundle-protection" disabled={disabled}>
      <legend>{t('sealing.export.legend')}</legend>
      {!value.plain && (
        <>
          <p id={hintId} className="bundle-protection__hint">
            {t('sealing.export.hint', { min: MIN_PASSPHRASE_LENGTH })}
          </p>
          <div className="field">
            <label htmlFor={`${id}-passphrase`}>{t('sealing.export.passphrase')}</label>
            <input
              ref={passphraseRef}
              id={`${id}-passphrase`}
              type="password"
              autoComplete="new-password"
              spellCheck={false}
              value={value.passphrase}
              aria-describedby={describedBy}
              aria-invalid={problem?.kind === 'tooShort' ? true : undefined}
              onChange={(event) => onChange({ ...value, passphrase: event.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-repeat`}>{t('sealing.export.repeat')}</label>
            <input
              id={`${id}-repeat`}
              type="password"
              autoComplete="new-password"
              spellCheck={false}
              value={value.repeat}
              aria-describedby={message ? problemId : undefined}
              aria-invalid={problem?.kind === 'differ' ? true : undefined}
              onChange={(event) => onChange({ ...value, repeat: event.target.value })}
            />
          </div>
        </>
      )}
      {message && (
        <p id={problemId} className="bundle-protection__problem" role="alert">
          {message}
        </p>
      )}
      <label className="bundle-protection__plain">
        <input
          type="checkbox"
          checked={value.plain}
          aria-describedby={`${id}-plain-hint`}
          onChange={(event) => onChange({ ...value, plain: event.target.checked })}
        />
        <span>{t('sealing.export.plain')}</span>
      </label>
      <p id={`${id}-plain-hint`} className={value.plain ? 'exchange__note exchange__note--warning' : 'exchange__note'}>
        {t('sealing.export.plainHint')}
      </p>
    </fieldset>
  );
}
