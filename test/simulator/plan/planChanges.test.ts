import { describe, expect, it } from 'vitest';
import { ownerMarker, planChanges, type Plan, type PlanStep } from '../../../simulator/plan';
import { appliedOf, baseOf, CROSS, load, loadExample } from './fixtures';

const cross = loadExample('cross-account');
const noDelta = { reachabilityDelta: false } as const;

const I = `${CROSS.accountA}:cn-qingdao:${CROSS.vrtA}:InitiatingSide:${CROSS.vrtB}`;
const A = `${CROSS.accountB}:cn-beijing:${CROSS.vrtB}:AcceptingSide:${CROSS.vrtA}`;

function step(plan: Plan, id: string): PlanStep {
  const found = plan.steps.find((s) => s.id === id);
  if (!found) throw new Error(`no step ${id} in ${plan.steps.map((s) => s.id).join(', ')}`);
  return found;
}

/** Every transitive dependency of a step. */
function ancestors(plan: Plan, id: string): Set<string> {
  const out = new Set<string>();
  const visit = (sid: string) => {
    for (const dep of step(plan, sid).dependsOn) {
      if (!out.has(dep)) {
        out.add(dep);
        visit(dep);
      }
    }
  };
  visit(id);
  return out;
}

describe('planChanges: cross-account example against the base seed (nothing interconnected yet)', () => {
  const plan = planChanges(cross, baseOf(cross), noDelta);

  it('lists the tutorial steps in a working order', () => {
    expect(plan.steps.map((s) => s.id)).toEqual([
      `create-ri:${I}`,
      `wait-ri-idle:${I}`,
      `create-ri:${A}`,
      `wait-ri-idle:${A}`,
      `modify-ri:${A}`,
      `modify-ri:${I}`,
      `connect-ri:${I}`,
      `wait-ri-active:${I}`,
      `wait-ri-active:${A}`,
      `create-route:${CROSS.vtbA}:172.16.0.0/16`,
      `wait-route:${CROSS.vtbA}:172.16.0.0/16`,
      `create-route:${CROSS.vtbB}:192.168.0.0/16`,
      `wait-route:${CROSS.vtbB}:192.168.0.0/16`,
      `authorize-sg:${CROSS.sgA}:ingress`,
      `authorize-sg:${CROSS.sgB}:ingress`,
    ]);
    expect(plan.problems).toEqual([]);
  });

  it('creates the initiator with its spec and the acceptor with Negative, each in its own account and region', () => {
    const ci = step(plan, `create-ri:${I}`);
    expect(ci).toMatchObject({
      accountId: CROSS.accountA,
      regionId: 'cn-qingdao',
      product: 'vpc',
      action: 'CreateRouterInterface',
      mutating: true,
    });
    expect(ci.params).toMatchObject({
      Role: 'InitiatingSide',
      Spec: 'Mini.2',
      RouterType: 'VRouter',
      RouterId: CROSS.vrtA,
      OppositeRegionId: 'cn-beijing',
      OppositeRouterId: CROSS.vrtB,
      OppositeInterfaceOwnerId: CROSS.accountB,
      OppositeRouterType: 'VRouter',
    });
    const ca = step(plan, `create-ri:${A}`);
    expect(ca).toMatchObject({ accountId: CROSS.accountB, regionId: 'cn-beijing' });
    expect(ca.params).toMatchObject({
      Role: 'AcceptingSide',
      Spec: 'Negative',
      RouterId: CROSS.vrtB,
      OppositeRegionId: 'cn-qingdao',
    });
  });

  it("sets the acceptor's opposite info first, pointing at the initiator's new ID, then the initiator's", () => {
    const ma = step(plan, `modify-ri:${A}`);
    expect(ma.params).toMatchObject({
      RouterInterfaceId: { $ref: `create-ri:${A}.RouterInterfaceId` },
      OppositeInterfaceId: { $ref: `create-ri:${I}.RouterInterfaceId` },
      OppositeRouterId: CROSS.vrtA,
      OppositeRouterType: 'VRouter',
      OppositeInterfaceOwnerId: CROSS.accountA,
    });
    const mi = step(plan, `modify-ri:${I}`);
    expect(mi.dependsOn).toContain(`modify-ri:${A}`);
    expect(mi.params).toMatchObject({
      OppositeInterfaceId: { $ref: `create-ri:${A}.RouterInterfaceId` },
      OppositeInterfaceOwnerId: CROSS.accountB,
    });
    const connect = step(plan, `connect-ri:${I}`);
    expect(connect.accountId).toBe(CROSS.accountA);
    expect(ancestors(plan, connect.id)).toEqual(
      new Set([
        `create-ri:${I}`,
        `wait-ri-idle:${I}`,
        `create-ri:${A}`,
        `wait-ri-idle:${A}`,
        `modify-ri:${A}`,
        `modify-ri:${I}`,
      ]),
    );
  });

  it('routes wait for both interfaces to be Active and name the new interface as next hop', () => {
    const r = step(plan, `create-route:${CROSS.vtbA}:172.16.0.0/16`);
    expect(r.params).toMatchObject({
      RouteTableId: CROSS.vtbA,
      DestinationCidrBlock: '172.16.0.0/16',
      NextHopType: 'RouterInterface',
      NextHopId: { $ref: `create-ri:${I}.RouterInterfaceId` },
      RouteEntryName: 'to-vpc2',
    });
    expect(ancestors(plan, r.id)).toContain(`wait-ri-active:${I}`);
    const rb = step(plan, `create-route:${CROSS.vtbB}:192.168.0.0/16`);
    expect(rb.params).toMatchObject({ NextHopId: { $ref: `create-ri:${A}.RouterInterfaceId` } });
    expect(rb.accountId).toBe(CROSS.accountB);
  });

  it('security-group rules carry the peer CIDR and are independent of the interfaces', () => {
    const sa = step(plan, `authorize-sg:${CROSS.sgA}:ingress`);
    expect(sa).toMatchObject({
      product: 'ecs',
      action: 'AuthorizeSecurityGroup',
      accountId: CROSS.accountA,
      regionId: 'cn-qingdao',
      dependsOn: [],
    });
    expect(sa.params.Permissions).toEqual([
      {
        IpProtocol: 'ICMP',
        PortRange: '-1/-1',
        SourceCidrIp: '172.16.0.0/16',
        Policy: 'Accept',
        Priority: '1',
        NicType: 'intranet',
        // The document's description, then the ownership marker (owner.ts).
        Description: `ping from VPC2 (cross-region: authorise the peer VPC's CIDR block) [${ownerMarker(cross)}]`,
      },
    ]);
  });

  it('gives every create a deterministic ClientToken of at most 64 ASCII chars', () => {
    const again = planChanges(cross, baseOf(cross), noDelta);
    expect(again.fingerprint).toBe(plan.fingerprint);
    const creates = plan.steps.filter(
      (s) => s.kind === 'createRouterInterface' || s.kind === 'createRouteEntry' || s.kind === 'authorizeSecurityGroup',
    );
    expect(creates).toHaveLength(6);
    const tokens = creates.map((s) => s.params.ClientToken as string);
    for (const token of tokens) expect(token).toMatch(/^[\x21-\x7e]{1,64}$/);
    expect(new Set(tokens).size).toBe(tokens.length);
    expect(again.steps.map((s) => s.params.ClientToken)).toEqual(plan.steps.map((s) => s.params.ClientToken));
    for (const s of plan.steps.filter((s) => s.kind.startsWith('wait') || s.kind === 'modifyRouterInterfaceAttribute'))
      expect(s.params.ClientToken).toBeUndefined();
  });

  it('a token salt (the run ID) changes every ClientToken but not the fingerprint', () => {
    const a = planChanges(cross, baseOf(cross), { ...noDelta, tokenSalt: 'run-1' });
    const b = planChanges(cross, baseOf(cross), { ...noDelta, tokenSalt: 'run-2' });
    const a2 = planChanges(cross, baseOf(cross), { ...noDelta, tokenSalt: 'run-1' });
    expect(a.fingerprint).toBe(plan.fingerprint);
    expect(b.fingerprint).toBe(plan.fingerprint);
    const tokens = (p: Plan) => p.steps.map((s) => s.params.ClientToken).filter(Boolean);
    expect(tokens(a2)).toEqual(tokens(a));
    for (const [x, y] of tokens(a).map((t, i) => [t, tokens(b)[i]])) expect(x).not.toBe(y);
    for (const [x, y] of tokens(a).map((t, i) => [t, tokens(plan)[i]])) expect(x).not.toBe(y);
  });

  it('prices the interfaces: the initiator is billed for its spec, the acceptor is Negative', () => {
    expect(plan.billable).toEqual([
      expect.objectContaining({
        accountId: CROSS.accountA,
        regionId: 'cn-qingdao',
        spec: 'Mini.2',
        bandwidthMbps: 2,
        charged: true,
        billing: 'billed per day (pay-as-you-go)',
      }),
      expect.objectContaining({
        accountId: CROSS.accountB,
        regionId: 'cn-beijing',
        spec: 'Negative',
        bandwidthMbps: 0,
        charged: false,
      }),
    ]);
    expect(plan.summary).toEqual({ steps: 15, mutating: 9, creates: 6, deletes: 0, modifies: 3, waits: 6 });
  });

  it('never puts anything secret-looking in params', () => {
    expect(JSON.stringify(plan)).not.toMatch(/AccessKey|Secret|SecurityToken|Signature/i);
  });
});

