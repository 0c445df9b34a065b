/**
 * THE one module that talks to the host (design.md §4.10). Electron: `window.vpclinkHost` from the
 * preload. Browser mode (`vpclink serve`): the HTTP protocol of electron/common/protocol.ts — the
 * token comes from `?token=` in the page URL and travels in the `x-vpclink-token` header; events
 * arrive as a text/event-stream read with fetch (EventSource cannot send headers).
 *
 * Every failure reaches callers as a HostError (`{ code, message }`).
 */
import type { HostApi, HostArgs, HostError, HostEvent, HostMethod, HostResult } from '../electron/common/hostApi';
import type {
  CallPath,
  CallResponse,
  EventsPath,
  PreloadBridge,
  PreloadGlobalName,
  TokenHeaderName,
  TokenQueryParam,
} from '../electron/common/protocol';

// protocol.ts is imported type-only (design.md §2): its literals are repeated here and typed by
// its aliases, so a change there fails the typecheck here.
const TOKEN_HEADER: TokenHeaderName = 'x-vpclink-token';
const TOKEN_QUERY_PARAM: TokenQueryParam = 'token';
const CALL_PATH: CallPath = '/api/call';
const EVENTS_PATH: EventsPath = '/api/events';
const PRELOAD_GLOBAL: PreloadGlobalName = 'vpclinkHost';
const TOKEN_STORAGE_KEY = 'vpclink.token';

export function isHostError(value: unknown): value is HostError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as HostError).code === 'string' &&
    typeof (value as HostError).message === 'string'
  );
}

/** Text for any failure, safe to show. */
export function errorText(error: unknown): string {
  if (isHostError(error)) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}

function bridge(): PreloadBridge | undefined {
  return (globalThis as unknown as Record<string, PreloadBridge | undefined>)[PRELOAD_GLOBAL];
}

let token: string | null = null;

/** Reads the token from the URL once (then hides it from the address bar), falling back to the session. */
function sessionToken(): string | null {
  if (token !== null) return token;
  const params = new URLSearchParams(location.search);
  const fromUrl = params.get(TOKEN_QUERY_PARAM);
  if (fromUrl) {
    token = fromUrl;
    try {
      sessionStorage.setItem(TOKEN_STORAGE_KEY, fromUrl);
      params.delete(TOKEN_QUERY_PARAM);
      const rest = params.toString();
      history.replaceState(null, '', location.pathname + (rest ? `?${rest}` : '') + location.hash);
    } catch {
      // Storage can be disabled; the in-memory token still works for this page.
    }
    return token;
  }
  try {
    token = sessionStorage.getItem(TOKEN_STORAGE_KEY);
  } catch {
    token = null;
  }
  return token;
}

function unwrap<T>(response: CallResponse<T>): T {
  if (response.ok) return response.value;
  throw response.error;
}

export async function call<M extends HostMethod>(method: M, args: HostArgs<M>): Promise<HostResult<M>> {
  const electron = bridge();
  if (electron) return unwrap(await electron.call(method, args));
  return callOverHttp(method, args, sessionToken());
}

/**
 * Browser mode: the access token for a call made from a worker ({@link callOverHttp}). Null in
 * Electron, whose calls go through the preload bridge, which workers do not have.
 */
export function browserModeToken(): { readonly token: string | null } | null {
  return bridge() ? null : { token: sessionToken() };
}

/** A call over the browser mode's HTTP protocol; also made from the simulator worker (the startup document). */
export async function callOverHttp<M extends HostMethod>(
  method: M,
  args: HostArgs<M>,
  t: string | null,
): Promise<HostResult<M>> {
  let response: Response;
  try {
    response = await fetch(CALL_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(t ? { [TOKEN_HEADER]: t } : {}) },
      body: JSON.stringify({ method, args }),
    });
  } catch (error) {
    throw {
      code: 'INTERNAL',
      message: `the vpclink host is not reachable (${errorText(error)}); is \`vpclink serve\` still running?`,
    } satisfies HostError;
  }
  if (response.status === 401 || response.status === 403)
    throw {
      code: 'FORBIDDEN',
      message:
        'the host refused the request: open the app with the URL `vpclink serve` printed (it carries the access token)',
    } satisfies HostError;
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw { code: 'INTERNAL', message: `the host answered ${response.status} without a JSON body` } satisfies HostError;
  }
  if (typeof body === 'object' && body !== null && 'ok' in body) return unwrap(body as CallResponse<HostResult<M>>);
  throw {
    code: 'INTERNAL',
    message: `the host answered ${response.status} with an unexpected body`,
  } satisfies HostError;
}

/** The host API as an object: `api.openFile(path)` … */
export const api: HostApi = new Proxy({} as HostApi, {
  get:
    (_target, method: string) =>
    (...args: unknown[]) =>
      call(method as HostMethod, args as never),
});

type Listener = (event: HostEvent) => void;
const listeners = new Set<Listener>();
let streamStarted = false;

/** Subscribes to host events; returns the unsubscribe function. */
export function onHostEvent(listener: Listener): () => void {
  listeners.add(listener);
  const electron = bridge();
  if (electron) {
    const off = electron.onEvent(listener);
    return () => {
      listeners.delete(listener);
      off();
    };
  }
  if (!streamStarted) {
    streamStarted = true;
    void readEventStream(0);
  }
  return () => listeners.delete(listener);
}

function dispatch(event: HostEvent): void {
  for (const l of listeners) {
    try {
      l(event);
    } catch (error) {
      console.error('host event listener failed', error);
    }
  }
}

async function readEventStream(attempt: number): Promise<void> {
  const t = sessionToken();
  try {
    const response = await fetch(EVENTS_PATH, {
      headers: { accept: 'text/event-stream', ...(t ? { [TOKEN_HEADER]: t } : {}) },
    });
    if (!response.ok || !response.body) throw new Error(`events: HTTP ${response.status}`);
    attempt = 0;
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const data = block
          .split('\n')
          .filter((line) => line.startsWith('data:'))
          .map((line) => line.slice(5).replace(/^ /, ''))
          .join('\n');
        if (!data) continue;
        try {
          dispatch(JSON.parse(data) as HostEvent);
        } catch {
          console.warn('ignored a malformed host event');
        }
      }
    }
  } catch {
    // Fall through to the reconnect below.
  }
  const delay = Math.min(10_000, 500 * 2 ** attempt);
  setTimeout(() => void readEventStream(attempt + 1), delay);
}
