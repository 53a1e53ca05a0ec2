import { useTranslation } from 'react-i18next';
import type { Output } from '../../../../electron/api/contract';
import './consent.css';

export type ConsentUse = Output<'stakeholders:get'>['consent_use'];
type ConsentStatus = Output<'stakeholders:get'>['consent_status'];
export const CONSENT_USES: readonly ConsentUse[] = ['quote', 'describe', 'none'];

/** The same rule as electron/exports/consent-filter.ts, to say on the page what exports will do now. */
function decision(status: ConsentStatus, use: ConsentUse): 'quote' | 'describe' | 'leave_out' {
  if (status !== 'given' || use === 'none') return 'leave_out';
  return use;
}

/** The use a person agreed to, as radio buttons that each explain what exports then do; and the outcome now. */
export function ConsentUseChoice({ id, status, value, onChange }: { id: string; status: ConsentStatus; value: ConsentUse; onChange: (use: ConsentUse) => void }) {
  const { t } = useTranslation();
  return (
    <fieldset className="consent-use" aria-describedby={`${id}-hint ${id}-now`}>
      <legend>{t('consent.useLegend')}</legend>
      <p id={`${id}-hint`} className="field__hint">
        {t('consent.useHint')}
      </p>
      {CONSENT_USES.map((use) => (
        <label key={use} className="consent-use__option">
          <input type="radio" name={`${id}-use`} value={use} checked={value === use} onChange={() => onChange(use)} aria-describedby={`${id}-help-${use}`} />
          <span className="consent-use__name">{t(`consent.use_${use}`)}</span>
          <span id={`${id}-help-${use}`} className="consent-use__help">
            {t(`consent.useHelp_${use}`)}
          </span>
        </label>
      ))}
      <p id={`${id}-now`} className={`consent-use__now consent-use__now--${decision(status, value)}`} role="status">
        {t(`consent.exportsNow_${decision(status, value)}`)}
      </p>
    </fieldset>
  );
}
