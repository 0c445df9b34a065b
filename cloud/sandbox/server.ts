/**
 * The HTTP front of the sandbox: RPC-style requests as pop-core sends them (GET with the query,
 * POST with a form body), signature v1.0 checked on every call, routing by Version + Action,
 * faults, ClientToken idempotency, and the error body of aliyun-api.md §1.7.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { SandboxCloud } from './engine';
import type { Handler } from './context';
import { ECS_ACTIONS } from './ecs';
import { ApiError, missingParameter } from './errors';
import type { FaultInjector } from './faults';
import { toJsonText } from './json';
import { sign, signaturesEqual, stringToSign } from './signature';
import { STS_ACTIONS } from './sts';
import { VPC_ACTIONS } from './vpc/index';
import type { StsSessionRec } from './world';

interface Product {
  readonly name: 'Vpc' | 'Ecs' | 'Sts';
  readonly host: string;
  readonly actions: Readonly<Record<string, { readonly handler: Handler; readonly mutates: boolean }>>;
}

/** Routing by Version (aliyun-api.md §2, §9). */
const PRODUCTS: Readonly<Record<string, Product>> = {
  '2016-04-28': { name: 'Vpc', host: 'vpc.aliyuncs.com', actions: VPC_ACTIONS },
  '2014-05-26': { name: 'Ecs', host: 'ecs.aliyuncs.com', actions: ECS_ACTIONS },
  '2015-04-01': { name: 'Sts', host: 'sts.aliyuncs.com', actions: STS_ACTIONS },
};

/** Timestamp skew and nonce replay window: 15 minutes, the commonly quoted value (UNCONFIRMED, §1.2). */
export const SIGNATURE_WINDOW_MS = 15 * 60 * 1000;

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

interface Caller {
  readonly accountId: string;
  readonly session?: StsSessionRec;
}

