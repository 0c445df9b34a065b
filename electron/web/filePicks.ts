/**
 * Which files the host touches (issue 10, defect 4): only files the USER picked — the file on the
 * command line, a native dialog's answer (Electron), the path typed into the app's own Open / Save
 * As dialog (browser mode, see {@link pickTypedPath}), and the recent list (which only ever holds
 * files opened or saved that way). Opening, saving and exporting refuse any other path with
 * FORBIDDEN before touching the file system, so a page or script that reaches the host API cannot
 * read /etc/shadow or overwrite ~/.bashrc through it.
 */
import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { FileReadError, readRegularFile } from '../../cloud/files';
import { loadDocumentText } from '../../simulator/document';
import { absolutePath, type DocumentContext } from './documentContext';
import { fail } from './errors';
import { readRecentEntries } from './recentFiles';

/** What the user picks a path for: reading a document, or writing one (save, save as, export). */
type PickPurpose = 'open' | 'save' | 'export';

/** Records a path the user picked (command line, native dialog, drag-and-drop in Electron). */
export function grantPath(ctx: DocumentContext, path: string): string {
  const full = absolutePath(ctx, path);
  ctx.picked.add(full);
  return full;
}

async function isPicked(ctx: DocumentContext, full: string): Promise<boolean> {
  if (ctx.picked.has(full)) return true;
  return (await readRecentEntries(ctx)).some((f) => f.path === full);
}

/** Refuses a path the user did not pick, before the file system is touched (nothing leaks about it). */
export async function requirePicked(ctx: DocumentContext, full: string, purpose: PickPurpose): Promise<void> {
  if (await isPicked(ctx, full)) return;
  const verb = purpose === 'open' ? 'opens' : 'writes';
  fail(
    'FORBIDDEN',
    `${full}: vpclink only ${verb} files you picked (File ▸ ${purpose === 'open' ? 'Open' : 'Save As'}, the command line, or the recent list)`,
  );
}

/** True when `text` is a topology document at all (no message: see {@link pickTypedPath} for why). */
function isTopologyText(text: string): boolean {
  return loadDocumentText(text).kind !== 'fatal';
}

/**
 * Browser mode's Open / Save As: the path the user typed into the app's own dialog (there is
 * no native dialog for a page). It becomes a pick only if it is plausibly a document:
 * - open: a regular file that holds a topology document. When it does not, the answer says
 *   so WITHOUT quoting the content (JSON.parse's message quotes the text: that is how
 *   /etc/shadow-style files leaked);
 * - save: a `.json` name in an existing folder, and, when the file exists, a regular file that
 *   already holds a topology document — Save As never clobbers ~/.bashrc or a credentials file.
 */
export async function pickTypedPath(ctx: DocumentContext, purpose: 'open' | 'save', path: string): Promise<string> {
  const full = absolutePath(ctx, path);
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
  ctx.picked.add(full);
  return full;
}
