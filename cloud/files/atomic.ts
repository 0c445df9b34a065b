/**
 * Atomic file writes: readers see either the old file or the complete new one, never a torn
 * write (team brief: "files written atomically"). Used for documents, journals, profiles files.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export interface WriteFileAtomicOptions {
  /** File mode of the new file, e.g. `0o600` for a file holding secrets. Default `0o666` minus umask. */
  readonly mode?: number;
  /** Fsync the directory after the rename so the new name survives a crash (default true; ignored where unsupported). */
  readonly syncDirectory?: boolean;
}

/**
 * Writes `data` to `path` atomically: a temp file in the same directory (same file system, so the
 * rename is atomic), written, fsync'ed, then renamed over `path`. On any failure the temp file is
 * removed and the original file is left untouched; the error is rethrown.
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: WriteFileAtomicOptions = {},
): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    // 'wx': never follow or reuse an existing file at the temp name.
    handle = await open(temp, 'wx', options.mode ?? 0o666);
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(temp, path);
  } catch (error) {
    if (handle) await handle.close().catch(() => {});
    await unlink(temp).catch(() => {});
    throw error;
  }
  if (options.syncDirectory !== false) {
    // Persist the directory entry; some platforms (Windows) cannot open a directory: best effort.
    try {
      const dirHandle = await open(dir, 'r');
      try {
        await dirHandle.sync();
      } finally {
        await dirHandle.close();
      }
    } catch {
      /* not supported here: the rename itself is still atomic */
    }
  }
}