export function createApiServer(deps: ServerDeps): ApiServer {
  let calls = 0;
  const nonces = new Map<string, number>();
  const held = new Set<ServerResponse>();

  const server = createServer((req, res) => {
    calls++;
    handle(req, res).catch((error) => {
      // A bug in the sandbox: answer InternalError (500) with the API's error shape.
      if (!res.headersSent)
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
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID().toUpperCase();
    const method = (req.method ?? 'GET').toUpperCase();
    const body = method === 'POST' ? await readBody(req) : '';
    const url = new URL(req.url ?? '/', 'http://sandbox.local');
    const params = new Map<string, string>();
    // pop-core: GET → query; POST → form body; lower-case `post` → query with a POST (§1.1).
    for (const [k, v] of url.searchParams) params.set(k, v);
    for (const [k, v] of new URLSearchParams(body)) params.set(k, v);
    const product = PRODUCTS[params.get('Version') ?? ''] ?? PRODUCTS['2016-04-28']!;
    try {
      if (method !== 'GET' && method !== 'POST')
        throw new ApiError('UnsupportedHTTPMethod', 403, `This http method "${method}" is not supported.`);
      const action = params.get('Action');
      const version = params.get('Version');
      if (!action) throw missingParameter('Action');
      if (!version) throw missingParameter('Version');
      if (!PRODUCTS[version])
        throw new ApiError(
          'InvalidParameter',
          400,
          `The specified parameter "Version" is not valid: ${version} is not a version of VPC (2016-04-28), ECS (2014-05-26) or STS (2015-04-01).`,
        );
      const entry = product.actions[action];
      if (!entry)
        throw new ApiError(
          'InvalidAction',
          403,
          `Specified api is not found, please check your url and method: ${action} (${product.name} ${version}).`,
        );
      const caller = authenticate(params, method);
      deps.cloud.settle();
      const fault = deps.faults.draw();
      const latency = deps.faults.options.latencyMs ?? 0;
      if (latency > 0) await new Promise((r) => setTimeout(r, latency));
      if (fault === 'throttle')
        throw new ApiError('Throttling.User', 400, 'Request was denied due to user flow control.'); // status UNCONFIRMED (§1.7)
      if (fault === 'unavailable')
        throw new ApiError(
          'ServiceUnavailable',
          503,
          'The request has failed due to a temporary failure of the server.',
        );
      if (fault === 'html502') {
        res.writeHead(502, { 'content-type': 'text/html' });
        res.end(
          '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>Tengine</center>\r\n</body>\r\n</html>\r\n',
        );
        return;
      }
      let result: Record<string, unknown>;
      try {
        result = runAction(action, entry, params, caller);
      } finally {
        if (entry.mutates || deps.cloud.dirty) deps.onChange();
      }
      if (fault === 'lost') {
        // The change is made; the answer never comes. The client times out (§9).
        held.add(res);
        const timer = setTimeout(() => {
          held.delete(res);
          res.socket?.destroy();
        }, deps.lostHoldMs);
        timer.unref();
        res.on('close', () => {
          clearTimeout(timer);
          held.delete(res);
        });
        return;
      }
      send(res, 200, { RequestId: requestId, ...result }, requestId);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      sendError(res, requestId, product.host, product.name, error);
    }
  }

  function runAction(
    action: string,
    entry: { handler: Handler; mutates: boolean },
    params: Map<string, string>,
    caller: Caller,
  ): Record<string, unknown> {
    const ctx = {
      cloud: deps.cloud,
      accountId: caller.accountId,
      ...(caller.session ? { session: caller.session } : {}),
      params,
      action,
    };
    const token = params.get('ClientToken');
    if (!entry.mutates || token === undefined || token === '') return entry.handler(ctx);
    // ClientToken: ASCII, ≤ 64 (aliyun-api.md §6); the same token with the same parameters returns
    // the first answer without doing it again; with other parameters it is refused.
    if (token.length > 64 || !/^[\x20-\x7e]+$/.test(token))
      throw new ApiError('InvalidClientToken.Malformed', 400, 'The ClientToken must be at most 64 ASCII characters.');
    const fingerprint = [...params]
      .filter(([k]) => !COMMON_PARAMS.has(k))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${k}=${v}`)
      .join('&');
    const prior = deps.cloud.state.idempotency.find((r) => r.accountId === caller.accountId && r.clientToken === token);
    if (prior) {
      if (prior.action === action && prior.fingerprint === fingerprint) return prior.response;
      throw new ApiError(
        'IdempotentParameterMismatch',
        400,
        `The ClientToken "${token}" was already used for a request with other parameters.`,
      );
    }
    const response = entry.handler(ctx);
    deps.cloud.state.idempotency.push({
      accountId: caller.accountId,
      clientToken: token,
      action,
      fingerprint,
      response: JSON.parse(toJsonText(response)) as Record<string, unknown>,
    });
    // Keep the table bounded: the oldest tokens are forgotten first.
    if (deps.cloud.state.idempotency.length > 5000)
      deps.cloud.state.idempotency.splice(0, deps.cloud.state.idempotency.length - 5000);
    deps.cloud.dirty = true;
    return response;
  }

  /** aliyun-api.md §1.5: rebuild the string-to-sign from the decoded parameters and compare. */
  function authenticate(params: Map<string, string>, method: string): Caller {
    const accessKeyId = params.get('AccessKeyId');
    if (!accessKeyId) throw missingParameter('AccessKeyId');
    const signature = params.get('Signature');
    if (!signature) throw missingParameter('Signature');
    const nonce = params.get('SignatureNonce');
    if (!nonce) throw missingParameter('SignatureNonce');
    if (params.get('SignatureMethod') !== 'HMAC-SHA1')
      throw new ApiError(
        'IncompleteSignature',
        400,
        `The request signature does not conform to Aliyun standards: SignatureMethod must be HMAC-SHA1, not ${JSON.stringify(params.get('SignatureMethod') ?? '')}.`,
      );
    if (params.get('SignatureVersion') !== '1.0')
      throw new ApiError(
        'IncompleteSignature',
        400,
        `The request signature does not conform to Aliyun standards: SignatureVersion must be 1.0, not ${JSON.stringify(params.get('SignatureVersion') ?? '')}.`,
      );

    let secret: string;
    let caller: Caller;
    const account = deps.cloud.state.accounts.find((a) => a.accessKeys.some((k) => k.accessKeyId === accessKeyId));
    const session = account ? undefined : deps.cloud.state.sessions.find((s) => s.accessKeyId === accessKeyId);
    if (account) {
      secret = account.accessKeys.find((k) => k.accessKeyId === accessKeyId)!.accessKeySecret;
      caller = { accountId: account.accountId };
    } else if (session) {
      secret = session.accessKeySecret;
      caller = { accountId: session.accountId, session };
    } else {
      // HTTP 400 (some products answer 404, §1.7).
      throw new ApiError('InvalidAccessKeyId.NotFound', 400, 'Specified access key is not found.');
    }

    const timestamp = params.get('Timestamp');
    const parsed =
      timestamp && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(timestamp) ? Date.parse(timestamp) : NaN;
    if (!timestamp || Number.isNaN(parsed))
      throw new ApiError(
        'IllegalTimestamp',
        400,
        `The input parameter "Timestamp" that is mandatory for processing this request is not supplied or not in the format YYYY-MM-DDThh:mm:ssZ: ${JSON.stringify(timestamp ?? '')}.`,
      );
    // Signatures use the wall clock, never the sandbox clock a test may have moved.
    if (Math.abs(Date.now() - parsed) > SIGNATURE_WINDOW_MS)
      throw new ApiError(
        'IllegalTimestamp',
        400,
        `Specified time stamp or date value is expired: ${timestamp} is more than 15 minutes from the server time ${new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')}.`,
      );

    const expected = stringToSign(method, params);
    if (!signaturesEqual(sign(secret, expected), signature)) {
      // The exact prefix: @alicloud/credentials parses what follows (aliyun-api.md §1.7).
      // HTTP status UNCONFIRMED for VPC (400 or 403); 400 as in the POP gateway's common table.
      throw new ApiError(
        'SignatureDoesNotMatch',
        400,
        `Specified signature is not matched with our calculation. server string to sign is:${expected}`,
      );
    }

    if (session) {
      const token = params.get('SecurityToken');
      if (!token || token !== session.securityToken)
        throw new ApiError(
          'InvalidSecurityToken.MismatchWithAccessKey',
          400,
          'The SecurityToken does not match the AccessKeyId.',
        ); // code UNCONFIRMED
      if (session.expiration <= deps.cloud.now())
        throw new ApiError('InvalidSecurityToken.Expired', 400, 'Specified SecurityToken is expired.');
    }

    const now = Date.now();
    if (nonces.size > 10_000) for (const [k, exp] of nonces) if (exp <= now) nonces.delete(k);
    const nonceKey = `${accessKeyId}\n${nonce}`;
    const seen = nonces.get(nonceKey);
    if (seen !== undefined && seen > now)
      throw new ApiError('SignatureNonceUsed', 400, 'Specified signature nonce was used already.');
    nonces.set(nonceKey, now + SIGNATURE_WINDOW_MS);
    return caller;
  }

  return {
    server,
    callCount: () => calls,
    shutdown: () => {
      for (const res of held) res.socket?.destroy();
      held.clear();
      server.closeAllConnections();
    },
  };
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

function readBody(req: IncomingMessage): Promise<string> {
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
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
