import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../format';
import type { Backup, Verification } from './useBackups';

/** Backups newest first, each checkable and restorable (restoring asks first). */
export function BackupList({
  backups,
  checks,
  onVerify,
  onRestore,
  busy,
}: {
  backups: Backup[];
  checks: Record<string, Verification | 'checking'>;
  onVerify: (name: string) => void;
  onRestore: (backup: Backup) => void;
  busy: boolean;
}) {
  const { t, i18n } = useTranslation();
  const [confirming, setConfirming] = useState<string>();
  return (
    <ul className="backup-list" aria-label={t('backups.listLabel')}>
      {backups.map((backup) => {
        const when = formatDateTime(backup.created_at, i18n.language);
        const check = checks[backup.name];
        return (
          <li key={backup.name} className="backup-item">
            <div className="backup-item__main">
              <strong>{when}</strong> <span className="badge">{t(`backups.kind_${backup.kind}`)}</span>{' '}
              <span className="backup-item__size">{t('backups.size', { size: Math.max(1, Math.round(backup.size / 1024)) })}</span>
              <div className="backup-item__check" role="status">
                {check === 'checking'
                  ? t('backups.verifying')
                  : check
                    ? check.ok
                      ? `✓ ${t('backups.intact')}`
                      : t(check.state === 'unreadable' ? 'backups.unreadable' : 'backups.damaged', { message: check.detail })
                    : ''}
              </div>
            </div>
            <div className="backup-item__actions">
              <button type="button" className="button button--small" onClick={() => onVerify(backup.name)} disabled={check === 'checking'}>
                {t('backups.verify')}
              </button>
              <button type="button" className="button button--small" onClick={() => setConfirming(backup.name)} disabled={busy}>
                {t('backups.restore')}
              </button>
            </div>
            {confirming === backup.name && (
              <div className="confirm" role="alertdialog" aria-label={t('backups.restoreConfirm', { when })}>
                <p>{t('backups.restoreConfirm', { when })}</p>
                <div className="confirm__actions">
                  <button
                    type="button"
                    className="button button--danger"
                    disabled={busy}
                    onClick={() => {
                      setConfirming(undefined);
                      onRestore(backup);
                    }}
                  >
                    {t('backups.restoreYes')}
                  </button>
                  <button type="button" className="button" autoFocus onClick={() => setConfirming(undefined)}>
                    {t('backups.restoreNo')}
                  </button>
                </div>
              </div>
            )}
          </li>
        );
      })}
    </ul>
  );
}
