import { useId } from 'react';
import { useTranslation } from 'react-i18next';

export interface Connection {
  server_url: string;
  member: string;
  password: string;
  ca: string;
}

export const emptyConnection: Connection = { server_url: '', member: '', password: '', ca: '' };

/** What to send: the member only when typed (else the address names them), the certificate only when given. */
export function connectionInput(connection: Connection) {
  return {
    server_url: connection.server_url,
    ...(connection.member.trim() ? { member: connection.member.trim() } : {}),
    password: connection.password,
    ...(connection.ca.trim() ? { ca: connection.ca } : {}),
  };
}

/** Server address, member name, password and an optional CA certificate: what an administrator hands a member. */
export function ConnectionFields({ value, onChange, lasting }: { value: Connection; onChange: (next: Connection) => void; lasting?: boolean }) {
  const { t } = useTranslation();
  const id = useId();
  const set = (key: keyof Connection) => (event: { target: { value: string } }) => onChange({ ...value, [key]: event.target.value });
  return (
    <>
      <div className="field">
        <label htmlFor={`${id}-server`}>{t('team.serverUrl')}</label>
        <input id={`${id}-server`} type="url" inputMode="url" autoComplete="off" spellCheck={false} required value={value.server_url} onChange={set('server_url')} aria-describedby={`${id}-server-hint`} />
        <p id={`${id}-server-hint`} className="field__hint team__hint-break">
          {t('team.serverUrlHint')}
        </p>
      </div>
      <div className="field">
        <label htmlFor={`${id}-member`}>{t('team.member')}</label>
        <input id={`${id}-member`} autoComplete="username" spellCheck={false} value={value.member} onChange={set('member')} aria-describedby={`${id}-member-hint`} />
        <p id={`${id}-member-hint`} className="field__hint">
          {t('team.memberHint')}
        </p>
      </div>
      <div className="field">
        <label htmlFor={`${id}-password`}>{t('team.password')}</label>
        <input id={`${id}-password`} type="password" autoComplete="current-password" required value={value.password} onChange={set('password')} aria-describedby={`${id}-password-hint`} />
        <p id={`${id}-password-hint`} className="field__hint">
          {lasting === undefined ? t('team.passwordWhere') : lasting ? t('team.passwordLasting') : t('team.passwordSession')}
        </p>
      </div>
      <div className="field">
        <label htmlFor={`${id}-ca`}>{t('team.ca')}</label>
        <textarea id={`${id}-ca`} rows={3} spellCheck={false} value={value.ca} onChange={set('ca')} aria-describedby={`${id}-ca-hint`} />
        <p id={`${id}-ca-hint`} className="field__hint">
          {t('team.caHint')}
        </p>
      </div>
      <div className="field">
        <label htmlFor={`${id}-ca-file`}>{t('team.caFile')}</label>
        <input
          id={`${id}-ca-file`}
          type="file"
          accept=".pem,.crt,.cer,application/x-pem-file"
          onChange={(event) => {
            const file = event.target.files?.[0];
            // The certificate is public text: read here and sent with the form, like the pasted one.
            if (file) void file.text().then((text) => onChange({ ...value, ca: text }));
          }}
        />
      </div>
    </>
  );
}