describe('planChanges: partially applied and fully applied states', () => {
  it('both interfaces exist (Idle, peer IDs unset): only the rest — modify, connect, routes, rules — with live IDs', () => {
    const current = {
      ...baseOf(cross),
      routerInterfaces: cross.routerInterfaces.map((ri) => ({
        ...ri,
        routerInterfaceId: ri.role === 'InitiatingSide' ? 'ri-live-i' : 'ri-live-a',
        oppositeInterfaceId: undefined,
        status: 'Idle' as const,
      })),
    };
    const plan = planChanges(cross, current, noDelta);
    expect(plan.steps.map((s) => s.kind)).toEqual([
      'modifyRouterInterfaceAttribute',
      'modifyRouterInterfaceAttribute',
      'connectRouterInterface',
      'waitRouterInterface',
      'waitRouterInterface',
      'createRouteEntry',
      'waitRouteEntry',
      'createRouteEntry',
      'waitRouteEntry',
      'authorizeSecurityGroup',
      'authorizeSecurityGroup',
    ]);
    expect(step(plan, `modify-ri:${A}`).params).toMatchObject({
      RouterInterfaceId: 'ri-live-a',
      OppositeInterfaceId: 'ri-live-i',
    });
    expect(step(plan, `create-route:${CROSS.vtbA}:172.16.0.0/16`).params.NextHopId).toBe('ri-live-i');
    expect(plan.routerInterfaceIds).toEqual({ [CROSS.riI]: 'ri-live-i', [CROSS.riA]: 'ri-live-a' });
  });

  it('initiator exists and already points right; acceptor missing: create the acceptor, modify both as needed', () => {
    const current = {
      ...baseOf(cross),
      routerInterfaces: [
        {
          ...cross.routerInterfaces[0]!,
          routerInterfaceId: 'ri-live-i',
          oppositeInterfaceId: undefined,
          status: 'Idle' as const,
        },
      ],
    };
    const plan = planChanges(cross, current, noDelta);
    expect(plan.steps.slice(0, 5).map((s) => s.id)).toEqual([
      `create-ri:${A}`,
      `wait-ri-idle:${A}`,
      `modify-ri:${A}`,
      `modify-ri:${I}`,
      `connect-ri:${I}`,
    ]);
    expect(step(plan, `modify-ri:${A}`).params.OppositeInterfaceId).toBe('ri-live-i');
  });

  it('routes and one rule present: only the missing rule', () => {
    const live = appliedOf(cross, { [CROSS.riI]: 'ri-live-i', [CROSS.riA]: 'ri-live-a' });
    const current = {
      ...live,
      securityGroups: live.securityGroups.map((g) => (g.securityGroupId === CROSS.sgB ? { ...g, permissions: [] } : g)),
    };
    const plan = planChanges(cross, current, noDelta);
    expect(plan.steps.map((s) => s.id)).toEqual([`authorize-sg:${CROSS.sgB}:ingress`]);
  });

  it('everything matches: an empty plan', () => {
    const plan = planChanges(cross, appliedOf(cross, { [CROSS.riI]: 'ri-live-i', [CROSS.riA]: 'ri-live-a' }), noDelta);
    expect(plan.steps).toEqual([]);
    expect(plan.summary.mutating).toBe(0);
  });

  it('a rule that differs only in priority or case counts as present (aliyun-api.md §5.4 identity)', () => {
    const live = appliedOf(cross, { [CROSS.riI]: 'x', [CROSS.riA]: 'y' });
    const current = {
      ...live,
      securityGroups: live.securityGroups.map((g) => ({
        ...g,
        permissions: g.permissions.map((p) => ({ ...p, priority: 5, description: 'other' })),
      })),
    };
    expect(planChanges(cross, current, noDelta).steps).toEqual([]);
  });

  it('a connection under way: only waits, no call', () => {
    const plan = planChanges(cross, appliedOf(cross, { [CROSS.riI]: 'x', [CROSS.riA]: 'y' }, 'Idle'), noDelta);
    // Idle both and pointing at each other: connect again.
    expect(plan.steps.map((s) => s.kind)).toEqual([
      'connectRouterInterface',
      'waitRouterInterface',
      'waitRouterInterface',
    ]);
    const connecting = appliedOf(cross, { [CROSS.riI]: 'x', [CROSS.riA]: 'y' });
    const c2 = {
      ...connecting,
      routerInterfaces: connecting.routerInterfaces.map((ri) => ({
        ...ri,
        status: ri.role === 'InitiatingSide' ? ('Connecting' as const) : ('AcceptingConnecting' as const),
      })),
    };
    expect(planChanges(cross, c2, noDelta).steps.map((s) => s.kind)).toEqual([
      'waitRouterInterface',
      'waitRouterInterface',
    ]);
  });

  it('a deactivated pair is activated, not reconnected', () => {
    const plan = planChanges(
      cross,
      appliedOf(cross, { [CROSS.riI]: 'ri-x', [CROSS.riA]: 'ri-y' }, 'Inactive'),
      noDelta,
    );
    expect(plan.steps.map((s) => s.id)).toEqual([
      `activate-ri:${I}`,
      `activate-ri:${A}`,
      `wait-ri-active:${I}`,
      `wait-ri-active:${A}`,
    ]);
    expect(step(plan, `activate-ri:${I}`).params).toEqual({ RegionId: 'cn-qingdao', RouterInterfaceId: 'ri-x' });
  });

  it('a live initiator with another spec gets ModifyRouterInterfaceSpec and its cost', () => {
    const live = appliedOf(cross, { [CROSS.riI]: 'ri-x', [CROSS.riA]: 'ri-y' });
    const current = {
      ...live,
      routerInterfaces: live.routerInterfaces.map((ri) =>
        ri.role === 'InitiatingSide' ? { ...ri, spec: 'Mini.5' as const } : ri,
      ),
    };
    const plan = planChanges(cross, current, noDelta);
    expect(plan.steps.map((s) => s.kind)).toEqual(['modifyRouterInterfaceSpec', 'waitRouterInterface']);
    expect(plan.billable).toEqual([expect.objectContaining({ spec: 'Mini.2', bandwidthMbps: 2 })]);
  });

  it('a live interface on the same router pair connected to something else is an error, not a silent change', () => {
    const live = appliedOf(cross, { [CROSS.riI]: 'ri-x', [CROSS.riA]: 'ri-y' });
    const current = {
      ...live,
      routerInterfaces: live.routerInterfaces.map((ri) =>
        ri.role === 'InitiatingSide' ? { ...ri, oppositeInterfaceId: 'ri-other' } : ri,
      ),
    };
    const plan = planChanges(cross, current, noDelta);
    expect(plan.problems.map((p) => [p.code, p.severity, p.resourceId])).toEqual([
      ['RI_LIVE_CONNECTED_ELSEWHERE', 'error', 'ri-x'],
    ]);
    expect(plan.steps.some((s) => s.kind === 'createRouterInterface' || s.kind === 'connectRouterInterface')).toBe(
      false,
    );
  });

  it('a route with the same destination but another next hop is replaced (delete, wait, create), serialised', () => {
    const live = appliedOf(cross, { [CROSS.riI]: 'ri-x', [CROSS.riA]: 'ri-y' });
    const current = {
      ...live,
      routeTables: live.routeTables.map((t) =>
        t.routeTableId === CROSS.vtbA
          ? {
              ...t,
              routeEntries: [
                {
                  destinationCidrBlock: '172.16.0.0/16',
                  nextHopType: 'Instance' as const,
                  nextHopId: 'i-router',
                  status: 'Available' as const,
                },
              ],
            }
          : t,
      ),
    };
    const plan = planChanges(cross, current, noDelta);
    expect(plan.steps.map((s) => s.id)).toEqual([
      `delete-route:${CROSS.vtbA}:172.16.0.0/16`,
      `wait-route-gone:${CROSS.vtbA}:172.16.0.0/16`,
      `create-route:${CROSS.vtbA}:172.16.0.0/16`,
      `wait-route:${CROSS.vtbA}:172.16.0.0/16`,
    ]);
    expect(step(plan, `create-route:${CROSS.vtbA}:172.16.0.0/16`).dependsOn).toEqual([
      `wait-route-gone:${CROSS.vtbA}:172.16.0.0/16`,
    ]);
    expect(plan.problems.map((p) => p.code)).toEqual(['ROUTE_REPLACED']);
  });

  it('missing VPCs, route tables and groups in the current state are errors', () => {
    const current = { ...baseOf(cross), vpcs: cross.vpcs.slice(0, 1), routeTables: [], securityGroups: [] };
    const plan = planChanges(cross, current, noDelta);
    expect(
      plan.problems
        .filter((p) => p.severity === 'error')
        .map((p) => p.code)
        .sort(),
    ).toEqual([
      'ROUTE_TABLE_NOT_LIVE',
      'ROUTE_TABLE_NOT_LIVE',
      'SECURITY_GROUP_NOT_LIVE',
      'SECURITY_GROUP_NOT_LIVE',
      'VPC_NOT_LIVE',
    ]);
  });
});

