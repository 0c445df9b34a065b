/** Injected faults (aliyun-api.md §9), deterministic with a seed. */
import { afterEach, describe, expect, it } from 'vitest';
import { parseFaultSpec, type RunningSandbox } from '../../../cloud/sandbox';
import { FaultInjector } from '../../../cloud/sandbox/faults';
import { A, B, call, crossAccountWorld, expectApiError, riStatus, type World } from './helpers';

const open: RunningSandbox[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function world(
  faults: Parameters<typeof crossAccountWorld>[0] extends infer O
    ? O extends { faults?: infer F }
      ? F
      : never
    : never,
  extra: Record<string, unknown> = {},
): Promise<World> {
  const w = await crossAccountWorld({ faults, ...extra });
  open.push(w.sandbox);
  return w;
}

describe('fault injection', () => {
  it('throttle=1 → Throttling.User on every call', async () => {
    const w = await world({ throttleRate: 1 });
    await expectApiError(w.a.vpc.request('DescribeVpcs', { RegionId: A.region }), 'Throttling.User', 400);
  });

  it('unavailable=1 → ServiceUnavailable (503)', async () => {
    const w = await world({ unavailableRate: 1 });
    await expectApiError(w.a.vpc.request('DescribeVpcs', { RegionId: A.region }), 'ServiceUnavailable', 503);
  });

  it('html502=1 → an HTML 502 page that pop-core cannot parse; nothing is changed', async () => {
    const w = await world({ html502Rate: 1 });
    let caught: { name?: string } | undefined;
    try {
      await w.a.vpc.request('CreateRouterInterface', {
        RegionId: A.region,
        Role: 'InitiatingSide',
        RouterType: 'VRouter',
        RouterId: A.vRouterId,
        Spec: 'Mini.2',
        OppositeRegionId: B.region,
      });
    } catch (error) {
      caught = error as { name?: string };
    }
    expect(caught?.name).toBe('SyntaxError');
    expect(w.sandbox.exportDocument().routerInterfaces).toHaveLength(0);
    const raw = await fetch(`${w.sandbox.endpoint}/?Action=DescribeVpcs`);
    // Unauthenticated calls are refused before any fault is drawn.
    expect(raw.status).toBe(400);
  });

  it('lost=1 → the change is made but the client times out', async () => {
    const w = await world({ lostResponseRate: 1 }, { lostResponseHoldMs: 5_000 });
    let caught: { name?: string } | undefined;
    try {
      await w.a.vpc.request(
        'CreateRouterInterface',
        {
          RegionId: A.region,
          Role: 'InitiatingSide',
          RouterType: 'VRouter',
          RouterId: A.vRouterId,
          Spec: 'Mini.2',
          OppositeRegionId: B.region,
        },
        { timeout: 300 },
      );
    } catch (error) {
      caught = error as { name?: string };
    }
    expect(caught?.name).toBe('RequestTimeoutError');
    const made = w.sandbox.exportDocument().routerInterfaces;
    expect(made).toHaveLength(1);
    expect(made[0]).toMatchObject({ accountId: A.accountId, routerId: A.vRouterId, status: 'Idle' });
  });

  it('lost response, then a retry with the same ClientToken: the same interface, only one made', async () => {
    // Find a seed whose first two draws are "lost" then "no fault" (the draws are deterministic).
    const options = { lostResponseRate: 0.5 };
    const seed = Array.from({ length: 200 }, (_, i) => i).find((s) => {
      const injector = new FaultInjector({ ...options, seed: s });
      return injector.draw() === 'lost' && injector.draw() === 'none';
    })!;
    const w = await world({ ...options, seed }, { lostResponseHoldMs: 5_000 });
    const params = {
      RegionId: A.region,
      Role: 'InitiatingSide',
      RouterType: 'VRouter',
      RouterId: A.vRouterId,
      Spec: 'Mini.2',
      OppositeRegionId: B.region,
      ClientToken: 'apply-step-1',
    };
    await expect(w.a.vpc.request('CreateRouterInterface', params, { timeout: 300 })).rejects.toMatchObject({
      name: 'RequestTimeoutError',
    });
    const retried = await call(w.a.vpc, 'CreateRouterInterface', params);
    const made = w.sandbox.exportDocument().routerInterfaces;
    expect(made.map((r) => r.routerInterfaceId)).toEqual([retried.RouterInterfaceId]);
  });

  it('the same seed gives the same faults for the same calls; another seed differs', async () => {
    const outcomes = async (seed: number): Promise<string> => {
      const w = await world({ throttleRate: 0.3, unavailableRate: 0.2, seed });
      let out = '';
      for (let i = 0; i < 24; i++) {
        try {
          await w.a.vpc.request('DescribeVpcs', { RegionId: A.region });
          out += '.';
        } catch (error) {
          out += (error as { code?: string }).code === 'Throttling.User' ? 'T' : 'U';
        }
      }
      return out;
    };
    const first = await outcomes(42);
    expect(first).toMatch(/T/);
    expect(first).toMatch(/U/);
    expect(first).toMatch(/\./);
    expect(await outcomes(42)).toBe(first);
    expect(await outcomes(7)).not.toBe(first);
  });

  it('slow=5 makes transitions five times longer on the sandbox clock', async () => {
    const w = await world({ slowTransitions: 5 });
    const riA = (
      await call(w.a.vpc, 'CreateRouterInterface', {
        RegionId: A.region,
        Role: 'InitiatingSide',
        RouterType: 'VRouter',
        RouterId: A.vRouterId,
        Spec: 'Mini.2',
        OppositeRegionId: B.region,
      })
    ).RouterInterfaceId;
    const riB = (
      await call(w.b.vpc, 'CreateRouterInterface', {
        RegionId: B.region,
        Role: 'AcceptingSide',
        RouterType: 'VRouter',
        RouterId: B.vRouterId,
        Spec: 'Negative',
        OppositeRegionId: A.region,
        OppositeInterfaceId: riA,
        OppositeRouterId: A.vRouterId,
        OppositeRouterType: 'VRouter',
        OppositeInterfaceOwnerId: A.accountId,
      })
    ).RouterInterfaceId;
    await call(w.a.vpc, 'ModifyRouterInterfaceAttribute', {
      RegionId: A.region,
      RouterInterfaceId: riA,
      OppositeInterfaceId: riB,
      OppositeRouterId: B.vRouterId,
      OppositeRouterType: 'VRouter',
      OppositeInterfaceOwnerId: B.accountId,
    });
    await call(w.a.vpc, 'ConnectRouterInterface', { RegionId: A.region, RouterInterfaceId: riA });
    w.sandbox.advance(1_600); // the fast connect time, not five times it
    expect(await riStatus(w.a.vpc, A.region, riA)).toBe('Connecting');
    w.sandbox.advance(6_000);
    expect(await riStatus(w.a.vpc, A.region, riA)).toBe('Active');
  });

  it('latency delays but does not change answers', async () => {
    const w = await world({ latencyMs: 20 });
    const r = await call(w.a.vpc, 'DescribeVpcs', { RegionId: A.region });
    expect(r.TotalCount).toBe(1);
  });

  it('rejects bad fault options at start', async () => {
    await expect(crossAccountWorld({ faults: { throttleRate: 1.5 } })).rejects.toThrow(/throttle=1.5/);
  });
});

describe('parseFaultSpec', () => {
  it('reads the documented keys', () => {
    expect(parseFaultSpec('throttle=0.3,unavailable=0.05,lost=0.1,html502=0.02,latency=100,slow=5,seed=42')).toEqual({
      throttleRate: 0.3,
      unavailableRate: 0.05,
      lostResponseRate: 0.1,
      html502Rate: 0.02,
      latencyMs: 100,
      slowTransitions: 5,
      seed: 42,
    });
    expect(parseFaultSpec('')).toEqual({});
  });

  it.each([
    ['throttle=1.5', /throttle=1.5: a rate must be between 0 and 1/],
    ['throttle=0.6,unavailable=0.6', /add up to 1.2/],
    ['jitter=3', /unknown fault "jitter"/],
    ['throttle', /not key=value/],
    ['latency=fast', /latency=fast: not a number/],
    ['slow=0', /slow=0: must be a positive multiplier/],
    ['latency=-5', /latency=-5/],
    ['seed=1.5', /seed=1.5: must be an integer/],
    ['throttle=0.1,throttle=0.2', /given more than once/],
  ])('%s is refused', (spec, message) => {
    expect(() => parseFaultSpec(spec)).toThrow(message);
  });
});
