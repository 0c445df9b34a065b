/**
 * What a trace keeps between flows must never change a result. An index works out once what
 * depends on less than the pair (crossing a router interface from a VPC, the interface or
 * peering toward a VPC a suggested route uses, routing from a vSwitch to an address, replayed) and `verdict` traces without writing the hops
 * down (what `assert` and `diff` read). On generated estates with inactive, half-configured and
 * mismatched interfaces: `verdict` equals `check`'s verdict and blockers, and `check` on an
 * index that has traced thousands of flows, in another order, equals `check` on a fresh index.
 * An ICMP flow compiles and reads only the ICMP and ALL rules of a pool: the rules of other
 * protocols never decide it nor enter its fix.
 */
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../bench/lib/measure';
import { generateTopology } from '../../../bench/generate';
import type { Topology } from '../../../simulator/document';
import { createReachability, type FlowSpec, isFlowInputError, type Protocol } from '../../../simulator/reach';
import { check, exampleRaw, load, oneVpc, type Raw } from './helpers';

const FLOWS: ReadonlyArray<readonly [Protocol, number | null]> = [
  ['icmp', null],
  ['tcp', 22],
  ['all', null],
];

/** Random flows between instances, and to addresses (held by nobody, or outside every VPC). */
function flowsOf(document: Topology, count: number, seed: number): FlowSpec[] {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const flows: FlowSpec[] = [];
  for (let k = 0; k < count; k++) {
    const [protocol, port] = pick(FLOWS);
    const from = pick(document.instances).instanceId;
    const to =
      k % 10 === 0
        ? `10.${Math.floor(random() * 4)}.${Math.floor(random() * 256)}.${1 + Math.floor(random() * 250)}`
        : pick(document.instances).instanceId;
    flows.push({ from, to, protocol, port });
  }
  return flows;
}

/**
 * The first VPC given the second VPC's block as a secondary one, with a vSwitch inside it: and no
 * route toward it. A route suggested toward the second VPC cannot be its whole block (it overlaps a
 * local vSwitch), so it is the destination's vSwitch block, which differs from one destination to the next.
 */
function vSwitchInsideAnotherVpc(document: Topology): Raw {
  const raw = JSON.parse(JSON.stringify(document));
  const [first, second] = raw.vpcs;
  first.secondaryCidrBlocks = [second.cidrBlock];
  const [a, b] = second.cidrBlock.split('.');
  raw.vSwitches.push({
    ...raw.vSwitches.find((s: Raw) => s.vpcId === first.vpcId),
    vSwitchId: 'vsw-inside',
    cidrBlock: `${a}.${b}.9.0/24`,
  });
  // No route toward the second VPC: its pairs are NO_ROUTE, and their blockers suggest one.
  for (const table of raw.routeTables.filter((t: Raw) => t.vpcId === first.vpcId))
    table.routeEntries = table.routeEntries.filter((e: Raw) => !e.destinationCidrBlock.startsWith(`${a}.${b}.`));
  return raw;
}

async function estates(): Promise<Array<[string, Topology]>> {
  const { largeTopology } = await import('./largeTopology');
  return [
    ['hub-and-spoke + mesh, broken interfaces', load(largeTopology(7, 0.1))],
    ['generated S estate', generateTopology('S', 3)],
    // Routes to interfaces that lead to another VPC than the destination's (ROUTE_TO_WRONG_VPC).
    ['generated S estate (seed 1)', generateTopology('S', 1)],
    [
      "generated S estate, a vSwitch inside another VPC's block",
      load(vSwitchInsideAnotherVpc(generateTopology('S', 3))),
    ],
  ];
}

describe('what a trace reuses between flows changes no result', () => {
  it('verdict() equals check() (verdict and blockers, in order)', async () => {
    for (const [name, document] of await estates()) {
      const reach = createReachability(document);
      for (const flow of flowsOf(document, 1500, 11)) {
        const full = reach.check(flow);
        const lean = reach.verdict(flow);
        if (isFlowInputError(full)) {
          expect(lean, `${name}: ${flow.from} → ${flow.to}`).toEqual(full);
          continue;
        }
        expect(lean, `${name}: ${flow.from} → ${flow.to} (${flow.protocol})`).toEqual({
          verdict: full.verdict,
          blockers: full.blockers,
        });
      }
    }
  });

  it('check() on a well-used index equals check() on a fresh one, hop by hop', async () => {
    for (const [name, document] of await estates()) {
      const used = createReachability(document);
      const flows = flowsOf(document, 1500, 29);
      // Warm every cache in one order, then compare in the reverse order against fresh indexes.
      for (const flow of flows) used.check(flow);
      const sampled = flows.filter((_, k) => k % 50 === 0).reverse();
      for (const flow of sampled)
        expect(used.check(flow), `${name}: ${flow.from} → ${flow.to}`).toEqual(
          createReachability(document).check(flow),
        );
      // And the other way round: one index, the sampled flows first, then the rest.
      const other = createReachability(document);
      const first = sampled.map((flow) => other.check(flow));
      for (const flow of flows) other.verdict(flow);
      sampled.forEach((flow, k) => expect(other.check(flow), `${name}: again`).toEqual(first[k]));
      // Routes are taped the second time they are asked and replayed from the third on.
      sampled.forEach((flow, k) => expect(other.check(flow), `${name}: a third time`).toEqual(first[k]));
    }
  });
});

