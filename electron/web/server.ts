/**
 * The browser mode: the app's UI and the host API over HTTP on 127.0.0.1 (`vpclink serve`).
 *
 * Who may drive it: only the page opened with this run's token. Every request is checked:
 * - Host must be exactly `127.0.0.1:PORT` or `localhost:PORT` (a DNS-rebinding page has its own
 *   host name in Host, so it is refused even though it reaches our socket);
 * - Origin, when present, must be this origin (no other site can post to the API);
 * - Sec-Fetch-Site `cross-site` is refused outright;
 * - /api/* needs the token in the `x-vpclink-token` header (compared in constant time); neither
 *   the cookie nor `?token=` is accepted there, so a cross-site form or image cannot call it;
 * - the page and its assets need the token once (`/?token=…`), after which an HttpOnly
 *   SameSite=Strict cookie lets the page's own assets load.
 * No CORS headers are ever sent. The HTML carries a strict CSP.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MAX_BODY_BYTES, TOKEN_QUERY_PARAM } from '../common/protocol';
import type { CloudEngines, CloudHost, SandboxHandle } from './cloudHost';
import type { EventHub } from './events';
import type { HostHandlers } from './handlers';
import { refuse } from './httpReplies';
import { createHostRuntime, type HostRuntime } from './runtime';
import { ensureUiBuilt } from './ui';
import { handleWebRequest, type WebRequestContext } from './webRoutes';
import type { UiFiles } from './webStatic';

export interface WebHostOptions {
  /** The document to open at startup; absent = the cross-account example. */
  readonly documentPath?: string;
  /** 0 (default) = a free port. */
  readonly port?: number;
  /** Only loopback is allowed. */
  readonly host?: '127.0.0.1';
  /**
   * Start an in-process sandbox seeded with the opened document as the default apply target
   * (default true). Uses `startSandbox`; when that is absent the host runs without a sandbox.
   */
  readonly sandbox?: boolean;
  readonly startSandbox?: (seedText: string) => Promise<SandboxHandle>;
  readonly engines?: CloudEngines;
  /** Repository / app root (examples/, renderer/, node_modules/vite). Default: two levels above this file. */
  readonly rootDir?: string;
  readonly cwd?: string;
  /** Per-user state (recent files, autosave). Default: `$XDG_CONFIG_HOME/vpclink`. */
  readonly configDir?: string;
  /** The built renderer. Default `<root>/dist/renderer`, built on demand. */
  readonly uiDir?: string;
  /** Build the UI when missing or stale (default true; false serves what is there). */
  readonly buildUi?: boolean;
  /** Largest accepted POST body (default MAX_BODY_BYTES). */
  readonly maxBodyBytes?: number;
  /** Progress lines ("building the UI…"). */
  readonly log?: (line: string) => void;
  readonly version?: string;
}

export interface WebHost {
  /** `http://127.0.0.1:PORT/?token=…` — the page to open. */
  readonly url: string;
  readonly port: number;
  readonly origin: string;
  readonly token: string;
  readonly events: EventHub;
  readonly handlers: HostHandlers;
  readonly cloud: CloudHost;
  close(): Promise<void>;
}

export function defaultRootDir(): string {
  return fileURLToPath(new URL('../../', import.meta.url));
}

export async function startWebHost(options: WebHostOptions = {}): Promise<WebHost> {
  const log = options.log ?? (() => {});
  const rootDir = options.rootDir ?? defaultRootDir();
  const ui = await prepareUi(rootDir, options, log);
  const runtime = await createHostRuntime({
    mode: 'browser',
    documentPath: options.documentPath,
    sandbox: options.sandbox,
    startSandbox: options.startSandbox,
    engines: options.engines,
    rootDir,
    cwd: options.cwd ?? process.cwd(),
    configDir: options.configDir,
    version: options.version,
  });
  let port = 0;
  const ctx: WebRequestContext = {
    token: randomBytes(32).toString('base64url'),
    sessionSecret: randomBytes(32).toString('base64url'),
    port: () => port,
    ui,
    api: runtime.handlers.api,
    events: runtime.events,
    streams: new Set<ServerResponse>(),
    maxBodyBytes: options.maxBodyBytes ?? MAX_BODY_BYTES,
  };
  const server = createServer((req, res) => {
    handleWebRequest(ctx, req, res).catch((error: unknown) => {
      if (!res.headersSent)
        refuse(
          res,
          500,
          'INTERNAL',
          `internal error in the web host: ${error instanceof Error ? error.message : String(error)}`,
        );
      else res.destroy();
    });
  });
  try {
    port = await listenOnLoopback(server, options.port ?? 0);
  } catch (error) {
    await runtime.close();
    throw error;
  }
  return webHost(ctx, server, runtime);
}

/** The built UI, built first when missing or stale (unless `buildUi` is false). */
async function prepareUi(rootDir: string, options: WebHostOptions, log: (line: string) => void): Promise<UiFiles> {
  const dir = resolve(options.uiDir ?? join(rootDir, 'dist', 'renderer'));
  if (options.buildUi === false) return { dir, available: true };
  const status = await ensureUiBuilt(rootDir, dir, log);
  return { dir, available: status.kind !== 'no-sources' };
}

/** Listens on 127.0.0.1 only, whatever the caller passes (the type allows nothing else); answers the port. */
async function listenOnLoopback(server: Server, port: number): Promise<number> {
  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolvePromise();
    });
  });
  return (server.address() as AddressInfo).port;
}

/** The running host: its URL with the token, and a close that ends the streams, the server and the runtime once. */
function webHost(ctx: WebRequestContext, server: Server, runtime: HostRuntime): WebHost {
  const port = ctx.port();
  const originUrl = `http://127.0.0.1:${port}`;
  let closed = false;
  return {
    url: `${originUrl}/?${TOKEN_QUERY_PARAM}=${ctx.token}`,
    port,
    origin: originUrl,
    token: ctx.token,
    events: runtime.events,
    handlers: runtime.handlers,
    cloud: runtime.cloud,
    async close() {
      if (closed) return;
      closed = true;
      for (const stream of ctx.streams) stream.end();
      ctx.streams.clear();
      await new Promise<void>((resolvePromise) => {
        server.close(() => resolvePromise());
        server.closeAllConnections();
      });
      await runtime.close();
    },
  };
}
