import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { Db } from '../../db/connection.js';
import type { SafeStorageLike } from '../keychain.js';

/**
 * Where the team server's password (and the CA certificate that goes with it) of each linked inquiry is kept.
 * Never in the journal and never in plain text on disk: in the app, a file beside the journal holding only what
 * Electron's safeStorage encrypted (the OS keychain's key); in browser mode and on the command line, in memory for
 * the life of the process, filled from --password-file, WITHNESS_SYNC_PASSWORD, a prompt, or the Team screen.
 */
export interface TeamSecret {
  password: string;
  /** PEM of the certificate authority the server's certificate is checked against, when not a public one. */
  ca?: string;
}

export interface SecretStore {
  get(projectId: string): TeamSecret | undefined;
  /** Keeps a secret; answers whether it outlives the process (false: memory only, asked again after a restart). */
  set(projectId: string, secret: TeamSecret): boolean;
  forget(projectId: string): void;
  /** Whether set() keeps secrets across restarts. */
  readonly lasting: boolean;
}

/**
 * In memory only. `fallback` answers for every inquiry without a secret of its own (the password a command line
 * or a browser-mode server was started with).
 */
export function memorySecretStore(fallback?: TeamSecret): SecretStore {
  const secrets = new Map<string, TeamSecret>();
  return {
    lasting: false,
    get: (projectId) => secrets.get(projectId) ?? fallback,
    set: (projectId, secret) => {
      secrets.set(projectId, secret);
      return false;
    },
    forget: (projectId) => void secrets.delete(projectId),
  };
}

/** The file beside a journal that holds its team passwords, encrypted by the OS keychain. */
export function secretsPathFor(journalPath: string): string {
  return `${journalPath}.team-secrets.json`;
}

/**
 * Encrypted by safeStorage into `file` (JSON of base64 blobs, one per inquiry). Only used where the keychain
 * really protects (keychainFrom in electron/keychain.ts decides); elsewhere the app keeps the password in memory.
 * A blob the keychain can no longer open (another computer, a changed keyring) is treated as absent: the Team
 * screen then asks for the password again.
 */
export function keychainSecretStore(file: string, safeStorage: SafeStorageLike): SecretStore {
  const read = (): Record<string, string> => {
    if (!existsSync(file)) return {};
    try {
      const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
      return parsed && typeof parsed === 'object' ? (parsed as Record<string, string>) : {};
    } catch {
      return {};
    }
  };
  const write = (blobs: Record<string, string>) => {
    if (Object.keys(blobs).length === 0) {
      rmSync(file, { force: true });
      return;
    }
    // Written aside and renamed, so a crash leaves the old file or the new one, never half of one.
    const temporary = `${file}.tmp`;
    writeFileSync(temporary, JSON.stringify(blobs), { mode: 0o600 });
    renameSync(temporary, file);
  };
  return {
    lasting: true,
    get(projectId) {
      const blob = read()[projectId];
      if (!blob) return undefined;
      try {
        const secret = JSON.parse(safeStorage.decryptString(Buffer.from(blob, 'base64'))) as TeamSecret;
        return typeof secret.password === 'string' ? secret : undefined;
      } catch {
        return undefined;
      }
    },
    set(projectId, secret) {
      const blobs = read();
      blobs[projectId] = safeStorage.encryptString(JSON.stringify(secret)).toString('base64');
      write(blobs);
      return true;
    },
    forget(projectId) {
      const blobs = read();
      if (!(projectId in blobs)) return;
      delete blobs[projectId];
      write(blobs);
    },
  };
}

// By the journal's file name rather than the connection object: a restore or an unlock reopens the journal as a
// new connection, and its secrets must still be found.
const stores = new Map<string, SecretStore>();

/** Sets the store a host keeps its team secrets in (the app: the keychain; browser mode and the CLI: memory). */
export function useSecretStore(db: Db | string, store: SecretStore): void {
  stores.set(typeof db === 'string' ? db : db.name, store);
}

/** The journal's store; one in memory when its host set none (tests, a handler called directly). */
export function secretStoreOf(db: Db): SecretStore {
  let store = stores.get(db.name);
  if (!store) {
    store = memorySecretStore();
    stores.set(db.name, store);
  }
  return store;
}
