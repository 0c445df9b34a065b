import { describe, expect, it } from 'vitest';
import {
  decideRouterInterface,
  settleEffects,
  type LifecycleRouterInterface,
  type RiOperation,
} from '../../../simulator/lifecycle';

const initiator: LifecycleRouterInterface = {
  routerInterfaceId: 'ri-a',
  accountId: '111',
  regionId: 'cn-qingdao',
  routerType: 'VRouter',
  routerId: 'vrt-a',
  role: 'InitiatingSide',
  spec: 'Mini.2',
  status: 'Idle',
  oppositeRegionId: 'cn-beijing',
  oppositeInterfaceId: 'ri-b',
  oppositeRouterId: 'vrt-b',
  oppositeRouterType: 'VRouter',
  oppositeInterfaceOwnerId: '222',
};
const acceptor: LifecycleRouterInterface = {
  routerInterfaceId: 'ri-b',
  accountId: '222',
  regionId: 'cn-beijing',
  routerType: 'VRouter',
  routerId: 'vrt-b',
  role: 'AcceptingSide',
  spec: 'Negative',
  status: 'Idle',
  oppositeRegionId: 'cn-qingdao',
  oppositeInterfaceId: 'ri-a',
  oppositeRouterId: 'vrt-a',
  oppositeRouterType: 'VRouter',
  oppositeInterfaceOwnerId: '111',
};

function world(...ris: LifecycleRouterInterface[]): Map<string, LifecycleRouterInterface> {
  return new Map(ris.map((r) => [r.routerInterfaceId, r]));
}

const connect = (id = 'ri-a'): RiOperation => ({ kind: 'connect', routerInterfaceId: id });

