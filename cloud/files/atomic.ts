/**
 * Atomic file writes: readers see either the old file or the complete new one, never a torn
 * write (team brief: "files written atomically"). Used for documents, journals, profiles files.
 *
 * Writing over an existing file keeps what the user set on it (issue 10, defect 4): its mode
 * (a 0600 document stays 0600), its owner and group (when the process may set them), and a
 * symbolic link stays a link — the new content goes to the link's target, with the temp file in
 * the target's folder so the rename stays on one file system.
 *
 * Temp files are named `.<name>.<pid>.<12 hex>.tmp` next to the target; a write that fails
 * removes its own, and {@link cleanStaleTempFiles} removes those a crash left behind.
 */
import { randomBytes } from 'node:crypto';
import { lstat, open, readdir, readlink, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

export interface WriteFileAtomicOptions {
  /**
   * File mode, e.g. `0o600` for a file holding secrets (minus the umask). Default: the existing
   * file's mode when there is one, else `0o666` minus the umask.
   */
  readonly mode?: number;
  /** Fsync the directory after the rename so the new name survives a crash (default true; ignored where unsupported). */
  readonly syncDirectory?: boolean;
}

/** The temp-file names this module makes: `.` + target name + `.` + pid + `.` + 12 hex + `.tmp`. */
const TEMP_FILE_PATTERN = /^\.(.+)\.(\d+)\.([0-9a-f]{12})\.tmp$/;

function tempNameFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

/** Follows symbolic links (also dangling ones) to the path that will really be written. */
async function finalWriteTarget(path: string): Promise<string> {
  let current = resolve(path);
  for (let hops = 0; hops < 40; hops++) {
    let info;
    try {
      info = await lstat(current);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return current;
      throw error;
    }
    if (!info.isSymbolicLink()) return current;
    current = resolve(dirname(current), await readlink(current));
  }
  throw Object.assign(new Error(`${path}: too many levels of symbolic links`), { code: 'ELOOP' });
}

/**
 * Writes `data` to `path` atomically: a temp file in the target's directory (same file system,
 * so the rename is atomic), written, fsync'ed, given the old file's mode and owner, then renamed
 * over the target. On any failure the temp file is removed and the original file is left
 * untouched; the error is rethrown.
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: WriteFileAtomicOptions = {},
): Promise<void> {
  const target = await finalWriteTarget(path);
  const existing = await stat(target).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (existing && !existing.isFile()) {
    throw Object.assign(new Error(`${path}: not a regular file`), {
      code: existing.isDirectory() ? 'EISDIR' : 'ENOTREG',
    });
  }
  const dir = dirname(target);
  const temp = tempNameFor(target);
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    // 'wx': never follow or reuse an existing file at the temp name.
    handle = await open(temp, 'wx', options.mode ?? (existing ? existing.mode & 0o7777 : 0o666));
    await handle.writeFile(data);
    if (existing && options.mode === undefined) {
      // open() applied the umask; the file keeps exactly the mode it had.
      await handle.chmod(existing.mode & 0o7777);
      if (existing.uid !== process.getuid?.() || existing.gid !== process.getgid?.()) {
        // Only root (or the owner, for a group it belongs to) may do this; otherwise the file
        // becomes ours, which is what any editor's save does.
        await handle.chown(existing.uid, existing.gid).catch(() => {});
      }
    }
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(temp, target);
  } catch (error) {
    // The write's own error is what the caller must see; a temp file that cannot be closed or
    // removed here is a leftover cleanStaleTempFiles removes later.
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

/** Whether a process of this host with that pid runs (a lock's or a temp file's writer). */
export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A write never takes this long: an older temp file is a leftover even if its pid was reused. */
const STALE_AFTER_MS = 60 * 60 * 1000;

/**
 * Removes the temp files a crashed writer left in `dir` (only names of {@link TEMP_FILE_PATTERN},
 * only regular files, never one a live process may still be writing: its pid is alive and it is
 * younger than an hour). Returns the names removed; a folder that cannot be read is skipped.
 */
export async function cleanStaleTempFiles(
  dir: string,
  options: { readonly now?: number; readonly isAlive?: (pid: number) => boolean } = {},
): Promise<string[]> {
  const now = options.now ?? Date.now();
  const isAlive = options.isAlive ?? processIsAlive;
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    // Tidying is best effort: a folder that cannot be read has nothing this run can remove.
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const match = TEMP_FILE_PATTERN.exec(name);
    if (!match) continue;
    const pid = Number(match[2]);
    const file = join(dir, name);
    const info = await lstat(file).catch(() => null); // gone since readdir: nothing to remove
    if (!info?.isFile()) continue;
    const live = pid === process.pid || isAlive(pid);
    if (live && now - info.mtimeMs < STALE_AFTER_MS) continue;
    // Another cleaner got there first, or no permission: it stays, and is not reported as removed.
    if (
      await unlink(file).then(
        () => true,
        () => false,
      )
    )
      removed.push(name);
  }
  return removed;
}
