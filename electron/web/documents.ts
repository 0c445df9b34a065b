/**
 * Document I/O for the host: open, atomic save, examples, recent files, autosave and crash
 * recovery. Plain Node; the Electron main process and the web host share it.
 *
 * Per-user state lives in the config dir (`$XDG_CONFIG_HOME/vpclink`, else `~/.config/vpclink`):
 *   recent.json               { "files": [ { path, title, openedAt } ] }, newest first, at most 10
 *   autosave/<key>.json       { path, savedAt, text }: key = sha256 of the document path, or
 *                             "untitled" for a document that has no path yet
 * Crash recovery: at startup, an autosave for the document that is newer than the file on disk
 * (or whose file is gone) is offered instead of the file; a clean save or close removes it.
 *
 * Which files the host touches (issue 10, defect 4): only files the USER picked — the file on the
 * command line, a native dialog's answer (Electron), the path typed into the app's own Open / Save
 * As dialog (browser mode, see {@link pickTypedPath}), and the recent list (which only ever holds
 * files opened or saved that way). `openFile`, `saveFile` and `exportFile` refuse any other path
 * with FORBIDDEN before touching the file system, so a page or script that reaches the host API
 * cannot read /etc/shadow or overwrite ~/.bashrc through it.
 *
 * Saving never loses someone else's change: the host remembers a hash of the bytes it last read
 * or wrote for each path, and refuses (FILE_CHANGED_ON_DISK) to save over a file that changed on
 * disk since — the UI then asks: overwrite, reload, or save as.
 */
import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, stat, unlink } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { cleanStaleTempFiles, FileReadError, readRegularFile, writeFileAtomic } from '../../cloud/files';
import { CURRENT_VERSION, FORMAT, loadDocumentText } from '../../simulator/document';
import type {
  ExampleInfo,
  ExportFormat,
  ExportRequest,
  OpenedDocument,
  RecentFile,
  RecoveryInfo,
  SavedFile,
  SaveOptions,
} from '../common/hostApi';
import { fail } from './errors';

export const MAX_RECENT_FILES = 10;

/** What each export format is called in a file dialog and the extension its file gets. */
export const EXPORT_FILE_TYPES: Readonly<Record<ExportFormat, { readonly name: string; readonly extension: string }>> =
  {
    svg: { name: 'SVG image', extension: 'svg' },
    png: { name: 'PNG image', extension: 'png' },
    drawio: { name: 'draw.io diagram', extension: 'drawio' },
    terraform: { name: 'Terraform HCL', extension: 'tf' },
  };
export const EXAMPLE_SUFFIX = '.vpclink.json';

/** The per-user config directory (XDG on Linux; the same layout elsewhere keeps it simple). */
export function defaultConfigDir(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const xdg = env.XDG_CONFIG_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(homedir(), '.config'), 'vpclink');
}

export interface DocumentStoreOptions {
  readonly configDir: string;
  /** Where the bundled examples are (`<repo>/examples`). */
  readonly examplesDir: string;
  /** Relative paths from the renderer are resolved against this (the CLI's working directory). */
  readonly cwd: string;
  readonly now?: () => Date;
  /** Paths the user picked before the store exists (the file on the command line). */
  readonly picked?: readonly string[];
}

/** What the user picks a path for: reading a document, or writing one (save, save as, export). */
export type PickPurpose = 'open' | 'save' | 'export';

interface AutosaveRecord {
  readonly path: string | null;
  readonly savedAt: string;
  readonly text: string;
}

export function titleOfPath(path: string): string {
  return basename(path);
}

