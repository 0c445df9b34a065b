/**
 * Import against the real sandbox over HTTP, through the real pop-core client: seed the
 * cross-account example in `full` mode, import both accounts, compare with the example.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CloudClient } from '../../../cloud/client';
import { verifyCallerIdentity } from '../../../cloud/credentials';
import { importTopology } from '../../../cloud/import';
import { sandboxClient } from './sandboxClient';
import { startSandbox, type RunningSandbox } from '../../../cloud/sandbox';
import { loadDocumentValue, serializeDocument, type Topology } from '../../../simulator/document';

let example: Topology;
let sandbox: RunningSandbox;
const clients: CloudClient[] = [];

async function loadExample(name: string): Promise<Topology> {
  const result = loadDocumentValue(
    JSON.parse(await readFile(new URL(`../../../examples/${name}`, import.meta.url), 'utf8')),
  );
  if (result.kind !== 'ok') throw new Error(`example ${name} does not load`);
  return result.document;
}

function clientFor(accountId: string): CloudClient {
  return sandboxClient(sandbox, accountId, clients);
}

beforeAll(async () => {
  example = await loadExample('cross-account.vpclink.json');
  sandbox = await startSandbox({ seed: example, seedMode: 'full', clock: 'manual' });
});
afterAll(async () => {
  for (const c of clients) c.close?.();
  await sandbox?.close();
});

/** The fields the document contract defines (topology-format.md §2), for comparing documents. */
function contractView(doc: Topology) {
  return {
    vpcs: doc.vpcs.map(({ vpcId, accountId, regionId, cidrBlock, vRouterId, name }) => ({
      vpcId,
      accountId,
      regionId,
      cidrBlock,
      vRouterId,
      name,
    })),
    vSwitches: doc.vSwitches.map(({ vSwitchId, vpcId, zoneId, cidrBlock, name, routeTableId }) => ({
      vSwitchId,
      vpcId,
      zoneId,
      cidrBlock,
      name,
      routeTableId,
    })),
    routeTables: doc.routeTables.map(({ routeTableId, vpcId, routeTableType, routeEntries }) => ({
      routeTableId,
      vpcId,
      routeTableType,
      routeEntries: routeEntries.map(({ destinationCidrBlock, nextHopType, nextHopId, routeEntryName }) => ({
        destinationCidrBlock,
        nextHopType,
        nextHopId,
        routeEntryName,
      })),
    })),
    routerInterfaces: doc.routerInterfaces.map((r) => ({
      routerInterfaceId: r.routerInterfaceId,
      accountId: r.accountId,
      regionId: r.regionId,
      routerType: r.routerType,
      routerId: r.routerId,
      role: r.role,
      spec: r.spec,
      oppositeRegionId: r.oppositeRegionId,
      oppositeInterfaceId: r.oppositeInterfaceId,
      oppositeRouterId: r.oppositeRouterId,
      oppositeRouterType: r.oppositeRouterType,
      oppositeInterfaceOwnerId: r.oppositeInterfaceOwnerId,
      name: r.name,
    })),
    securityGroups: doc.securityGroups.map((g) => ({
      securityGroupId: g.securityGroupId,
      vpcId: g.vpcId,
      securityGroupType: g.securityGroupType,
      innerAccessPolicy: g.innerAccessPolicy,
      name: g.name,
      permissions: g.permissions.map(
        ({
          direction,
          ipProtocol,
          portRange,
          policy,
          priority,
          sourceCidrIp,
          sourceGroupId,
          destCidrIp,
          destGroupId,
          description,
        }) => ({
          direction,
          ipProtocol,
          portRange,
          policy,
          priority,
          sourceCidrIp,
          sourceGroupId,
          destCidrIp,
          destGroupId,
          description,
        }),
      ),
    })),
    instances: doc.instances.map(({ instanceId, vSwitchId, privateIpAddress, securityGroupIds, name, status }) => ({
      instanceId,
      vSwitchId,
      privateIpAddress,
      securityGroupIds,
      name,
      status,
    })),
  };
}

const sortById = <T>(items: T[], key: keyof T) =>
  [...items].sort((a, b) => String(a[key]).localeCompare(String(b[key])));

