/**
 * Random small documents: the tracer's verdict must equal a deliberately simple second evaluator
 * (brute force over routes and rules, written from aliyun-api.md §5.5 without the tracer's data
 * structures), and the matrix must equal `check` pair by pair.
 *
 * This is also the differential test of release 2 (topology-format.md §4): the generator uses
 * none of the new features (no ACLs, ENIs, prefix lists, peering or new rule fields), and the
 * brute-force evaluator is release 1's semantics, so every verdict must stay what it was (a
 * next hop that is not simulated was "unreachable" and is now "undetermined": both not reachable).
 * Then, on the same documents: an accept-all ACL changes no verdict, a drop-all ACL stops every
 * cross-vSwitch flow, and random ACLs keep the matrix equal to check.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Topology } from '../../../simulator/document';
import { createReachability, isFlowInputError, type Protocol } from '../../../simulator/reach';
import { load, type Raw } from './helpers';

// ---------------------------------------------------------------- random documents

const VPC_BLOCKS = ['10.0.0.0/16', '10.1.0.0/16', '10.2.0.0/16'];
const ROUTE_BLOCKS = [
  '10.0.0.0/16',
  '10.1.0.0/16',
  '10.2.0.0/16',
  '10.1.1.0/24',
  '10.2.2.0/24',
  '10.0.0.0/8',
  '0.0.0.0/0',
  '10.1.1.11/32',
];
const PEER_BLOCKS = [
  '0.0.0.0/0',
  '10.0.0.0/8',
  '10.0.0.0/16',
  '10.1.0.0/16',
  '10.2.0.0/16',
  '10.1.1.0/24',
  '10.0.1.11/32',
  '10.2.1.10/32',
];
const RI_STATUSES = [undefined, undefined, undefined, undefined, undefined, 'Active', 'Inactive', 'Idle'] as const;

const arbDocument = fc
  .record({
    vpcCount: fc.integer({ min: 1, max: 3 }).map((n) => (n === 1 ? 2 : n)),
    vSwitches: fc.array(fc.record({ vpc: fc.nat(2), overlap: fc.integer({ min: 0, max: 7 }).map((n) => n === 0) }), {
      minLength: 1,
      maxLength: 6,
    }),
    pairs: fc.array(
      fc.record({
        a: fc.nat(2),
        b: fc.nat(2),
        statusA: fc.constantFrom(...RI_STATUSES),
        statusB: fc.constantFrom(...RI_STATUSES),
        breakB: fc.constantFrom('none', 'none', 'none', 'none', 'none', 'noOpposite', 'wrongOwner', 'sameRole'),
        routes: fc.constantFrom('both', 'both', 'both', 'one', 'none'),
      }),
      { maxLength: 3 },
    ),
    routes: fc.array(
      fc.record({
        vpc: fc.nat(2),
        custom: fc.boolean(),
        block: fc.constantFrom(...ROUTE_BLOCKS),
        ri: fc.nat(5),
        kind: fc.constantFrom('RouterInterface', 'RouterInterface', 'RouterInterface', 'NatGateway'),
        status: fc.constantFrom('Available', 'Available', 'Available', 'Pending'),
      }),
      { maxLength: 4 },
    ),
    customTableFor: fc.array(
      fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
      { minLength: 6, maxLength: 6 },
    ),
    groups: fc.array(
      fc.record({
        enterprise: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
        inner: fc.constantFrom('Accept', 'Drop'),
        open: fc.constantFrom('none', 'icmp', 'all', 'tcp'),
        rules: fc.array(
          fc.record({
            direction: fc.constantFrom('ingress', 'egress'),
            protocol: fc.constantFrom('TCP', 'UDP', 'ICMP', 'GRE', 'ALL'),
            from: fc.integer({ min: 20, max: 25 }),
            width: fc.integer({ min: 0, max: 3 }),
            drop: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
            priority: fc.integer({ min: 1, max: 3 }),
            peer: fc.oneof(
              fc.constantFrom(...PEER_BLOCKS),
              fc.nat(3).map((g) => ({ group: g })),
            ),
          }),
          { maxLength: 4 },
        ),
      }),
      { minLength: 1, maxLength: 4 },
    ),
    instances: fc.array(
      fc.record({
        sw: fc.nat(5),
        host: fc.integer({ min: 10, max: 12 }),
        groups: fc.uniqueArray(fc.nat(3), { minLength: 1, maxLength: 2 }),
        stopped: fc.integer({ min: 0, max: 14 }).map((n) => n === 0),
        badIp: fc.integer({ min: 0, max: 19 }).map((n) => n === 0),
      }),
      { minLength: 2, maxLength: 6 },
    ),
  })
  .map((spec): Topology => {
    const raw: Raw = {
      format: 'vpclink/topology',
      version: 1,
      vpcs: [],
      vSwitches: [],
      routeTables: [],
      routerInterfaces: [],
      securityGroups: [],
      instances: [],
    };
    for (let v = 0; v < spec.vpcCount; v++) {
      // VPC 2 sometimes reuses VPC 0's block: overlapping address space.
      raw.vpcs.push({
        vpcId: `vpc-${v}`,
        accountId: `acct-${v % 2}`,
        regionId: 'cn-beijing',
        cidrBlock: VPC_BLOCKS[v]!,
        vRouterId: `vrt-${v}`,
      });
      raw.routeTables.push({ routeTableId: `vtb-${v}`, vpcId: `vpc-${v}`, routeTableType: 'System', routeEntries: [] });
      raw.routeTables.push({
        routeTableId: `vtb-${v}-custom`,
        vpcId: `vpc-${v}`,
        routeTableType: 'Custom',
        routeEntries: [],
      });
    }
    spec.vSwitches.forEach((s, i) => {
      const vpc = s.vpc % spec.vpcCount;
      // Now and then a block of another VPC's range: overlapping address space.
      const blockVpc = s.overlap ? (vpc + 1) % 3 : vpc;
      raw.vSwitches.push({
        vSwitchId: `vsw-${i}`,
        vpcId: `vpc-${vpc}`,
        zoneId: 'z',
        cidrBlock: `10.${blockVpc}.${i}.0/24`,
        ...(spec.customTableFor[i] ? { routeTableId: `vtb-${vpc}-custom` } : {}),
      });
    });
    spec.pairs.forEach((p, i) => {
      const a = p.a % spec.vpcCount;
      const b = (a + 1 + (p.b % 2)) % spec.vpcCount; // a pair inside one VPC happens when there are two VPCs and b wraps
      const va = raw.vpcs[a];
      const vb = raw.vpcs[b];
      raw.routerInterfaces.push({
        routerInterfaceId: `ri-${i}-a`,
        accountId: va.accountId,
        regionId: 'cn-beijing',
        routerType: 'VRouter',
        routerId: va.vRouterId,
        role: 'InitiatingSide',
        spec: 'Mini.2',
        oppositeRegionId: 'cn-beijing',
        oppositeInterfaceId: `ri-${i}-b`,
        oppositeRouterId: vb.vRouterId,
        oppositeRouterType: 'VRouter',
        oppositeInterfaceOwnerId: vb.accountId,
        ...(p.statusA ? { status: p.statusA } : {}),
      });
      raw.routerInterfaces.push({
        routerInterfaceId: `ri-${i}-b`,
        accountId: vb.accountId,
        regionId: 'cn-beijing',
        routerType: 'VRouter',
        routerId: vb.vRouterId,
        role: p.breakB === 'sameRole' ? 'InitiatingSide' : 'AcceptingSide',
        spec: 'Negative',
        oppositeRegionId: 'cn-beijing',
        ...(p.breakB === 'noOpposite'
          ? {}
          : {
              oppositeInterfaceId: `ri-${i}-a`,
              oppositeRouterId: va.vRouterId,
              oppositeRouterType: 'VRouter',
              oppositeInterfaceOwnerId: p.breakB === 'wrongOwner' ? 'acct-x' : va.accountId,
            }),
        ...(p.statusB ? { status: p.statusB } : {}),
      });
      if (p.routes !== 'none')
        raw.routeTables[a * 2].routeEntries.push({
          destinationCidrBlock: VPC_BLOCKS[b],
          nextHopType: 'RouterInterface',
          nextHopId: `ri-${i}-a`,
        });
      if (p.routes === 'both')
        raw.routeTables[b * 2].routeEntries.push({
          destinationCidrBlock: VPC_BLOCKS[a],
          nextHopType: 'RouterInterface',
          nextHopId: `ri-${i}-b`,
        });
    });
    for (const r of spec.routes) {
      const vpc = r.vpc % spec.vpcCount;
      const table = raw.routeTables[vpc * 2 + (r.custom ? 1 : 0)];
      const ris = raw.routerInterfaces.filter((x: Raw) => x.routerId === `vrt-${vpc}`);
      const nextHopId =
        r.kind === 'NatGateway' ? 'ngw-1' : ris.length ? ris[r.ri % ris.length].routerInterfaceId : `ri-missing`;
      table.routeEntries.push({ destinationCidrBlock: r.block, nextHopType: r.kind, nextHopId, status: r.status });
    }
    spec.groups.forEach((g, i) => {
      raw.securityGroups.push({
        securityGroupId: `sg-${i}`,
        vpcId: 'vpc-0',
        securityGroupType: g.enterprise ? 'enterprise' : 'normal',
        innerAccessPolicy: g.inner,
        permissions: [
          ...(g.open === 'none'
            ? []
            : [
                {
                  direction: 'ingress',
                  ipProtocol: g.open.toUpperCase(),
                  portRange: g.open === 'tcp' ? '1/65535' : '-1/-1',
                  sourceCidrIp: '10.0.0.0/8',
                  priority: 2,
                },
              ]),
          ...(g.open !== 'none' && g.enterprise
            ? [{ direction: 'egress', ipProtocol: 'ALL', portRange: '-1/-1', destCidrIp: '0.0.0.0/0', priority: 3 }]
            : []),
          ...g.rules.map((rule) => {
            const peerKey =
              rule.direction === 'ingress'
                ? typeof rule.peer === 'string'
                  ? 'sourceCidrIp'
                  : 'sourceGroupId'
                : typeof rule.peer === 'string'
                  ? 'destCidrIp'
                  : 'destGroupId';
            const portRange =
              rule.protocol === 'TCP' || rule.protocol === 'UDP' ? `${rule.from}/${rule.from + rule.width}` : '-1/-1';
            return {
              direction: rule.direction,
              ipProtocol: rule.protocol,
              portRange,
              policy: rule.drop ? 'Drop' : 'Accept',
              priority: rule.priority,
              [peerKey]: typeof rule.peer === 'string' ? rule.peer : `sg-${rule.peer.group % spec.groups.length}`,
            };
          }),
        ],
      });
    });
    spec.instances.forEach((inst, i) => {
      const sw = raw.vSwitches[inst.sw % raw.vSwitches.length];
      const ip = inst.badIp ? '10.0.0' : `${sw.cidrBlock.split('.').slice(0, 3).join('.')}.${inst.host}`;
      raw.instances.push({
        instanceId: `i-${i}`,
        vSwitchId: sw.vSwitchId,
        privateIpAddress: ip,
        securityGroupIds: inst.groups.map((g) => `sg-${g % spec.groups.length}`),
        ...(inst.stopped ? { status: 'Stopped' } : {}),
      });
    });
    return load(raw);
  });

// ---------------------------------------------------------------- the reference evaluator

const toInt = (ip: string): number | null => {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(ip);
  if (!m || m.slice(1).some((o) => Number(o) > 255 || (o.length > 1 && o.startsWith('0')))) return null;
  return m.slice(1).reduce((acc, o) => acc * 256 + Number(o), 0);
};
const block = (text: string) => {
  const [addr, len] = text.includes('/') ? text.split('/') : [text, '32'];
  const base = toInt(addr!)!;
  const size = 2 ** (32 - Number(len));
  const first = Math.floor(base / size) * size;
  return { first, last: first + size - 1, len: Number(len) };
};
const inBlock = (ip: number, text: string) => {
  const b = block(text);
  return ip >= b.first && ip <= b.last;
};

function reference(doc: Topology, s: number, d: number, protocol: Protocol, port: number | null): boolean {
  if (s === d) return true;
  const src = doc.instances[s]!;
  const dst = doc.instances[d]!;
  const vsw = (id: string) => doc.vSwitches.find((x) => x.vSwitchId === id);
  const vpcOf = (id: string) => doc.vpcs.find((v) => v.vpcId === id);
  const endpointOk = (i: typeof src) => {
    const sw = vsw(i.vSwitchId);
    return (
      !!sw &&
      !!vpcOf(sw.vpcId) &&
      toInt(i.privateIpAddress) !== null &&
      (i.status ?? 'Running') === 'Running' &&
      i.securityGroupIds.every((g) => doc.securityGroups.some((x) => x.securityGroupId === g))
    );
  };
  if (!endpointOk(src) || !endpointOk(dst)) return false;

  const ri = (id: string) => doc.routerInterfaces.find((x) => x.routerInterfaceId === id);
  const consistentFrom = (x: (typeof doc.routerInterfaces)[number]) => {
    const o = x.oppositeInterfaceId ? ri(x.oppositeInterfaceId) : undefined;
    if (!o) return false;
    return (
      x.oppositeRouterId === o.routerId &&
      x.oppositeRegionId === o.regionId &&
      (x.oppositeInterfaceOwnerId ?? x.accountId) === o.accountId &&
      (x.oppositeRouterType ?? 'VRouter') === o.routerType &&
      x.role !== o.role &&
      x.routerId !== o.routerId
    );
  };
  const delivers = (fromSwId: string, target: typeof src): boolean => {
    const sw = vsw(fromSwId)!;
    const vpc = vpcOf(sw.vpcId)!;
    const tableId =
      sw.routeTableId ??
      doc.routeTables.find((t) => t.vpcId === vpc.vpcId && t.routeTableType === 'System')?.routeTableId;
    const table =
      tableId === undefined
        ? { routeEntries: [] }
        : doc.routeTables.find((t) => t.routeTableId === tableId && t.vpcId === vpc.vpcId);
    if (!table) return false;
    const ip = toInt(target.privateIpAddress)!;
    type Cand = { len: number; local?: string; entry?: (typeof table.routeEntries)[number] };
    const cands: Cand[] = [];
    const seen = new Set<string>();
    for (const x of doc.vSwitches.filter((x) => x.vpcId === vpc.vpcId)) {
      const b = block(x.cidrBlock);
      if (seen.has(`${b.first}/${b.len}`)) continue;
      seen.add(`${b.first}/${b.len}`);
      if (inBlock(ip, x.cidrBlock)) cands.push({ len: b.len, local: x.vSwitchId });
    }
    for (const e of table.routeEntries) {
      const b = block(e.destinationCidrBlock);
      if (e.status !== 'Available' || seen.has(`${b.first}/${b.len}`)) continue;
      seen.add(`${b.first}/${b.len}`);
      if (inBlock(ip, e.destinationCidrBlock)) cands.push({ len: b.len, entry: e });
    }
    if (cands.length === 0) return false;
    const best = cands.reduce((a, b) => (b.len > a.len ? b : a));
    if (best.local) return best.local === target.vSwitchId;
    if (best.entry!.nextHopType !== 'RouterInterface') return false;
    const r = ri(best.entry!.nextHopId);
    if (!r || r.routerId !== vpc.vRouterId) return false;
    const o = r.oppositeInterfaceId ? ri(r.oppositeInterfaceId) : undefined;
    if (!o || o.oppositeInterfaceId !== r.routerInterfaceId || !consistentFrom(r) || !consistentFrom(o)) return false;
    if ((r.status ?? 'Active') !== 'Active' || (o.status ?? 'Active') !== 'Active') return false;
    const peer = doc.vpcs.find((v) => v.vRouterId === o.routerId);
    if (!peer || peer.vpcId !== vsw(target.vSwitchId)!.vpcId || peer.vpcId === vpc.vpcId) return false;
    // the peer delivers by its own vSwitch blocks only (longest wins)
    const local = doc.vSwitches
      .filter((x) => x.vpcId === peer.vpcId && inBlock(ip, x.cidrBlock))
      .sort((a, b) => block(b.cidrBlock).len - block(a.cidrBlock).len)[0];
    return local?.vSwitchId === target.vSwitchId;
  };
  if (!delivers(src.vSwitchId, dst) || !delivers(dst.vSwitchId, src)) return false;

  const allows = (self: typeof src, peer: typeof src, direction: 'ingress' | 'egress'): boolean => {
    const groups = [...new Set(self.securityGroupIds)].map((g) =>
      doc.securityGroups.find((x) => x.securityGroupId === g)!,
    );
    if (
      groups.some(
        (g) =>
          g.securityGroupType === 'normal' &&
          g.innerAccessPolicy === 'Accept' &&
          peer.securityGroupIds.includes(g.securityGroupId),
      )
    )
      return true;
    const peerIp = toInt(peer.privateIpAddress)!;
    const rules = groups.flatMap((g) => g.permissions).filter((r) => r.direction === direction);
    const ports = new Set([1, 65535]);
    for (const r of rules)
      for (const p of r.portRange.split('/').map(Number))
        for (const q of [p - 1, p, p + 1]) if (q >= 1 && q <= 65535) ports.add(q);
    const packets: Array<[string, number]> =
      protocol === 'icmp'
        ? [['ICMP', 0]]
        : protocol === 'tcp'
          ? [['TCP', port!]]
          : protocol === 'udp'
            ? [['UDP', port!]]
            : [
                ['OTHER', 0],
                ['ICMP', 0],
                ['GRE', 0],
                ...[...ports].flatMap((p): Array<[string, number]> => [
                  ['TCP', p],
                  ['UDP', p],
                ]),
              ];
    return packets.every(([proto, p]) => {
      const matching = rules.filter((r) => {
        if (r.ipProtocol !== 'ALL' && r.ipProtocol !== proto) return false;
        if (r.ipProtocol === 'TCP' || r.ipProtocol === 'UDP') {
          const [lo, hi] = r.portRange.split('/').map(Number);
          if (!(lo! >= 1 && hi! <= 65535 && lo! <= hi!) || p < lo! || p > hi!) return false;
        }
        const cidr = direction === 'ingress' ? r.sourceCidrIp : r.destCidrIp;
        const group = direction === 'ingress' ? r.sourceGroupId : r.destGroupId;
        if (cidr !== undefined) return inBlock(peerIp, cidr);
        return group !== undefined && peer.securityGroupIds.includes(group);
      });
      if (matching.length === 0) return direction === 'egress' && groups.every((g) => g.securityGroupType === 'normal');
      const best = Math.min(...matching.map((r) => r.priority));
      return !matching.some((r) => r.priority === best && r.policy === 'Drop');
    });
  };
  return allows(src, dst, 'egress') && allows(dst, src, 'ingress');
}

// ---------------------------------------------------------------- properties

const arbFlow = fc.constantFrom<[Protocol, number | null]>(
  ['icmp', null],
  ['tcp', 22],
  ['tcp', 24],
  ['udp', 20],
  ['udp', 80],
  ['all', null],
);

describe('reachability agrees with a brute-force evaluator', () => {
  it('check verdicts on random documents', () => {
    let crossVpcReachable = 0;
    fc.assert(
      fc.property(arbDocument, arbFlow, (doc, [protocol, port]) => {
        const reach = createReachability(doc);
        doc.instances.forEach((src, s) => {
          doc.instances.forEach((dst, d) => {
            const r = reach.check({ from: src.instanceId, to: dst.instanceId, protocol, port });
            if (isFlowInputError(r)) throw new Error(r.message);
            const expected = reference(doc, s, d, protocol, port);
            if ((r.verdict === 'reachable') !== expected) {
              throw new Error(
                `${src.instanceId} → ${dst.instanceId} ${protocol}/${port}: check says ${r.verdict}, reference ${expected}\n${JSON.stringify(r.blockers, null, 1)}\n${JSON.stringify(doc)}`,
              );
            }
            // a verdict is unreachable exactly when there is a blocker
            expect(r.blockers.length === 0).toBe(r.verdict === 'reachable');
            if (
              expected &&
              s !== d &&
              doc.vSwitches.find((x) => x.vSwitchId === src.vSwitchId)?.vpcId !==
                doc.vSwitches.find((x) => x.vSwitchId === dst.vSwitchId)?.vpcId
            )
              crossVpcReachable++;
          });
        });
      }),
      { numRuns: 300 },
    );
    // The generator must exercise working peerings, or agreeing on "unreachable" proves little.
    expect(crossVpcReachable).toBeGreaterThan(0);
  });

  it('the matrix equals check pair by pair', () => {
    fc.assert(
      fc.property(arbDocument, arbFlow, (doc, [protocol, port]) => {
        const reach = createReachability(doc);
        const m = reach.matrix({ protocol, port });
        expect(m.instances).toEqual(doc.instances.map((i) => i.instanceId));
        m.instances.forEach((from, s) =>
          m.instances.forEach((to, d) => {
            const r = reach.check({ from, to, protocol, port });
            if (isFlowInputError(r)) throw new Error(r.message);
            if (m.reachable[s]![d] !== (r.verdict === 'reachable'))
              throw new Error(
                `${from} → ${to}: matrix ${m.reachable[s]![d]}, check ${r.verdict}\n${JSON.stringify(doc)}`,
              );
          }),
        );
      }),
      { numRuns: 300 },
    );
  });
});

describe('on a generated estate', () => {
  it('the matrix equals check on sampled pairs (hub-and-spoke + mesh, pending routes, inactive and half-configured interfaces)', async () => {
    const { largeTopology } = await import('./largeTopology');
    const doc = load(largeTopology(7, 0.1));
    const reach = createReachability(doc);
    for (const [protocol, port] of [
      ['icmp', null],
      ['tcp', 443],
      ['all', null],
    ] as const) {
      const m = reach.matrix({ protocol, port });
      const n = m.instances.length;
      let reachable = 0;
      for (let k = 0; k < 1500; k++) {
        const s = (k * 7919) % n;
        const d = (k * 104729 + 13) % n;
        const r = reach.check({ from: m.instances[s]!, to: m.instances[d]!, protocol, port });
        if (isFlowInputError(r)) throw new Error(r.message);
        expect(m.reachable[s]![d]).toBe(r.verdict === 'reachable');
        if (s !== d && m.reachable[s]![d]) reachable++;
      }
      if (protocol === 'icmp') expect(reachable).toBeGreaterThan(0);
    }
  });
});

describe('update(next) after an edit equals a fresh build', () => {
  type Edit = (doc: Topology) => Topology;
  const edits: Record<string, Edit> = {
    addRule: (doc) => ({
      ...doc,
      securityGroups: doc.securityGroups.map((g, i) =>
        i === 0
          ? {
              ...g,
              permissions: [
                ...g.permissions,
                {
                  direction: 'ingress' as const,
                  ipProtocol: 'ICMP' as const,
                  portRange: '-1/-1',
                  policy: 'Accept' as const,
                  priority: 1,
                  sourceCidrIp: '10.0.0.0/8',
                },
              ],
            }
          : g,
      ),
    }),
    dropFirstRule: (doc) => ({
      ...doc,
      securityGroups: doc.securityGroups.map((g) => ({ ...g, permissions: g.permissions.slice(1) })),
    }),
    removeGroup: (doc) => ({ ...doc, securityGroups: doc.securityGroups.slice(1) }),
    // Same count of groups, new places (rule paths) or a new ID at a place: update compares by position.
    reverseGroups: (doc) => ({ ...doc, securityGroups: [...doc.securityGroups].reverse() }),
    renameGroup: (doc) => ({
      ...doc,
      securityGroups: doc.securityGroups.map((g, i) => (i === 0 ? { ...g, securityGroupId: 'sg-renamed' } : g)),
    }),
    removeRoute: (doc) => ({
      ...doc,
      routeTables: doc.routeTables.map((t) => ({ ...t, routeEntries: t.routeEntries.slice(1) })),
    }),
    deactivate: (doc) => ({
      ...doc,
      routerInterfaces: doc.routerInterfaces.map((r, i) => (i === 0 ? { ...r, status: 'Inactive' as const } : r)),
    }),
    stopInstance: (doc) => ({
      ...doc,
      instances: doc.instances.map((x, i) => (i === 0 ? { ...x, status: 'Stopped' } : x)),
    }),
    nothing: (doc) => ({ ...doc }),
  };

  it('for every kind of edit, pair by pair and for the matrix', () => {
    fc.assert(
      fc.property(arbDocument, fc.constantFrom(...Object.keys(edits)), arbFlow, (doc, editName, [protocol, port]) => {
        const before = createReachability(doc);
        before.matrix({ protocol, port }); // warm every pooled rule set, so reuse is exercised
        // …and every pool's ICMP decisions (steps/securityGroupScan.ts), by an ICMP check of each pair.
        for (const from of doc.instances)
          for (const to of doc.instances)
            before.check({ from: from.instanceId, to: to.instanceId, protocol: 'icmp', port: null });
        const next = edits[editName]!(doc);
        const updated = before.update(next);
        const fresh = createReachability(next);
        expect(updated.matrix({ protocol, port })).toEqual(fresh.matrix({ protocol, port }));
        for (const from of next.instances) {
          for (const to of next.instances) {
            const flow = { from: from.instanceId, to: to.instanceId, protocol, port };
            expect(JSON.stringify(updated.check(flow))).toBe(JSON.stringify(fresh.check(flow)));
            // ICMP too, whatever the drawn flow: it reads the pools (and compiled rules) that update kept.
            const ping = { ...flow, protocol: 'icmp' as const, port: null };
            expect(JSON.stringify(updated.check(ping))).toBe(JSON.stringify(fresh.check(ping)));
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('network ACLs on random documents (topology-format.md §4.3)', () => {
  /** Every vSwitch bound to an ACL of its VPC: accepting everything both ways, or with no entries (deny all). */
  const withAcls = (doc: Topology, acceptAll: boolean): Topology =>
    ({
      ...doc,
      networkAcls: doc.vpcs.map((vpc, i) => ({
        networkAclId: `nacl-${i}`,
        vpcId: vpc.vpcId,
        resources: doc.vSwitches
          .filter((s) => s.vpcId === vpc.vpcId)
          .map((s) => ({ resourceId: s.vSwitchId, resourceType: 'VSwitch' })),
        ...(acceptAll
          ? {
              ingressAclEntries: [{ policy: 'accept', protocol: 'all', port: '-1/-1', sourceCidrIp: '0.0.0.0/0' }],
              egressAclEntries: [{ policy: 'accept', protocol: 'all', port: '-1/-1', destinationCidrIp: '0.0.0.0/0' }],
            }
          : {}),
      })),
    }) as Topology;

  it('an accept-all ACL never changes a verdict; a drop-all ACL makes every cross-vSwitch flow unreachable', () => {
    let crossDropped = 0;
    fc.assert(
      fc.property(arbDocument, arbFlow, (doc, [protocol, port]) => {
        const plain = createReachability(doc);
        const open = createReachability(withAcls(doc, true));
        const closed = createReachability(withAcls(doc, false));
        for (const src of doc.instances)
          for (const dst of doc.instances) {
            const flow = { from: src.instanceId, to: dst.instanceId, protocol, port };
            const before = plain.check(flow);
            const accepted = open.check(flow);
            const denied = closed.check(flow);
            if (isFlowInputError(before) || isFlowInputError(accepted) || isFlowInputError(denied))
              throw new Error('input error');
            expect(accepted.verdict, `${flow.from} → ${flow.to} with accept-all ACLs`).toBe(before.verdict);
            if (src === dst || src.vSwitchId === dst.vSwitchId) {
              // Same vSwitch: its ACL does not filter (aliyun-dataplane.md §0 #2).
              expect(denied.verdict, `${flow.from} → ${flow.to} in one vSwitch`).toBe(before.verdict);
            } else {
              expect(denied.verdict, `${flow.from} → ${flow.to} with drop-all ACLs`).toBe('unreachable');
              crossDropped++;
            }
          }
      }),
      { numRuns: 150 },
    );
    expect(crossDropped).toBeGreaterThan(0);
  });
});

