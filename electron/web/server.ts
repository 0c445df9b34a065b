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
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HostApi, HostError } from '../common/hostApi';
import {
  CALL_PATH,
  EVENTS_PATH,
  MAX_BODY_BYTES,
  SESSION_COOKIE,
  TOKEN_HEADER,
  TOKEN_QUERY_PARAM,
  type CallResponse,
} from '../common/protocol';
import type { CloudEngines, CloudHost, SandboxHandle } from './cloudHost';
import { dispatchCall } from './dispatch';
import type { EventHub } from './events';
import type { HostHandlers } from './handlers';
import { createHostRuntime } from './runtime';
import { ensureUiBuilt, NO_UI_HTML } from './ui';

/** The page's Content-Security-Policy (no inline script, nothing from elsewhere). */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
  "connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; " +
  "form-action 'none'";

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

/** Content types of the UI's files; the Electron app protocol serves the same files. */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.wasm': 'application/wasm',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

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

/** Constant-time comparison of two secrets of any length (hash first so lengths match). */
export function secretsEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

function send(res: ServerResponse, status: number, body: string | Buffer, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'cache-control': 'no-store',
    ...headers,
    'content-length': String(Buffer.byteLength(body)),
  });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: CallResponse): void {
  // Encoded once: a string body would be scanned for its byte length, then encoded again (8 MB at startup).
  send(res, status, Buffer.from(JSON.stringify(value)), { 'content-type': 'application/json; charset=utf-8' });
}

function refuse(res: ServerResponse, status: number, code: HostError['code'], message: string): void {
  sendJson(res, status, { ok: false, error: { code, message } });
}

function cookieValue(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function readBody(req: IncomingMessage, limit: number): Promise<{ kind: 'ok'; text: string } | { kind: 'too-large' }> {
  return new Promise((resolvePromise, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      resolvePromise({ kind: 'too-large' });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        resolvePromise({ kind: 'too-large' });
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!done) resolvePromise({ kind: 'ok', text: Buffer.concat(chunks).toString('utf8') });
    });
    req.on('error', reject);
  });
}

