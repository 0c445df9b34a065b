/**
 * Who is calling: reads an incoming RPC call in either signature and verifies it.
 *
 * - V2 (`SignatureMethod=HMAC-SHA1`, what `@alicloud/pop-core` sends, aliyun-api.md §1.4–§1.5,
 *   aliyun-links.md §3.5): Action, Version and the signature are parameters (query or form body).
 * - V3 (`ACS3-HMAC-SHA256`, what the official 2026 SDKs send, aliyun-links.md §3.1–§3.2): Action and
 *   Version are the `x-acs-action` / `x-acs-version` headers, the signature is in `Authorization`;
 *   business parameters are in the query (Vpc, Ecs, Sts) or a form body (VpcPeer).
 *
 * Both end in the same {@link Caller}; the handlers behind them never know which one was used.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { SandboxCloud } from './engine';
import { ApiError, missingParameter } from './errors';
import { sign, signaturesEqual, stringToSign } from './signature';
import {
  V3_ALGORITHM,
  canonicalRequestV3,
  hashPayload,
  parseAuthorization,
  signV3,
  stringToSignV3,
  type ParsedAuthorization,
} from './signatureV3';
import type { AccessKeyRec, StsSessionRec } from './world';

/**
 * Timestamp skew and nonce replay window: 15 minutes. V3: "x-acs-date … within 15 minutes before
 * the request is sent" (aliyun-links.md §3.1); V2: the commonly quoted value (aliyun-api.md §1.2;
 * the CN page says a Timestamp is valid for 31 minutes, §3.5 — 15 is the stricter choice).
 */
const SIGNATURE_WINDOW_MS = 15 * 60 * 1000;

export interface Caller {
  readonly accountId: string;
  /** The AccessKey used, when it is a long-term key (root account or RAM user). */
  readonly accessKey?: AccessKeyRec;
  readonly session?: StsSessionRec;
}

/** One call as it arrived, before authentication. */
export interface IncomingCall {
  readonly signature: 'v2' | 'v3';
  /** Undefined when the request does not name it (refused as MissingParameter). */
  readonly action: string | undefined;
  readonly version: string | undefined;
  /** Business parameters (V2: every parameter, the signature ones included). */
  readonly params: Map<string, string>;
  readonly method: string;
  /** The URL path (`/` for RPC), the canonical URI of V3. */
  readonly path: string;
  readonly query: ReadonlyArray<readonly [string, string]>;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  readonly authorization?: ParsedAuthorization;
}

const FORM = 'application/x-www-form-urlencoded';

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/** Splits a request into action, version and parameters, by the signature it carries. */
export function readCall(method: string, rawUrl: string, headers: IncomingHttpHeaders, body: Buffer): IncomingCall {
  const url = new URL(rawUrl, 'http://sandbox.local');
  const query = [...url.searchParams] as Array<[string, string]>;
  const authorizationText = header(headers, 'authorization');
  const isForm = (header(headers, 'content-type') ?? FORM).toLowerCase().startsWith(FORM);
  const params = new Map<string, string>(query);
  // pop-core: GET → query; POST → form body; lower-case `post` → query with a POST (§1.1). V3
  // SDKs: Vpc/Ecs/Sts in the query with an empty body, VpcPeer in a form body (links §3.2).
  if (isForm) for (const [k, v] of new URLSearchParams(body.toString('utf8'))) params.set(k, v);
  if (authorizationText !== undefined && authorizationText.trim().startsWith('ACS3-')) {
    const authorization = parseAuthorization(authorizationText);
    return {
      signature: 'v3',
      action: header(headers, 'x-acs-action'),
      version: header(headers, 'x-acs-version'),
      params,
      method,
      path: url.pathname,
      query,
      headers,
      body,
      ...(authorization ? { authorization } : {}),
    };
  }
  return {
    signature: 'v2',
    action: params.get('Action'),
    version: params.get('Version'),
    params,
    method,
    path: url.pathname,
    query,
    headers,
    body,
  };
}

