/**
 * The sandbox's state exported as a topology document agrees with what the sandbox answers
 * through Describe* (statuses, routes, rules), and the reachability simulator (`vpclink check`'s
 * core) reads it the way the live cloud behaves at each step of the §3.10 sequence.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadDocumentValue, type Topology } from '../../../simulator/document';
import { checkFlow, isFlowInputError, type CheckResult } from '../../../simulator/reach';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../cli/main';
import type { CliIo } from '../../../cli/io';
import { serializeDocument } from '../../../simulator/document';
import { startSandbox } from '../../../cloud/sandbox';
import { A, B, call, crossAccountWorld, loadExample, type Json, type World } from './helpers';

let w: World;
beforeEach(async () => {
  w = await crossAccountWorld();
});
afterEach(() => w.sandbox.close());

function ping(doc: Topology): CheckResult {
  const result = checkFlow(doc, { from: A.instance, to: B.instance, protocol: 'icmp', port: null });
  if (isFlowInputError(result)) throw new Error(JSON.stringify(result));
  return result;
}

function codes(result: CheckResult): string[] {
  return [...new Set(result.blockers.map((b) => b.code))].sort();
}

/** The exported document must load cleanly as a topology document (a round trip through JSON). */
function exported(): Topology {
  const doc = w.sandbox.exportDocument();
  const loaded = loadDocumentValue(JSON.parse(JSON.stringify(doc)));
  expect(loaded.kind).toBe('ok');
  return loaded.kind === 'ok' ? loaded.document : doc;
}

/** Exported statuses, routes and rules equal what Describe* says, for both accounts. */
async function expectExportMatchesDescribe(doc: Topology): Promise<void> {
  for (const [clients, side] of [
    [w.a, A],
    [w.b, B],
  ] as const) {
    const ris = (await call(clients.vpc, 'DescribeRouterInterfaces', { RegionId: side.region, PageSize: 50 }))
      .RouterInterfaceSet.RouterInterfaceType as Json[];
    expect(
      doc.routerInterfaces
        .filter((r) => r.accountId === side.accountId)
        .map((r) => [r.routerInterfaceId, r.status, r.oppositeInterfaceId ?? '']),
    ).toEqual(ris.map((r) => [r.RouterInterfaceId, r.Status, r.OppositeInterfaceId]));
    const entries = (
      await call(clients.vpc, 'DescribeRouteEntryList', {
        RegionId: side.region,
        RouteTableId: side.routeTableId,
        RouteEntryType: 'Custom',
        MaxResult: 100,
      })
    ).RouteEntrys.RouteEntry as Json[];
    const table = doc.routeTables.find((t) => t.routeTableId === side.routeTableId)!;
    expect(table.routeEntries.map((e) => [e.destinationCidrBlock, e.nextHopId, e.status])).toEqual(
      entries.map((e) => [e.DestinationCidrBlock, e.NextHops.NextHop[0].NextHopId, e.Status]),
    );
    const perms = (
      await call(clients.ecs, 'DescribeSecurityGroupAttribute', { RegionId: side.region, SecurityGroupId: side.sg })
    ).Permissions.Permission as Json[];
    const group = doc.securityGroups.find((g) => g.securityGroupId === side.sg)!;
    expect(
      group.permissions.map((p) => [
        p.direction,
        p.ipProtocol,
        p.portRange,
        p.sourceCidrIp ?? '',
        p.policy,
        String(p.priority),
      ]),
    ).toEqual(perms.map((p) => [p.Direction, p.IpProtocol, p.PortRange, p.SourceCidrIp, p.Policy, p.Priority]));
  }
}

