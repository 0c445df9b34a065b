/**
 * Cloud failures as one typed error (design.md §4.5: `{ code, retryable, requestId }`), and the
 * redaction that keeps secrets out of every message.
 */

export interface CloudErrorInit {
  /** The API's `Code` (e.g. `Throttling.User`, `IncorrectRIStatus`) or one of vpclink's own UPPER_SNAKE_CASE codes (see cloud/credentials CLOUD_ERROR_CODES). */
  readonly code: string;
  /** Human text. Redacted again by the constructor, so callers cannot leak a signed URL by mistake. */
  readonly message: string;
  /** The action that failed, e.g. `CreateRouteEntry` (empty when no call was involved). */
  readonly action: string;
  /** Retrying the same call (same ClientToken) may succeed. */
  readonly retryable?: boolean;
  /** The call may have taken effect although no success was seen (timeout, lost response). */
  readonly ambiguous?: boolean;
  readonly requestId?: string;
  readonly httpStatus?: number;
  /** The gateway's troubleshooting link (`Recommend`, aliyun-api.md §1.7). */
  readonly recommend?: string;
}

/** Every failure of a cloud call. The message never contains an AccessKeyId, signature, token or secret. */
export class CloudError extends Error {
  override readonly name = 'CloudError';
  readonly code: string;
  readonly retryable: boolean;
  readonly ambiguous: boolean;
  readonly requestId?: string;
  readonly httpStatus?: number;
  readonly action: string;
  readonly recommend?: string;

  constructor(init: CloudErrorInit) {
    super(redact(init.message));
    this.code = init.code;
    this.action = init.action;
    this.retryable = init.retryable ?? false;
    this.ambiguous = init.ambiguous ?? false;
    if (init.requestId !== undefined) this.requestId = init.requestId;
    if (init.httpStatus !== undefined) this.httpStatus = init.httpStatus;
    if (init.recommend !== undefined) this.recommend = redact(init.recommend);
  }

  /** Plain data for `--json` output and IPC (no stack, nothing secret). */
  toJSON(): Record<string, unknown> {
    return {
      code: this.code,
      message: this.message,
      action: this.action,
      retryable: this.retryable,
      ambiguous: this.ambiguous,
      ...(this.requestId !== undefined ? { requestId: this.requestId } : {}),
      ...(this.httpStatus !== undefined ? { httpStatus: this.httpStatus } : {}),
      ...(this.recommend !== undefined ? { recommend: this.recommend } : {}),
    };
  }
}

/**
 * API codes worth retrying with the same parameters (and ClientToken): throttling and
 * unavailability (aliyun-api.md §1.7, terraform's NeedRetry), conflicts with in-flight work and
 * transient statuses that terraform retries around route entries and router interfaces (§4.2, §4.3,
 * §3.6). Any code containing `Throttling` is retryable as well.
 */
export const RETRYABLE_API_CODES: ReadonlySet<string> = new Set([
  'ServiceUnavailable',
  'Rejected.Throttling',
  'InternalError',
  'SystemBusy',
  'UnknownError',
  'OperationConflict',
  'TaskConflict',
  'LastTokenProcessing',
  'OperationFailed.DistibuteLock', // sic, §4.2
  'OperationFailed.OperationLocked',
  'IncorrectRouteEntryStatus',
  'IncorrectVpcStatus',
  'IncorrectVSwitchStatus',
  'IncorrectInstanceStatus',
  'IncorrectHaVipStatus',
  'InvalidVBRStatus',
  'IncorrectStatus.RouterInterface',
  'IncorrectStatus.MultiScopeRiRouteEntry',
  'IncorrectStatus.RouteTableStatus',
  'IncorrectStatus.VpcPeer',
  'IncorrectStatus.Ipv4Gateway',
  'IncorrectStatus.Ipv6Address',
  'IncorrectStatus.PrefixList',
  'IncorrectStatus.CenStatus',
]);

/** API codes after which the operation may have run although the call failed. */
const AMBIGUOUS_API_CODES: ReadonlySet<string> = new Set(['InternalError', 'UnknownError']);