describe('planChanges: ordering rules', () => {
  it('serialises route writes per VPC: each waits for the previous one to be Available; other VPCs run in parallel', () => {
    const doc = load({
      ...cross,
      routeTables: cross.routeTables.map((t) =>
        t.routeTableId === CROSS.vtbA
          ? {
              ...t,
              routeEntries: [
                { destinationCidrBlock: '172.16.1.0/24', nextHopType: 'RouterInterface', nextHopId: CROSS.riI },
                { destinationCidrBlock: '172.16.2.0/24', nextHopType: 'RouterInterface', nextHopId: CROSS.riI },
                { destinationCidrBlock: '172.16.3.0/24', nextHopType: 'RouterInterface', nextHopId: CROSS.riI },
              ],
            }
          : t,
      ),
    });
    const plan = planChanges(doc, baseOf(doc), noDelta);
    expect(step(plan, `create-route:${CROSS.vtbA}:172.16.1.0/24`).dependsOn).toEqual([`wait-ri-active:${I}`]);
    expect(step(plan, `create-route:${CROSS.vtbA}:172.16.2.0/24`).dependsOn).toEqual([
      `wait-route:${CROSS.vtbA}:172.16.1.0/24`,
      `wait-ri-active:${I}`,
    ]);
    expect(step(plan, `create-route:${CROSS.vtbA}:172.16.3.0/24`).dependsOn).toEqual([
      `wait-route:${CROSS.vtbA}:172.16.2.0/24`,
      `wait-ri-active:${I}`,
    ]);
    expect(step(plan, `create-route:${CROSS.vtbB}:192.168.0.0/16`).dependsOn).toEqual([`wait-ri-active:${A}`]);
  });

  it('batches up to 100 rules per call per group and direction', () => {
    const many = Array.from({ length: 150 }, (_, n) => ({
      direction: 'ingress',
      ipProtocol: 'TCP',
      portRange: `${n + 1}/${n + 1}`,
      sourceCidrIp: '172.16.0.0/16',
    }));
    const egress = [{ direction: 'egress', ipProtocol: 'ALL', portRange: '-1/-1', destCidrIp: '172.16.0.0/16' }];
    const doc = load({
      ...cross,
      securityGroups: cross.securityGroups.map((g) =>
        g.securityGroupId === CROSS.sgA ? { ...g, permissions: [...many, ...egress, many[0]] } : g,
      ),
    });
    const plan = planChanges(doc, baseOf(doc), noDelta);
    const sg = plan.steps.filter((s) => s.kind === 'authorizeSecurityGroup' && s.accountId === CROSS.accountA);
    expect(sg.map((s) => [s.id, s.action, (s.params.Permissions as unknown[]).length])).toEqual([
      [`authorize-sg:${CROSS.sgA}:ingress:1`, 'AuthorizeSecurityGroup', 100],
      [`authorize-sg:${CROSS.sgA}:ingress:2`, 'AuthorizeSecurityGroup', 50],
      [`authorize-sg:${CROSS.sgA}:egress`, 'AuthorizeSecurityGroupEgress', 1],
    ]);
  });

  it('an inconsistent pair (acceptor never given its peer) is created as written but not connected', () => {
    const broken = loadExample('broken-acceptor-not-configured');
    const plan = planChanges(broken, baseOf(broken), noDelta);
    const kinds = plan.steps.filter((s) => s.kind.includes('RouterInterface')).map((s) => s.kind);
    expect(kinds).toEqual([
      'createRouterInterface',
      'waitRouterInterface',
      'createRouterInterface',
      'waitRouterInterface',
      'modifyRouterInterfaceAttribute',
    ]);
    expect(plan.steps.find((s) => s.kind === 'modifyRouterInterfaceAttribute')!.accountId).toBe(CROSS.accountA);
    expect(plan.problems.map((p) => p.code)).toContain('RI_PAIR_INCONSISTENT');
    expect(plan.steps.some((s) => s.kind === 'connectRouterInterface')).toBe(false);
  });

  it('an interface without a partner is left out with a warning', () => {
    const doc = load({
      ...cross,
      routerInterfaces: [{ ...cross.routerInterfaces[0], oppositeInterfaceId: 'ri-nowhere' }],
      routeTables: [],
    });
    const plan = planChanges(doc, baseOf(doc), noDelta);
    expect(plan.steps.filter((s) => s.kind === 'createRouterInterface')).toEqual([]);
    expect(plan.problems.map((p) => p.code)).toEqual(['RI_PAIR_INCOMPLETE']);
  });

  it('same-account example: both ends in one account, still acceptor first', () => {
    const same = loadExample('same-account');
    const plan = planChanges(same, baseOf(same), noDelta);
    const ids = plan.steps.map((s) => s.id);
    const modifies = plan.steps.filter((s) => s.kind === 'modifyRouterInterfaceAttribute');
    expect(modifies).toHaveLength(2);
    expect(modifies[0]!.id).toContain('AcceptingSide');
    expect(ids.indexOf(modifies[0]!.id)).toBeLessThan(ids.indexOf(modifies[1]!.id));
    expect(plan.problems).toEqual([]);
  });
});

