/**
 * The V3 transport: `@alicloud/openapi-core` 1.0.8's generic `callApi` (aliyun-links.md §3.4),
 * signing with ACS3-HMAC-SHA256. RPC style, POST, parameters where the official SDKs put them
 * (§3.2): the query string with an empty body for Vpc/Ecs/Sts, a form body for VpcPeer. The product SDKs are not used at run
 * time: VpcPeer and Cbn have none in the registry, and one generic call keeps one code path.
 */
import OpenApi, { $OpenApiUtil } from '@alicloud/openapi-core';
import { parseJsonKeepingLongs } from './long';
import type { Transport, TransportRequest, TransportResponse } from './transport';

/** The default export is the client class; under some loaders it arrives wrapped once more. */
const OpenApiClient = ((OpenApi as unknown as { default?: typeof OpenApi }).default ?? OpenApi) as typeof OpenApi;

/**
 * Where the parameters go: Vpc/Ecs/Sts in the query with an empty body; VpcPeer in a form body
 * (`in: formData`), except ListVpcPeerConnections' `Tags.N.*` and `ResourceGroupId`, which are
 * `in: query` (aliyun-links.md §1.1, §3.2).
 */
function placeParams(request: TransportRequest): { query: Record<string, string>; body?: Record<string, string> } {
  if (request.product !== 'vpcpeer') return { query: { ...request.params } };
  const query: Record<string, string> = {};
  const body: Record<string, string> = {};
  for (const [key, value] of Object.entries(request.params)) {
    const inQuery =
      request.action === 'ListVpcPeerConnections' && (key.startsWith('Tags.') || key === 'ResourceGroupId');
    (inQuery ? query : body)[key] = value;
  }
  return { query, body };
}

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
      const call = client.callApi(params, new $OpenApiUtil.OpenApiRequest(placeParams(request)), {
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