// Names of request parameters / config fields whose values are secret or identify a key. Matched
// with `=`, percent-encoded `=` (once, twice, thrice: the server echoes its string-to-sign, which
// encodes the canonical query a second time, §1.5/§1.7) or as a JSON/JS property.
const SECRET_NAMES = [
  'AccessKeyId',
  'AccessKeySecret',
  'SecretAccessKey',
  'SecurityToken',
  'Signature',
  'access_key_id',
  'access_key_secret',
  'sts_token',
  'accessKeyId',
  'accessKeySecret',
  'securityToken',
];
const NAME_ALTERNATION = SECRET_NAMES.join('|');
// key=value in (possibly percent-encoded) query strings. The value runs to the next separator.
const QUERY_PAIR = new RegExp(
  `(^|%26|%2526|%252526|[^A-Za-z0-9_])(${NAME_ALTERNATION})(=|%3D|%253D|%25253D)([^&\\s"'<>,;)]*?)(?=&|%26|%2526|%252526|[\\s"'<>,;)]|$)`,
  'g',
);
// "key": "value" / key: 'value' in JSON or inspected objects.
const PROPERTY_PAIR = new RegExp(`(["']?)(${NAME_ALTERNATION})\\1(\\s*[:=]\\s*)(["'])((?:\\\\.|(?!\\4).)*)\\4`, 'g');

const MASK = '***';

/**
 * Removes credentials from text: values of AccessKeyId/Signature/SecurityToken/secret parameters
 * in query strings (plain or percent-encoded once or more) and in JSON-ish `key: "value"` pairs,
 * plus every exact occurrence of `secrets` (and their percent-encoded forms).
 */
export function redact(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const secret of secrets) {
    // Very short values would blank out ordinary words; real keys are ≥ 16 characters.
    if (!secret || secret.length < 6) continue;
    for (const form of encodedForms(secret)) out = out.split(form).join(MASK);
  }
  out = out.replace(QUERY_PAIR, (_m, lead: string, name: string, eq: string) => `${lead}${name}${eq}${MASK}`);
  out = out.replace(
    PROPERTY_PAIR,
    (_m, q: string, name: string, sep: string, quote: string) => `${q}${name}${q}${sep}${quote}${MASK}${quote}`,
  );
  return out;
}

function encodedForms(secret: string): string[] {
  const once = percentEncode(secret);
  const twice = percentEncode(once);
  return [...new Set([secret, once, twice, encodeURIComponent(secret)])].sort((a, b) => b.length - a.length);
}

function percentEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

interface PopApiError {
  code: string;
  data: Record<string, unknown>;
  /** pop-core (V2): the HTTP exchange. */
  entry?: { response?: { statusCode?: number } };
  /** openapi-core (V3): ClientError / ServerError / ThrottlingError carry the status directly. */
  statusCode?: number;
}

function isPopApiError(error: unknown): error is PopApiError {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { data?: unknown }).data === 'object' &&
    (error as { data?: unknown }).data !== null
  );
}

function stringField(record: Record<string, unknown>, key: string): string | undefined {
  const value = record[key];
  return typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined;
}

/**
 * Turns anything pop-core, openapi-core (or Node's HTTP stack) throws into a `CloudError` (aliyun-api.md §1.7,
 * §1.8): API errors keep their `Code`, RequestId and HTTP status; throttling, unavailability and
 * the transient route/RI codes are retryable; a non-JSON body (an HTML 502 from a gateway) is
 * retryable and ambiguous; `ECONNREFUSED` is retryable but not ambiguous (nothing was sent);
 * timeouts and reset connections are ambiguous. A `CloudError` passes through unchanged.
 * `secrets` are exact values to blank out as well (the caller's current credentials).
 */
export function classifyError(
  error: unknown,
  action: string,
  secrets: readonly (string | undefined)[] = [],
): CloudError {
  if (error instanceof CloudError) {
    return secrets.length === 0 ? error : rebuild(error, secrets);
  }
  const clean = (text: string) => redact(text, secrets);
  if (isPopApiError(error)) {
    return hasErrorCode(error.data) ? apiError(error, action, clean) : httpErrorWithoutCode(error, action);
  }
  const thrown = thrownFacts(error);
  return (
    nonJsonResponse(error, thrown, action, clean) ??
    requestTimeout(thrown, action) ??
    aborted(thrown, action) ??
    networkFailure(thrown, action) ??
    unexpectedError(thrown, action, clean)
  );
}

/** Redacts the caller's secrets from a text (`redact` with the secrets bound). */
type Clean = (text: string) => string;

/**
 * openapi-core (V3) throws on every 4xx/5xx and writes a missing Code as the text "undefined":
 * only a body with a `Code` (or `code`) is an API error; without one it is an HTTP failure.
 */
function hasErrorCode(data: Record<string, unknown>): boolean {
  return stringField(data, 'Code') !== undefined || stringField(data, 'code') !== undefined;
}

