/**
 * The ACL calls planNetworkAcls plans, run against the real sandbox through the real pop-core
 * client (outputs resolved into `$ref`s as an executor would), then an import: the live ACLs are
 * the document's, bindings moved and entries replaced.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CloudClient } from '../../../cloud/client';
import { importTopology } from '../../../cloud/import';
import { startSandbox, type RunningSandbox } from '../../../cloud/sandbox';
import { loadDocumentValue, type Topology } from '../../../simulator/document';
import { buildTopologyIndex } from '../../../simulator/model';
import { ownerMarker } from '../../../simulator/plan';
import { planNetworkAcls } from '../../../simulator/plan/networkAclChanges';
import { isStepRef, parseStepRef, type ParamValue } from '../../../simulator/plan/types';
import { sandboxClient } from './sandboxClient';

const A = '1000000000000001';
const B = '1000000000000002';
let sandbox: RunningSandbox;
let fixture: Record<string, any>;
const clients: CloudClient[] = [];

function load(value: unknown): Topology {
  const result = loadDocumentValue(value);
  if (result.kind !== 'ok') throw new Error(JSON.stringify(result));
  return result.document;
}

beforeAll(async () => {
  fixture = JSON.parse(
    await readFile(
      new URL('../../simulator/document/fixtures/every-dataplane-field.vpclink.json', import.meta.url),
      'utf8',
    ),
  );
  sandbox = await startSandbox({ seed: load(fixture), seedMode: 'full', clock: 'manual' });
});
afterAll(async () => {
  for (const c of clients) c.close?.();
  await sandbox?.close();
});

async function importAll(): Promise<Topology> {
  const { document } = await importTopology({
    accounts: [A, B].map((accountId) => ({ accountId, client: sandboxClient(sandbox, accountId, clients) })),
    regions: ['cn-hangzhou'],
  });
  return document;
}

describe('planned ACL calls against the sandbox', () => {
  it('make the live ACLs those of the document', async () => {
    const desired = structuredClone(fixture);
    desired.networkAcls[0].resources = [];
    desired.networkAcls[0].ingressAclEntries = [
      { policy: 'drop', protocol: 'icmp', sourceCidrIp: '10.1.0.0/16', port: '-1/-1' },
      { policy: 'accept', protocol: 'all', sourceCidrIp: '0.0.0.0/0', port: '-1/-1' },
    ];
    desired.networkAcls.push({
      networkAclId: 'nacl-design',
      vpcId: 'vpc-a',
      networkAclName: 'moved',
      resources: [
        { resourceId: 'vsw-a1', resourceType: 'VSwitch' },
        { resourceId: 'vsw-a2', resourceType: 'VSwitch' },
      ],
      ingressAclEntries: [{ policy: 'accept', protocol: 'tcp', sourceCidrIp: 'pl-office', port: '443/443' }],
      egressAclEntries: [{ policy: 'accept', protocol: 'tcp', destinationCidrIp: '0.0.0.0/0', port: '1024/65535' }],
    });
    const marker = ownerMarker(load(desired));
    // The calls only (the engine's waits poll; the sandbox settles bindings at once).
    const calls = planNetworkAcls(load(desired), await importAll(), marker).steps.filter((s) => s.mutating);
    const outputs = new Map<string, Record<string, unknown>>();
    const resolve = (value: ParamValue): unknown => {
      if (!isStepRef(value)) return value;
      const { stepId, field } = parseStepRef(value);
      return outputs.get(stepId)![field];
    };
    for (const call of calls) {
      const params = Object.fromEntries(Object.entries(call.params).map(([k, v]) => [k, resolve(v)]));
      const client = sandboxClient(sandbox, call.accountId, clients);
      outputs.set(call.id, await client.call('vpc', call.regionId, call.action, params as never));
      // Binds and unbinds are asynchronous (§1.1): what the engine's wait steps poll for, the manual clock skips.
      sandbox.advance(1000);
    }
    const createdId = String(outputs.get('create-nacl:nacl-design')!.NetworkAclId);

    const live = await importAll();
    const index = buildTopologyIndex(live);
    expect(index.networkAclByVSwitch.get('vsw-a1')?.networkAclId).toBe(createdId);
    expect(index.networkAclByVSwitch.get('vsw-a2')?.networkAclId).toBe(createdId);
    const customOf = (
      acl: NonNullable<Topology['networkAcls']>[number],
      field: 'ingressAclEntries' | 'egressAclEntries',
    ) =>
      (acl[field] ?? [])
        .filter((e) => e.entryType === 'custom')
        .map((e) => `${e.policy} ${e.protocol} ${e.port} ${(e as any).sourceCidrIp ?? (e as any).destinationCidrIp}`);
    const created = index.networkAcls.get(createdId)!;
    expect(created.networkAclName).toBe('moved');
    expect(customOf(created, 'ingressAclEntries')).toEqual(['accept tcp 443/443 pl-office']);
    expect(customOf(created, 'egressAclEntries')).toEqual(['accept tcp 1024/65535 0.0.0.0/0']);
    const old = index.networkAcls.get('nacl-a')!;
    expect(old.resources).toEqual([]);
    expect(customOf(old, 'ingressAclEntries')).toEqual(['drop icmp -1/-1 10.1.0.0/16', 'accept all -1/-1 0.0.0.0/0']);

    // Planning again against the new live state asks for nothing: the created ACL is found by its owner tag.
    expect(planNetworkAcls(load(desired), live, marker).steps).toEqual([]);
  });
});
