import { useTranslation } from 'react-i18next';
import type { Output } from '../../../../electron/api/contract';
import './stakeholders.css';

export type Stakeholder = Output<'stakeholders:get'>;
export type Sector = Stakeholder['sector'];
export type ConsentStatus = Stakeholder['consent_status'];

export const SECTORS: readonly Sector[] = ['public', 'private', 'voluntary', 'citizen', 'researcher', 'other'];
export const CONSENT_STATUSES: readonly ConsentStatus[] = ['unknown', 'pending', 'given', 'declined', 'withdrawn'];

/** The colour class of a sector (stakeholders.css); used for the directory and for speakers in transcripts. */
export function sectorClass(sector: Sector | undefined): string {
  return `sector sector--${sector ?? 'none'}`;
}

/** A small coloured mark with the sector in words (colour is never the only signal). */
export function SectorTag({ sector }: { sector: Sector }) {
  const { t } = useTranslation();
  return <span className={`sector-tag ${sectorClass(sector)}`}>{t(`stakeholders.sector_${sector}`)}</span>;
}

/** The sector choice, wherever a stakeholder is added or edited; its label stays with the form. */
export function SectorSelect({ id, value, onChange }: { id: string; value: Sector; onChange: (sector: Sector) => void }) {
  const { t } = useTranslation();
  return (
    <select id={id} value={value} onChange={(event) => onChange(event.target.value as Sector)}>
      {SECTORS.map((sector) => (
        <option key={sector} value={sector}>
          {t(`stakeholders.sector_${sector}`)}
        </option>
      ))}
    </select>
  );
}

export function ConsentBadge({ status }: { status: ConsentStatus }) {
  const { t } = useTranslation();
  return <span className={`badge consent-badge consent-badge--${status}`}>{t(`stakeholders.consent_${status}`)}</span>;
}

/** The aliases column (JSON array text) as a list; tolerant of anything unexpected. */
export function parseAliases(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  } catch {
    return [];
  }
}
