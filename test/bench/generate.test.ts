import { describe, expect, it } from 'vitest';
import { BENCH_SIZES, SIZES, generateDocumentText, generateTopology } from '../../bench/generate';
import { loadDocumentText } from '../../simulator/document/load';
import { serializeDocument } from '../../simulator/document/serialize';
import type { Topology } from '../../simulator/document/schema';
import { buildTopologyIndex, effectiveRouterInterfaceStatus } from '../../simulator/model';

function counts(doc: Topology) {
  return {
    vpcs: doc.vpcs.length,
    accounts: new Set(doc.vpcs.map((v) => v.accountId)).size,
    regions: new Set(doc.vpcs.map((v) => v.regionId)).size,
    instances: doc.instances.length,
    rules: doc.securityGroups.reduce((n, g) => n + g.permissions.length, 0),
    pairs: doc.routerInterfaces.length / 2,
    routes: doc.routeTables.reduce((n, t) => n + t.routeEntries.length, 0),
    peerings: doc.vpcPeerConnections?.length ?? 0,
    acls: doc.networkAcls?.length ?? 0,
    enis: doc.networkInterfaces?.length ?? 0,
  };
}

/** Pairs (by initiator) where one side has no route to the other's VPC CIDR. */
function pairsMissingARoute(doc: Topology): number {
  const vpcByRouter = new Map(doc.vpcs.map((v) => [v.vRouterId, v]));
  const ris = new Map(doc.routerInterfaces.map((r) => [r.routerInterfaceId, r]));
  const routesOf = new Map(
    doc.routeTables.map((t) => [t.vpcId, new Set(t.routeEntries.map((e) => e.destinationCidrBlock))]),
  );
  let missing = 0;
  for (const ri of doc.routerInterfaces) {
    if (ri.role !== 'InitiatingSide') continue;
    const acceptor = ris.get(ri.oppositeInterfaceId!)!;
    const a = vpcByRouter.get(ri.routerId)!;
    const b = vpcByRouter.get(acceptor.routerId)!;
    if (!routesOf.get(a.vpcId)?.has(b.cidrBlock) || !routesOf.get(b.vpcId)?.has(a.cidrBlock)) missing++;
  }
  return missing;
}

