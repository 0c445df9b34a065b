// The one-click fixes behind the blockers: break the example in one way, ask the simulator, apply
// the fix offered for each blocker, and the ping works again (both ways).
import { describe, expect, it } from 'vitest';
import type { Topology } from '../../simulator/document/schema';
import { applyJsonPatch, createReachability, type CheckResult } from '../../simulator/reach';
import { createDocumentStore } from '../../renderer/store/documentStore';
import { validateTopology } from '../../simulator/validate';
import { fixForBlocker } from '../../renderer/store/fixes';
import { removePermission, removeRouteEntry, updatePermission, updateResource } from '../../renderer/store/edits';
import type { FlowQuery } from '../../renderer/sim/types';
import { example } from './helpers';

const A = 'i-m5e8s3ti3g1xtn0gmaus';
const B = 'i-2ze6pb1ti4wkxo4mnwo3';
const SG_A = 'sg-m5eb1u5rbzpd4ljqj4b1';
const SG_B = 'sg-2zeh6s0f7hcwt1xp6cgl';
const RT1 = 'vtb-m5e64ujkb7xn5i2ukwzd1';
const RT2 = 'vtb-2zefk1lhcyspp1ncehn4b';
const RI1 = 'ri-m5e33r3n78zyi5573kf85';
const RI2 = 'ri-2zeix2q86uoyisagyz0pn';

function check(doc: Topology, flow: FlowQuery): CheckResult {
  const result = createReachability(doc).check(flow);
  if ('kind' in result) throw new Error(result.message);
  return result;
}

/** Applies the fix of every blocker, re-checking after each, until reachable (or no fix is offered). */
function fixAll(doc: Topology, flow: FlowQuery): { doc: Topology; applied: string[]; codes: string[] } {
  const applied: string[] = [];
  const codes: string[] = [];
  for (let round = 0; round < 6; round++) {
    const result = check(doc, flow);
    if (result.verdict === 'reachable') break;
    const blocker = result.blockers.find((b) => fixForBlocker(doc, b, flow));
    if (!blocker) break;
    codes.push(blocker.code);
    const fix = fixForBlocker(doc, blocker, flow)!;
    applied.push(fix.label);
    doc = fix.apply(doc);
  }
  return { doc, applied, codes };
}

const icmp: FlowQuery = { from: A, to: B, protocol: 'icmp', port: null };
const ssh: FlowQuery = { from: A, to: B, protocol: 'tcp', port: 22 };

const CASES: readonly { name: string; flow: FlowQuery; break: (d: Topology) => Topology; expectCode: string }[] = [
  {
    name: 'route back to VPC1 deleted (reply has no route)',
    flow: icmp,
    break: (d) => removeRouteEntry(d, RT2, 0),
    expectCode: 'NO_ROUTE',
  },
  {
    name: 'route to VPC2 deleted (request has no route)',
    flow: icmp,
    break: (d) => removeRouteEntry(d, RT1, 0),
    expectCode: 'NO_ROUTE',
  },
  {
    name: 'route to VPC2 points at a too-narrow block',
    flow: icmp,
    break: (d) => ({
      ...d,
      routeTables: d.routeTables.map((t) =>
        t.routeTableId === RT1
          ? { ...t, routeEntries: [{ ...t.routeEntries[0], destinationCidrBlock: '172.16.9.0/24' }] }
          : t,
      ),
    }),
    expectCode: 'NO_ROUTE',
  },
  {
    name: "B's group lost its ICMP rule",
    flow: icmp,
    break: (d) => removePermission(d, SG_B, 0),
    expectCode: 'SG_INGRESS_DENIED',
  },
  { name: 'ssh is not allowed in at all', flow: ssh, break: (d) => d, expectCode: 'SG_INGRESS_DENIED' },
  {
    name: "A's group is enterprise (egress denied by default)",
    flow: icmp,
    break: (d) => updateResource(d, SG_A, { securityGroupType: 'enterprise', innerAccessPolicy: undefined }),
    expectCode: 'SG_EGRESS_DENIED',
  },
  {
    name: 'acceptor never got the initiator details',
    flow: icmp,
    break: (d) =>
      updateResource(d, RI2, {
        oppositeInterfaceId: undefined,
        oppositeRouterId: undefined,
        oppositeInterfaceOwnerId: undefined,
        oppositeRouterType: undefined,
      }),
    expectCode: 'ROUTER_INTERFACE_MISMATCH',
  },
  {
    name: 'initiator names the wrong owner',
    flow: icmp,
    break: (d) => updateResource(d, RI1, { oppositeInterfaceOwnerId: '9999999999999999' }),
    expectCode: 'ROUTER_INTERFACE_MISMATCH',
  },
  {
    name: 'both ends say InitiatingSide',
    flow: icmp,
    break: (d) => updateResource(d, RI2, { role: 'InitiatingSide', spec: 'Mini.2' }),
    expectCode: 'ROUTER_INTERFACE_MISMATCH',
  },
  {
    name: 'imported pair is Idle (live status)',
    flow: icmp,
    break: (d) => updateResource(updateResource(d, RI1, { status: 'Idle' }), RI2, { status: 'Idle' }),
    expectCode: 'ROUTER_INTERFACE_NOT_ACTIVE',
  },
  {
    name: "B's ICMP rule only admits one other address",
    flow: icmp,
    break: (d) => updatePermission(d, SG_B, 0, { sourceCidrIp: '192.168.1.7/32' }),
    expectCode: 'SG_INGRESS_DENIED',
  },
];

