/**
 * How the web host answers one request (the rules are in server.ts's header): first the checks
 * every request passes (Host, Origin, Sec-Fetch-Site), then either the API — token header, then a
 * handler from {@link API_ROUTES} — or the page and its assets (token once, then the cookie).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HostApi } from '../common/hostApi';
import { CALL_PATH, EVENTS_PATH, SESSION_COOKIE, TOKEN_HEADER, TOKEN_QUERY_PARAM } from '../common/protocol';
import { dispatchCall } from './dispatch';
import type { EventHub } from './events';
import { refuse, SECURITY_HEADERS, send, sendJson, sendText } from './httpReplies';
import { serveStatic, type UiFiles } from './webStatic';

/** What answering a request needs: this run's secrets, the API, and the open event streams. */
export interface WebRequestContext {
  /** The token in the printed URL and in the page's API calls. */
  readonly token: string;
  /** The cookie's value once the page has shown the token. */
  readonly sessionSecret: string;
  /** Set once the server listens (a request cannot arrive before). */
  readonly port: () => number;
  readonly ui: UiFiles;
  readonly api: HostApi;
  readonly events: EventHub;
  /** Open event streams: closing the host ends them. */
  readonly streams: Set<ServerResponse>;
  readonly maxBodyBytes: number;
}

type ApiRoute = (ctx: WebRequestContext, req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** Constant-time comparison of two secrets of any length (hash first so lengths match). */
export function secretsEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export async function handleWebRequest(
  ctx: WebRequestContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const hostHeader = refusedSource(ctx, req, res);
  if (hostHeader === null) return;
  const url = new URL(req.url ?? '/', `http://${hostHeader}`);
  if (url.pathname.startsWith('/api/')) return handleApi(ctx, url.pathname, req, res);
  return handlePage(ctx, url, req, res);
}

/** The Host header when the request may come in; null when it was refused (and answered). */
function refusedSource(ctx: WebRequestContext, req: IncomingMessage, res: ServerResponse): string | null {
  const port = ctx.port();
  // DNS rebinding: the browser sends the name it resolved, which is not ours.
  const hostHeader = req.headers.host ?? '';
  if (hostHeader !== `127.0.0.1:${port}` && hostHeader !== `localhost:${port}`) {
    refuse(res, 403, 'FORBIDDEN', 'the Host header is not this server (only 127.0.0.1 and localhost are served)');
    return null;
  }
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${hostHeader}`) {
    refuse(res, 403, 'FORBIDDEN', 'requests from another origin are refused');
    return null;
  }
  if (req.headers['sec-fetch-site'] === 'cross-site') {
    refuse(res, 403, 'FORBIDDEN', 'cross-site requests are refused');
    return null;
  }
  return hostHeader;
}

/** The API by path: only the token HEADER opens it (a cross-site form or image cannot set one). */
const API_ROUTES: ReadonlyMap<string, ApiRoute> = new Map<string, ApiRoute>([
  [CALL_PATH, handleCall],
  [EVENTS_PATH, handleEvents],
]);

function handleApi(ctx: WebRequestContext, pathname: string, req: IncomingMessage, res: ServerResponse) {
  const given = req.headers[TOKEN_HEADER];
  if (typeof given !== 'string' || !secretsEqual(given, ctx.token)) {
    return refuse(res, 401, 'FORBIDDEN', `missing or wrong ${TOKEN_HEADER} header`);
  }
  const route = API_ROUTES.get(pathname);
  if (route === undefined) return refuse(res, 404, 'NOT_FOUND', `no API at ${pathname}`);
  return route(ctx, req, res);
}

/** The page and its assets: the token once (`/?token=…`), then the HttpOnly SameSite=Strict cookie it sets. */
function handlePage(ctx: WebRequestContext, url: URL, req: IncomingMessage, res: ServerResponse) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return sendText(res, 405, 'method not allowed\n', { allow: 'GET, HEAD' });
  }
  const queryToken = url.searchParams.get(TOKEN_QUERY_PARAM);
  const withToken = queryToken !== null && secretsEqual(queryToken, ctx.token);
  const withCookie = secretsEqual(cookieValue(req, SESSION_COOKIE) ?? '', ctx.sessionSecret);
  if (!withToken && !withCookie) {
    return sendText(res, 401, 'vpclink: open the URL printed by "vpclink serve" (it carries this run\'s token).\n');
  }
  const cookie: Record<string, string> = withToken
    ? { 'set-cookie': `${SESSION_COOKIE}=${ctx.sessionSecret}; HttpOnly; SameSite=Strict; Path=/` }
    : {};
  return serveStatic(ctx.ui, url.pathname, req, res, cookie);
}

/** One host API call: a JSON POST of at most `maxBodyBytes`, dispatched to the handlers. */
async function handleCall(ctx: WebRequestContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
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
  const body = await readBody(req, ctx.maxBodyBytes);
  if (body.kind === 'too-large') {
    res.setHeader('connection', 'close');
    return refuse(res, 413, 'BAD_REQUEST', `the request body is larger than ${ctx.maxBodyBytes} bytes`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(body.text);
  } catch {
    return refuse(res, 400, 'BAD_REQUEST', 'the request body is not valid JSON');
  }
  sendJson(res, 200, await dispatchCall(ctx.api, raw));
}

/** The host's events as server-sent events, until either side closes the stream. */
function handleEvents(ctx: WebRequestContext, req: IncomingMessage, res: ServerResponse): void {
  if (req.method !== 'GET') return sendText(res, 405, 'method not allowed\n', { allow: 'GET' });
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
  });
  res.write(': connected\n\n');
  ctx.streams.add(res);
  const unsubscribe = ctx.events.subscribe((event) => {
    res.write(`data: ${JSON.stringify(event)}\n\n`);
  });
  // A comment line now and then keeps proxies and idle timers from closing a quiet stream.
  const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
  keepAlive.unref();
  const stop = () => {
    clearInterval(keepAlive);
    unsubscribe();
    ctx.streams.delete(res);
  };
  req.on('close', stop);
  res.on('close', stop);
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

/** The body as text, or too-large as soon as it passes `limit` (declared or counted), without buffering the rest. */
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