describe('ConnectRouterInterface preconditions (aliyun-api.md §3.4)', () => {
  const { oppositeInterfaceId: _omit, ...initiatorNoPeer } = initiator;
  const { oppositeInterfaceOwnerId: _omit2, ...acceptorNoOwner } = acceptor;
  it.each<[string, LifecycleRouterInterface[], string, string]>([
    ['from the acceptor', [initiator, acceptor], 'ri-b', 'IncorrectRole.NotInitiatingSide'],
    ['initiator not Idle', [{ ...initiator, status: 'Active' }, acceptor], 'ri-a', 'IncorrectRIStatus'],
    [
      'own opposite info unset',
      [initiatorNoPeer as LifecycleRouterInterface, acceptor],
      'ri-a',
      'IncorrectOppositeInterfaceInfo.NotSet',
    ],
    [
      'peer opposite info unset',
      [initiator, acceptorNoOwner as LifecycleRouterInterface],
      'ri-a',
      'IncorrectOppositeInterfaceInfo.NotSet',
    ],
    ['same router', [{ ...initiator, oppositeRouterId: 'vrt-a' }, acceptor], 'ri-a', 'IncorrectOppositeInterfaceInfo'],
    ['peer missing', [initiator], 'ri-a', 'IncorrectOppositeInterfaceInfo'],
    [
      'wrong owner',
      [{ ...initiator, oppositeInterfaceOwnerId: '999' }, acceptor],
      'ri-a',
      'IncorrectOppositeInterfaceInfo',
    ],
    [
      'wrong region',
      [{ ...initiator, oppositeRegionId: 'cn-shanghai' }, acceptor],
      'ri-a',
      'IncorrectOppositeInterfaceInfo',
    ],
    [
      'router type VBR',
      [{ ...initiator, oppositeRouterType: 'VBR' }, acceptor],
      'ri-a',
      'IncorrectOppositeInterfaceInfo',
    ],
    [
      'peer points elsewhere',
      [initiator, { ...acceptor, oppositeInterfaceId: 'ri-z' }],
      'ri-a',
      'IncorrectOppositeInterfaceInfo',
    ],
    [
      'peer is an initiator too',
      [initiator, { ...acceptor, role: 'InitiatingSide', spec: 'Mini.2' }],
      'ri-a',
      'IncorrectOppositeInterfaceInfo',
    ],
    ['peer not Idle', [initiator, { ...acceptor, status: 'Inactive' }], 'ri-a', 'IncorrectRIStatus'],
    ['unknown interface', [initiator, acceptor], 'ri-none', 'InvalidRouterInterfaceId.NotFound'],
  ])('%s → %s', (_name, ris, id, code) => {
    const decision = decideRouterInterface(world(...ris), connect(id));
    expect(decision.kind).toBe('refused');
    if (decision.kind === 'refused') expect(decision.error.code).toBe(code);
  });

  it('a consistent Idle pair connects: Connecting / AcceptingConnecting, then both Active', () => {
    const w = world(initiator, acceptor);
    const decision = decideRouterInterface(w, connect());
    expect(decision).toEqual({
      kind: 'accepted',
      effects: [
        { routerInterfaceId: 'ri-a', now: 'Connecting', then: { status: 'Active', phase: 'connect' } },
        { routerInterfaceId: 'ri-b', now: 'AcceptingConnecting', then: { status: 'Active', phase: 'connect' } },
      ],
    });
    if (decision.kind !== 'accepted') return;
    const after = settleEffects(w, decision.effects);
    expect([after.get('ri-a')!.status, after.get('ri-b')!.status]).toEqual(['Active', 'Active']);
    // The input world is unchanged (rehearsal works on copies).
    expect(w.get('ri-a')!.status).toBe('Idle');
  });

  it('only one connected pair between two routers → Forbidden.OnlyOneConnection', () => {
    const activeA = {
      ...initiator,
      routerInterfaceId: 'ri-a0',
      oppositeInterfaceId: 'ri-b0',
      status: 'Active' as const,
    };
    const activeB = {
      ...acceptor,
      routerInterfaceId: 'ri-b0',
      oppositeInterfaceId: 'ri-a0',
      status: 'Active' as const,
    };
    const decision = decideRouterInterface(world(initiator, acceptor, activeA, activeB), connect());
    expect(decision.kind === 'refused' && decision.error.code).toBe('Forbidden.OnlyOneConnection');
    // An Idle (never connected) pair on the same routers does not count.
    const idle = decideRouterInterface(
      world(initiator, acceptor, { ...activeA, status: 'Idle' }, { ...activeB, status: 'Idle' }),
      connect(),
    );
    expect(idle.kind).toBe('accepted');
  });
});

