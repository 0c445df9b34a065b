/** The pop-core adapter behind `createCloudClient` (see index.ts for the contract). */
/// <reference path="./popCore.d.ts" />
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import RPCClient from '@alicloud/pop-core';
// pop-core's default header values, so a custom user-agent can extend rather than replace them
// (per-call `headers` replace pop-core's whole header object, aliyun-api.md §1.1).
import popHelper from '@alicloud/pop-core/lib/helper.js';
import { API_VERSIONS, endpointFor } from './endpoints';
import { CloudError, classifyError } from './errors';
import type { CallOptions, CallParams, CloudClient, CreateCloudClientOptions, Credentials, Product } from './index';
import { normaliseLongs } from './long';
import { flattenParams } from './params';

const DEFAULT_TIMEOUT_MS = 10_000;

interface PopEntry {
  readonly response?: { readonly statusCode?: number };
}

type PopRequest = (
  action: string,
  params: Record<string, string>,
  opts: Record<string, unknown>,
) => Promise<[unknown, PopEntry]>;

export function createCloudClient(options: CreateCloudClientOptions): CloudClient {
  const { target, credentials: provider } = options;
  if (target.kind === 'endpoint' && !/^https?:\/\/[^\s/?#]+/i.test(target.endpoint)) {
    throw new CloudError({
      code: 'INVALID_ENDPOINT',
      action: '',
      message: `endpoint "${target.endpoint}" is not an http:// or https:// URL`,
    });
  }
  const defaultTimeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // One keep-alive agent per scheme for the whole client (pop-core would make one per RPCClient).
  const httpAgent = new HttpAgent({ keepAlive: true, keepAliveMsecs: 3000 });
  const httpsAgent = new HttpsAgent({ keepAlive: true, keepAliveMsecs: 3000 });
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
    // §1.2); STS has none.
    if (product !== 'sts' && flat.RegionId === undefined) {
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

    const rpc = new (
      RPCClient as unknown as new (config: Record<string, unknown>, verbose: boolean) => { request: PopRequest }
    )(
      {
        endpoint,
        apiVersion: API_VERSIONS[product],
        accessKeyId: creds.accessKeyId,
        accessKeySecret: creds.accessKeySecret,
        ...(creds.securityToken ? { securityToken: creds.securityToken } : {}),
      },
      true, // verbose: resolve to [json, entry] so the HTTP status can be checked (§1.8)
    );
    const opts: Record<string, unknown> = {
      // Upper-case POST: every parameter, Signature included, goes in the form body (§1.1).
      method: 'POST',
      timeout: callOptions.timeoutMs ?? defaultTimeout,
      formatAction: false,
      formatParams: false,
      agent: endpoint.startsWith('https:') ? httpsAgent : httpAgent,
    };
    if (options.userAgent) {
      opts.headers = {
        'x-sdk-client': popHelper.DEFAULT_CLIENT,
        'user-agent': `${popHelper.DEFAULT_UA} ${options.userAgent}`,
        'x-acs-action': action,
        'x-acs-version': API_VERSIONS[product],
      };
    }
    if (signal) opts.beforeRequest = (requestOptions: Record<string, unknown>) => ({ ...requestOptions, signal });

    let onAbort: (() => void) | undefined;
    try {
      const request = rpc.request(action, flat, opts);
      const [json, entry] = signal
        ? await Promise.race([
            request,
            new Promise<never>((_, reject) => {
              onAbort = () => reject(Object.assign(new Error('aborted'), { name: 'AbortError', code: 'ABORT_ERR' }));
              signal.addEventListener('abort', onAbort, { once: true });
            }),
          ])
        : await request;
      const status = entry?.response?.statusCode;
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
      // pop-core ignores the HTTP status: a 4xx/5xx body without `Code` would pass as success (§1.8).
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
    close() {
      closed = true;
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}
