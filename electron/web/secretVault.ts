/**
 * AccessKeys kept in the OS keychain by the desktop app: Electron's `safeStorage` encrypts them
 * with a key the OS keeps (Keychain on macOS, DPAPI on Windows, libsecret/kwallet on Linux), and
 * the ciphertext is written to `<config>/keychain/<account>.bin` (0600). Nothing readable is ever
 * on disk, in the document or in the renderer. The browser mode has no vault.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Credentials } from '../../cloud/client';
import { writeFileAtomic } from '../../cloud/files';
import type { SecretVault } from '../../cloud/session';

/** The part of Electron's `safeStorage` the vault uses (so tests can stand in for the Electron binary). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

/** The file for an account: hashed, so a sketch name with odd characters is still one plain file name. */
function fileOf(dir: string, accountId: string): string {
  return join(dir, `${createHash('sha256').update(accountId).digest('hex').slice(0, 32)}.bin`);
}

export function createSafeStorageVault(safeStorage: SafeStorageLike, dir: string): SecretVault {
  return {
    available: () => safeStorage.isEncryptionAvailable(),
    async put(accountId, credentials) {
      const plain = JSON.stringify({
        accessKeyId: credentials.accessKeyId,
        accessKeySecret: credentials.accessKeySecret,
      });
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await writeFileAtomic(fileOf(dir, accountId), safeStorage.encryptString(plain), { mode: 0o600 });
    },
    async get(accountId): Promise<Credentials | undefined> {
      let encrypted: Buffer;
      try {
        encrypted = await readFile(fileOf(dir, accountId));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
      const parsed = JSON.parse(safeStorage.decryptString(encrypted)) as Credentials;
      return { accessKeyId: parsed.accessKeyId, accessKeySecret: parsed.accessKeySecret };
    },
  };
}