/** Verifies signatures and refuses replayed nonces; one per server. */
export class Authenticator {
  private readonly nonces = new Map<string, number>();

  constructor(private readonly cloud: SandboxCloud) {}

  authenticate(call: IncomingCall): Caller {
    return call.signature === 'v3' ? this.verifyV3(call) : this.verifyV2(call);
  }

  /** The account, RAM user key or STS session an AccessKeyId belongs to, with its secret. */
  private lookup(accessKeyId: string): { secret: string; caller: Caller } {
    for (const account of this.cloud.state.accounts) {
      const key = account.accessKeys.find((k) => k.accessKeyId === accessKeyId);
      if (key) return { secret: key.accessKeySecret, caller: { accountId: account.accountId, accessKey: key } };
    }
    const session = this.cloud.state.sessions.find((s) => s.accessKeyId === accessKeyId);
    if (session) return { secret: session.accessKeySecret, caller: { accountId: session.accountId, session } };
    // HTTP 400 (some products answer 404, aliyun-api.md §1.7).
    throw new ApiError('InvalidAccessKeyId.NotFound', 400, 'Specified access key is not found.');
  }

  /** aliyun-api.md §1.5: rebuild the string-to-sign from the decoded parameters and compare. */
  private verifyV2(call: IncomingCall): Caller {
    const params = call.params;
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
    const { secret, caller } = this.lookup(accessKeyId);
    checkTimestamp(params.get('Timestamp'), 'Timestamp');
    const expected = stringToSign(call.method, params);
    if (!signaturesEqual(sign(secret, expected), signature)) {
      // The exact prefix: @alicloud/credentials parses what follows (aliyun-api.md §1.7).
      // HTTP status UNCONFIRMED for VPC (400 or 403); 400 as in the POP gateway's common table.
      throw new ApiError(
        'SignatureDoesNotMatch',
        400,
        `Specified signature is not matched with our calculation. server string to sign is:${expected}`,
      );
    }
    this.checkSession(caller, params.get('SecurityToken'));
    this.useNonce(accessKeyId, nonce);
    return caller;
  }

