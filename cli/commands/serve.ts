/**
 * `vpclink serve [FILE] [--port N] [--json] [--no-sandbox]`: the app in a browser
 * (topology-format.md §3). Serves the UI and the host API on 127.0.0.1 with a per-run token and
 * runs until SIGINT/SIGTERM. `--json` prints one line `{ "url": "http://127.0.0.1:PORT/?token=…" }`
 * once it listens.
 */
import { spawn } from 'node:child_process';
import type { CommandSpec, ParsedArgs } from '../args';
import { describeSchemaIssues, readDocumentFile } from '../document';
import { EXIT, type CliIo } from '../io';
import { defaultCloudWiring } from '../../electron/web/cloudEngines';
import { defaultConfigDir } from '../../electron/web/documents';
import { startWebHost, type WebHost } from '../../electron/web/server';
import { UiBuildError } from '../../electron/web/ui';

export const spec: CommandSpec = {
  name: 'serve',
  summary: 'The app in a browser: serves the UI and the host API on 127.0.0.1 (a random token per run guards it).',
  positionals: ['FILE?'],
  flags: {
    port: {
      type: 'integer',
      min: 0,
      max: 65535,
      valueName: 'N',
      description: 'port to listen on (default 0: a free port)',
    },
    json: { type: 'boolean', description: 'print one line {"url": …} once listening' },
    'no-sandbox': { type: 'boolean', description: 'do not start the in-process sandbox (the default apply target)' },
  },
};

export interface ServeOptions {
  readonly file?: string;
  readonly port?: number;
  readonly json: boolean;
  readonly sandbox: boolean;
  /** Try to open the user's browser at the URL (`vpclink app` without Electron). */
  readonly openBrowser: boolean;
}

export async function run(args: ParsedArgs, io: CliIo): Promise<number> {
  return serveUntilStopped(
    {
      file: args.positionals[0],
      port: args.flags.port as number | undefined,
      json: args.flags.json === true,
      sandbox: args.flags['no-sandbox'] !== true,
      openBrowser: false,
    },
    io,
    'serve',
  );
}

/** Checks FILE, starts the web host, prints the URL, waits for the stop signal. Shared with `vpclink app`. */
export async function serveUntilStopped(options: ServeOptions, io: CliIo, command: string): Promise<number> {
  let documentPath: string | undefined;
  if (options.file !== undefined) {
    const read = await readDocumentFile(options.file, io.cwd);
    if (read.kind === 'unreadable') {
      io.stderr(`vpclink ${command}: ${read.message}\n`);
      return EXIT.BAD_INPUT;
    }
    if (read.kind === 'invalid') {
      io.stderr(`vpclink ${command}: ${describeSchemaIssues(options.file, read.issues)}`);
      return EXIT.BAD_INPUT;
    }
    documentPath = read.path;
  }

  let host: WebHost;
  try {
    const wiring = defaultCloudWiring(io.env);
    host = await startWebHost({
      documentPath,
      port: options.port ?? 0,
      sandbox: options.sandbox,
      startSandbox: wiring.startSandbox,
      engines: wiring.engines,
      cwd: io.cwd,
      configDir: defaultConfigDir(io.env),
      // Serve a prebuilt UI from elsewhere (tests, packagers) instead of building dist/renderer.
      ...(io.env.VPCLINK_UI_DIR ? { uiDir: io.env.VPCLINK_UI_DIR, buildUi: false } : {}),
      log: (line) => io.stderr(`${line}\n`),
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      io.stderr(
        `vpclink ${command}: port ${options.port} is already in use; choose another with --port, or --port 0 for a free one\n`,
      );
      return EXIT.BAD_INPUT;
    }
    if (error instanceof UiBuildError) {
      io.stderr(`vpclink ${command}: ${error.message}\n`);
      return EXIT.FAILED;
    }
    if (code === 'EACCES') {
      io.stderr(`vpclink ${command}: not allowed to listen on port ${options.port}; choose a port above 1023\n`);
      return EXIT.BAD_INPUT;
    }
    throw error;
  }

  if (options.json) io.stdout(JSON.stringify({ url: host.url }) + '\n');
  else
    io.stdout(
      `vpclink is running at ${host.url}\nOpen that address in your browser (it carries this run's token). Ctrl-C to stop.\n`,
    );
  if (options.openBrowser) openInBrowser(host.url, io);

  await new Promise<void>((resolve) => {
    if (io.signal.aborted) resolve();
    else io.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await host.close();
  if (!options.json) io.stderr('stopped\n');
  return EXIT.OK;
}

/**
 * Best effort: a missing opener or no display must never fail the command, but the user is told
 * (the address is printed above, to open by hand).
 */
export function openInBrowser(url: string, io: CliIo): void {
  const cannot = (why: string) =>
    io.stderr(`vpclink: could not open a browser (${why}); open the address above yourself\n`);
  const platform = process.platform;
  let command: string;
  let args: string[];
  if (platform === 'darwin') [command, args] = ['open', [url]];
  else if (platform === 'win32') [command, args] = ['cmd', ['/c', 'start', '""', url]];
  else {
    if (!io.env.DISPLAY && !io.env.WAYLAND_DISPLAY)
      return cannot('no display: neither DISPLAY nor WAYLAND_DISPLAY is set');
    [command, args] = ['xdg-open', [url]];
  }
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true, env: io.env });
    // The opener is missing (ENOENT) or cannot run: said once it is known, the server keeps running.
    child.on('error', (error) => cannot(`${command}: ${error.message}`));
    child.unref();
  } catch (error) {
    cannot(`${command}: ${(error as Error).message}`);
  }
}