describe('planChanges: reachability delta', () => {
  it('cross-account from the base seed: both pings start working', () => {
    const plan = planChanges(cross, baseOf(cross));
    expect(plan.reachabilityDelta).toEqual([
      { from: CROSS.iA, to: CROSS.iB, protocol: 'icmp', before: 'unreachable', after: 'reachable' },
      { from: CROSS.iB, to: CROSS.iA, protocol: 'icmp', before: 'unreachable', after: 'reachable' },
    ]);
  });

  it('only the missing rule of one side: the delta names exactly the flows it fixes', () => {
    const live = appliedOf(cross, { [CROSS.riI]: 'ri-live-i', [CROSS.riA]: 'ri-live-a' });
    const current = {
      ...live,
      securityGroups: live.securityGroups.map((g) => (g.securityGroupId === CROSS.sgB ? { ...g, permissions: [] } : g)),
    };
    const plan = planChanges(cross, current);
    // Ping A→B needs B's ingress rule; B→A replies are stateful, so only A→B changes.
    expect(plan.reachabilityDelta.map((c) => `${c.from}->${c.to}:${c.before}->${c.after}`)).toEqual([
      `${CROSS.iA}->${CROSS.iB}:unreachable->reachable`,
    ]);
  });

  it('an empty plan has an empty delta; the broken example stays unreachable (no change)', () => {
    expect(planChanges(cross, appliedOf(cross, { [CROSS.riI]: 'x', [CROSS.riA]: 'y' })).reachabilityDelta).toEqual([]);
    const broken = loadExample('broken-acceptor-not-configured');
    expect(planChanges(broken, baseOf(broken)).reachabilityDelta).toEqual([]);
  });
});
