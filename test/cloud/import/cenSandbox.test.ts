/**
 * CEN import against the real sandbox over HTTP through the official client: the sandbox seeded
 * from example 4 (three VPCs through a transit router) and from the two-region fixture, imported
 * with the Cbn List/Describe calls (aliyun-links.md §2.3), gives the same CEN resources and the
 * same verdicts for every pair of instances.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { collect, type CloudClient } from '../../../cloud/client';
import { importTopology } from '../../../cloud/import';
import { startSandbox, type RunningSandbox } from '../../../cloud/sandbox';
import type { Topology } from '../../../simulator/document';
import { createReachability, isFlowInputError } from '../../../simulator/reach';
import { validateTopology } from '../../../simulator/validate';
import { cenDoc, EX, EXAMPLE_FILE, TWO_REGIONS_FILE } from '../../simulator/cen/cenDocs';
import { sandboxClient } from './sandboxClient';

const sandboxes: RunningSandbox[] = [];
const clients: CloudClient[] = [];
afterAll(async () => {
  for (const c of clients) c.close?.();
  for (const s of sandboxes) await s.close();
});

async function seeded(seed: Topology): Promise<RunningSandbox> {
  const sandbox = await startSandbox({ seed, seedMode: 'full', clock: 'manual' });
  sandboxes.push(sandbox);
  return sandbox;
}

async function importAll(sandbox: RunningSandbox, seed: Topology, regions: string[]): Promise<Topology> {
  const accounts = seed.accounts.map((a) => ({
    accountId: a.accountId,
    client: sandboxClient(sandbox, a.accountId, clients),
  }));
  const { document, warnings } = await importTopology({ accounts, regions });
  expect(warnings).toEqual([]);
  return document;
}

/** `from → to: verdict [blocker codes]` for every ordered pair of instances. */
function verdicts(doc: Topology): string[] {
  const reach = createReachability(doc);
  const ids = doc.instances.map((i) => i.instanceId);
  return ids
    .flatMap((from) =>
      ids
        .filter((to) => to !== from)
        .map((to) => {
          const r = reach.check({ from, to, protocol: 'icmp', port: null });
          if (isFlowInputError(r)) throw new Error(r.message);
          return `${from} → ${to}: ${r.verdict} [${r.blockers.map((b) => b.code).join(',')}]`;
        }),
    )
    .sort();
}

/** The CEN resources by ID and their links, without the statuses and entry IDs a live state adds. */
function cenView(doc: Topology) {
  return {
    cens: (doc.cenInstances ?? []).map((c) => [c.cenId, c.accountId, c.name]),
    routers: (doc.transitRouters ?? []).map((t) => [t.transitRouterId, t.cenId, t.regionId]),
    vpcAttachments: (doc.transitRouterVpcAttachments ?? []).map((a) => [
      a.transitRouterAttachmentId,
      a.transitRouterId,
      a.vpcId,
      a.zoneMappings.map((z) => `${z.zoneId}:${z.vSwitchId}`).join(' '),
    ]),
    peerAttachments: (doc.transitRouterPeerAttachments ?? []).map((a) => [
      a.transitRouterAttachmentId,
      a.transitRouterId,
      a.peerTransitRouterId,
      a.bandwidth,
    ]),
    tables: (doc.transitRouterRouteTables ?? []).map((t) => [
      t.transitRouterRouteTableId,
      t.transitRouterId,
      t.transitRouterRouteEntries.map(
        (e) =>
          `${e.transitRouterRouteEntryDestinationCidrBlock} ${e.transitRouterRouteEntryNextHopType} ${e.transitRouterRouteEntryNextHopId ?? ''}`,
      ),
    ]),
    associations: (doc.transitRouterRouteTableAssociations ?? [])
      .map((l) => `${l.transitRouterAttachmentId} ${l.transitRouterRouteTableId}`)
      .sort(),
    propagations: (doc.transitRouterRouteTablePropagations ?? [])
      .map((l) => `${l.transitRouterAttachmentId} ${l.transitRouterRouteTableId}`)
      .sort(),
  };
}

const sortedById = (doc: Topology): Topology => {
  const by = <T>(items: T[] | undefined, id: (t: T) => string) =>
    items === undefined ? undefined : [...items].sort((a, b) => (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0));
  return {
    ...doc,
    cenInstances: by(doc.cenInstances, (c) => c.cenId),
    transitRouters: by(doc.transitRouters, (t) => t.transitRouterId),
    transitRouterVpcAttachments: by(doc.transitRouterVpcAttachments, (a) => a.transitRouterAttachmentId),
    transitRouterPeerAttachments: by(doc.transitRouterPeerAttachments, (a) => a.transitRouterAttachmentId),
    transitRouterRouteTables: by(doc.transitRouterRouteTables, (t) => t.transitRouterRouteTableId),
  };
};

