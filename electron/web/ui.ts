/**
 * The built renderer (static files) for the web host and the Electron window: where it is, and
 * building it when it is missing or older than its sources, so a fresh checkout "just works".
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** Sources whose change makes the built UI stale. */
const SOURCE_DIRS = ['renderer', 'simulator', 'electron/common'];

async function newestMtime(dir: string): Promise<number> {
  let newest = 0;
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, await newestMtime(full));
    else if (entry.isFile()) newest = Math.max(newest, (await stat(full)).mtimeMs);
  }
  return newest;
}

export type UiStatus =
  | { readonly kind: 'fresh' }
  | { readonly kind: 'missing' }
  | { readonly kind: 'stale' }
  | { readonly kind: 'no-sources' };

export async function uiStatus(rootDir: string, uiDir: string): Promise<UiStatus> {
  const index = join(uiDir, 'index.html');
  const built = await stat(index).then(
    (s) => s.mtimeMs,
    () => null,
  );
  if (!existsSync(join(rootDir, 'renderer', 'vite.config.ts')))
    return built === null ? { kind: 'no-sources' } : { kind: 'fresh' };
  if (built === null) return { kind: 'missing' };
  let newest = 0;
  for (const dir of SOURCE_DIRS) newest = Math.max(newest, await newestMtime(join(rootDir, dir)));
  return newest > built ? { kind: 'stale' } : { kind: 'fresh' };
}

/** The UI could not be built (vite missing or failing): the message says why, with vite's output. */
export class UiBuildError extends Error {
  override readonly name = 'UiBuildError';
}

let building: Promise<void> | null = null;

/**
 * Builds the renderer into `uiDir` with vite (renderer/vite.config.ts) when it is missing or
 * stale. Runs vite in a child process: the host never loads the bundler into its own memory.
 */
export async function ensureUiBuilt(rootDir: string, uiDir: string, log: (line: string) => void): Promise<UiStatus> {
  const status = await uiStatus(rootDir, uiDir);
  if (status.kind === 'fresh' || status.kind === 'no-sources') return status;
  log(
    status.kind === 'missing'
      ? 'building the UI… (first run; this takes a little while)'
      : 'building the UI… (its sources changed)',
  );
  building ??= runViteBuild(rootDir, uiDir).finally(() => {
    building = null;
  });
  await building;
  return { kind: 'fresh' };
}

function runViteBuild(rootDir: string, uiDir: string): Promise<void> {
  const vite = join(rootDir, 'node_modules', 'vite', 'bin', 'vite.js');
  if (!existsSync(vite)) {
    return Promise.reject(
      new UiBuildError(`cannot build the UI: vite is not installed (${vite} is missing); run npm install`),
    );
  }
  return new Promise((resolvePromise, reject) => {
    const child = spawn(
      process.execPath,
      [
        vite,
        'build',
        '--config',
        join(rootDir, 'renderer', 'vite.config.ts'),
        '--outDir',
        uiDir,
        '--emptyOutDir',
        '--logLevel',
        'warn',
      ],
      {
        cwd: rootDir,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, NO_COLOR: '1' },
      },
    );
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolvePromise();
      else
        reject(new UiBuildError(`building the UI failed (vite exited with ${code}):\n${output.trim().slice(-4000)}`));
    });
  });
}

/** A page shown when there is no UI to serve (no renderer sources in this package, nothing built). */
export const NO_UI_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>vpclink</title></head>
<body><h1>vpclink</h1><p>The user interface is not built in this installation (dist/renderer is missing and there are no renderer sources to build it from).</p>
<p>The host API is running; reinstall vpclink or run <code>npm run build:renderer</code> in a checkout.</p></body></html>
`;
