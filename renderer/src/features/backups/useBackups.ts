import { useState } from 'react';
import type { Output } from '../../../../electron/api/contract';
import { useClient } from '../../api/ClientContext';
import { useQuery } from '../../api/useQuery';

export type Backup = Output<'backups:list'>[number];
export type Verification = Output<'backups:verify'>;

/** The backup list with per-backup checks; shared by the backups view and the recovery screen. */
export function useBackups() {
  const client = useClient();
  const list = useQuery(() => client.call('backups:list', {}), []);
  const [checks, setChecks] = useState<Record<string, Verification | 'checking'>>({});

  async function verify(name: string): Promise<Verification> {
    setChecks((current) => ({ ...current, [name]: 'checking' }));
    const result = await client.call('backups:verify', { name });
    setChecks((current) => ({ ...current, [name]: result }));
    return result;
  }

  return { list, checks, verify };
}
