/** A tiny loopback HTTP server that records requests and answers with canned bodies (tests only). */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  canonicalRequestV3,
  hashPayload,
  parseAuthorization,
  signV3,
  stringToSignV3,
} from '../../../cloud/sandbox/signatureV3';

export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
  /** Query and form-body parameters, percent-decoded. */
  readonly params: Readonly<Record<string, string>>;
}

export type Canned =
  | { readonly status: number; readonly body: string; readonly contentType?: string; readonly delayMs?: number }
  | { readonly hang: true }
  | ((request: RecordedRequest) => { status: number; body: string; contentType?: string; delayMs?: number });

export interface CannedServer {
  readonly endpoint: string;
  readonly requests: RecordedRequest[];
  /** Most requests being answered at the same moment (delayed answers overlap). */
  maxInFlight(): number;
  /** Starts counting maxInFlight afresh. */
  resetMaxInFlight(): void;
  /** Responses used in order; the last one repeats. */
  respond(...responses: Canned[]): void;
  close(): Promise<void>;
}

export async function startCannedServer(): Promise<CannedServer> {
  const requests: RecordedRequest[] = [];
  let queue: Canned[] = [{ status: 200, body: '{"RequestId":"R-1"}' }];
  const hanging = new Set<import('node:http').ServerResponse>();
  let inFlight = 0;
  let maxInFlight = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const params: Record<string, string> = {};
      for (const [k, v] of url.searchParams) params[k] = v;
      if (body) for (const [k, v] of new URLSearchParams(body)) params[k] = v;
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body,
        params,
      };
      requests.push(recorded);
      const next = queue.length > 1 ? queue.shift()! : queue[0]!;
      if (typeof next === 'object' && 'hang' in next) {
        hanging.add(res);
        return;
      }
      const answer = typeof next === 'function' ? next(recorded) : next;
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const send = () => {
        inFlight--;
        res.writeHead(answer.status, { 'content-type': answer.contentType ?? 'application/json' });
        res.end(answer.body);
      };
      if (answer.delayMs) setTimeout(send, answer.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    maxInFlight: () => maxInFlight,
    resetMaxInFlight: () => {
      maxInFlight = inFlight;
    },
    respond(...responses) {
      queue = [...responses];
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** RFC 3986 encoding as the RPC signature uses it (aliyun-api.md §1.4). */
export function percentEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The signature the server expects for these parameters (aliyun-api.md §1.5). */
export function expectedSignature(method: string, params: Readonly<Record<string, string>>, secret: string): string {
  const canonical = Object.keys(params)
    .filter((k) => k !== 'Signature')
    .sort()
    .map((k) => `${percentEncode(k)}=${percentEncode(params[k]!)}`)
    .join('&');
  const stringToSign = `${method}&${percentEncode('/')}&${percentEncode(canonical)}`;
  return createHmac('sha1', `${secret}&`).update(stringToSign, 'utf8').digest('base64');
}

/** The action of a recorded call: the `x-acs-action` header (V3) or the `Action` parameter (V2). */
export function actionOf(request: RecordedRequest): string | undefined {
  const header = request.headers['x-acs-action'];
  return request.headers.authorization?.startsWith('ACS3-') && typeof header === 'string'
    ? header
    : request.params.Action;
}

/** The AccessKeyId a recorded call was signed with (V3 `Credential=`, V2 `AccessKeyId`). */
export function accessKeyIdOf(request: RecordedRequest): string | undefined {
  const auth = request.headers.authorization;
  return auth?.startsWith('ACS3-') ? parseAuthorization(auth)?.accessKeyId : request.params.AccessKeyId;
}

/** True when a recorded V3 call's Authorization verifies with `secret` (aliyun-links.md §3.1). */
export function v3SignatureValid(request: RecordedRequest, secret: string): boolean {
  const auth = parseAuthorization(request.headers.authorization ?? '');
  if (!auth) return false;
  const headers = new Map(auth.signedHeaders.map((name) => [name, String(request.headers[name] ?? '')]));
  const url = new URL(request.url, 'http://127.0.0.1');
  const canonical = canonicalRequestV3({
    method: request.method,
    path: url.pathname,
    query: [...url.searchParams],
    signedHeaders: headers,
    hashedPayload: hashPayload(request.body),
  });
  return signV3(secret, stringToSignV3(canonical)) === auth.signature;
}
