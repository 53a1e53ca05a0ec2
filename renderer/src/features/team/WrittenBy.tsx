import { useTranslation } from 'react-i18next';
import type { Input } from '../../../../electron/api/contract';
import { useClient } from '../../api/ClientContext';
import { useQuery } from '../../api/useQuery';

type Table = Input<'team:authors'>['table_name'];

/**
 * "Written by X · edited by Y" for a record of a team inquiry, as the team server recorded it; nothing for a record
 * that never travelled (a journal of one). `version` re-reads it after a save or a sync.
 */
export function WrittenBy({ table, id, version }: { table: Table; id: string; version?: unknown }) {
  const { t } = useTranslation();
  const client = useClient();
  const authors = useQuery(() => client.call('team:authors', { table_name: table, row_key: id }), [table, id, version]);
  const created = authors.data?.created_by;
  const edited = authors.data?.edited_by;
  const parts = [created ? t('team.writtenBy', { name: created }) : undefined, edited && edited !== created ? t('team.editedBy', { name: edited }) : undefined].filter(Boolean);
  if (parts.length === 0) return null;
  return (
    <p className="written-by">
      {parts.join(' · ')}
    </p>
  );
}