/** An HTTP failure without an error code, reported as the V2 path reports it (client.ts). */
function httpErrorWithoutCode(error: PopApiError, action: string): CloudError {
  const status = typeof error.statusCode === 'number' ? error.statusCode : error.entry?.response?.statusCode;
  const requestId = stringField(error.data, 'RequestId');
  return new CloudError({
    code: 'HTTP_ERROR',
    action,
    message:
      `${action} failed: HTTP ${status ?? '(unknown)'} without an error code` +
      `${requestId ? ` [RequestId ${requestId}]` : ''}`,
    // No status at all, or a server-side one: the request may have been handled, so retry and say so.
    retryable: status === undefined || status >= 500 || status === 429,
    ambiguous: status === undefined || status >= 500,
    ...(status !== undefined ? { httpStatus: status } : {}),
    ...(requestId ? { requestId } : {}),
  });
}

/** The API answered with a `Code`: keep it, its RequestId, HTTP status and troubleshooting link. */
function apiError(error: PopApiError, action: string, clean: Clean): CloudError {
  const { code, data } = error;
  const httpStatus =
    error.entry?.response?.statusCode ?? (typeof error.statusCode === 'number' ? error.statusCode : undefined);
  const requestId = stringField(data, 'RequestId');
  // One line: a V3 SignatureDoesNotMatch echoes a string-to-sign with a newline in it (§3.1).
  const apiMessage = (stringField(data, 'Message') ?? '(no message)').replace(/\s*\n\s*/g, ' ');
  const recommend = stringField(data, 'Recommend');
  return new CloudError({
    code,
    action,
    message: clean(
      `${action} failed: ${code}: ${apiMessage}${httpStatus !== undefined ? ` (HTTP ${httpStatus})` : ''}` +
        `${requestId ? ` [RequestId ${requestId}]` : ''}`,
    ),
    retryable: isRetryableApiError(code, httpStatus),
    ambiguous: AMBIGUOUS_API_CODES.has(code) || httpStatus === 500,
    ...(requestId !== undefined ? { requestId } : {}),
    ...(httpStatus !== undefined ? { httpStatus } : {}),
    ...(recommend !== undefined ? { recommend: clean(recommend) } : {}),
  });
}

/** Transient codes, any throttling, and server errors other than 501 (Not Implemented never heals). */
function isRetryableApiError(code: string, httpStatus: number | undefined): boolean {
  return (
    RETRYABLE_API_CODES.has(code) ||
    code.includes('Throttling') ||
    (httpStatus !== undefined && httpStatus >= 500 && httpStatus !== 501)
  );
}

/** What can be read off anything else that was thrown (an Error, Node's system error, a plain object). */
interface ThrownFacts {
  readonly name: string;
  readonly nodeCode: unknown;
  readonly rawMessage: string;
}

function thrownFacts(error: unknown): ThrownFacts {
  const isObject = typeof error === 'object' && error !== null;
  return {
    name: isObject ? String((error as { name?: unknown }).name ?? '') : '',
    nodeCode: isObject ? (error as { code?: unknown }).code : undefined,
    rawMessage: isObject ? String((error as { message?: unknown }).message ?? '') : String(error),
  };
}

/**
 * json-bigint throws a plain object { name: 'SyntaxError', message, at, text } on a body that is
 * not JSON, e.g. a gateway's HTML 502 page (§1.8). The gateway may have forwarded the request.
 */
function nonJsonResponse(error: unknown, thrown: ThrownFacts, action: string, clean: Clean): CloudError | undefined {
  if (thrown.name !== 'SyntaxError') return undefined;
  const text = typeof (error as { text?: unknown }).text === 'string' ? (error as { text: string }).text : '';
  const excerpt = text.replace(/\s+/g, ' ').trim().slice(0, 80);
  return new CloudError({
    code: 'NON_JSON_RESPONSE',
    action,
    message: clean(
      `${action} failed: the endpoint answered with a body that is not JSON` +
        `${excerpt ? ` (starts with "${excerpt}")` : ''}; usually a gateway error page, retry later`,
    ),
    retryable: true,
    ambiguous: true,
  });
}

function requestTimeout({ name, rawMessage }: ThrownFacts, action: string): CloudError | undefined {
  if (name !== 'RequestTimeoutError' && !name.endsWith('RequestTimeoutError')) return undefined;
  const phase = rawMessage.startsWith('ConnectTimeout') ? 'connecting' : 'waiting for the response';
  return new CloudError({
    code: 'REQUEST_TIMEOUT',
    action,
    message: `${action} timed out while ${phase}; the call may or may not have taken effect`,
    retryable: true,
    ambiguous: true,
  });
}

/** Cancelled by the caller: not retried (the caller asked to stop), but the call may have landed. */
function aborted({ name, nodeCode }: ThrownFacts, action: string): CloudError | undefined {
  if (name !== 'AbortError' && nodeCode !== 'ABORT_ERR') return undefined;
  return new CloudError({
    code: 'ABORTED',
    action,
    message: `${action} was cancelled before a response arrived; the call may or may not have taken effect`,
    retryable: false,
    ambiguous: true,
  });
}