describe('import of CEN transit routers from the sandbox', () => {
  it('example 4: the same CEN resources, a clean validation and the same verdicts', async () => {
    const seed = cenDoc(EXAMPLE_FILE);
    const imported = await importAll(await seeded(seed), seed, ['cn-hangzhou']);
    expect(cenView(imported)).toEqual(cenView(sortedById(seed)));
    expect(imported.transitRouterVpcAttachments!.every((a) => a.status === 'Attached')).toBe(true);
    expect(validateTopology(imported).filter((f) => f.severity !== 'info')).toEqual([]);
    expect(verdicts(imported)).toEqual(verdicts(seed));
    expect(verdicts(imported)).toContain(`${EX.app} → ${EX.data}: unreachable [TR_BLACKHOLE_ROUTE]`);
  });

  it('two regions and two accounts: peer attachment, cross-account VPC, same verdicts', async () => {
    const seed = cenDoc(TWO_REGIONS_FILE, (raw) => {
      // The Beijing VPC belongs to a second account: its VPC import and the CEN owner's import meet.
      raw.accounts.push({ accountId: '1231579085529124', name: 'Beijing account' });
      raw.securityGroups.push({
        securityGroupId: 'sg-bj',
        vpcId: 'vpc-2zebeijing0000000004',
        permissions: [{ direction: 'ingress', ipProtocol: 'ICMP', portRange: '-1/-1', sourceCidrIp: '10.0.0.0/8' }],
      });
      raw.instances.push({
        instanceId: 'i-bj',
        vSwitchId: 'vsw-2zebj00000000000h07',
        privateIpAddress: '10.40.1.10',
        securityGroupIds: ['sg-bj'],
      });
      // Hangzhou's default table (the peer attachment's on that side) learns the hub VPC.
      raw.transitRouterRouteTablePropagations.push({
        transitRouterAttachmentId: EX.sharedAttach,
        transitRouterRouteTableId: EX.defaultTable,
      });
      raw.routeTables.push({
        routeTableId: 'vtb-bj',
        vpcId: 'vpc-2zebeijing0000000004',
        routeTableType: 'System',
        routeEntries: [
          { destinationCidrBlock: '10.0.0.0/8', nextHopType: 'Attachment', nextHopId: 'tr-attach-2zebj000000000004' },
        ],
      });
    });
    const imported = await importAll(await seeded(seed), seed, ['cn-beijing', 'cn-hangzhou']);
    expect(cenView(imported)).toEqual(cenView(sortedById(seed)));
    expect(verdicts(imported)).toEqual(verdicts(seed));
    expect(verdicts(imported)).toContain(`${EX.shared} → i-bj: reachable []`);
  });

  it('an account that owns no CEN instance sees none, and the import adds no CEN array', async () => {
    const seed = cenDoc(EXAMPLE_FILE, (raw) => raw.accounts.push({ accountId: '1000000000000009' }));
    const sandbox = await seeded(seed);
    const client = sandboxClient(sandbox, '1000000000000009', clients);
    const cens = await collect({
      client,
      regionId: 'cn-hangzhou',
      product: 'cbn',
      action: 'DescribeCens',
      style: { kind: 'pageNumber' },
      items: ['Cens', 'Cen'],
    });
    expect(cens).toEqual([]);
    const { document } = await importTopology({
      accounts: [{ accountId: '1000000000000009', client }],
      regions: ['cn-hangzhou'],
    });
    expect(document.cenInstances).toBeUndefined();
    expect(document.transitRouters).toBeUndefined();
  });

  it('pages with MaxResults/NextToken through the official client', async () => {
    const seed = cenDoc(EXAMPLE_FILE);
    const sandbox = await seeded(seed);
    const client = sandboxClient(sandbox, seed.accounts[0]!.accountId, clients);
    const propagations = await collect({
      client,
      regionId: 'cn-hangzhou',
      product: 'cbn',
      action: 'ListTransitRouterRouteTablePropagations',
      params: { TransitRouterRouteTableId: EX.defaultTable },
      style: { kind: 'nextToken', sizeParam: 'MaxResults', size: 1 },
      items: ['TransitRouterPropagations'],
    });
    expect(propagations.map((p) => [p.TransitRouterAttachmentId, p.ResourceType, p.Status])).toEqual([
      [EX.appAttach, 'VPC', 'Active'],
      [EX.dataAttach, 'VPC', 'Active'],
    ]);
    await expect(
      client.call('cbn', 'cn-hangzhou', 'ListTransitRouterRouteEntries', { TransitRouterRouteTableId: 'vtb-nope' }),
    ).rejects.toMatchObject({ code: 'InvalidTransitRouterRouteTableId.NotFound' });
  });
});