describe('exportDocument → checkFlow', () => {
  it('follows the §3.10 sequence: unreachable until everything is Active/Available, then reachable', async () => {
    const { a, b, sandbox } = w;
    // The world before the plan: no interfaces, routes or rules.
    let doc = exported();
    expect(ping(doc).verdict).toBe('unreachable');
    expect(codes(ping(doc))).toContain('NO_ROUTE');
    await expectExportMatchesDescribe(doc);

    const riA = (
      await call(a.vpc, 'CreateRouterInterface', {
        RegionId: A.region,
        Role: 'InitiatingSide',
        RouterType: 'VRouter',
        RouterId: A.vRouterId,
        Spec: 'Mini.2',
        OppositeRegionId: B.region,
      })
    ).RouterInterfaceId;
    const riB = (
      await call(b.vpc, 'CreateRouterInterface', {
        RegionId: B.region,
        Role: 'AcceptingSide',
        RouterType: 'VRouter',
        RouterId: B.vRouterId,
        Spec: 'Negative',
        OppositeRegionId: A.region,
      })
    ).RouterInterfaceId;
    await call(b.vpc, 'ModifyRouterInterfaceAttribute', {
      RegionId: B.region,
      RouterInterfaceId: riB,
      OppositeInterfaceId: riA,
      OppositeRouterId: A.vRouterId,
      OppositeRouterType: 'VRouter',
      OppositeInterfaceOwnerId: A.accountId,
    });
    await call(a.vpc, 'ModifyRouterInterfaceAttribute', {
      RegionId: A.region,
      RouterInterfaceId: riA,
      OppositeInterfaceId: riB,
      OppositeRouterId: B.vRouterId,
      OppositeRouterType: 'VRouter',
      OppositeInterfaceOwnerId: B.accountId,
    });
    await call(a.vpc, 'ConnectRouterInterface', { RegionId: A.region, RouterInterfaceId: riA });
    sandbox.advance(60_000);
    await call(a.vpc, 'CreateRouteEntry', {
      RegionId: A.region,
      RouteTableId: A.routeTableId,
      DestinationCidrBlock: B.cidr,
      NextHopType: 'RouterInterface',
      NextHopId: riA,
    });
    await call(b.vpc, 'CreateRouteEntry', {
      RegionId: B.region,
      RouteTableId: B.routeTableId,
      DestinationCidrBlock: A.cidr,
      NextHopType: 'RouterInterface',
      NextHopId: riB,
    });
    // Routes still Pending: the simulator must not count them yet.
    doc = exported();
    expect(doc.routeTables.flatMap((t) => t.routeEntries.map((e) => e.status))).toEqual(['Pending', 'Pending']);
    expect(ping(doc).verdict).toBe('unreachable');
    await expectExportMatchesDescribe(doc);
    sandbox.advance(10_000);

    // Routes Available, interfaces Active, but no ingress rules yet: the groups block the ping.
    doc = exported();
    expect(ping(doc).verdict).toBe('unreachable');
    expect(codes(ping(doc))).toContain('SG_INGRESS_DENIED');

    await call(a.ecs, 'AuthorizeSecurityGroup', {
      RegionId: A.region,
      SecurityGroupId: A.sg,
      Permissions: [{ IpProtocol: 'icmp', PortRange: '-1/-1', SourceCidrIp: B.cidr }],
    });
    await call(b.ecs, 'AuthorizeSecurityGroup', {
      RegionId: B.region,
      SecurityGroupId: B.sg,
      Permissions: [{ IpProtocol: 'icmp', PortRange: '-1/-1', SourceCidrIp: A.cidr }],
    });
    doc = exported();
    expect(doc.routerInterfaces.map((r) => r.status)).toEqual(['Active', 'Active']);
    const result = ping(doc);
    expect(result.blockers).toEqual([]);
    expect(result.verdict).toBe('reachable');
    expect(checkFlow(doc, { from: B.instance, to: A.instance, protocol: 'icmp', port: null })).toMatchObject({
      verdict: 'reachable',
    });
    await expectExportMatchesDescribe(doc);

    // Deactivate: the interfaces are no longer Active and the simulator says so.
    await call(a.vpc, 'DeactivateRouterInterface', { RegionId: A.region, RouterInterfaceId: riA });
    doc = exported();
    expect(doc.routerInterfaces.map((r) => r.status)).toEqual(['Deactivating', 'Deactivating']);
    expect(codes(ping(doc))).toContain('ROUTER_INTERFACE_NOT_ACTIVE');
    sandbox.advance(60_000);
    doc = exported();
    expect(doc.routerInterfaces.map((r) => r.status)).toEqual(['Inactive', 'Inactive']);
    expect(ping(doc).verdict).toBe('unreachable');
    expect(codes(ping(doc))).toContain('ROUTER_INTERFACE_NOT_ACTIVE');
    await expectExportMatchesDescribe(doc);
  });

  it('`vpclink check` on an exported file gives the same verdict as the sandbox state implies', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vpclink-export-'));
    try {
      const run = async (doc: Topology): Promise<{ code: number; out: Json }> => {
        const file = join(dir, 'export.vpclink.json');
        await writeFile(file, serializeDocument(doc));
        const out: string[] = [];
        const io: CliIo = {
          stdout: (t) => out.push(t),
          stderr: () => {},
          cwd: dir,
          env: {},
          signal: new AbortController().signal,
          isTty: false,
        };
        const code = await main(['check', file, '--from', A.instance, '--to', B.instance, '--json'], io);
        return { code, out: JSON.parse(out.join('')) };
      };
      const before = await run(w.sandbox.exportDocument());
      expect(before.code).toBe(1);
      expect(before.out.verdict).toBe('unreachable');
      const full = await startSandbox({ seed: loadExample('cross-account.vpclink.json'), seedMode: 'full' });
      try {
        const after = await run(full.exportDocument());
        expect(after.code).toBe(0);
        expect(after.out.verdict).toBe('reachable');
      } finally {
        await full.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a full-mode seed of the example exports a document the simulator finds reachable', async () => {
    // Same example, everything seeded: the designed end state.
    const full = await startSandbox({ seed: loadExample('cross-account.vpclink.json'), seedMode: 'full' });
    try {
      expect(ping(full.exportDocument()).verdict).toBe('reachable');
    } finally {
      await full.close();
    }
  });
});