export async function startWebHost(options: WebHostOptions = {}): Promise<WebHost> {
  const log = options.log ?? (() => {});
  const rootDir = options.rootDir ?? defaultRootDir();
  const cwd = options.cwd ?? process.cwd();
  const uiDir = resolve(options.uiDir ?? join(rootDir, 'dist', 'renderer'));
  const token = randomBytes(32).toString('base64url');
  const sessionSecret = randomBytes(32).toString('base64url');

  let uiAvailable = true;
  if (options.buildUi !== false) {
    const status = await ensureUiBuilt(rootDir, uiDir, log);
    uiAvailable = status.kind !== 'no-sources';
  }

  const runtime = await createHostRuntime({
    mode: 'browser',
    documentPath: options.documentPath,
    sandbox: options.sandbox,
    startSandbox: options.startSandbox,
    engines: options.engines,
    rootDir,
    cwd,
    configDir: options.configDir,
    version: options.version,
  });
  const { events, handlers, cloud } = runtime;
  const api: HostApi = handlers.api;

  const streams = new Set<ServerResponse>();
  let port = 0;

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
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

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // DNS rebinding: the browser sends the name it resolved, which is not ours.
    const hostHeader = req.headers.host ?? '';
    if (hostHeader !== `127.0.0.1:${port}` && hostHeader !== `localhost:${port}`) {
      return refuse(
        res,
        403,
        'FORBIDDEN',
        'the Host header is not this server (only 127.0.0.1 and localhost are served)',
      );
    }
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://${hostHeader}`) {
      return refuse(res, 403, 'FORBIDDEN', 'requests from another origin are refused');
    }
    if (req.headers['sec-fetch-site'] === 'cross-site') {
      return refuse(res, 403, 'FORBIDDEN', 'cross-site requests are refused');
    }
    const url = new URL(req.url ?? '/', `http://${hostHeader}`);

    if (url.pathname.startsWith('/api/')) {
      const given = req.headers[TOKEN_HEADER];
      if (typeof given !== 'string' || !secretsEqual(given, token)) {
        return refuse(res, 401, 'FORBIDDEN', `missing or wrong ${TOKEN_HEADER} header`);
      }
      if (url.pathname === CALL_PATH) return handleCall(req, res);
      if (url.pathname === EVENTS_PATH) return handleEvents(req, res);
      return refuse(res, 404, 'NOT_FOUND', `no API at ${url.pathname}`);
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return send(res, 405, 'method not allowed\n', {
        allow: 'GET, HEAD',
        'content-type': 'text/plain; charset=utf-8',
      });
    }
    const queryToken = url.searchParams.get(TOKEN_QUERY_PARAM);
    const withToken = queryToken !== null && secretsEqual(queryToken, token);
    const withCookie = secretsEqual(cookieValue(req, SESSION_COOKIE) ?? '', sessionSecret);
    if (!withToken && !withCookie) {
      return send(res, 401, 'vpclink: open the URL printed by "vpclink serve" (it carries this run\'s token).\n', {
        'content-type': 'text/plain; charset=utf-8',
      });
    }
    const cookie: Record<string, string> = withToken
      ? { 'set-cookie': `${SESSION_COOKIE}=${sessionSecret}; HttpOnly; SameSite=Strict; Path=/` }
      : {};
    return serveStatic(url.pathname, req, res, cookie);
  }

  async function handleCall(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') {
      return send(
        res,
        405,
        JSON.stringify({ ok: false, error: { code: 'BAD_REQUEST', message: `${CALL_PATH} takes POST` } }),
        { allow: 'POST', 'content-type': 'application/json; charset=utf-8' },
      );
    }
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') {
      req.resume();
      return refuse(res, 415, 'BAD_REQUEST', 'the request body must be application/json');
    }
    const limit = options.maxBodyBytes ?? MAX_BODY_BYTES;
    const body = await readBody(req, limit);
    if (body.kind === 'too-large') {
      res.setHeader('connection', 'close');
      return refuse(res, 413, 'BAD_REQUEST', `the request body is larger than ${limit} bytes`);
    }
    let raw: unknown;
    try {
      raw = JSON.parse(body.text);
    } catch {
      return refuse(res, 400, 'BAD_REQUEST', 'the request body is not valid JSON');
    }
    sendJson(res, 200, await dispatchCall(api, raw));
  }

  function handleEvents(req: IncomingMessage, res: ServerResponse): void {
    if (req.method !== 'GET')
      return send(res, 405, 'method not allowed\n', { allow: 'GET', 'content-type': 'text/plain; charset=utf-8' });
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    res.write(': connected\n\n');
    streams.add(res);
    const unsubscribe = events.subscribe((event) => {
      res.write(`data: ${JSON.stringify(event)}\n\n`);
    });
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    keepAlive.unref();
    const stop = () => {
      clearInterval(keepAlive);
      unsubscribe();
      streams.delete(res);
    };
    req.on('close', stop);
    res.on('close', stop);
  }

  async function serveStatic(
    pathname: string,
    req: IncomingMessage,
    res: ServerResponse,
    extra: Record<string, string>,
  ): Promise<void> {
    const isIndex = pathname === '/' || pathname === '/index.html';
    if (isIndex && !uiAvailable) {
      return send(res, 200, NO_UI_HTML, {
        ...extra,
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': CONTENT_SECURITY_POLICY,
      });
    }
    let decoded: string;
    try {
      decoded = decodeURIComponent(isIndex ? '/index.html' : pathname);
    } catch {
      return send(res, 400, 'bad path\n', { 'content-type': 'text/plain; charset=utf-8' });
    }
    const file = normalize(join(uiDir, decoded));
    if (decoded.includes('\0') || (file !== uiDir && !file.startsWith(uiDir + sep))) {
      return send(res, 404, 'not found\n', { 'content-type': 'text/plain; charset=utf-8' });
    }
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) return send(res, 404, 'not found\n', { 'content-type': 'text/plain; charset=utf-8' });
    const type = CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
    const body = await readFile(file);
    const headers: Record<string, string> = {
      ...extra,
      'content-type': type,
      'content-security-policy': CONTENT_SECURITY_POLICY,
    };
    if (!type.startsWith('text/html')) headers['cache-control'] = 'no-cache';
    if (req.method === 'HEAD') {
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        'cache-control': 'no-store',
        ...headers,
        'content-length': String(Buffer.byteLength(body)),
      });
      res.end();
      return;
    }
    send(res, 200, body, headers);
  }

  try {
    await new Promise<void>((resolvePromise, reject) => {
      server.once('error', reject);
      // Loopback only, whatever the caller passes (the type allows nothing else).
      server.listen(options.port ?? 0, '127.0.0.1', () => {
        server.off('error', reject);
        resolvePromise();
      });
    });
  } catch (error) {
    await runtime.close();
    throw error;
  }
  port = (server.address() as AddressInfo).port;
  const originUrl = `http://127.0.0.1:${port}`;

  let closed = false;
  return {
    url: `${originUrl}/?${TOKEN_QUERY_PARAM}=${token}`,
    port,
    origin: originUrl,
    token,
    events,
    handlers,
    cloud,
    async close() {
      if (closed) return;
      closed = true;
      for (const stream of streams) stream.end();
      streams.clear();
      await new Promise<void>((resolvePromise) => {
        server.close(() => resolvePromise());
        server.closeAllConnections();
      });
      await runtime.close();
    },
  };
}
