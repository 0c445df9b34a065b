/**
 * Opening and saving documents through the host, without any canvas or DOM dependency (so the
 * flow runs in Node tests against the real host handlers): load into the store, save with the
 * host's "changed on disk" guard, and the three answers to it — overwrite, reload, save as.
 *
 * The host only opens and saves files the user picked (electron/web/documents.ts): a native
 * dialog, or in browser mode the path typed into the app's own dialog, goes through
 * `api.chooseFile` first.
 */
import type { OpenedDocument } from '../electron/common/hostApi';
import type { LoadResult } from '../simulator/document/load';
import { serializeDocument } from '../simulator/document/serialize';
import { api, errorText, isHostError } from './api';
import { loadDocument } from './sim/documentLoader';
import { documentStore, useUi } from './state';
import type { DocumentOrigin } from './store/documentStore';

/**
 * Parses host text (in the simulator worker: sim/documentLoader.ts) into the store; false (with a
 * notice naming the problem) when it is not a document.
 */
export async function loadOpened(
  opened: OpenedDocument,
  options: { dirty?: boolean; origin?: DocumentOrigin } = {},
): Promise<boolean> {
  return showLoaded(opened, await loadDocument(opened.text), options);
}

/** A document the loader read (`result`) into the store, or the notice naming its problem (false). */
export function showLoaded(
  opened: Omit<OpenedDocument, 'text'>,
  result: LoadResult,
  options: { dirty?: boolean; origin?: DocumentOrigin } = {},
): boolean {
  switch (result.kind) {
    case 'ok':
      documentStore
        .getState()
        .load(
          result.document,
          { path: opened.path, title: opened.title, origin: options.origin ?? opened.origin },
          { dirty: options.dirty },
        );
      return true;
    case 'invalid':
      useUi.getState().notify(
        'error',
        `${opened.title}: not a valid topology document: ${result.issues
          .slice(0, 3)
          .map((i) => `${i.path || '/'} ${i.message}`)
          .join('; ')}`,
      );
      return false;
    case 'fatal':
      useUi.getState().notify('error', `${opened.title}: ${result.message}`);
      return false;
  }
}

/** Opens a path the host already knows as picked (command line, native dialog, recent list). */
/** Drops the autosave of `path` (null: the unsaved document) in the background; a failure is told, not swallowed. */
export function discardAutosaveCopy(path: string | null): void {
  void api
    .discardAutosave(path)
    .catch((error: unknown) =>
      useUi.getState().notify('error', `The autosave copy could not be removed: ${errorText(error)}`),
    );
}

export async function openPath(path: string): Promise<boolean> {
  try {
    return await loadOpened(await api.openFile(path));
  } catch (error) {
    useUi.getState().notify('error', `Open ${path}: ${errorText(error)}`);
    return false;
  }
}

/**
 * Saves the current document to `path`. When the file changed on disk since it was loaded (or a
 * Save As target exists), nothing is written and the user is asked (dialog `changedOnDisk`).
 */
export async function saveTo(path: string, options: { readonly overwrite?: boolean } = {}): Promise<boolean> {
  const state = documentStore.getState();
  const doc = state.doc;
  try {
    const text = serializeDocument(doc);
    // No `undefined` argument: JSON (the HTTP transport) would turn it into null.
    const saved = options.overwrite
      ? await api.saveFile(path, text, { overwrite: true })
      : await api.saveFile(path, text);
    documentStore.getState().markSaved({ path: saved.path, title: saved.title, origin: 'file' }, doc);
    discardAutosaveCopy(state.meta.path);
    useUi.getState().notify('info', `Saved ${saved.path}`);
    return true;
  } catch (error) {
    if (isHostError(error) && error.code === 'FILE_CHANGED_ON_DISK') {
      useUi.getState().setDialog({ kind: 'changedOnDisk', path, message: error.message });
      return false;
    }
    useUi.getState().notify('error', `Save ${path}: ${errorText(error)}`);
    return false;
  }
}

/** Browser mode's dialogs: the typed path becomes a pick (host checks it), then is opened or saved. */
export async function openTypedPath(path: string): Promise<boolean> {
  try {
    const chosen = await api.chooseFile({ purpose: 'open', path });
    return chosen.kind === 'chosen' ? openPath(chosen.path) : false;
  } catch (error) {
    useUi.getState().notify('error', `Open ${path}: ${errorText(error)}`);
    return false;
  }
}

export async function saveToTypedPath(path: string): Promise<boolean> {
  try {
    const chosen = await api.chooseFile({ purpose: 'save', path });
    return chosen.kind === 'chosen' ? saveTo(chosen.path) : false;
  } catch (error) {
    useUi.getState().notify('error', `Save ${path}: ${errorText(error)}`);
    return false;
  }
}

function suggestedName(ext: string): string {
  const title = documentStore
    .getState()
    .meta.title.replace(/\s*\(example\)\s*$/, '')
    .replace(/\.vpclink\.json$/, '');
  const stem = title.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'topology';
  return `${stem}${ext}`;
}

export function exportBaseName(): string {
  return suggestedName('');
}

export function defaultSaveName(): string {
  return suggestedName('.vpclink.json');
}

/** Save As: the native dialog (which already asked about replacing a file), or the app's own dialog. */
export function saveAs(): void {
  const startup = useUi.getState().startup;
  if (startup?.nativeDialogs) {
    api
      .chooseFile({ purpose: 'save', suggestedName: defaultSaveName() })
      .then((chosen) => (chosen.kind === 'chosen' ? saveTo(chosen.path, { overwrite: true }) : false))
      .catch((error: unknown) => useUi.getState().notify('error', `Save as: ${errorText(error)}`));
    return;
  }
  useUi.getState().setDialog({ kind: 'saveAs' });
}

export type ChangedOnDiskChoice = 'overwrite' | 'reload' | 'saveAs';

/** The user's answer to "changed on disk": write anyway, load what is on disk, or pick another file. */
export async function resolveChangedOnDisk(choice: ChangedOnDiskChoice, path: string): Promise<boolean> {
  useUi.getState().setDialog({ kind: 'none' });
  switch (choice) {
    case 'overwrite':
      return saveTo(path, { overwrite: true });
    case 'reload':
      return openPath(path);
    case 'saveAs':
      saveAs();
      return false;
  }
}
