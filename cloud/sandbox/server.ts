/**
 * The HTTP front of the sandbox: RPC-style requests signed with V2 (pop-core: GET with the query,
 * POST with a form body) or V3 (the official SDKs: x-acs-* headers, aliyun-links.md §3), the
 * signature checked on every call (authenticate.ts), routing by Version + Action,
 * faults, ClientToken idempotency, and the error body of aliyun-api.md §1.7.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { SandboxCloud } from './engine';
import type { Handler } from './context';
import { CEN_ACTIONS } from './cen/index';
import { ECS_ACTIONS } from './ecs';
import { Authenticator, readCall, type Caller, type IncomingCall } from './authenticate';
import { ApiError, missingParameter } from './errors';
import type { FaultInjector, FaultKind } from './faults';
import { toJsonText } from './json';
import { STS_ACTIONS } from './sts';
import { VPC_ACTIONS } from './vpc/index';
import { VPCPEER_ACTIONS } from './vpcpeer/index';

interface Product {
  readonly name: 'Vpc' | 'Ecs' | 'Sts' | 'VpcPeer' | 'Cbn';
  readonly host: string;
  readonly actions: Readonly<Record<string, { readonly handler: Handler; readonly mutates: boolean }>>;
}

/** Routing by Version (aliyun-api.md §2, §9). */
const PRODUCTS: Readonly<Record<string, Product>> = {
  '2016-04-28': { name: 'Vpc', host: 'vpc.aliyuncs.com', actions: VPC_ACTIONS },
  '2014-05-26': { name: 'Ecs', host: 'ecs.aliyuncs.com', actions: ECS_ACTIONS },
  '2015-04-01': { name: 'Sts', host: 'sts.aliyuncs.com', actions: STS_ACTIONS },
  // Its own product on a central endpoint (aliyun-links.md §1.1).
  '2022-01-01': { name: 'VpcPeer', host: 'vpcpeer.aliyuncs.com', actions: VPCPEER_ACTIONS },
  '2017-09-12': { name: 'Cbn', host: 'cbn.aliyuncs.com', actions: CEN_ACTIONS },
};

/** Parameters that describe the request rather than the operation (left out of idempotency). */
const COMMON_PARAMS = new Set([
  'AccessKeyId',
  'Signature',
  'SignatureMethod',
  'SignatureVersion',
  'SignatureNonce',
  'SignatureType',
  'Timestamp',
  'Format',
  'Version',
  'SecurityToken',
  'Action',
]);

export interface ServerDeps {
  readonly cloud: SandboxCloud;
  readonly faults: FaultInjector;
  /** Called after every call that may have changed state. */
  readonly onChange: () => void;
  /** How long a "lost" response holds the connection before dropping it, ms. */
  readonly lostHoldMs: number;
}

export interface ApiServer {
  readonly server: Server;
  callCount(): number;
  /** Drops held (lost) responses and open connections. */
  shutdown(): void;
}

export function createApiServer(deps: ServerDeps): ApiServer {
  let calls = 0;
  const sandbox: Sandbox = { deps, authenticator: new Authenticator(deps.cloud), held: new Set() };
  const server = createServer((req, res) => {
    calls++;
    handle(sandbox, req, res).catch((error) => answerBug(res, error));
  });
  return {
    server,
    callCount: () => calls,
    shutdown: () => {
      for (const res of sandbox.held) res.socket?.destroy();
      sandbox.held.clear();
      server.closeAllConnections();
    },
  };
}

/** What every request of one server shares. */
interface Sandbox {
  readonly deps: ServerDeps;
  readonly authenticator: Authenticator;
  /** Responses held open by a `lost` fault, dropped on shutdown. */
  readonly held: Set<ServerResponse>;
}

type ActionEntry = Product['actions'][string];

/** A bug in the sandbox: answer InternalError (500) with the API's error shape. */
function answerBug(res: ServerResponse, error: unknown): void {
  if (res.headersSent) return;
  sendError(
    res,
    randomUUID().toUpperCase(),
    'vpc.aliyuncs.com',
    'Vpc',
    new ApiError(
      'InternalError',
      500,
      `The request processing has failed due to some unknown error: ${error instanceof Error ? error.message : String(error)}`,
    ),
  );
}

async function handle(sandbox: Sandbox, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { deps } = sandbox;
  const requestId = randomUUID().toUpperCase();
  const method = (req.method ?? 'GET').toUpperCase();
  // Node decodes chunked transfer encoding (the V3 SDKs send form bodies chunked, links §3.2).
  const body = method === 'POST' ? await readBody(req) : Buffer.alloc(0);
  const call = readCall(method, req.url ?? '/', req.headers, body);
  // Errors before the version is known are answered as VPC's.
  const product = PRODUCTS[call.version ?? ''] ?? PRODUCTS['2016-04-28']!;
  try {
    const { action, entry } = route(method, call, product);
    const caller = sandbox.authenticator.authenticate(call);
    deps.cloud.settle();
    const fault = deps.faults.draw();
    const latency = deps.faults.options.latencyMs ?? 0;
    if (latency > 0) await new Promise((r) => setTimeout(r, latency));
    if (answeredByFault(res, fault)) return;
    let result: Record<string, unknown>;
    try {
      result = runAction(deps, action, entry, call.params, caller);
    } finally {
      if (entry.mutates || deps.cloud.dirty) deps.onChange();
    }
    if (fault === 'lost') {
      holdLostResponse(sandbox, res);
      return;
    }
    send(res, 200, { RequestId: requestId, ...result }, requestId);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    sendError(res, requestId, product.host, product.name, error);
  }
}

