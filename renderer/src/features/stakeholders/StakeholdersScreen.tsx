import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { StakeholderMap } from '../codes/StakeholderMap';
import { Link } from 'wouter';
import { useClient } from '../../api/ClientContext';
import { useQuery } from '../../api/useQuery';
import { ErrorMessage } from '../../components/ErrorMessage';
import { ConsentBadge, SECTORS, SectorSelect, SectorTag, sectorClass, type Sector } from './StakeholderBits';
import { ErasureLog } from '../erasure/ErasureLog';

/** The stakeholder directory: everyone in the inquiry by pseudonym, filterable by sector, with an add form. */
export function StakeholdersScreen({ projectId }: { projectId: string }) {
  const { t } = useTranslation();
  const client = useClient();
  const id = useId();
  const stakeholders = useQuery(() => client.call('stakeholders:list', { project_id: projectId }), [projectId]);
  const [filter, setFilter] = useState<Sector | ''>('');
  const [added, setAdded] = useState<string>();
  const all = stakeholders.data ?? [];
  const shown = filter ? all.filter((stakeholder) => stakeholder.sector === filter) : all;
  const base = `/projects/${projectId}/stakeholders`;

  return (
    <div className="stakeholders">
      <h1>{t('stakeholders.title')}</h1>
      <p className="lede">{t('stakeholders.intro')}</p>
      <p className="stakeholders__register">
        <Link href={`${base}/consent-register`}>{t('consent.registerLink')}</Link> <span className="field__hint">{t('consent.registerLinkHelp')}</span>
      </p>
      <ErrorMessage error={stakeholders.error} onDismiss={stakeholders.reload} />
      {stakeholders.data && all.length === 0 && <p className="empty-state">{t('stakeholders.empty')}</p>}
      {all.length > 0 && (
        <>
          <div className="stakeholders__toolbar">
            <div className="field">
              <label htmlFor={`${id}-filter`}>{t('stakeholders.filterLabel')}</label>
              <select id={`${id}-filter`} value={filter} onChange={(event) => setFilter(event.target.value as Sector | '')}>
                <option value="">{t('stakeholders.filterAll')}</option>
                {SECTORS.map((sector) => (
                  <option key={sector} value={sector}>
                    {t(`stakeholders.sector_${sector}`)}
                  </option>
                ))}
              </select>
            </div>
            <p className="stakeholders__count" role="status">
              {t('stakeholders.countShown', { count: shown.length })}
            </p>
          </div>
          {shown.length === 0 ? (
            <p className="empty-state">{t('stakeholders.emptyFiltered')}</p>
          ) : (
            <ul className="stakeholder-list" aria-label={t('stakeholders.listLabel')}>
              {shown.map((stakeholder) => (
                <li key={stakeholder.id} className={`stakeholder-card ${sectorClass(stakeholder.sector)}`}>
                  <Link href={`${base}/${stakeholder.id}`} className="stakeholder-card__name">
                    {stakeholder.pseudonym}
                  </Link>
                  {(stakeholder.organisation || stakeholder.role) && (
                    <p className="stakeholder-card__org">{[stakeholder.role, stakeholder.organisation].filter(Boolean).join(' · ')}</p>
                  )}
                  <div className="stakeholder-card__meta">
                    <SectorTag sector={stakeholder.sector} />
                    <ConsentBadge status={stakeholder.consent_status} />
                  </div>
                </li>
              ))}
            </ul>
          )}
          <StakeholderMap projectId={projectId} />
        </>
      )}
      {added && (
        <p role="status" className="notice">
          {t('stakeholders.added', { name: added })}
        </p>
      )}
      <ErasureLog projectId={projectId} />
      <AddStakeholderForm
        projectId={projectId}
        onAdded={(name) => {
          setAdded(name);
          stakeholders.reload();
        }}
      />
    </div>
  );
}

function AddStakeholderForm({ projectId, onAdded }: { projectId: string; onAdded: (pseudonym: string) => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const id = useId();
  const [pseudonym, setPseudonym] = useState('');
  const [sector, setSector] = useState<Sector>('citizen');
  const [organisation, setOrganisation] = useState('');
  const [role, setRole] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const created = await client.call('stakeholders:create', { project_id: projectId, pseudonym, sector, organisation, role });
      setPseudonym('');
      setOrganisation('');
      setRole('');
      onAdded(created.pseudonym);
      document.getElementById(`${id}-pseudonym`)?.focus();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t('stakeholders.addHeading')}</h2>
      <form onSubmit={submit}>
        <div className="form-grid">
          <div className="field">
            <label htmlFor={`${id}-pseudonym`}>{t('stakeholders.pseudonym')}</label>
            <input
              id={`${id}-pseudonym`}
              value={pseudonym}
              required
              maxLength={200}
              aria-describedby={`${id}-pseudonym-hint`}
              onChange={(event) => setPseudonym(event.target.value)}
            />
            <p id={`${id}-pseudonym-hint`} className="field__hint">
              {t('stakeholders.pseudonymHint')}
            </p>
          </div>
          <div className="field">
            <label htmlFor={`${id}-sector`}>{t('stakeholders.sector')}</label>
            <SectorSelect id={`${id}-sector`} value={sector} onChange={setSector} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-organisation`}>{t('stakeholders.organisation')}</label>
            <input id={`${id}-organisation`} value={organisation} maxLength={300} onChange={(event) => setOrganisation(event.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-role`}>{t('stakeholders.role')}</label>
            <input id={`${id}-role`} value={role} maxLength={300} onChange={(event) => setRole(event.target.value)} />
          </div>
        </div>
        <ErrorMessage error={error} />
        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? t('stakeholders.adding') : t('stakeholders.add')}
          </button>
        </div>
      </form>
    </section>
  );
}
