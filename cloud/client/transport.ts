/**
 * One signed HTTP exchange, by either signature (aliyun-links.md §3): the adapter in client.ts
 * prepares the call, a transport signs and sends it, the adapter reads the answer. Transports
 * throw what their library throws; classifyError turns it into a CloudError.
 */
import type { Credentials, Product } from './index';

/** `v3`: ACS3-HMAC-SHA256 through @alicloud/openapi-core (default); `v2`: HMAC-SHA1 through @alicloud/pop-core. */
export type SignatureVersion = 'v3' | 'v2';

export interface TransportRequest {
  readonly product: Product;
  readonly action: string;
  readonly version: string;
  /** `scheme://host[:port]`. */
  readonly endpoint: string;
  /** Flat RPC parameters (`X.1.Key` …), RegionId included. */
  readonly params: Readonly<Record<string, string>>;
  readonly credentials: Credentials;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** Appended to the library's user-agent. */
  readonly userAgent?: string;
}

export interface TransportResponse {
  /** The parsed JSON body, Long values not yet normalised. */
  readonly body: unknown;
  readonly status?: number;
}

export interface Transport {
  send(request: TransportRequest): Promise<TransportResponse>;
  /** Releases sockets. */
  close(): void;
}

/**
 * The signature a client uses when its options do not say: `VPCLINK_SIGNATURE=v2` selects the
 * legacy pop-core path; unset, empty or `v3` is V3. Anything else is refused (a typo must not
 * silently pick a signature). Returns undefined for a value it does not know.
 */
export function signatureFromEnv(env: Readonly<Record<string, string | undefined>>): SignatureVersion | undefined {
  const value = (env.VPCLINK_SIGNATURE ?? '').trim().toLowerCase();
  if (value === '' || value === 'v3') return 'v3';
  if (value === 'v2') return 'v2';
  return undefined;
}
