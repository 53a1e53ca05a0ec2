import { useTranslation } from 'react-i18next';
import type { Output } from '../../../../electron/api/contract';
import { cycleName, cycleNumbers } from '../cycles/cycleNames';

export type Cycle = Output<'cycles:list'>[number];
export type PhaseName = 'plan' | 'act' | 'observe' | 'reflect';
export const PHASES: PhaseName[] = ['plan', 'act', 'observe', 'reflect'];

/** The cycle select of the editor and of quick capture; sub-cycles are indented under their parent. */
export function CycleSelect({
  id,
  cycles,
  value,
  onChange,
}: {
  id: string;
  cycles: Cycle[];
  value: string | null;
  onChange: (cycleId: string | null) => void;
}) {
  const { t } = useTranslation();
  const known = value === null || cycles.some((cycle) => cycle.id === value);
  const numbers = cycleNumbers(cycles);
  return (
    <select id={id} value={value ?? ''} onChange={(event) => onChange(event.target.value || null)}>
      <option value="">{t('notes.noCycle')}</option>
      {cycles.map((cycle) => (
        <option key={cycle.id} value={cycle.id}>
          {cycle.parent_id ? '\u2003' : ''}
          {cycleName(t, cycle, numbers)}
        </option>
      ))}
      {!known && <option value={value ?? ''}>…</option>}
    </select>
  );
}


export function PhaseBadge({ phase }: { phase: PhaseName }) {
  const { t } = useTranslation();
  return <span className={`phase-badge phase-badge--${phase}`}>{t(`phases.${phase}`)}</span>;
}
