/**
 * Reading a file the user named: only a regular file, only up to a size a string can hold.
 *
 * Why not plain `readFile`: opening a FIFO for reading blocks until a writer appears (the process
 * hangs, and Ctrl-C cannot interrupt a blocked open on the libuv thread pool), and a character
 * device such as /dev/zero or /dev/urandom never ends. So the file is opened with O_NONBLOCK (an
 * open of a FIFO returns at once) and O_NOCTTY, then checked with fstat on the same descriptor
 * (no window between the check and the read), and refused unless it is a regular file.
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';

/** 256 MiB: far beyond the XL benchmark estate (~40 MB), well below V8's string limit (~512 MiB). */
const MAX_INPUT_FILE_BYTES = 256 * 1024 * 1024;

type FileReadProblem =
  | 'not-found'
  | 'is-directory'
  | 'not-regular'
  | 'permission-denied'
  | 'too-large'
  | 'not-a-folder-on-the-way'
  | 'other';

/** A file that cannot be read as input; `message` says why in words, without the path. */
export class FileReadError extends Error {
  override readonly name = 'FileReadError';
  constructor(
    readonly problem: FileReadProblem,
    message: string,
    readonly errno?: string,
  ) {
    super(message);
  }
}

function kindOfSpecialFile(stats: import('node:fs').Stats): string {
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  if (stats.isDirectory()) return 'a directory';
  return 'not a regular file';
}

function errnoProblem(error: unknown): FileReadError {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return new FileReadError('not-found', 'no such file', code);
    case 'EISDIR':
      return new FileReadError('is-directory', 'is a directory, not a file', code);
    case 'EACCES':
    case 'EPERM':
      return new FileReadError('permission-denied', 'permission denied', code);
    case 'ENOTDIR':
      return new FileReadError('not-a-folder-on-the-way', 'a part of the path is not a folder', code);
    case 'ENXIO':
      // O_NONBLOCK open of a socket or a device without a driver.
      return new FileReadError('not-regular', 'is not a regular file (a socket or a device)', code);
    default:
      return new FileReadError('other', error instanceof Error ? error.message : String(error), code);
  }
}

/**
 * Reads a regular file as UTF-8. Throws {@link FileReadError} (never hangs) for anything else:
 * FIFOs, devices, sockets, folders, files over `maxBytes`.
 */
export async function readRegularFile(path: string, maxBytes = MAX_INPUT_FILE_BYTES): Promise<string> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (error) {
    throw errnoProblem(error);
  }
  try {
    const stats = await handle.stat();
    if (stats.isDirectory()) throw new FileReadError('is-directory', 'is a directory, not a file');
    if (!stats.isFile()) {
      throw new FileReadError('not-regular', `is ${kindOfSpecialFile(stats)}, not a regular file: give a file`);
    }
    if (stats.size > maxBytes) {
      throw new FileReadError(
        'too-large',
        `is ${Math.round(stats.size / 1024 / 1024)} MiB, larger than the ${Math.round(maxBytes / 1024 / 1024)} MiB vpclink reads`,
      );
    }
    const data = await handle.readFile();
    // The file may have grown between fstat and the read.
    if (data.length > maxBytes) {
      throw new FileReadError(
        'too-large',
        `is larger than the ${Math.round(maxBytes / 1024 / 1024)} MiB vpclink reads`,
      );
    }
    return data.toString('utf8');
  } catch (error) {
    if (error instanceof FileReadError) throw error;
    throw errnoProblem(error);
  } finally {
    // A read-only handle: closing it cannot lose data, and the read's result or error is what counts.
    await handle.close().catch(() => {});
  }
}
