/**
 * cloud/client — the one adapter around the Alibaba Cloud client libraries (design.md §2: the ONLY
 * module that imports `@alicloud/openapi-core` and `@alicloud/pop-core`). Everything that talks to
 * Alibaba Cloud (or the local sandbox) goes through `createCloudClient(...).call(...)`:
 *
 * - signs with Signature V3 (`ACS3-HMAC-SHA256`) through openapi-core's generic `callApi` by
 *   default; `signature: 'v2'` or `VPCLINK_SIGNATURE=v2` selects the legacy HMAC-SHA1 path through
 *   pop-core (aliyun-links.md §3; Alibaba calls V2 discontinued / no longer recommended, §3.5);
 * - signs with the credentials of a `CredentialProvider` (fetched per call, so STS refresh works);
 * - sends `POST`: V3 with every parameter in the query and an empty body (as the official Vpc/Ecs/
 *   Sts SDKs do, links §3.2); V2 upper-case POST with parameters in the form body (aliyun-api.md §1.1);
 * - strips `undefined`/`null` parameters and flattens repeat lists itself (§1.3), so pop-core never
 *   sends the literal text `undefined` or `[object Object]`;
 * - returns the JSON body with every json-bigint `BigNumber` (16-digit account and order IDs,
 *   §1.8) turned into a decimal string;
 * - turns every failure into a `CloudError` whose message is redacted (no AccessKeyId, Signature,
 *   SecurityToken or secret — pop-core puts the signed URL into its messages, §1.8).
 *
 * It does NOT retry: the apply engine owns retry and backoff, using `CloudError.retryable` and
 * `CloudError.ambiguous`.
 */
export { CloudError, classifyError, redact, RETRYABLE_API_CODES, type CloudErrorInit } from './errors';
export { endpointFor, API_VERSIONS, DEFAULT_REGIONS, isValidRegionId } from './endpoints';
export { createCloudClient } from './client';
export { paginate, collect, type PaginateRequest, type PageStyle } from './paginate';
export { normaliseLong, normaliseLongs } from './long';
export { flattenParams, JSON_TEXT_PARAMS } from './params';
export type { SignatureVersion } from './transport';

import type { SignatureVersion } from './transport';

/** Where calls go: the regional Alibaba Cloud endpoints (aliyun-api.md §2), or one URL for every call (a sandbox). */
export type CloudTarget = { readonly kind: 'aliyun' } | { readonly kind: 'endpoint'; readonly endpoint: string };

/** The OpenAPI products vpclink uses; each has its own API version (aliyun-api.md §2, aliyun-links.md §1.1, §2). */
export type Product = 'vpc' | 'ecs' | 'sts' | 'vpcpeer' | 'cbn';

/** An AccessKey pair, optionally with an STS token. Secret: never log, print or persist it. */
export interface Credentials {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly securityToken?: string;
}

/** A source of credentials, asked before every call (so temporary STS credentials can refresh). */
export interface CredentialProvider {
  getCredentials(): Promise<Credentials>;
  /** Where the credentials come from, for messages: e.g. `aliyun CLI profile 'prod-a' (AK)`. Never a secret. */
  readonly description: string;
}

/** Parameter values a call accepts. Arrays are repeat lists (`X.1`, `X.2`, `X.1.Key` …, §1.3). */
export type ParamValue = string | number | boolean | readonly unknown[] | undefined | null;
export type CallParams = Readonly<Record<string, ParamValue>>;

export interface CallOptions {
  /** Connect and read timeout in ms (pop-core's `timeout`, openapi-core's read/connect timeouts, §1.8). Default: the client's `timeoutMs`. */
  readonly timeoutMs?: number;
  /**
   * Aborts the call; it then rejects with `CloudError` code `ABORTED`. V2 tears the HTTP request
   * down; V3 (openapi-core takes no signal) stops waiting and lets the request finish unseen.
   */
  readonly signal?: AbortSignal;
}

export interface CloudClient {
  /**
   * One API call. `regionId` selects the regional endpoint and is sent as the `RegionId`
   * parameter for `vpc` and `ecs` (unless `params.RegionId` is given); STS takes no RegionId
   * (`''` means the central STS endpoint). Resolves to the JSON body with Long values as strings;
   * rejects with a `CloudError` only. No retries.
   */
  call(
    product: Product,
    regionId: string,
    action: string,
    params?: CallParams,
    options?: CallOptions,
  ): Promise<Record<string, unknown>>;
  /** How many calls were started through this client (for progress, tests and benchmarks). */
  callCount(): number;
  /** Where the credentials come from (the provider's description). Never a secret. Optional so test fakes stay small. */
  readonly credentialsDescription?: string;
  /** The target this client talks to. */
  readonly target?: CloudTarget;
  /** The signature its calls carry (`v3` default, `v2` legacy). Optional so test fakes stay small. */
  readonly signature?: SignatureVersion;
  /** Releases keep-alive sockets; the client must not be used afterwards. Optional to call (idle sockets do not keep Node alive). */
  close?(): void;
}

export interface CreateCloudClientOptions {
  readonly target: CloudTarget;
  readonly credentials: CredentialProvider;
  /** Default connect/read timeout per call in ms. Default 10 000 (pop-core's own default, 3 s, is short for the real cloud). */
  readonly timeoutMs?: number;
  /** Appended to the client library's user-agent, e.g. `vpclink/0.1.0`. */
  readonly userAgent?: string;
  /**
   * `v3` (ACS3-HMAC-SHA256 through @alicloud/openapi-core) or `v2` (HMAC-SHA1 through
   * @alicloud/pop-core). Default: `VPCLINK_SIGNATURE` from the environment, else `v3`; an unknown
   * value there makes createCloudClient throw `INVALID_SIGNATURE_OPTION`.
   */
  readonly signature?: SignatureVersion;
}
