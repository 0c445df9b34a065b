/**
 * `vpclink app [FILE]` (what `npm start` runs): the desktop app. With no FILE it opens the
 * cross-account example, with the in-process sandbox as the apply target. Where the Electron
 * runtime is missing (toolchain.md: it cannot be downloaded everywhere) it says so plainly and
 * starts the browser mode instead.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CommandSpec, ParsedArgs } from '../args';
import { describeSchemaIssues, readDocumentFile } from '../document';
import { EXIT, type CliIo } from '../io';
import { ensureUiBuilt } from '../../electron/web/ui';
import { serveUntilStopped } from './serve';

export const spec: CommandSpec = {
  name: 'app',
  summary: 'The desktop app (Electron); falls back to the browser mode when the Electron runtime is missing.',
  positionals: ['FILE?'],
  flags: {
    browser: { type: 'boolean', description: 'use the browser mode even if Electron is installed' },
    port: {
      type: 'integer',
      min: 0,
      max: 65535,
      valueName: 'N',
      description: 'browser mode: port to listen on (default: a free port)',
    },
    'no-open': { type: 'boolean', description: 'browser mode: do not try to open a browser' },
    'no-sandbox': { type: 'boolean', description: 'do not start the in-process sandbox' },
    'build-only': { type: 'boolean', description: 'build dist/ (UI, main process, preload) for packaging, then exit' },
    json: { type: 'boolean', description: 'browser mode: print one line {"url": …} once listening' },
  },
};

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export type ElectronRuntime =
  { readonly kind: 'ok'; readonly binary: string } | { readonly kind: 'missing'; readonly reason: string };

/**
 * Finds the Electron binary without loading the electron package (its index throws in plain Node when the
 * download failed): the package's path.txt names the executable inside its dist/ folder.
 */
export function findElectron(rootDir: string, env: Readonly<Record<string, string | undefined>>): ElectronRuntime {
  if (env.VPCLINK_NO_ELECTRON === '1') return { kind: 'missing', reason: 'VPCLINK_NO_ELECTRON=1 is set' };
  let packageDir: string;
  try {
    packageDir = dirname(createRequire(join(rootDir, 'package.json')).resolve('electron/package.json'));
  } catch (error) {
    // MODULE_NOT_FOUND is the optional package left out (`npm install --omit=optional`, a failed
    // download); anything else (a broken package.json) is named as it is.
    if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND')
      return { kind: 'missing', reason: 'the electron package is not installed' };
    return { kind: 'missing', reason: `the electron package cannot be resolved: ${(error as Error).message}` };
  }
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile))
    return { kind: 'missing', reason: 'the electron package is installed but its binary was never downloaded' };
  const relative = readFileSync(pathFile, 'utf8').trim();
  const binary = env.ELECTRON_OVERRIDE_DIST_PATH
    ? join(env.ELECTRON_OVERRIDE_DIST_PATH, relative)
    : join(packageDir, 'dist', relative);
  if (!existsSync(binary)) return { kind: 'missing', reason: `the Electron binary ${binary} is missing` };
  return { kind: 'ok', binary };
}

export function electronMissingMessage(reason: string): string {
  return (
    `The Electron runtime is not installed (${reason}).\n` +
    'To get the desktop window, run "npm install electron" on a machine with internet access ' +
    '(it downloads the Electron binary from GitHub), then "npm start" again.\n' +
    'Starting the browser mode instead.\n'
  );
}

/** Bundles the main process and the preload to `<outDir>/main.cjs` and `preload.cjs` with esbuild. */
export async function bundleElectron(rootDir: string, outDir: string): Promise<void> {
  const esbuild = join(rootDir, 'node_modules', 'esbuild', 'bin', 'esbuild');
  if (!existsSync(esbuild))
    throw new Error(`cannot build the main process: esbuild is missing (${esbuild}); run npm install`);
  const common = [
    '--bundle',
    '--platform=node',
    '--format=cjs',
    '--target=node20',
    '--external:electron',
    '--log-level=warning',
  ];
  await runEsbuild(
    esbuild,
    [join(rootDir, 'electron', 'main', 'main.ts'), ...common, `--outfile=${join(outDir, 'main.cjs')}`],
    rootDir,
  );
  // The sandboxed preload may require only `electron`: everything else is inlined.
  await runEsbuild(
    esbuild,
    [join(rootDir, 'electron', 'preload', 'preload.ts'), ...common, `--outfile=${join(outDir, 'preload.cjs')}`],
    rootDir,
  );
}

