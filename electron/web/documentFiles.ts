/**
 * Opening and saving a document file the user picked (filePicks.ts), and the temp files a crashed
 * save leaves behind.
 *
 * Saving never loses someone else's change: the host remembers a hash of the bytes it last read
 * or wrote for each path (DocumentContext.knownOnDisk), and refuses (FILE_CHANGED_ON_DISK) to save
 * over a file that changed on disk since — the UI then asks: overwrite, reload, or save as.
 */
import { stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { cleanStaleTempFiles, FileReadError, readRegularFile, writeFileAtomic } from '../../cloud/files';
import type { OpenedDocument, SavedFile, SaveOptions } from '../common/hostApi';
import { discardAutosave } from './autosave';
import {
  absolutePath,
  checkDocumentText,
  checkedText,
  contentHash,
  errnoMessage,
  titleOfPath,
  type CheckedText,
  type DocumentContext,
} from './documentContext';
import { fail } from './errors';
import { requirePicked } from './filePicks';
import { addRecent, readRecentEntries } from './recentFiles';

async function readDocument(ctx: DocumentContext, path: string): Promise<CheckedText> {
  let text: string;
  try {
    // Regular files only: a FIFO or a device would hang the host (cloud/files/readRegular.ts).
    text = await readRegularFile(path);
  } catch (error) {
    if (!(error instanceof FileReadError)) throw error;
    fail(error.problem === 'not-found' ? 'NOT_FOUND' : 'FILE_UNREADABLE', `${path}: cannot read: ${error.message}`);
  }
  return checkedText(ctx, text, path);
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

export async function openFile(ctx: DocumentContext, path: string): Promise<OpenedDocument> {
  const full = absolutePath(ctx, path);
  await requirePicked(ctx, full, 'open');
  const { text, hash } = await readDocument(ctx, full);
  ctx.knownOnDisk.set(full, hash);
  const title = titleOfPath(full);
  await addRecent(ctx, full, title).catch(() => {});
  return { text, path: full, title, origin: 'file' };
}

/**
 * Reads and checks a picked file ahead of its open (the startup document, while the page
 * loads), so the open itself only reads the bytes again and compares them. Never fails:
 * the open that follows reports whatever went wrong, exactly as without this.
 */
export async function prepareOpen(ctx: DocumentContext, path: string): Promise<void> {
  const full = absolutePath(ctx, path);
  if (!ctx.picked.has(full)) return;
  try {
    checkedText(ctx, await readRegularFile(full), full);
  } catch {
    // reported by openFile
  }
}

export async function saveFile(
  ctx: DocumentContext,
  path: string,
  text: string,
  saveOptions: SaveOptions = {},
): Promise<SavedFile> {
  const full = absolutePath(ctx, path);
  await requirePicked(ctx, full, 'save');
  checkDocumentText(text, 'the document to save');
  await requireFolder(full);
  const onDisk = await diskTextOrNull(full, 'save');
  if (onDisk !== null && !saveOptions.overwrite && ctx.knownOnDisk.get(full) !== contentHash(onDisk)) {
    fail(
      'FILE_CHANGED_ON_DISK',
      ctx.knownOnDisk.has(full)
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
  ctx.knownOnDisk.set(full, contentHash(text));
  const title = titleOfPath(full);
  await addRecent(ctx, full, title).catch(() => {});
  await discardAutosave(ctx, full);
  return { path: full, title, savedAt: ctx.now().toISOString() };
}

/** The folder a save writes into must exist and be a folder (a save never creates folders). */
async function requireFolder(full: string): Promise<void> {
  try {
    const info = await stat(dirname(full));
    if (!info.isDirectory()) fail('FILE_WRITE_FAILED', `${full}: cannot save: ${dirname(full)} is not a folder`);
  } catch (error) {
    if ((error as { name?: string }).name === 'HostFailure') throw error;
    fail('FILE_WRITE_FAILED', `${full}: cannot save: the folder ${dirname(full)} does not exist`);
  }
}

/**
 * Removes temp files a crashed save left behind (cloud/files/atomic.ts names them), in the
 * folders this host writes to: the config and autosave folders, and those of picked and
 * recent files. Run once at startup; never fails.
 */
export async function cleanLeftoverTempFiles(ctx: DocumentContext): Promise<string[]> {
  const recent = await readRecentEntries(ctx);
  const dirs = new Set([
    ctx.options.configDir,
    ctx.autosaveDir,
    ...[...ctx.picked].map((p) => dirname(p)),
    ...recent.map((f) => dirname(f.path)),
  ]);
  const removed: string[] = [];
  for (const dir of dirs) {
    for (const name of await cleanStaleTempFiles(dir)) removed.push(join(dir, name));
  }
  return removed;
}