describe('bench/generate', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    expect(generateDocumentText('M', 7)).toBe(generateDocumentText('M', 7));
    expect(generateDocumentText('S', 1)).not.toBe(generateDocumentText('S', 2));
  });

  it.each(BENCH_SIZES.filter((s) => s !== 'XL'))(
    'size %s has exactly the stated counts and loads without schema issues',
    (size) => {
      const doc = generateTopology(size);
      const spec = SIZES[size];
      expect(counts(doc)).toEqual({
        vpcs: spec.vpcs,
        accounts: spec.accounts,
        regions: spec.regions,
        instances: spec.instances,
        rules: spec.rules,
        pairs: spec.pairs,
        // Router-interface routes, then one route each way per peering connection.
        routes: spec.routes + 2 * spec.peerings,
        peerings: spec.peerings,
        acls: spec.acls,
        enis: 2 * spec.enis,
      });
      const text = generateDocumentText(size);
      const loaded = loadDocumentText(text);
      expect(loaded.kind).toBe('ok');
      // The generator writes every default explicitly, so a load + save round trip changes nothing.
      if (loaded.kind === 'ok') expect(JSON.parse(serializeDocument(loaded.document))).toStrictEqual(JSON.parse(text));
    },
  );

  it('L is the estate of the issue: 200 VPCs, 20 accounts, 8 regions, 2,000 instances, 20,000 rules, 400 pairs, 2,000 routes, and release-2 resources', () => {
    expect(counts(generateTopology('L'))).toEqual({
      vpcs: 200,
      accounts: 20,
      regions: 8,
      instances: 2000,
      rules: 20000,
      pairs: 400,
      routes: 2080,
      peerings: 40,
      acls: 60,
      enis: 200,
    });
  });

  it('XL has 1,000 VPCs, 10,000 instances and 100,000 rules', () => {
    const c = counts(generateTopology('XL'));
    expect([c.vpcs, c.instances, c.rules]).toEqual([1000, 10000, 100000]);
  });

  it('IDs are unique across the document and every reference resolves', () => {
    const doc = generateTopology('M', 3);
    const ids = [
      ...doc.accounts.map((a) => a.accountId),
      ...doc.vpcs.flatMap((v) => [v.vpcId, v.vRouterId]),
      ...doc.vSwitches.map((s) => s.vSwitchId),
      ...doc.routeTables.map((t) => t.routeTableId),
      ...doc.routerInterfaces.map((r) => r.routerInterfaceId),
      ...doc.securityGroups.map((g) => g.securityGroupId),
      ...doc.instances.map((i) => i.instanceId),
    ];
    expect(new Set(ids).size).toBe(ids.length);
    const index = buildTopologyIndex(doc);
    for (const s of doc.vSwitches) expect(index.vpcs.has(s.vpcId)).toBe(true);
    for (const i of doc.instances) {
      expect(index.vSwitches.has(i.vSwitchId)).toBe(true);
      for (const g of i.securityGroupIds)
        expect(index.securityGroups.get(g)?.vpcId).toBe(index.vSwitches.get(i.vSwitchId)!.vpcId);
    }
    for (const r of doc.routerInterfaces) expect(index.vpcByRouterId.has(r.routerId)).toBe(true);
    for (const t of doc.routeTables)
      for (const e of t.routeEntries) {
        if (e.nextHopType === 'VpcPeer') {
          const connection = index.vpcPeerConnections.get(e.nextHopId)!;
          expect([connection.vpcId, connection.acceptingVpcId]).toContain(t.vpcId);
        } else expect(index.routerInterfaces.get(e.nextHopId)?.routerId).toBe(index.vpcs.get(t.vpcId)!.vRouterId);
      }
    for (const acl of doc.networkAcls ?? [])
      for (const r of acl.resources ?? []) expect(index.vSwitches.get(r.resourceId)?.vpcId).toBe(acl.vpcId);
    for (const eni of doc.networkInterfaces ?? []) {
      expect(index.instances.get(eni.instanceId!)?.vSwitchId).toBe(eni.vSwitchId);
      for (const set of eni.privateIpSets ?? []) expect(set.privateIpAddress.startsWith('10.')).toBe(true);
    }
    for (const g of doc.securityGroups) {
      for (const p of g.permissions) {
        const ref = p.sourceGroupId ?? p.destGroupId;
        if (ref !== undefined) expect(index.securityGroups.get(ref)?.vpcId).toBe(g.vpcId);
        if (p.sourcePrefixListId !== undefined) {
          const list = index.prefixLists.get(p.sourcePrefixListId)!;
          const vpc = index.vpcs.get(g.vpcId)!;
          expect([list.accountId, list.regionId]).toEqual([vpc.accountId, vpc.regionId]);
        }
        expect(
          [p.sourceCidrIp, p.sourceGroupId, p.sourcePrefixListId, p.destCidrIp, p.destGroupId].filter(
            (x) => x !== undefined,
          ),
        ).toHaveLength(1);
      }
    }
  });

  it('is realistic: mostly CIDR rules, some drops, spread priorities, a few broken pairs and missing routes', () => {
    const doc = generateTopology('L');
    const rules = doc.securityGroups.flatMap((g) => g.permissions);
    const cidr = rules.filter((p) => p.sourceCidrIp !== undefined || p.destCidrIp !== undefined).length;
    expect(cidr / rules.length).toBeGreaterThan(0.6);
    expect(cidr).toBeLessThan(rules.length); // some group-based rules too
    const drops = rules.filter((p) => p.policy === 'Drop').length;
    expect(drops).toBeGreaterThan(0);
    expect(drops / rules.length).toBeLessThan(0.2);
    expect(new Set(rules.map((p) => p.priority)).size).toBeGreaterThan(50);
    expect(new Set(rules.map((p) => p.ipProtocol))).toEqual(new Set(['TCP', 'UDP', 'ICMP', 'ALL']));
    expect(rules.some((p) => p.direction === 'egress')).toBe(true);

    const index = buildTopologyIndex(doc);
    const idle = doc.routerInterfaces.filter((r) => effectiveRouterInterfaceStatus(r, index) !== 'Active');
    expect(idle.length).toBeGreaterThan(0); // broken pairs …
    expect(idle.length).toBeLessThanOrEqual(2 * SIZES.L.brokenPairs); // … but only a few
    expect(pairsMissingARoute(doc)).toBeGreaterThan(0);
    expect(pairsMissingARoute(doc)).toBeLessThan(doc.routerInterfaces.length / 2 / 10);
  });

  it('the CLI entry prints the document and rejects a bad size', async () => {
    const { spawnSync } = await import('node:child_process');
    const ok = spawnSync(process.execPath, ['--import', 'tsx', 'bench/generate.ts', 'S', '5'], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toBe(generateDocumentText('S', 5));
    const bad = spawnSync(process.execPath, ['--import', 'tsx', 'bench/generate.ts', 'XXL'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('size: expected one of S, M, L, XL, got "XXL"');
  });
});