/** The action's handler, or the API's error for a bad method, a missing or unknown Action or Version. */
function route(method: string, call: IncomingCall, product: Product): { action: string; entry: ActionEntry } {
  if (method !== 'GET' && method !== 'POST')
    throw new ApiError('UnsupportedHTTPMethod', 403, `This http method "${method}" is not supported.`);
  const { action, version } = call;
  if (!action) throw missingParameter('Action');
  if (!version) throw missingParameter('Version');
  if (!PRODUCTS[version])
    throw new ApiError(
      'InvalidParameter',
      400,
      `The specified parameter "Version" is not valid: ${version} is not a version of VPC (2016-04-28), ECS (2014-05-26), STS (2015-04-01), VpcPeer (2022-01-01) or CBN (2017-09-12).`,
    );
  const entry = product.actions[action];
  if (!entry)
    throw new ApiError(
      'InvalidAction',
      403,
      `Specified api is not found, please check your url and method: ${action} (${product.name} ${version}).`,
    );
  return { action, entry };
}

/**
 * The faults that answer before the action runs: throttling and unavailability as API errors, a
 * gateway's HTML 502 page as itself (true: answered). `lost` runs the action, so it is not here.
 */
function answeredByFault(res: ServerResponse, fault: FaultKind): boolean {
  if (fault === 'throttle') throw new ApiError('Throttling.User', 400, 'Request was denied due to user flow control.'); // status UNCONFIRMED (§1.7)
  if (fault === 'unavailable')
    throw new ApiError('ServiceUnavailable', 503, 'The request has failed due to a temporary failure of the server.');
  if (fault === 'html502') {
    res.writeHead(502, { 'content-type': 'text/html' });
    res.end(
      '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>Tengine</center>\r\n</body>\r\n</html>\r\n',
    );
    return true;
  }
  return false;
}

/** The change is made; the answer never comes. The client times out (§9). */
function holdLostResponse(sandbox: Sandbox, res: ServerResponse): void {
  const { held } = sandbox;
  held.add(res);
  const timer = setTimeout(() => {
    held.delete(res);
    res.socket?.destroy();
  }, sandbox.deps.lostHoldMs);
  timer.unref();
  res.on('close', () => {
    clearTimeout(timer);
    held.delete(res);
  });
}

function runAction(
  deps: ServerDeps,
  action: string,
  entry: ActionEntry,
  params: Map<string, string>,
  caller: Caller,
): Record<string, unknown> {
  const ctx = {
    cloud: deps.cloud,
    accountId: caller.accountId,
    ...(caller.session ? { session: caller.session } : {}),
    ...(caller.accessKey ? { accessKey: caller.accessKey } : {}),
    params,
    action,
  };
  const token = params.get('ClientToken');
  if (!entry.mutates || token === undefined || token === '') return entry.handler(ctx);
  return runIdempotent(deps, action, params, caller.accountId, token, () => entry.handler(ctx));
}

/**
 * ClientToken: ASCII, ≤ 64 (aliyun-api.md §6); the same token with the same parameters returns
 * the first answer without doing it again; with other parameters it is refused.
 */
function runIdempotent(
  deps: ServerDeps,
  action: string,
  params: Map<string, string>,
  accountId: string,
  token: string,
  run: () => Record<string, unknown>,
): Record<string, unknown> {
  if (token.length > 64 || !/^[\x20-\x7e]+$/.test(token))
    throw new ApiError('InvalidClientToken.Malformed', 400, 'The ClientToken must be at most 64 ASCII characters.');
  const fingerprint = fingerprintOf(params);
  const table = deps.cloud.state.idempotency;
  const prior = table.find((r) => r.accountId === accountId && r.clientToken === token);
  if (prior) {
    if (prior.action === action && prior.fingerprint === fingerprint) return prior.response;
    throw new ApiError(
      'IdempotentParameterMismatch',
      400,
      `The ClientToken "${token}" was already used for a request with other parameters.`,
    );
  }
  const response = run();
  table.push({
    accountId,
    clientToken: token,
    action,
    fingerprint,
    response: JSON.parse(toJsonText(response)) as Record<string, unknown>,
  });
  // Keep the table bounded: the oldest tokens are forgotten first.
  if (table.length > 5000) table.splice(0, table.length - 5000);
  deps.cloud.dirty = true;
  return response;
}

/** The operation's parameters in a canonical order; the request's own (signature, time…) left out. */
function fingerprintOf(params: Map<string, string>): string {
  return [...params]
    .filter(([k]) => !COMMON_PARAMS.has(k))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

function send(res: ServerResponse, status: number, body: Record<string, unknown>, requestId: string): void {
  const text = toJsonText(body);
  res.writeHead(status, {
    'content-type': 'application/json;charset=utf-8',
    'x-acs-request-id': requestId,
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

function sendError(res: ServerResponse, requestId: string, host: string, product: string, error: ApiError): void {
  send(
    res,
    error.httpStatus,
    {
      RequestId: requestId,
      HostId: host,
      Code: error.code,
      Message: error.message,
      Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(error.code)}&product=${product}&requestId=${requestId}`,
    },
    requestId,
  );
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > 1024 * 1024) {
        reject(new Error('request body larger than 1 MiB'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
