/**
 * The V3 transport: `@alicloud/openapi-core` 1.0.8's generic `callApi` (aliyun-links.md §3.4),
 * signing with ACS3-HMAC-SHA256. RPC style, POST, every parameter in the query string and an empty
 * body, as the official Vpc/Ecs/Sts SDKs send them (§3.2). The product SDKs are not used at run
 * time: VpcPeer and Cbn have none in the registry, and one generic call keeps one code path.
 */
import OpenApi, { $OpenApiUtil } from '@alicloud/openapi-core';
import { parseJsonKeepingLongs } from './long';
import type { Transport, TransportRequest, TransportResponse } from './transport';

/** The default export is the client class; under some loaders it arrives wrapped once more. */
const OpenApiClient = ((OpenApi as unknown as { default?: typeof OpenApi }).default ?? OpenApi) as typeof OpenApi;

export function openApiTransport(): Transport {
  return {
    async send(request: TransportRequest): Promise<TransportResponse> {
      const url = new URL(request.endpoint);
      const protocol = url.protocol === 'http:' ? 'http' : 'https';
      const creds = request.credentials;
      const client = new OpenApiClient(
        new $OpenApiUtil.Config({
          accessKeyId: creds.accessKeyId,
          accessKeySecret: creds.accessKeySecret,
          ...(creds.securityToken ? { securityToken: creds.securityToken } : {}),
          // `endpoint` overrides the product's endpoint rules; host:port is what is signed (§3.4).
          endpoint: url.host,
          protocol,
          readTimeout: request.timeoutMs,
          connectTimeout: request.timeoutMs,
          ...(request.userAgent ? { userAgent: request.userAgent } : {}),
        }),
      );
      const params = new $OpenApiUtil.Params({
        action: request.action,
        version: request.version,
        protocol: protocol.toUpperCase(),
        pathname: '/',
        method: 'POST',
        authType: 'AK',
        style: 'RPC',
        reqBodyType: 'formData',
        // Read as text and parsed here, so 16-digit IDs stay exact (long.ts).
        bodyType: 'string',
      });
      const call = client.callApi(params, new $OpenApiUtil.OpenApiRequest({ query: { ...request.params } }), {
        readTimeout: request.timeoutMs,
        connectTimeout: request.timeoutMs,
      } as never);
      const response = (await call) as { body?: unknown; statusCode?: number };
      const text = typeof response.body === 'string' ? response.body : '';
      return {
        body: parseJsonKeepingLongs(text),
        ...(response.statusCode !== undefined ? { status: response.statusCode } : {}),
      };
    },
    close() {
      // openapi-core opens a connection per call through httpx; nothing to release.
    },
  };
}