function errnoMessage(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'EISDIR':
      return 'is a folder, not a file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'ENOTDIR':
      return 'a part of the path is not a folder';
    case 'EROFS':
      return 'read-only file system';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/** Rejects text that is not a topology document at all; schema problems are the renderer's to show. */
export function checkDocumentText(text: string, what: string): void {
  const result = loadDocumentText(text);
  if (result.kind === 'fatal') fail('DOCUMENT_INVALID', `${what}: ${result.message}`);
}

/** True when `text` is a topology document at all (no message: see {@link pickTypedPath} for why). */
function isTopologyText(text: string): boolean {
  return loadDocumentText(text).kind !== 'fatal';
}

function contentHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function createDocumentStore(options: DocumentStoreOptions) {
  const now = options.now ?? (() => new Date());
  const recentPath = join(options.configDir, 'recent.json');
  const autosaveDir = join(options.configDir, 'autosave');

  const absolute = (path: string) => resolve(options.cwd, path);

  const autosaveFile = (path: string | null) =>
    join(
      autosaveDir,
      `${path === null ? 'untitled' : createHash('sha256').update(absolute(path)).digest('hex').slice(0, 32)}.json`,
    );

  async function readRecentRaw(): Promise<{ path: string; title: string; openedAt: string }[]> {
    try {
      const parsed = JSON.parse(await readFile(recentPath, 'utf8')) as { files?: unknown };
      if (!Array.isArray(parsed.files)) return [];
      return parsed.files.filter(
        (f): f is { path: string; title: string; openedAt: string } =>
          typeof f === 'object' &&
          f !== null &&
          typeof f.path === 'string' &&
          typeof f.title === 'string' &&
          typeof f.openedAt === 'string',
      );
    } catch {
      // Missing or corrupt: start a new list rather than failing an open or a save.
      return [];
    }
  }

  async function addRecent(path: string, title: string): Promise<void> {
    const files = (await readRecentRaw()).filter((f) => f.path !== path);
    files.unshift({ path, title, openedAt: now().toISOString() });
    await mkdir(options.configDir, { recursive: true });
    await writeFileAtomic(recentPath, JSON.stringify({ files: files.slice(0, MAX_RECENT_FILES) }, null, 2) + '\n');
  }

  async function readAutosave(path: string | null): Promise<AutosaveRecord | null> {
    try {
      const record = JSON.parse(await readFile(autosaveFile(path), 'utf8')) as AutosaveRecord;
      if (typeof record.text !== 'string' || typeof record.savedAt !== 'string') return null;
      return record;
    } catch {
      return null;
    }
  }

  /**
   * The last text that passed {@link checkDocumentText}, with its hash. Checking an L estate
   * (depth scan, JSON.parse, schema) takes 150–450 ms and hashing it 15 ms: {@link prepareOpen}
   * does both while the page loads, and an open whose bytes are exactly this text reuses them.
   */
  let verified: { readonly text: string; readonly hash: string } | null = null;

  function checkedText(text: string, what: string): { readonly text: string; readonly hash: string } {
    if (verified?.text === text) return verified;
    checkDocumentText(text, what);
    verified = { text, hash: contentHash(text) };
    return verified;
  }

  async function readDocument(path: string): Promise<{ readonly text: string; readonly hash: string }> {
    let text: string;
    try {
      // Regular files only: a FIFO or a device would hang the host (cloud/files/readRegular.ts).
      text = await readRegularFile(path);
    } catch (error) {
      if (!(error instanceof FileReadError)) throw error;
      fail(error.problem === 'not-found' ? 'NOT_FOUND' : 'FILE_UNREADABLE', `${path}: cannot read: ${error.message}`);
    }
    return checkedText(text, path);
  }

  /** The text on disk now, or null when there is no file; throws HostFailure when it is not a file. */
  async function diskTextOrNull(path: string, what: string): Promise<string | null> {
    try {
      return await readRegularFile(path);
    } catch (error) {
      if (error instanceof FileReadError && error.problem === 'not-found') return null;
      if (!(error instanceof FileReadError)) throw error;
      fail('FILE_WRITE_FAILED', `${path}: cannot ${what}: ${error.message}`);
    }
  }

  /** Absolute paths the user picked in this session (the recent list counts too, see isPicked). */
  const picked = new Set<string>((options.picked ?? []).map(absolute));
  /** sha256 of the bytes last read or written per path: a different hash on disk = changed since. */
  const knownOnDisk = new Map<string, string>();

  async function isPicked(full: string): Promise<boolean> {
    if (picked.has(full)) return true;
    return (await readRecentRaw()).some((f) => f.path === full);
  }

  /** Refuses a path the user did not pick, before the file system is touched (nothing leaks about it). */
  async function requirePicked(full: string, purpose: PickPurpose): Promise<void> {
    if (await isPicked(full)) return;
    const verb = purpose === 'open' ? 'opens' : 'writes';
    fail(
      'FORBIDDEN',
      `${full}: vpclink only ${verb} files you picked (File ▸ ${purpose === 'open' ? 'Open' : 'Save As'}, the command line, or the recent list)`,
    );
  }

  const store = {
    absolute,

    /** Records a path the user picked (command line, native dialog, drag-and-drop in Electron). */
    grant(path: string): string {
      const full = absolute(path);
      picked.add(full);
      return full;
    },

    /**
     * Browser mode's Open / Save As: the path the user typed into the app's own dialog (there is
     * no native dialog for a page). It becomes a pick only if it is plausibly a document:
     * - open: a regular file that holds a topology document. When it does not, the answer says
     *   so WITHOUT quoting the content (JSON.parse's message quotes the text: that is how
     *   /etc/shadow-style files leaked);
     * - save: a `.json` name in an existing folder, and, when the file exists, a regular file that
     *   already holds a topology document — Save As never clobbers ~/.bashrc or a credentials file.
     */
    async pickTypedPath(purpose: 'open' | 'save', path: string): Promise<string> {
      const full = absolute(path);
      const field = 'args[0].path';
      if (purpose === 'save' && !full.toLowerCase().endsWith('.json')) {
        fail('BAD_REQUEST', `${full}: a document is saved as a .json file (e.g. network.vpclink.json)`, { field });
      }
      let text: string | null;
      try {
        text = await readRegularFile(full);
      } catch (error) {
        if (!(error instanceof FileReadError)) throw error;
        if (error.problem !== 'not-found' || purpose === 'open') {
          fail(error.problem === 'not-found' ? 'NOT_FOUND' : 'FILE_UNREADABLE', `${full}: ${error.message}`, { field });
        }
        text = null;
      }
      if (text !== null && !isTopologyText(text)) {
        fail(
          purpose === 'open' ? 'DOCUMENT_INVALID' : 'FORBIDDEN',
          purpose === 'open'
            ? `${full}: not a vpclink topology document`
            : `${full}: exists and is not a vpclink topology document: vpclink will not overwrite it`,
          { field },
        );
      }
      if (text === null) {
        const folder = await stat(dirname(full)).catch(() => null);
        if (!folder?.isDirectory())
          fail('FILE_WRITE_FAILED', `${full}: cannot save: the folder ${dirname(full)} does not exist`, { field });
      }
      picked.add(full);
      return full;
    },

    async openFile(path: string): Promise<OpenedDocument> {
      const full = absolute(path);
      await requirePicked(full, 'open');
      const { text, hash } = await readDocument(full);
      knownOnDisk.set(full, hash);
      const title = titleOfPath(full);
      await addRecent(full, title).catch(() => {});
      return { text, path: full, title, origin: 'file' };
    },

    /**
     * Reads and checks a picked file ahead of its open (the startup document, while the page
     * loads), so the open itself only reads the bytes again and compares them. Never fails:
     * the open that follows reports whatever went wrong, exactly as without this.
     */
    async prepareOpen(path: string): Promise<void> {
      const full = absolute(path);
      if (!picked.has(full)) return;
      try {
        checkedText(await readRegularFile(full), full);
      } catch {
        // reported by openFile
      }
    },

    async saveFile(path: string, text: string, saveOptions: SaveOptions = {}): Promise<SavedFile> {
      const full = absolute(path);
      await requirePicked(full, 'save');
      checkDocumentText(text, 'the document to save');
      try {
        const info = await stat(dirname(full));
        if (!info.isDirectory()) fail('FILE_WRITE_FAILED', `${full}: cannot save: ${dirname(full)} is not a folder`);
      } catch (error) {
        if ((error as { name?: string }).name === 'HostFailure') throw error;
        fail('FILE_WRITE_FAILED', `${full}: cannot save: the folder ${dirname(full)} does not exist`);
      }
      const onDisk = await diskTextOrNull(full, 'save');
      if (onDisk !== null && !saveOptions.overwrite && knownOnDisk.get(full) !== contentHash(onDisk)) {
        fail(
          'FILE_CHANGED_ON_DISK',
          knownOnDisk.has(full)
            ? `${full} changed on disk since it was opened or last saved here: overwrite it, reload it, or save as another file`
            : `${full} already exists: overwrite it, open it instead, or save as another file`,
        );
      }
      try {
        // Keeps mode, owner and symlinks (cloud/files/atomic.ts).
        await writeFileAtomic(full, text);
      } catch (error) {
        fail('FILE_WRITE_FAILED', `${full}: cannot save: ${errnoMessage(error)}`);
      }
      knownOnDisk.set(full, contentHash(text));
      const title = titleOfPath(full);
      await addRecent(full, title).catch(() => {});
      await store.discardAutosave(full);
      return { path: full, title, savedAt: now().toISOString() };
    },

    /**
     * Removes temp files a crashed save left behind (cloud/files/atomic.ts names them), in the
     * folders this host writes to: the config and autosave folders, and those of picked and
     * recent files. Run once at startup; never fails.
     */
    async cleanLeftoverTempFiles(): Promise<string[]> {
      const recent = await readRecentRaw();
      const dirs = new Set([
        options.configDir,
        autosaveDir,
        ...[...picked].map((p) => dirname(p)),
        ...recent.map((f) => dirname(f.path)),
      ]);
      const removed: string[] = [];
      for (const dir of dirs) {
        for (const name of await cleanStaleTempFiles(dir)) removed.push(join(dir, name));
      }
      return removed;
    },

    newDocument(): OpenedDocument {
      const text = JSON.stringify({ format: FORMAT, version: CURRENT_VERSION, accounts: [], vpcs: [] }, null, 2) + '\n';
      return { text, path: null, title: 'Untitled', origin: 'new' };
    },

    async listExamples(): Promise<ExampleInfo[]> {
      let names: string[];
      try {
        names = (await readdir(options.examplesDir)).filter((n) => n.endsWith(EXAMPLE_SUFFIX)).sort();
      } catch {
        return [];
      }
      const out: ExampleInfo[] = [];
      for (const file of names) {
        const name = file.slice(0, -EXAMPLE_SUFFIX.length);
        let title = name;
        let description = '';
        try {
          const raw = JSON.parse(await readFile(join(options.examplesDir, file), 'utf8')) as {
            name?: unknown;
            description?: unknown;
          };
          if (typeof raw.name === 'string') title = raw.name;
          if (typeof raw.description === 'string') description = raw.description;
        } catch {
          continue; // not a readable example: leave it out of the list
        }
        out.push({ name, title, description });
      }
      return out;
    },

    async openExample(name: string): Promise<OpenedDocument> {
      // A name, not a path: nothing outside the examples folder can be reached through it.
      if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name) || name.includes('..')) {
        fail('BAD_REQUEST', `example name "${name}" is not valid: use a name from listExamples()`, {
          field: 'args[0]',
        });
      }
      const file = join(options.examplesDir, `${name}${EXAMPLE_SUFFIX}`);
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch {
        fail('NOT_FOUND', `there is no example named "${name}"`);
      }
      return { text, path: null, title: `${name} (example)`, origin: 'example' };
    },

    async listRecentFiles(): Promise<RecentFile[]> {
      const files = await readRecentRaw();
      return Promise.all(
        files.map(async (f) => ({
          ...f,
          exists: await stat(f.path).then(
            (s) => s.isFile(),
            () => false,
          ),
        })),
      );
    },

    async autosave(path: string | null, text: string): Promise<{ savedAt: string }> {
      const savedAt = now().toISOString();
      const record: AutosaveRecord = { path: path === null ? null : absolute(path), savedAt, text };
      try {
        await mkdir(autosaveDir, { recursive: true });
        // 0o600: a design may describe internal networks; keep it private to the user.
        await writeFileAtomic(autosaveFile(path), JSON.stringify(record) + '\n', { mode: 0o600, syncDirectory: false });
      } catch (error) {
        fail('FILE_WRITE_FAILED', `cannot write the autosave copy in ${autosaveDir}: ${errnoMessage(error)}`);
      }
      return { savedAt };
    },

    async discardAutosave(path: string | null): Promise<void> {
      // No autosave is the usual case; any other failure (permissions, a busy disk) is the user's to see.
      await unlink(autosaveFile(path)).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
    },

    /**
     * The autosave to offer at startup for `path` (null: an unsaved document): newer than the file,
     * or the file is gone, and different from what is on disk.
     */
    async findRecovery(
      path: string | null,
      diskText: string | null,
    ): Promise<{ text: string; info: RecoveryInfo } | null> {
      const record = await readAutosave(path);
      if (!record) return null;
      if (path !== null) {
        const mtime = await stat(absolute(path)).then(
          (s) => s.mtimeMs,
          () => null,
        );
        if (mtime !== null && Date.parse(record.savedAt) <= mtime) return null;
      }
      if (diskText !== null && record.text === diskText) return null;
      return { text: record.text, info: { savedAt: record.savedAt, originalText: diskText } };
    },

    async exportFile(request: ExportRequest): Promise<{ path: string }> {
      const ext = `.${EXPORT_FILE_TYPES[request.format].extension}`;
      const data = Buffer.from(request.dataBase64, 'base64');
      checkExportData(request.format, data);
      let target: string;
      if (request.path) {
        target = absolute(request.path);
        await requirePicked(target, 'export');
      } else if (request.documentPath) {
        // Next to the open document: a folder the user picked a file in.
        await requirePicked(absolute(request.documentPath), 'export');
        const name = request.suggestedName;
        if (name !== basename(name) || name === '' || name.startsWith('.')) {
          fail('BAD_REQUEST', `suggestedName "${name}" must be a plain file name, without folders`, {
            field: 'args[0].suggestedName',
          });
        }
        target = join(dirname(absolute(request.documentPath)), name);
      } else {
        fail(
          'NOT_AVAILABLE',
          'the document has not been saved yet, so there is no folder to export next to: choose a path (or download)',
        );
      }
      if (!target.toLowerCase().endsWith(ext)) target += ext;
      try {
        await writeFileAtomic(target, data);
      } catch (error) {
        fail('FILE_WRITE_FAILED', `${target}: cannot write the export: ${errnoMessage(error)}`);
      }
      return { path: target };
    },
  };
  return store;
}

