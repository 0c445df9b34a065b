/**
 * Child process of the kill-at-every-step suite: applies a document through cloud/session (journal
 * lock included) and SIGKILLs ITSELF a few milliseconds after the n-th `step-started` event — with
 * the step's journal record on disk and its call typically in flight. Config (non-secret sandbox
 * keys) comes in VPCLINK_CHILD_CONFIG.
 */
import { readFileSync } from 'node:fs';
import { staticProvider } from '../../../cloud/credentials';
import { openSession } from '../../../cloud/session';
import { loadDocumentValue } from '../../../simulator/document';
import { TEST_TIMING } from '../apply/harness';

const config = JSON.parse(process.env.VPCLINK_CHILD_CONFIG ?? '{}') as {
  endpoint: string;
  accounts: { accountId: string; accessKeyId: string; accessKeySecret: string }[];
  journalPath: string;
  documentPath: string;
  killAtStart: number;
  delayMs: number;
};
const loaded = loadDocumentValue(JSON.parse(readFileSync(config.documentPath, 'utf8')));
if (loaded.kind !== 'ok') throw new Error('bad document');
const session = openSession({
  document: loaded.document,
  target: { kind: 'endpoint', endpoint: config.endpoint },
  credentialsFor: async (account) => {
    const a = config.accounts.find((x) => x.accountId === account.accountId)!;
    return staticProvider({ accessKeyId: a.accessKeyId, accessKeySecret: a.accessKeySecret }, a.accountId);
  },
  journalPath: config.journalPath,
  documentId: config.documentPath,
  timing: TEST_TIMING,
});
let started = 0;
await session.run('apply', {
  confirm: async () => true,
  verify: false,
  onEvent: (event) => {
    if (event.kind !== 'step-started' || event.resumed) return;
    started++;
    if (started === config.killAtStart) setTimeout(() => process.kill(process.pid, 'SIGKILL'), config.delayMs);
  },
});
process.stdout.write('finished\n');
