/** The adapter behind `createCloudClient` (see index.ts for the contract): V3 by default, V2 on request. */
import { API_VERSIONS, endpointFor } from './endpoints';
import { CloudError, classifyError } from './errors';
import type { CallOptions, CallParams, CloudClient, CreateCloudClientOptions, Credentials, Product } from './index';
import { normaliseLongs } from './long';
import { openApiTransport } from './openApiTransport';
import { flattenParams } from './params';
import { popCoreTransport } from './popCoreTransport';
import { signatureFromEnv, type SignatureVersion, type Transport } from './transport';

const DEFAULT_TIMEOUT_MS = 10_000;

export function createCloudClient(options: CreateCloudClientOptions): CloudClient {
  const { target, credentials: provider } = options;
  if (target.kind === 'endpoint' && !/^https?:\/\/[^\s/?#]+/i.test(target.endpoint)) {
    throw new CloudError({
      code: 'INVALID_ENDPOINT',
      action: '',
      message: `endpoint "${target.endpoint}" is not an http:// or https:// URL`,
    });
  }
  const signature: SignatureVersion | undefined = options.signature ?? signatureFromEnv(process.env);
  if (signature === undefined) {
    throw new CloudError({
      code: 'INVALID_SIGNATURE_OPTION',
      action: '',
      message: `VPCLINK_SIGNATURE="${process.env.VPCLINK_SIGNATURE ?? ''}" is not a signature version (use v3, the default, or v2)`,
    });
  }
  const defaultTimeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const transport: Transport = signature === 'v2' ? popCoreTransport() : openApiTransport();
  let calls = 0;
  let closed = false;

  async function call(
    product: Product,
    regionId: string,
    action: string,
    params?: CallParams,
    callOptions: CallOptions = {},
  ): Promise<Record<string, unknown>> {
    calls++;
    const signal = callOptions.signal;
    if (closed)
      throw new CloudError({ code: 'CLIENT_CLOSED', action, message: `${action}: the cloud client was closed` });
    if (signal?.aborted)
      throw new CloudError({
        code: 'ABORTED',
        action,
        message: `${action} was cancelled before it was sent`,
        ambiguous: false,
      });

    let flat: Record<string, string>;
    let endpoint: string;
    try {
      flat = flattenParams(product, params);
      endpoint = endpointFor(target, product, regionId);
    } catch (error) {
      throw new CloudError({ code: 'INVALID_CALL', action, message: `${action}: ${(error as Error).message}` });
    }
    // VPC and ECS actions take RegionId as an ordinary parameter (pop-core has no default for it,
    // §1.2); STS has none; VpcPeer requires it on Create and List only (aliyun-links.md §1.2), so
    // `''` sends none there.
    if (product !== 'sts' && flat.RegionId === undefined && !(product === 'vpcpeer' && regionId === '')) {
      if (regionId === '')
        throw new CloudError({
          code: 'INVALID_CALL',
          action,
          message: `${action}: a ${product} call needs a region ID`,
        });
      flat.RegionId = regionId;
    }

    let creds: Credentials;
    try {
      creds = await provider.getCredentials();
    } catch (error) {
      if (error instanceof CloudError) throw error;
      throw new CloudError({
        code: 'CREDENTIALS_UNAVAILABLE',
        action,
        message: `${action}: could not get credentials from ${provider.description}: ${(error as Error)?.message ?? String(error)}`,
      });
    }
    const secrets = [creds.accessKeySecret, creds.securityToken, creds.accessKeyId];

    let onAbort: (() => void) | undefined;
    try {
      const request = transport.send({
        product,
        action,
        version: API_VERSIONS[product],
        endpoint,
        params: flat,
        credentials: creds,
        timeoutMs: callOptions.timeoutMs ?? defaultTimeout,
        ...(signal ? { signal } : {}),
        ...(options.userAgent ? { userAgent: options.userAgent } : {}),
      });
      const { body: json, status } = signal
        ? await Promise.race([
            request,
            new Promise<never>((_, reject) => {
              onAbort = () => reject(Object.assign(new Error('aborted'), { name: 'AbortError', code: 'ABORT_ERR' }));
              signal.addEventListener('abort', onAbort, { once: true });
            }),
          ])
        : await request;
      const body = normaliseLongs(json);
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        throw new CloudError({
          code: 'UNEXPECTED_RESPONSE',
          action,
          message: `${action}: the response body is not a JSON object`,
          retryable: true,
          ambiguous: true,
          ...(status !== undefined ? { httpStatus: status } : {}),
        });
      }
      // pop-core ignores the HTTP status: a 4xx/5xx body without `Code` would pass as success (§1.8);
      // openapi-core throws on 4xx/5xx itself, so this only fires on the V2 path.
      if (status !== undefined && status >= 400) {
        const requestId =
          typeof (body as Record<string, unknown>).RequestId === 'string'
            ? ((body as Record<string, unknown>).RequestId as string)
            : undefined;
        throw new CloudError({
          code: 'HTTP_ERROR',
          action,
          message: `${action} failed: HTTP ${status} without an error code${requestId ? ` [RequestId ${requestId}]` : ''}`,
          retryable: status >= 500 || status === 429,
          ambiguous: status >= 500,
          httpStatus: status,
          ...(requestId ? { requestId } : {}),
        });
      }
      return body as Record<string, unknown>;
    } catch (error) {
      throw classifyError(error, action, secrets);
    } finally {
      if (onAbort && signal) signal.removeEventListener('abort', onAbort);
    }
  }

  return {
    call,
    callCount: () => calls,
    credentialsDescription: provider.description,
    target,
    signature,
    close() {
      closed = true;
      transport.close();
    },
  };
}