/** How one family of Node socket/DNS errors is reported. `where` is " host" or "". */
interface NetworkFailure {
  readonly code: string;
  readonly retryable: boolean;
  /** Only a failure after the request may have left (a broken connection) is ambiguous. */
  readonly ambiguous: boolean;
  readonly message: (action: string, where: string, nodeCode: string) => string;
}

const CONNECTION_LOST: NetworkFailure = {
  code: 'CONNECTION_LOST',
  retryable: true,
  ambiguous: true,
  message: (action, where, nodeCode) =>
    `${action} failed: the connection${where ? ` to${where}` : ''} broke (${nodeCode}); ` +
    'the call may or may not have taken effect',
};

const NETWORK_UNREACHABLE: NetworkFailure = {
  code: 'NETWORK_UNREACHABLE',
  retryable: true,
  ambiguous: false,
  message: (action, where, nodeCode) =>
    `${action} failed: network unreachable (${nodeCode})${where ? ` for${where}` : ''}`,
};

/** Node's error codes (`error.code`) that vpclink names; any other falls through to UNEXPECTED_ERROR. */
const NETWORK_FAILURES: ReadonlyMap<string, NetworkFailure> = new Map([
  [
    'ECONNREFUSED',
    {
      code: 'CONNECTION_REFUSED',
      retryable: true,
      ambiguous: false,
      message: (action, where) =>
        `${action} failed: connection refused by${where || ' the endpoint'} (is the endpoint right and running?)`,
    },
  ],
  [
    'ENOTFOUND',
    {
      code: 'ENDPOINT_NOT_FOUND',
      retryable: false,
      ambiguous: false,
      message: (action, where) =>
        `${action} failed: the host name${where} does not resolve (wrong region ID or endpoint?)`,
    },
  ],
  [
    'EAI_AGAIN',
    {
      code: 'DNS_TEMPORARY_FAILURE',
      retryable: true,
      ambiguous: false,
      message: (action, where) => `${action} failed: temporary DNS failure resolving${where || ' the endpoint'}`,
    },
  ],
  ['ECONNRESET', CONNECTION_LOST],
  ['EPIPE', CONNECTION_LOST],
  ['ETIMEDOUT', CONNECTION_LOST],
  ['ESOCKETTIMEDOUT', CONNECTION_LOST],
  ['UND_ERR_SOCKET', CONNECTION_LOST],
  ['EHOSTUNREACH', NETWORK_UNREACHABLE],
  ['ENETUNREACH', NETWORK_UNREACHABLE],
]);

function networkFailure({ nodeCode, rawMessage }: ThrownFacts, action: string): CloudError | undefined {
  if (typeof nodeCode !== 'string') return undefined;
  const failure = NETWORK_FAILURES.get(nodeCode);
  if (!failure) return undefined;
  const host = hostOf(rawMessage);
  const where = host ? ` ${host}` : '';
  return new CloudError({
    code: failure.code,
    action,
    message: failure.message(action, where, nodeCode),
    retryable: failure.retryable,
    ambiguous: failure.ambiguous,
  });
}

function unexpectedError({ name, rawMessage }: ThrownFacts, action: string, clean: Clean): CloudError {
  return new CloudError({
    code: 'UNEXPECTED_ERROR',
    action,
    message: clean(`${action} failed unexpectedly: ${name ? `${name}: ` : ''}${stripUrls(rawMessage)}`),
    retryable: false,
    ambiguous: true,
  });
}

function rebuild(error: CloudError, secrets: readonly (string | undefined)[]): CloudError {
  const message = redact(error.message, secrets);
  if (message === error.message) return error;
  return new CloudError({
    code: error.code,
    action: error.action,
    message,
    retryable: error.retryable,
    ambiguous: error.ambiguous,
    ...(error.requestId !== undefined ? { requestId: error.requestId } : {}),
    ...(error.httpStatus !== undefined ? { httpStatus: error.httpStatus } : {}),
    ...(error.recommend !== undefined ? { recommend: error.recommend } : {}),
  });
}

/** The `scheme://host[:port]` of the first URL in a message (never its query). */
function hostOf(message: string): string | undefined {
  const match = /\b(https?:\/\/[^/?\s]+)/.exec(message);
  return match?.[1];
}

/** Drops query strings of URLs entirely: `https://host/?a=b` → `https://host/?…`. */
function stripUrls(message: string): string {
  return message.replace(/(https?:\/\/[^\s?]*)\?[^\s]*/g, '$1?…');
}