describe('import from the sandbox (cross-account example, seedMode full)', () => {
  it('verifies both identities, then imports what the example describes, with live statuses', async () => {
    const accounts = example.accounts.map((a) => ({ accountId: a.accountId, client: clientFor(a.accountId) }));
    for (const { accountId, client } of accounts)
      await expect(verifyCallerIdentity(client, accountId)).resolves.toMatchObject({ accountId });

    const { document, warnings } = await importTopology({ accounts, regions: ['cn-qingdao', 'cn-beijing'] });
    expect(warnings).toEqual([]);
    expect(loadDocumentValue(JSON.parse(serializeDocument(document))).kind).toBe('ok');

    const expected = contractView({
      ...example,
      vpcs: sortById(example.vpcs, 'vpcId'),
      vSwitches: sortById(example.vSwitches, 'vSwitchId'),
      routeTables: sortById(example.routeTables, 'routeTableId'),
      routerInterfaces: sortById(example.routerInterfaces, 'routerInterfaceId'),
      securityGroups: sortById(example.securityGroups, 'securityGroupId'),
      instances: sortById(example.instances, 'instanceId'),
    });
    expect(contractView(document)).toEqual(expected);

    // Live statuses are in the document.
    expect(document.routerInterfaces.map((r) => r.status)).toEqual(['Active', 'Active']);
    for (const table of document.routeTables)
      for (const entry of table.routeEntries) expect(entry.status).toBe('Available');
    for (const instance of document.instances) expect(instance.status).toBe('Running');
    for (const vpc of document.vpcs) expect((vpc as Record<string, unknown>).status).toBe('Available');
    // Long account IDs arrive as strings, never numbers.
    for (const r of document.routerInterfaces) expect(typeof r.oppositeInterfaceOwnerId).toBe('string');
    expect(document.accounts.map((a) => a.accountId)).toEqual(['1231579085529123', '1564982317654321']);
  });

  it('is deterministic: two imports serialise byte for byte the same', async () => {
    const accounts = example.accounts.map((a) => ({ accountId: a.accountId, client: clientFor(a.accountId) }));
    const first = await importTopology({ accounts, regions: ['cn-beijing', 'cn-qingdao'] });
    const second = await importTopology({ accounts: [...accounts].reverse(), regions: ['cn-qingdao', 'cn-beijing'] });
    expect(serializeDocument(second.document)).toBe(serializeDocument(first.document));
  });

  it('without regions or a merge document it looks in every listed region and finds the same', async () => {
    const accounts = example.accounts.map((a) => ({ accountId: a.accountId, client: clientFor(a.accountId) }));
    const before = accounts.reduce((n, a) => n + a.client.callCount(), 0);
    const { document, warnings } = await importTopology({ accounts });
    expect(warnings).toEqual([]);
    expect(document.vpcs.map((v) => v.regionId).sort()).toEqual(['cn-beijing', 'cn-qingdao']);
    expect(document.routerInterfaces).toHaveLength(2);
    // One DescribeVpcs per account and region, more only where VPCs exist.
    expect(accounts.reduce((n, a) => n + a.client.callCount(), 0) - before).toBeGreaterThanOrEqual(60);
  });

  it('merging into the example keeps its names, description and layout and changes nothing else', async () => {
    const existing: Topology = {
      ...example,
      accounts: example.accounts.map((a, i) => ({ ...a, profile: `profile-${i}` })),
      layout: { positions: { 'vpc-m5eh2wln3wdeovmrvvr4a': { x: 10, y: 20 } } },
    };
    const accounts = example.accounts.map((a) => ({ accountId: a.accountId, client: clientFor(a.accountId) }));
    const { document } = await importTopology({ accounts, existing });
    expect(document.name).toBe(example.name);
    expect(document.description).toBe(example.description);
    expect(document.layout).toEqual(existing.layout);
    expect(document.accounts).toEqual([
      { accountId: '1231579085529123', name: 'Account A (initiator)', profile: 'profile-0' },
      { accountId: '1564982317654321', name: 'Account B (acceptor)', profile: 'profile-1' },
    ]);
    expect(contractView(document)).toEqual(
      contractView((await importTopology({ accounts, regions: ['cn-qingdao', 'cn-beijing'] })).document),
    );
  });

  it('importing one account of a two-account document keeps the other account untouched', async () => {
    const a = example.accounts[0]!.accountId;
    const b = example.accounts[1]!.accountId;
    const existing: Topology = {
      ...example,
      instances: example.instances.map((i) =>
        i.instanceId === 'i-2ze6pb1ti4wkxo4mnwo3' ? { ...i, name: 'kept as written' } : i,
      ),
    };
    const { document, warnings } = await importTopology({
      accounts: [{ accountId: a, client: clientFor(a) }],
      existing,
    });
    expect(document.vpcs.map((v) => v.accountId).sort()).toEqual([a, b]);
    expect(document.instances.find((i) => i.instanceId === 'i-2ze6pb1ti4wkxo4mnwo3')?.name).toBe('kept as written');
    expect(warnings.some((w) => /kept (?:1 resource|\d+ resources)\b/.test(w))).toBe(true);
    // Account A's RI came from the cloud (with its live status); B's is the document's (no status).
    expect(document.routerInterfaces.find((r) => r.accountId === a)?.status).toBe('Active');
    expect(document.routerInterfaces.find((r) => r.accountId === b)?.status).toBeUndefined();
  });

  it('an account sees only its own resources', async () => {
    const a = example.accounts[0]!.accountId;
    const { document } = await importTopology({
      accounts: [{ accountId: a, client: clientFor(a) }],
      regions: ['cn-qingdao', 'cn-beijing'],
    });
    expect(document.vpcs.map((v) => v.vpcId)).toEqual(['vpc-m5eh2wln3wdeovmrvvr4a']);
    expect(document.instances.map((i) => i.instanceId)).toEqual(['i-m5e8s3ti3g1xtn0gmaus']);
  });

  it('an aborted import rejects with ABORTED', async () => {
    const a = example.accounts[0]!.accountId;
    const controller = new AbortController();
    controller.abort();
    await expect(
      importTopology({
        accounts: [{ accountId: a, client: clientFor(a) }],
        regions: ['cn-qingdao'],
        signal: controller.signal,
      }),
    ).rejects.toMatchObject({ code: 'ABORTED' });
  });
});