export type DocumentStore = ReturnType<typeof createDocumentStore>;

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The bytes must be what the format says, so a `.png` is never an arbitrary blob. */
function checkExportData(format: ExportFormat, data: Buffer): void {
  if (data.length === 0) fail('BAD_REQUEST', 'the export is empty', { field: 'args[0].dataBase64' });
  if (format === 'png' && !data.subarray(0, 8).equals(PNG_MAGIC)) {
    fail('BAD_REQUEST', 'dataBase64 is not a PNG image (no PNG signature)', { field: 'args[0].dataBase64' });
  }
  if (
    format === 'drawio' &&
    !/^(<\?xml[^>]*\?>\s*)?<mxfile[\s>]/.test(data.subarray(0, 512).toString('utf8').trimStart())
  ) {
    fail('BAD_REQUEST', 'dataBase64 is not a draw.io file (no <mxfile> element at the start)', {
      field: 'args[0].dataBase64',
    });
  }
  if (format === 'terraform' && (data.includes(0) || !isUtf8(data))) {
    fail('BAD_REQUEST', 'dataBase64 is not Terraform HCL text (not UTF-8)', { field: 'args[0].dataBase64' });
  }
  if (format === 'svg') {
    const head = data.subarray(0, 512).toString('utf8').trimStart();
    if (!head.startsWith('<') || !/<svg[\s>]/.test(data.subarray(0, 4096).toString('utf8'))) {
      fail('BAD_REQUEST', 'dataBase64 is not an SVG document (no <svg> element at the start)', {
        field: 'args[0].dataBase64',
      });
    }
  }
}