/** esbuild's bin is the native executable after its install step, or a Node script where that step could not run. */
function runEsbuild(script: string, args: string[], cwd: string): Promise<void> {
  const isScript = readFileSync(script).subarray(0, 2).toString('latin1') === '#!';
  return new Promise((resolve, reject) => {
    const child = isScript
      ? spawn(process.execPath, [script, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn(script, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${script} failed (exit ${code}):\n${output.trim()}`)),
    );
  });
}

/** Builds dist/renderer (the UI) and dist/electron (main + preload); false after reporting a failure. */
async function buildDesktopBundles(io: CliIo): Promise<boolean> {
  try {
    await ensureUiBuilt(ROOT, join(ROOT, 'dist', 'renderer'), (line) => io.stderr(`${line}\n`));
    await bundleElectron(ROOT, join(ROOT, 'dist', 'electron'));
    return true;
  } catch (error) {
    io.stderr(`vpclink app: ${error instanceof Error ? error.message : String(error)}\n`);
    return false;
  }
}

export async function run(args: ParsedArgs, io: CliIo): Promise<number> {
  const file = args.positionals[0];
  const sandbox = args.flags['no-sandbox'] !== true;
  if (args.flags['build-only'] === true) {
    if (!(await buildDesktopBundles(io))) return EXIT.FAILED;
    io.stdout(`built ${join(ROOT, 'dist')}\n`);
    return EXIT.OK;
  }
  const electron =
    args.flags.browser === true
      ? ({ kind: 'missing', reason: '--browser was given' } as const)
      : findElectron(ROOT, io.env);
  if (electron.kind === 'missing') {
    if (args.flags.browser !== true) io.stderr(electronMissingMessage(electron.reason));
    return serveUntilStopped(
      {
        file,
        port: args.flags.port as number | undefined,
        json: args.flags.json === true,
        sandbox,
        openBrowser: args.flags['no-open'] !== true,
      },
      io,
      'app',
    );
  }

  let documentPath: string | undefined;
  if (file !== undefined) {
    const read = await readDocumentFile(file, io.cwd);
    if (read.kind === 'unreadable') {
      io.stderr(`vpclink app: ${read.message}\n`);
      return EXIT.BAD_INPUT;
    }
    if (read.kind === 'invalid') {
      io.stderr(`vpclink app: ${describeSchemaIssues(file, read.issues)}`);
      return EXIT.BAD_INPUT;
    }
    documentPath = read.path;
  }
  if (!(await buildDesktopBundles(io))) return EXIT.FAILED;
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(io.env)) if (v !== undefined && k !== 'ELECTRON_RUN_AS_NODE') env[k] = v;
  env.VPCLINK_ROOT = ROOT;
  env.VPCLINK_CWD = io.cwd;
  if (documentPath) env.VPCLINK_DOCUMENT = documentPath;
  if (!sandbox) env.VPCLINK_NO_SANDBOX = '1';
  const child = spawn(electron.binary, [join(ROOT, 'dist', 'electron', 'main.cjs')], {
    stdio: 'inherit',
    env,
    cwd: io.cwd,
  });
  const stop = () => child.kill('SIGTERM');
  io.signal.addEventListener('abort', stop, { once: true });
  const code = await new Promise<number>((resolve) => {
    child.on('error', (error) => {
      io.stderr(`vpclink app: cannot start Electron: ${error.message}\n`);
      resolve(EXIT.FAILED);
    });
    child.on('exit', (exitCode) => resolve(exitCode ?? 0));
  });
  io.signal.removeEventListener('abort', stop);
  return code === 0 ? EXIT.OK : EXIT.FAILED;
}