describe('a route suggested once is reused only where it holds for every address', () => {
  it("toward a VPC whose block overlaps a local vSwitch, each pair's suggestion is its own vSwitch's block", () => {
    const document = load(vSwitchInsideAnotherVpc(generateTopology('S', 3)));
    const [first, second] = document.vpcs.map((v) => v.vpcId);
    const vpcOf = new Map(document.vSwitches.map((s) => [s.vSwitchId, s.vpcId]));
    const of = (vpc: string | undefined) => document.instances.filter((i) => vpcOf.get(i.vSwitchId) === vpc);
    const used = createReachability(document);
    const blocks = new Set<string>();
    for (const from of of(first))
      for (const to of of(second)) {
        const flow = { from: from.instanceId, to: to.instanceId, protocol: 'icmp', port: null } as const;
        const result = used.check(flow);
        expect(result, `${flow.from} → ${flow.to}`).toEqual(createReachability(document).check(flow));
        if (isFlowInputError(result)) continue;
        for (const b of result.blockers) if (b.code === 'NO_ROUTE') blocks.add(b.suggestion.split(' ')[2]!);
      }
    // Not vacuous: the suggested blocks are the destinations' vSwitches, several of them.
    expect(blocks.size).toBeGreaterThanOrEqual(3);
  });
});

describe('surelyNoRoute: a source whose table has no route for the destination is unreachable, untraced', () => {
  it('is true only where check() says unreachable for every protocol, and often enough to matter', async () => {
    const documents: Array<[string, Topology]> = [
      ...(await estates()),
      ['generated M estate', generateTopology('M', 2)],
      ['peering example', load(exampleRaw('peering'))],
      ['cross-account example', load(exampleRaw('cross-account'))],
      ['broken example', load(exampleRaw('broken-acceptor-not-configured'))],
    ];
    let surely = 0;
    for (const [name, document] of documents) {
      const reach = createReachability(document);
      const random = seededRandom(name.length * 7 + 1);
      const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
      for (let k = 0; k < 400; k++) {
        const from = pick(document.instances).instanceId;
        const to = pick(document.instances).instanceId;
        if (!reach.surelyNoRoute(from, to)) continue;
        surely++;
        for (const [protocol, port] of FLOWS) {
          const result = reach.check({ from, to, protocol, port });
          if (isFlowInputError(result)) throw new Error(result.message);
          expect(result.verdict, `${name}: ${from} → ${to} (${protocol})`).toBe('unreachable');
        }
      }
    }
    expect(surely).toBeGreaterThan(100);
  });

  it('is never true with transit routers (a route they publish makes the path undetermined)', () => {
    const document = load(exampleRaw('transit-router'));
    const reach = createReachability(document);
    for (const a of document.instances)
      for (const b of document.instances) expect(reach.surelyNoRoute(a.instanceId, b.instanceId)).toBe(false);
  });
});

