/** A real pop-core client acting as one account of a running sandbox (its seeded AccessKey). */
import { createCloudClient, type CloudClient } from '../../../cloud/client';
import { staticProvider } from '../../../cloud/credentials';
import type { RunningSandbox } from '../../../cloud/sandbox';

/** The client is added to `clients` so the test can close them all afterwards. */
export function sandboxClient(sandbox: RunningSandbox, accountId: string, clients: CloudClient[]): CloudClient {
  const account = sandbox.accounts.find((a) => a.accountId === accountId)!;
  const client = createCloudClient({
    target: { kind: 'endpoint', endpoint: sandbox.endpoint },
    credentials: staticProvider(
      { accessKeyId: account.accessKeyId, accessKeySecret: account.accessKeySecret },
      `sandbox account ${accountId}`,
    ),
  });
  clients.push(client);
  return client;
}
