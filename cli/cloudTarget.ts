/** `--endpoint URL` of the cloud commands (topology-format.md §3.4), parsed once for all of them. */
import { resolve } from 'node:path';
import type { CloudTarget, CredentialProvider } from '../cloud/client';
import { credentialProviderFor } from '../cloud/credentials';
import type { Account } from '../simulator/document';

export type EndpointResult =
  { readonly ok: true; readonly target: CloudTarget } | { readonly ok: false; readonly message: string };

/** Absent → the real regional endpoints; a URL → every call goes there (a sandbox). */
export function endpointTarget(endpoint: string | undefined): EndpointResult {
  if (endpoint === undefined) return { ok: true, target: { kind: 'aliyun' } };
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return { ok: false, message: `--endpoint "${endpoint}" is not a URL (expected e.g. http://127.0.0.1:8080)` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return { ok: false, message: `--endpoint "${endpoint}": only http:// and https:// are supported` };
  if (url.search || url.hash || url.username || url.password) {
    return { ok: false, message: `--endpoint "${endpoint}": give the endpoint without query, fragment or user info` };
  }
  return {
    ok: true,
    target: { kind: 'endpoint', endpoint: `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}` },
  };
}

/** The CLI's credential source per account: `accounts[].profile`, a profile named by the account, the environment (cloud/credentials). */
export function cliCredentials(
  target: CloudTarget,
  io: { readonly env: Readonly<Record<string, string | undefined>>; readonly cwd: string },
  profilesFile: string | undefined,
): (account: Account) => Promise<CredentialProvider> {
  return (account) =>
    credentialProviderFor(account, {
      env: io.env,
      target,
      ...(profilesFile !== undefined ? { profilesFile: resolve(io.cwd, profilesFile) } : {}),
    });
}