describe('create, activate, deactivate, delete, modify', () => {
  const onRouter = (n: number) => Array.from({ length: n }, (_, i) => ({ ...initiator, routerInterfaceId: `ri-${i}` }));
  it.each<[string, LifecycleRouterInterface[], RiOperation, string | 'accepted']>([
    ['5th interface on a router', onRouter(4), { kind: 'create', candidate: initiator }, 'accepted'],
    [
      '6th interface on a router',
      onRouter(5),
      { kind: 'create', candidate: initiator },
      'QuotaExceeded.RouterInterface',
    ],
    [
      'acceptor with bandwidth',
      [],
      { kind: 'create', candidate: { ...acceptor, spec: 'Mini.2' } },
      'InvalidParameter.Spec',
    ],
    [
      'initiator with Negative',
      [],
      { kind: 'create', candidate: { ...initiator, spec: 'Negative' } },
      'InvalidParameter.Spec',
    ],
    ['activate an Idle interface', [initiator], { kind: 'activate', routerInterfaceId: 'ri-a' }, 'IncorrectRIStatus'],
    [
      'deactivate an Idle interface',
      [initiator],
      { kind: 'deactivate', routerInterfaceId: 'ri-a' },
      'IncorrectRIStatus',
    ],
    [
      'delete an Active interface',
      [{ ...initiator, status: 'Active' }],
      { kind: 'delete', routerInterfaceId: 'ri-a', referencingRoutes: 0 },
      'IncorrectStatus',
    ],
    [
      'delete with a route through it',
      [{ ...initiator, status: 'Inactive' }],
      { kind: 'delete', routerInterfaceId: 'ri-a', referencingRoutes: 1 },
      'DependencyViolation.RouterInterfaceReferedByRouteEntry',
    ],
    [
      'delete an Idle interface',
      [initiator],
      { kind: 'delete', routerInterfaceId: 'ri-a', referencingRoutes: 0 },
      'accepted',
    ],
    [
      're-point an Active interface',
      [{ ...initiator, status: 'Active' }],
      { kind: 'modifyAttribute', routerInterfaceId: 'ri-a', changesOpposite: true },
      'IncorrectStatus',
    ],
    [
      'rename an Active interface',
      [{ ...initiator, status: 'Active' }],
      { kind: 'modifyAttribute', routerInterfaceId: 'ri-a', changesOpposite: false },
      'accepted',
    ],
    [
      'rename while Connecting',
      [{ ...initiator, status: 'Connecting' }],
      { kind: 'modifyAttribute', routerInterfaceId: 'ri-a', changesOpposite: false },
      'IncorrectStatus',
    ],
  ])('%s → %s', (_name, ris, op, expected) => {
    const decision = decideRouterInterface(world(...ris), op);
    if (expected === 'accepted') expect(decision.kind).toBe('accepted');
    else expect(decision.kind === 'refused' && decision.error.code).toBe(expected);
  });

  it('deactivate takes both ends of a pair to Inactive; activate brings both back', () => {
    const w = world({ ...initiator, status: 'Active' }, { ...acceptor, status: 'Active' });
    const off = decideRouterInterface(w, { kind: 'deactivate', routerInterfaceId: 'ri-b' });
    expect(off.kind).toBe('accepted');
    if (off.kind !== 'accepted') return;
    expect(off.effects.map((e) => [e.routerInterfaceId, e.now, e.then.status])).toEqual([
      ['ri-b', 'Deactivating', 'Inactive'],
      ['ri-a', 'Deactivating', 'Inactive'],
    ]);
    const inactive = settleEffects(w, off.effects);
    const on = decideRouterInterface(inactive, { kind: 'activate', routerInterfaceId: 'ri-a' });
    expect(on.kind === 'accepted' && settleEffects(inactive, on.effects).get('ri-b')!.status).toBe('Active');
  });

  it('deleting one end of an Inactive pair removes it and returns the other end to Idle', () => {
    const w = world({ ...initiator, status: 'Inactive' }, { ...acceptor, status: 'Inactive' });
    const decision = decideRouterInterface(w, { kind: 'delete', routerInterfaceId: 'ri-a', referencingRoutes: 0 });
    expect(decision.kind).toBe('accepted');
    if (decision.kind !== 'accepted') return;
    const after = settleEffects(w, decision.effects);
    expect(after.has('ri-a')).toBe(false);
    expect(after.get('ri-b')!.status).toBe('Idle');
  });
});

describe('ModifyRouterInterfaceSpec (aliyun-api.md §3.7)', () => {
  it.each<[string, LifecycleRouterInterface, string, string]>([
    ['Active initiator', { ...initiator, status: 'Active' }, 'Mini.5', 'Modifying→Active'],
    ['Idle initiator', initiator, 'Mini.5', 'at once'],
    ['acceptor', acceptor, 'Mini.5', 'IncorrectRole.NotInitiatingSide'],
    ['to Negative', initiator, 'Negative', 'InvalidParameter.Spec'],
    ['while Connecting', { ...initiator, status: 'Connecting' }, 'Mini.5', 'IncorrectRIStatus'],
  ])('%s → %s', (_name, ri, spec, expected) => {
    const decision = decideRouterInterface(world(ri), {
      kind: 'modifySpec',
      routerInterfaceId: ri.routerInterfaceId,
      spec,
    });
    if (decision.kind === 'refused') expect(decision.error.code).toBe(expected);
    else
      expect(
        decision.effects.length ? `${decision.effects[0]!.now}→${decision.effects[0]!.then.status}` : 'at once',
      ).toBe(expected);
  });
});
