/**
 * Child process for the SIGKILL test: runs `runApply` against a sandbox endpoint until it is
 * killed. Config (non-secret sandbox keys) comes in VPCLINK_CHILD_CONFIG.
 */
import { readFileSync } from 'node:fs';
import { runApply } from '../../../cloud/apply';
import { createCloudClient, type CloudClient } from '../../../cloud/client';
import { staticProvider } from '../../../cloud/credentials';
import { loadDocumentValue } from '../../../simulator/document';
import { TEST_TIMING } from './harness';

const config = JSON.parse(process.env.VPCLINK_CHILD_CONFIG ?? '{}') as {
  endpoint: string;
  accounts: { accountId: string; accessKeyId: string; accessKeySecret: string }[];
  journalPath: string;
  documentPath: string;
};
const loaded = loadDocumentValue(JSON.parse(readFileSync(config.documentPath, 'utf8')));
if (loaded.kind !== 'ok') throw new Error('bad document');
const clients = new Map<string, CloudClient>();
for (const a of config.accounts) {
  clients.set(
    a.accountId,
    createCloudClient({
      target: { kind: 'endpoint', endpoint: config.endpoint },
      credentials: staticProvider({ accessKeyId: a.accessKeyId, accessKeySecret: a.accessKeySecret }, a.accountId),
    }),
  );
}
// Slow polls so the parent can kill it between steps.
await runApply({
  desired: loaded.document,
  clients,
  journalPath: config.journalPath,
  timing: { ...TEST_TIMING, pollInitialMs: 100, pollMaxMs: 100 },
  verify: false,
});
process.stdout.write('finished\n');
