/**
 * What every document operation of the host shares (documents.ts): the store's options, its
 * clock, the per-user paths, and what this host learned in this session — which paths the user
 * picked, which bytes it last saw on disk, and the last text it checked. One small object passed to
 * named operations (documentFiles.ts, filePicks.ts, autosave.ts, …) instead of one long closure.
 */
import { createHash } from 'node:crypto';
import { basename, join, resolve } from 'node:path';
import { loadDocumentText } from '../../simulator/document';
import { fail } from './errors';

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

/** A text that passed {@link checkDocumentText}, with the sha256 of its bytes. */
export interface CheckedText {
  readonly text: string;
  readonly hash: string;
}

export interface DocumentContext {
  readonly options: DocumentStoreOptions;
  readonly now: () => Date;
  /** `<config>/recent.json`: the recent list (recentFiles.ts). */
  readonly recentPath: string;
  /** `<config>/autosave`: one copy per document (autosave.ts). */
  readonly autosaveDir: string;
  /** Absolute paths the user picked in this session (the recent list counts too, see filePicks.ts). */
  readonly picked: Set<string>;
  /** sha256 of the bytes last read or written per path: a different hash on disk = changed since. */
  readonly knownOnDisk: Map<string, string>;
  /**
   * The last text that passed {@link checkDocumentText}, with its hash. Checking an L estate
   * (depth scan, JSON.parse, schema) takes 150–450 ms and hashing it 15 ms: `prepareOpen` does
   * both while the page loads, and an open whose bytes are exactly this text reuses them.
   */
  verified: CheckedText | null;
}

export function createDocumentContext(options: DocumentStoreOptions): DocumentContext {
  return {
    options,
    now: options.now ?? (() => new Date()),
    recentPath: join(options.configDir, 'recent.json'),
    autosaveDir: join(options.configDir, 'autosave'),
    picked: new Set((options.picked ?? []).map((path) => resolve(options.cwd, path))),
    knownOnDisk: new Map(),
    verified: null,
  };
}

/** A renderer's path made absolute against the host's working directory. */
export function absolutePath(ctx: DocumentContext, path: string): string {
  return resolve(ctx.options.cwd, path);
}

export function titleOfPath(path: string): string {
  return basename(path);
}

export function contentHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A file-system failure in words a user reads (the errno code alone means nothing to most). */
export function errnoMessage(error: unknown): string {
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

/** The checked text and its hash, reusing the last check when the bytes are the same (see `verified`). */
export function checkedText(ctx: DocumentContext, text: string, what: string): CheckedText {
  if (ctx.verified?.text === text) return ctx.verified;
  checkDocumentText(text, what);
  ctx.verified = { text, hash: contentHash(text) };
  return ctx.verified;
}