  /** aliyun-links.md §3.1: rebuild the canonical request from what arrived and compare. */
  private verifyV3(call: IncomingCall): Caller {
    const auth = call.authorization;
    if (!auth)
      throw new ApiError(
        'IncompleteSignature',
        400,
        'The request signature does not conform to Aliyun standards: Authorization must be "ACS3-HMAC-SHA256 Credential=…,SignedHeaders=…,Signature=…".',
      );
    // The SDK can also sign with ACS3-HMAC-SM3 and ACS3-RSA-SHA256 (links §3.1); the sandbox
    // verifies the default only (a choice).
    if (auth.algorithm !== V3_ALGORITHM)
      throw new ApiError(
        'IncompleteSignature',
        400,
        `The request signature does not conform to Aliyun standards: the vpclink sandbox verifies ${V3_ALGORITHM} only, not ${auth.algorithm}.`,
      );
    // Required headers (links §3.1). Codes for a missing one: MissingParameter naming the header
    // is the sandbox's choice (UNCONFIRMED).
    const date = header(call.headers, 'x-acs-date');
    const nonce = header(call.headers, 'x-acs-signature-nonce');
    const contentSha = header(call.headers, 'x-acs-content-sha256');
    if (!date) throw missingParameter('x-acs-date');
    if (!nonce) throw missingParameter('x-acs-signature-nonce');
    if (!contentSha) throw missingParameter('x-acs-content-sha256');
    // "All common request headers except Authorization, if present, must be signed" (links §3.1):
    // every x-acs-* that arrived, plus host and content-type. The SDK adds headers of its own
    // (x-acs-credentials-provider), so the list is whatever arrived, never a fixed one.
    const listed = new Set(auth.signedHeaders);
    const mustSign = Object.keys(call.headers).filter(
      (name) => name.startsWith('x-acs-') || name === 'host' || name === 'content-type',
    );
    const unsigned = mustSign.filter((name) => !listed.has(name));
    if (unsigned.length)
      throw new ApiError(
        'IncompleteSignature',
        400,
        `The request signature does not conform to Aliyun standards: these headers arrived but are not in SignedHeaders: ${unsigned.sort().join(', ')}.`,
      );
    const signedHeaders = new Map<string, string>();
    for (const name of auth.signedHeaders) {
      const value = header(call.headers, name);
      if (value === undefined)
        throw new ApiError(
          'IncompleteSignature',
          400,
          `The request signature does not conform to Aliyun standards: the signed header ${name} is missing.`,
        );
      signedHeaders.set(name, value);
    }
    const { secret, caller } = this.lookup(auth.accessKeyId);
    checkTimestamp(date, 'x-acs-date');
    // The body must be what x-acs-content-sha256 says; code and message are a choice (UNCONFIRMED).
    if (hashPayload(call.body) !== contentSha.toLowerCase())
      throw new ApiError(
        'SignatureDoesNotMatch',
        400,
        'Specified signature is not matched with our calculation: x-acs-content-sha256 is not the SHA-256 of the request body.',
      );
    const canonical = canonicalRequestV3({
      method: call.method,
      path: call.path,
      query: call.query,
      signedHeaders,
      hashedPayload: contentSha,
    });
    const expected = stringToSignV3(canonical);
    if (!signaturesEqual(signV3(secret, expected), auth.signature.toLowerCase())) {
      // Same code and prefix as V2 (a choice: the V3 wording of the real gateway is UNCONFIRMED).
      throw new ApiError(
        'SignatureDoesNotMatch',
        400,
        `Specified signature is not matched with our calculation. server string to sign is:${expected}`,
      );
    }
    this.checkSession(caller, header(call.headers, 'x-acs-security-token'));
    this.useNonce(auth.accessKeyId, nonce);
    return caller;
  }

  private checkSession(caller: Caller, token: string | undefined): void {
    const session = caller.session;
    if (!session) return;
    if (!token || token !== session.securityToken)
      throw new ApiError(
        'InvalidSecurityToken.MismatchWithAccessKey',
        400,
        'The SecurityToken does not match the AccessKeyId.',
      ); // code UNCONFIRMED
    if (session.expiration <= this.cloud.now())
      throw new ApiError('InvalidSecurityToken.Expired', 400, 'Specified SecurityToken is expired.');
  }

  /** A nonce may be used once per AccessKey within the window (V2 SignatureNonce, V3 x-acs-signature-nonce). */
  private useNonce(accessKeyId: string, nonce: string): void {
    const now = Date.now();
    if (this.nonces.size > 10_000) for (const [k, exp] of this.nonces) if (exp <= now) this.nonces.delete(k);
    const key = `${accessKeyId}\n${nonce}`;
    const seen = this.nonces.get(key);
    if (seen !== undefined && seen > now)
      throw new ApiError('SignatureNonceUsed', 400, 'Specified signature nonce was used already.');
    this.nonces.set(key, now + SIGNATURE_WINDOW_MS);
  }
}

/** `YYYY-MM-DDThh:mm:ssZ` within the window of the wall clock (never the sandbox clock a test moved). */
function checkTimestamp(value: string | undefined, name: string): void {
  const parsed = value && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(value) ? Date.parse(value) : NaN;
  if (!value || Number.isNaN(parsed))
    throw new ApiError(
      'IllegalTimestamp',
      400,
      `The input parameter "${name}" that is mandatory for processing this request is not supplied or not in the format YYYY-MM-DDThh:mm:ssZ: ${JSON.stringify(value ?? '')}.`,
    );
  if (Math.abs(Date.now() - parsed) > SIGNATURE_WINDOW_MS)
    throw new ApiError(
      'IllegalTimestamp',
      400,
      `Specified time stamp or date value is expired: ${value} is more than 15 minutes from the server time ${new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')}.`,
    );
}