describe('random network ACLs: the matrix equals check pair by pair', () => {
  const ENTRY_TEMPLATES = [
    { policy: 'accept', protocol: 'all', port: '-1/-1', cidr: '0.0.0.0/0' },
    { policy: 'accept', protocol: 'icmp', port: '-1/-1', cidr: '10.0.0.0/8' },
    { policy: 'drop', protocol: 'icmp', port: '-1/-1', cidr: '10.1.1.0/24' },
    { policy: 'accept', protocol: 'tcp', port: '22/22', cidr: '10.0.0.0/16' },
    { policy: 'accept', protocol: 'tcp', port: '32768/50000', cidr: '10.0.0.0/8' },
    { policy: 'accept', protocol: 'udp', port: '1/65535', cidr: '10.2.0.0/16' },
    { policy: 'drop', protocol: 'all', port: '-1/-1', cidr: '10.0.1.11/32' },
    { policy: 'accept', protocol: 'tcp', port: '1024/65535', cidr: '0.0.0.0/0' },
  ] as const;
  const arbAcls = fc.array(
    fc.record({
      vSwitch: fc.nat(5),
      ingress: fc.array(fc.nat(ENTRY_TEMPLATES.length - 1), { maxLength: 3 }),
      egress: fc.array(fc.nat(ENTRY_TEMPLATES.length - 1), { maxLength: 3 }),
    }),
    { maxLength: 3 },
  );

  it('with ACLs on random vSwitches', () => {
    fc.assert(
      fc.property(arbDocument, arbFlow, arbAcls, (doc, [protocol, port], acls) => {
        const bound = new Set<string>();
        const networkAcls = acls.flatMap((a, i) => {
          const sw = doc.vSwitches[a.vSwitch % doc.vSwitches.length]!;
          if (bound.has(sw.vSwitchId)) return [];
          bound.add(sw.vSwitchId);
          const entry = (t: number, field: 'sourceCidrIp' | 'destinationCidrIp') => {
            const { cidr, ...rest } = ENTRY_TEMPLATES[t]!;
            return { ...rest, [field]: cidr };
          };
          return [
            {
              networkAclId: `nacl-${i}`,
              vpcId: sw.vpcId,
              resources: [{ resourceId: sw.vSwitchId, resourceType: 'VSwitch' }],
              ingressAclEntries: a.ingress.map((t) => entry(t, 'sourceCidrIp')),
              egressAclEntries: a.egress.map((t) => entry(t, 'destinationCidrIp')),
            },
          ];
        });
        const withAcls = { ...doc, networkAcls } as Topology;
        const reach = createReachability(withAcls);
        const m = reach.matrix({ protocol, port });
        m.instances.forEach((from, s) =>
          m.instances.forEach((to, d) => {
            const r = reach.check({ from, to, protocol, port });
            if (isFlowInputError(r)) throw new Error(r.message);
            if (m.reachable[s]![d] !== (r.verdict === 'reachable'))
              throw new Error(
                `${from} → ${to}: matrix ${m.reachable[s]![d]}, check ${r.verdict}\n${JSON.stringify(withAcls)}`,
              );
            const listed = m.undetermined.some(([a, b]) => a === s && b === d);
            expect(listed).toBe(r.verdict === 'undetermined');
          }),
        );
      }),
      { numRuns: 200 },
    );
  });
});
