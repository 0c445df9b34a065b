/**
 * Document I/O for the host: open, atomic save, examples, recent files, autosave and crash
 * recovery. Plain Node; the Electron main process and the web host share it.
 *
 * This module only puts the store together. Each concern is a module of named operations over one
 * shared context (documentContext.ts: options, clock, picks, hashes of what is on disk):
 *   documentFiles.ts   open and save; never saves over a change made on disk since (FILE_CHANGED_ON_DISK)
 *   filePicks.ts       only files the USER picked are opened or written (FORBIDDEN otherwise)
 *   recentFiles.ts     `<config>/recent.json`, newest first
 *   autosave.ts        `<config>/autosave/<key>.json` and crash recovery at startup
 *   examples.ts        the bundled examples, by name; the new, empty document
 *   documentExport.ts  SVG, PNG, draw.io and Terraform exports, checked before they are written
 * Per-user state lives in the config dir (`$XDG_CONFIG_HOME/vpclink`, else `~/.config/vpclink`).
 */
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import type { ExportRequest, SaveOptions } from '../common/hostApi';
import { discardAutosave, findRecovery, writeAutosave } from './autosave';
import { absolutePath, createDocumentContext, type DocumentStoreOptions } from './documentContext';
import { exportFile } from './documentExport';
import { cleanLeftoverTempFiles, openFile, prepareOpen, saveFile } from './documentFiles';
import { listExamples, newDocument, openExample } from './examples';
import { grantPath, pickTypedPath } from './filePicks';
import { listRecentFiles } from './recentFiles';

/** The per-user config directory (XDG on Linux; the same layout elsewhere keeps it simple). */
export function defaultConfigDir(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const xdg = env.XDG_CONFIG_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(homedir(), '.config'), 'vpclink');
}

/** The host's documents: every method is a named operation (see the modules above) over one context. */
export function createDocumentStore(options: DocumentStoreOptions) {
  const ctx = createDocumentContext(options);
  const examplesDir = options.examplesDir;
  return {
    absolute: (path: string) => absolutePath(ctx, path),
    grant: (path: string) => grantPath(ctx, path),
    pickTypedPath: (purpose: 'open' | 'save', path: string) => pickTypedPath(ctx, purpose, path),
    openFile: (path: string) => openFile(ctx, path),
    prepareOpen: (path: string) => prepareOpen(ctx, path),
    saveFile: (path: string, text: string, saveOptions?: SaveOptions) => saveFile(ctx, path, text, saveOptions),
    cleanLeftoverTempFiles: () => cleanLeftoverTempFiles(ctx),
    newDocument,
    listExamples: () => listExamples(examplesDir),
    openExample: (name: string) => openExample(examplesDir, name),
    listRecentFiles: () => listRecentFiles(ctx),
    autosave: (path: string | null, text: string) => writeAutosave(ctx, path, text),
    discardAutosave: (path: string | null) => discardAutosave(ctx, path),
    findRecovery: (path: string | null, diskText: string | null) => findRecovery(ctx, path, diskText),
    exportFile: (request: ExportRequest) => exportFile(ctx, request),
  };
}

export type DocumentStore = ReturnType<typeof createDocumentStore>;
