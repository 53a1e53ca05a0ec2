import { useTranslation } from 'react-i18next';
import type { Phase } from '../../../electron/api/schemas';

const PHASES: readonly Phase[] = ['plan', 'act', 'observe', 'reflect'];

/** The phase of a note, dialogue or reflection: one of the four, or none. Its label stays with the form. */
export function PhaseSelect({ id, value, onChange }: { id: string; value: Phase | null; onChange: (phase: Phase | null) => void }) {
  const { t } = useTranslation();
  return (
    <select id={id} value={value ?? ''} onChange={(event) => onChange((event.target.value || null) as Phase | null)}>
      <option value="">{t('phases.none')}</option>
      {PHASES.map((phase) => (
        <option key={phase} value={phase}>
          {t(`phases.${phase}`)}
        </option>
      ))}
    </select>
  );
}
