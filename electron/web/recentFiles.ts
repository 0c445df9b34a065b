/**
 * The recent list, `<config>/recent.json`: `{ "files": [ { path, title, openedAt } ] }`, newest
 * first, at most {@link MAX_RECENT_FILES}. It also counts as the user's picks (filePicks.ts): it
 * only ever holds files opened or saved through a pick.
 */
import { mkdir, readFile, stat } from 'node:fs/promises';
import { writeFileAtomic } from '../../cloud/files';
import type { RecentFile } from '../common/hostApi';
import type { DocumentContext } from './documentContext';

const MAX_RECENT_FILES = 10;

interface RecentEntry {
  readonly path: string;
  readonly title: string;
  readonly openedAt: string;
}

export async function readRecentEntries(ctx: DocumentContext): Promise<RecentEntry[]> {
  try {
    const parsed = JSON.parse(await readFile(ctx.recentPath, 'utf8')) as { files?: unknown };
    if (!Array.isArray(parsed.files)) return [];
    return parsed.files.filter(
      (f): f is RecentEntry =>
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

export async function addRecent(ctx: DocumentContext, path: string, title: string): Promise<void> {
  const files = (await readRecentEntries(ctx)).filter((f) => f.path !== path);
  files.unshift({ path, title, openedAt: ctx.now().toISOString() });
  await mkdir(ctx.options.configDir, { recursive: true });
  await writeFileAtomic(ctx.recentPath, JSON.stringify({ files: files.slice(0, MAX_RECENT_FILES) }, null, 2) + '\n');
}

/** The recent list as the File menu shows it: whether each file is still there. */
export async function listRecentFiles(ctx: DocumentContext): Promise<RecentFile[]> {
  const files = await readRecentEntries(ctx);
  return Promise.all(
    files.map(async (f) => ({
      ...f,
      exists: await stat(f.path).then(
        (s) => s.isFile(),
        () => false,
      ),
    })),
  );
}