describe('fixes for blockers', () => {
  it.each(CASES)('$name → $expectCode, fixed in one click per blocker', ({ flow, break: breakIt, expectCode }) => {
    const broken = breakIt(example('cross-account'));
    const first = check(broken, flow);
    expect(first.verdict).toBe('unreachable');
    expect(first.blockers.map((b) => b.code)).toContain(expectCode);
    const { doc, codes } = fixAll(broken, flow);
    expect(codes).toContain(expectCode);
    expect(check(doc, flow).verdict).toBe('reachable');
    // Fixes introduce no new validation errors.
    const errors = (d: Topology) =>
      new Set(
        validateTopology(d)
          .filter((f) => f.severity === 'error')
          .map((f) => `${f.code} ${f.path}`),
      );
    const before = errors(broken);
    expect([...errors(doc)].filter((e) => !before.has(e))).toEqual([]);
  });

  it('the broken-acceptor example is fixed by pairing the interfaces', () => {
    const doc = example('broken-acceptor-not-configured');
    const { doc: fixed, applied } = fixAll(doc, icmp);
    expect(applied[0]).toMatch(/^Pair /);
    expect(check(fixed, icmp).verdict).toBe('reachable');
    expect(fixed.routerInterfaces.find((r) => r.routerInterfaceId === RI2)).toMatchObject({
      oppositeInterfaceId: RI1,
      oppositeRouterId: 'vrt-m5e0yd4q6gptnc9y7bvsr',
      oppositeInterfaceOwnerId: '1231579085529123',
    });
  });

  it('the NO_ROUTE fix names the block and the interface, and adds exactly one route', () => {
    const broken = removeRouteEntry(example('cross-account'), RT2, 0);
    const blocker = check(broken, icmp).blockers.find((b) => b.code === 'NO_ROUTE')!;
    expect(blocker.direction).toBe('return');
    const fix = fixForBlocker(broken, blocker, icmp)!;
    expect(fix.label).toBe('Add route 192.168.0.0/16 → vpc2-from-vpc1');
    const fixed = fix.apply(broken);
    expect(fixed.routeTables.find((t) => t.routeTableId === RT2)!.routeEntries).toEqual([
      {
        destinationCidrBlock: '192.168.0.0/16',
        nextHopType: 'RouterInterface',
        nextHopId: RI2,
        status: 'Available',
        routeEntryName: 'to-VPC1',
      },
    ]);
  });

  it('with no connection toward the destination, the fix designs a VPC peering connection and its routes', () => {
    const doc = example('cross-account');
    let d: Topology = { ...doc, routerInterfaces: [] };
    const first = check(d, icmp);
    expect(first.verdict).toBe('unreachable');
    const blocker = first.blockers.find((b) => b.fix)!;
    const fix = fixForBlocker(d, blocker, icmp)!;
    expect(fix.label).toMatch(/^Peer vpc-\S+ with vpc-\S+ and route through it$/);
    const { doc: fixed } = fixAll(d, icmp);
    d = fixed;
    expect(check(d, icmp).verdict).toBe('reachable');
    expect(d.vpcPeerConnections).toHaveLength(1);
  });

  it("the Fix button applies the blocker's JSON Patch as-is (the same as check --json), and undo restores", () => {
    const broken = removePermission(example('cross-account'), SG_B, 0);
    const blocker = check(broken, icmp).blockers.find((b) => b.code === 'SG_INGRESS_DENIED')!;
    expect(blocker.fix).toBeDefined();
    const fix = fixForBlocker(broken, blocker, icmp)!;
    expect(fix.label).toMatch(/^Allow ICMP from 192\.168\.1\.100\/32 in /);
    expect(fix.apply(broken)).toEqual(applyJsonPatch(broken, blocker.fix!));
    const store = createDocumentStore(broken);
    store.getState().change(`Fix: ${fix.label}`, fix.apply);
    expect(check(store.getState().doc, icmp).verdict).toBe('reachable');
    store.getState().undo();
    expect(store.getState().doc).toBe(broken);
    store.getState().redo();
    expect(check(store.getState().doc, icmp).verdict).toBe('reachable');
  });

  it('offers no fix when the patch no longer applies to the edited document', () => {
    const broken = removeRouteEntry(example('cross-account'), RT2, 0);
    const blocker = check(broken, icmp).blockers.find((b) => b.code === 'NO_ROUTE')!;
    const edited: Topology = { ...broken, routeTables: [] };
    expect(fixForBlocker(edited, blocker, icmp)).toBeUndefined();
  });
});
