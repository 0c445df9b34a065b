/**
 * Autosave and crash recovery: `<config>/autosave/<key>.json` holds `{ path, savedAt, text }`,
 * key = sha256 of the document path, or "untitled" for a document that has no path yet. At
 * startup, an autosave for the document that is newer than the file on disk (or whose file is
 * gone) is offered instead of the file; a clean save or close removes it.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../cloud/files';
import type { RecoveryInfo } from '../common/hostApi';
import { absolutePath, errnoMessage, type DocumentContext } from './documentContext';
import { fail } from './errors';

interface AutosaveRecord {
  readonly path: string | null;
  readonly savedAt: string;
  readonly text: string;
}

function autosaveFile(ctx: DocumentContext, path: string | null): string {
  const key =
    path === null ? 'untitled' : createHash('sha256').update(absolutePath(ctx, path)).digest('hex').slice(0, 32);
  return join(ctx.autosaveDir, `${key}.json`);
}

async function readAutosave(ctx: DocumentContext, path: string | null): Promise<AutosaveRecord | null> {
  try {
    const record = JSON.parse(await readFile(autosaveFile(ctx, path), 'utf8')) as AutosaveRecord;
    if (typeof record.text !== 'string' || typeof record.savedAt !== 'string') return null;
    return record;
  } catch {
    return null;
  }
}

export async function writeAutosave(
  ctx: DocumentContext,
  path: string | null,
  text: string,
): Promise<{ savedAt: string }> {
  const savedAt = ctx.now().toISOString();
  const record: AutosaveRecord = { path: path === null ? null : absolutePath(ctx, path), savedAt, text };
  try {
    await mkdir(ctx.autosaveDir, { recursive: true });
    // 0o600: a design may describe internal networks; keep it private to the user.
    await writeFileAtomic(autosaveFile(ctx, path), JSON.stringify(record) + '\n', {
      mode: 0o600,
      syncDirectory: false,
    });
  } catch (error) {
    fail('FILE_WRITE_FAILED', `cannot write the autosave copy in ${ctx.autosaveDir}: ${errnoMessage(error)}`);
  }
  return { savedAt };
}

export async function discardAutosave(ctx: DocumentContext, path: string | null): Promise<void> {
  // No autosave is the usual case; any other failure (permissions, a busy disk) is the user's to see.
  await unlink(autosaveFile(ctx, path)).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
}

/**
 * The autosave to offer at startup for `path` (null: an unsaved document): newer than the file,
 * or the file is gone, and different from what is on disk.
 */
export async function findRecovery(
  ctx: DocumentContext,
  path: string | null,
  diskText: string | null,
): Promise<{ text: string; info: RecoveryInfo } | null> {
  const record = await readAutosave(ctx, path);
  if (!record) return null;
  if (path !== null) {
    const mtime = await stat(absolutePath(ctx, path)).then(
      (s) => s.mtimeMs,
      () => null,
    );
    if (mtime !== null && Date.parse(record.savedAt) <= mtime) return null;
  }
  if (diskText !== null && record.text === diskText) return null;
  return { text: record.text, info: { savedAt: record.savedAt, originalText: diskText } };
}
