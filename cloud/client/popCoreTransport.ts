/** The V2 transport: `@alicloud/pop-core` 1.8.0, HMAC-SHA1 (aliyun-api.md §1, aliyun-links.md §3.5). */
/// <reference path="./popCore.d.ts" />
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import RPCClient from '@alicloud/pop-core';
// pop-core's default header values, so a custom user-agent can extend rather than replace them
// (per-call `headers` replace pop-core's whole header object, aliyun-api.md §1.1).
import popHelper from '@alicloud/pop-core/lib/helper.js';
import type { Transport, TransportRequest, TransportResponse } from './transport';

interface PopEntry {
  readonly response?: { readonly statusCode?: number };
}

type PopRequest = (
  action: string,
  params: Record<string, string>,
  opts: Record<string, unknown>,
) => Promise<[unknown, PopEntry]>;

export function popCoreTransport(): Transport {
  // One keep-alive agent per scheme for the whole client (pop-core would make one per RPCClient).
  const httpAgent = new HttpAgent({ keepAlive: true, keepAliveMsecs: 3000 });
  const httpsAgent = new HttpsAgent({ keepAlive: true, keepAliveMsecs: 3000 });
  return {
    async send(request: TransportRequest): Promise<TransportResponse> {
      const { credentials: creds, endpoint, action } = request;
      const rpc = new (
        RPCClient as unknown as new (config: Record<string, unknown>, verbose: boolean) => { request: PopRequest }
      )(
        {
          endpoint,
          apiVersion: request.version,
          accessKeyId: creds.accessKeyId,
          accessKeySecret: creds.accessKeySecret,
          ...(creds.securityToken ? { securityToken: creds.securityToken } : {}),
        },
        true, // verbose: resolve to [json, entry] so the HTTP status can be checked (§1.8)
      );
      const opts: Record<string, unknown> = {
        // Upper-case POST: every parameter, Signature included, goes in the form body (§1.1).
        method: 'POST',
        timeout: request.timeoutMs,
        formatAction: false,
        formatParams: false,
        agent: endpoint.startsWith('https:') ? httpsAgent : httpAgent,
      };
      if (request.userAgent) {
        opts.headers = {
          'x-sdk-client': popHelper.DEFAULT_CLIENT,
          'user-agent': `${popHelper.DEFAULT_UA} ${request.userAgent}`,
          'x-acs-action': action,
          'x-acs-version': request.version,
        };
      }
      const signal = request.signal;
      if (signal) opts.beforeRequest = (requestOptions: Record<string, unknown>) => ({ ...requestOptions, signal });
      const [json, entry] = await rpc.request(action, { ...request.params }, opts);
      const status = entry?.response?.statusCode;
      return { body: json, ...(status !== undefined ? { status } : {}) };
    },
    close() {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}
