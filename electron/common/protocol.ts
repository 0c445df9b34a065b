/**
 * How the renderer reaches the host API ({@link HostApi}) — two transports, one shape.
 *
 * The renderer imports this file TYPE-ONLY (design.md §2): it copies the string literals, and
 * types them with the aliases below (`const h: TokenHeaderName = 'x-vpclink-token'`), so a change
 * here breaks its typecheck instead of its runtime. The constants are for the host side.
 *
 * ── Electron ──────────────────────────────────────────────────────────────────────────────
 * The preload exposes exactly one object on `window`:
 *
 *     window.vpclinkHost: PreloadBridge = {
 *       call(method, args) → Promise<CallResponse>   // never rejects for host errors: see CallResponse
 *       onEvent(listener) → unsubscribe function
 *     }
 *
 * `call` is `ipcRenderer.invoke(IPC_CALL_CHANNEL, { method, args })`; events arrive on
 * IPC_EVENT_CHANNEL (`webContents.send`), one HostEvent per message.
 *
 * ── Browser mode (`vpclink serve`) ───────────────────────────────────────────────────────
 * The page is opened as `http://127.0.0.1:PORT/?token=TOKEN`. The host answers that URL with the
 * app's HTML and a `vpclink_session` cookie (HttpOnly, SameSite=Strict) so the page's own assets
 * load. The renderer reads TOKEN from `location.search` at startup, removes it from the address
 * bar with `history.replaceState`, and keeps it in `sessionStorage` for a reload of the same tab
 * (the served HTML carries no token).
 * Every API request carries the token in the
 * `x-vpclink-token` header — the cookie alone is NOT accepted for /api, nor is `?token=`:
 *
 *     POST /api/call
 *       headers: content-type: application/json, x-vpclink-token: TOKEN
 *       body:    { "method": "openFile", "args": ["/home/me/a.vpclink.json"] }      (CallRequest)
 *       200 →    { "ok": true, "value": … }  |  { "ok": false, "error": { "code", "message", … } }
 *       Host errors come back as 200 with ok:false. Transport refusals (body still a CallResponse
 *       with ok:false): 400 body not JSON, 413 too big, 415 not application/json (BAD_REQUEST);
 *       401 token missing or wrong, 403 Host or Origin check failed (FORBIDDEN); 404 unknown path;
 *       405 wrong HTTP method.
 *
 *     GET /api/events?token=TOKEN is NOT allowed either: EventSource cannot set headers, so the
 *       renderer uses `fetch('/api/events', { headers: { 'x-vpclink-token': TOKEN } })` and reads
 *       the text/event-stream body: each event is `data: <HostEvent JSON>\n\n`; lines starting
 *       with `:` are keep-alive comments. Reconnect (with backoff) if the stream ends.
 *
 * Errors reaching the renderer's api module are always HostError values: transport failures are
 * mapped to `{ code: 'INTERNAL' | 'FORBIDDEN', message }` by that module.
 */
import type { HostArgs, HostError, HostEvent, HostMethod, HostResult } from './hostApi';

export type TokenHeaderName = 'x-vpclink-token';
export type TokenQueryParam = 'token';
export type CallPath = '/api/call';
export type EventsPath = '/api/events';
export type IpcCallChannel = 'vpclink:call';
export type IpcEventChannel = 'vpclink:event';
/** The property the preload defines on `window`. */
export type PreloadGlobalName = 'vpclinkHost';
/** `<meta name="vpclink-token" content="…">` in the served index.html (browser mode). */

export const TOKEN_HEADER: TokenHeaderName = 'x-vpclink-token';
export const TOKEN_QUERY_PARAM: TokenQueryParam = 'token';
export const CALL_PATH: CallPath = '/api/call';
export const EVENTS_PATH: EventsPath = '/api/events';
export const SESSION_COOKIE = 'vpclink_session';
export const IPC_CALL_CHANNEL: IpcCallChannel = 'vpclink:call';
export const IPC_EVENT_CHANNEL: IpcEventChannel = 'vpclink:event';
export const PRELOAD_GLOBAL: PreloadGlobalName = 'vpclinkHost';
/** Largest accepted request body (a PNG export of a big diagram fits). */
export const MAX_BODY_BYTES = 48 * 1024 * 1024;

/** One call, on either transport. */
export type CallRequest = { [M in HostMethod]: { readonly method: M; readonly args: HostArgs<M> } }[HostMethod];

export type CallResponse<T = unknown> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: HostError };

/** What the preload puts on `window.vpclinkHost` — nothing else is exposed. */
export interface PreloadBridge {
  call<M extends HostMethod>(method: M, args: HostArgs<M>): Promise<CallResponse<HostResult<M>>>;
  /** Returns a function that removes the listener. */
  onEvent(listener: (event: HostEvent) => void): () => void;
}

/** Every method name, for host-side dispatch; `satisfies` keeps it complete. */
export const HOST_METHODS = [
  'getStartup',
  'newDocument',
  'listExamples',
  'openExample',
  'openFile',
  'saveFile',
  'listRecentFiles',
  'chooseFile',
  'autosave',
  'discardAutosave',
  'exportFile',
  'setDocumentState',
  'closeWindow',
  'listTargets',
  'getAccountCredentials',
  'setAccountCredentialSource',
  'getCredentialOptions',
  'storeAccessKey',
  'checkIdentity',
  'plan',
  'startApply',
  'cancelRun',
  'resumeRun',
  'getRun',
  'importAccounts',
  'reseedSandbox',
  'drift',
] as const satisfies readonly HostMethod[];

// Compile-time completeness: fails if HostApi gains a method not listed above.
type Missing = Exclude<HostMethod, (typeof HOST_METHODS)[number]>;
const _complete: [Missing] extends [never] ? true : Missing = true;
void _complete;