describe('an ICMP flow reads only the ICMP and ALL rules of its pool', () => {
  const rule = (ipProtocol: string, portRange: string, policy: string, sourceCidrIp: string) => ({
    direction: 'ingress',
    ipProtocol,
    portRange,
    policy,
    priority: 1,
    sourceCidrIp,
  });
  const doc = oneVpc(
    [
      { securityGroupId: 'sg-a', securityGroupType: 'normal', permissions: [] },
      {
        securityGroupId: 'sg-b',
        securityGroupType: 'normal',
        permissions: [
          rule('TCP', '22/22', 'Drop', '10.0.1.0/24'),
          rule('ALL', '-1/-1', 'Drop', '10.0.1.10/32'),
          rule('UDP', '53/53', 'Drop', '10.0.1.0/24'),
          rule('ICMP', '-1/-1', 'Drop', '10.0.1.0/24'),
          rule('ICMP', '-1/-1', 'Accept', '10.0.1.0/24'),
          rule('TCP', '1/65535', 'Drop', '10.0.0.0/8'),
        ],
      },
    ],
    [
      ['i-a', '10.0.1.10', ['sg-a']],
      ['i-b', '10.0.1.20', ['sg-b']],
    ],
  );

  it('the first priority-1 Drop that matches ICMP decides (the ALL rule); the fix removes the ICMP and ALL Drops only', () => {
    const result = check(doc, 'i-a', 'i-b');
    expect(result.verdict).toBe('unreachable');
    const [b, ...rest] = result.blockers;
    expect(rest).toEqual([]);
    expect(b).toMatchObject({
      code: 'SG_INGRESS_DENIED',
      resourceId: 'sg-b',
      cause: 'EXPLICIT_DROP',
      rulePath: '/securityGroups/1/permissions/1',
    });
    expect(b!.fix).toEqual([
      {
        op: 'add',
        path: '/securityGroups/1/permissions/-',
        value: {
          direction: 'ingress',
          ipProtocol: 'ICMP',
          portRange: '-1/-1',
          policy: 'Accept',
          priority: 1,
          sourceCidrIp: '10.0.1.10/32',
          description: 'added by vpclink fix',
        },
      },
      { op: 'remove', path: '/securityGroups/1/permissions/3' },
      { op: 'remove', path: '/securityGroups/1/permissions/1' },
    ]);
    const reach = createReachability(doc);
    expect(reach.verdict({ from: 'i-a', to: 'i-b', protocol: 'icmp', port: null })).toEqual({
      verdict: result.verdict,
      blockers: result.blockers,
    });
  });

  it('a TCP flow through the same pool still reads its TCP rules', () => {
    const [b] = check(doc, 'i-a', 'i-b', 'tcp', 22).blockers;
    expect(b).toMatchObject({ code: 'SG_INGRESS_DENIED', rulePath: '/securityGroups/1/permissions/0' });
  });
});

describe('an ICMP check after update reads the edited rules, as a fresh index does', () => {
  const accept = (sourceCidrIp: string) => ({
    direction: 'ingress',
    ipProtocol: 'ICMP',
    portRange: '-1/-1',
    policy: 'Accept',
    priority: 1,
    sourceCidrIp,
  });
  const groups = [
    { securityGroupId: 'sg-a', securityGroupType: 'normal', permissions: [accept('10.0.0.0/16')] },
    { securityGroupId: 'sg-b', securityGroupType: 'normal', permissions: [] },
  ];
  const doc = oneVpc(groups, [
    ['i-a', '10.0.1.10', ['sg-a']],
    ['i-b', '10.0.1.20', ['sg-b']],
  ]);
  const withGroups = (edit: (list: Raw[]) => Raw[]): Topology => ({
    ...doc,
    securityGroups: edit([...doc.securityGroups]) as Topology['securityGroups'],
  });
  // [edit, flow from → to, verdict after the edit, the denying rule's path after it (if any)]
  const cases: ReadonlyArray<readonly [string, () => Topology, string, string, string, string | null]> = [
    [
      'an ICMP Accept added to the destination',
      () => withGroups((l) => [l[0], { ...l[1], permissions: [accept('10.0.1.10/32')] }]),
      'i-a',
      'i-b',
      'reachable',
      null,
    ],
    [
      'the Accept removed from the destination',
      () => withGroups((l) => [{ ...l[0], permissions: [] }, l[1]]),
      'i-b',
      'i-a',
      'unreachable',
      null,
    ],
    [
      'an edit elsewhere (the other pool kept)',
      () => withGroups((l) => [l[0], { ...l[1], name: 'renamed' }]),
      'i-b',
      'i-a',
      'reachable',
      null,
    ],
    [
      'the groups swapped places: the rule paths move',
      () => withGroups((l) => [{ ...l[1], permissions: [{ ...accept('10.0.1.10/32'), policy: 'Drop' }] }, l[0]]),
      'i-a',
      'i-b',
      'unreachable',
      '/securityGroups/0/permissions/0',
    ],
  ];
  it.each(cases)('%s', (_name, edit, from, to, verdict, rulePath) => {
    const before = createReachability(doc);
    // Every pool of BEFORE traced by ICMP, both ways.
    for (const [s, d] of [
      ['i-a', 'i-b'],
      ['i-b', 'i-a'],
    ])
      before.check({ from: s!, to: d!, protocol: 'icmp', port: null });
    const next = edit();
    const flow: FlowSpec = { from, to, protocol: 'icmp', port: null };
    const updated = before.update(next).check(flow);
    if (isFlowInputError(updated)) throw new Error(updated.message);
    expect(updated.verdict).toBe(verdict);
    if (rulePath !== null) expect(updated.blockers.map((b) => b.rulePath)).toContain(rulePath);
    expect(JSON.stringify(updated)).toBe(JSON.stringify(createReachability(next).check(flow)));
  });
});
