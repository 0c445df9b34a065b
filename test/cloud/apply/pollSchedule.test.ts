/**
 * How many calls an apply makes, and that saving polls never saves a check: the cross-account
 * example through the real client against the sandbox, counted (not timed); a sandbox slower than
 * the engine expects still gets its waits polled until Active before any route points at them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CLOUD_TIMING, runApply, SANDBOX_TIMING, type ApplyEvent } from '../../../cloud/apply';
import type { JournalStep } from '../../../cloud/apply/journal';
import { firstPollAt } from '../../../cloud/apply/pollSchedule';
import type { CloudClient } from '../../../cloud/client';
import { TIMING_PRESETS } from '../../../cloud/sandbox';
import type { PlanStep } from '../../../simulator/plan';
import { loadExample } from '../../simulator/plan/fixtures';
import { startHarness, TEST_TIMING, type Harness } from './harness';

const cross = loadExample('cross-account');
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

interface LoggedCall {
  readonly accountId: string;
  readonly action: string;
  readonly params: Record<string, unknown>;
  readonly response?: Record<string, unknown>;
}

/** The harness's clients, each call (and its answer) appended to `log`. */
function logged(clients: ReadonlyMap<string, CloudClient>, log: LoggedCall[]): Map<string, CloudClient> {
  return new Map(
    [...clients].map(([accountId, client]) => [
      accountId,
      {
        ...client,
        call: async (product, regionId, action, params, options) => {
          const entry: { -readonly [K in keyof LoggedCall]: LoggedCall[K] } = {
            accountId,
            action,
            params: { ...params },
          };
          log.push(entry);
          entry.response = await client.call(product, regionId, action, params, options);
          return entry.response;
        },
      } satisfies CloudClient,
    ]),
  );
}

const isRead = (action: string) => /^(Describe|List|Get)/.test(action);

/** The statuses DescribeRouterInterfaces answered, per interface, in order. */
function riStatuses(calls: readonly LoggedCall[]): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  for (const call of calls) {
    if (call.action !== 'DescribeRouterInterfaces') continue;
    const set = call.response?.RouterInterfaceSet as { RouterInterfaceType?: Record<string, unknown>[] } | undefined;
    for (const ri of set?.RouterInterfaceType ?? [])
      seen.set(String(ri.RouterInterfaceId), [...(seen.get(String(ri.RouterInterfaceId)) ?? []), String(ri.Status)]);
  }
  return seen;
}

describe('apply calls against the sandbox (cross-account example)', () => {
  it('the apply bench at 1/20 scale (cloud-like durations, sandbox poll intervals): all calls ≤ 2× the minimum, writes = 1×', async () => {
    // The bench: realistic preset, SANDBOX_TIMING's intervals, CLOUD_TIMING's expectations, 100 ms
    // latency. Everything divided by 20 keeps the ratio of transition time to poll interval (what
    // decides the number of polls) and takes about a second.
    const scale = 1 / 20;
    const ms = (value: number) => Math.round(value * scale);
    const scaled = <T extends Readonly<Record<keyof T, number>>>(durations: T): T =>
      Object.fromEntries(Object.entries<number>(durations).map(([k, v]) => [k, ms(v)])) as unknown as T;
    const sandboxTiming = scaled(TIMING_PRESETS.realistic);
    const expected = scaled(CLOUD_TIMING.expected);
    h = await startHarness(cross, { timing: sandboxTiming, faults: { latencyMs: ms(100) } });
    const timing = {
      ...SANDBOX_TIMING,
      pollInitialMs: ms(SANDBOX_TIMING.pollInitialMs),
      pollMaxMs: ms(SANDBOX_TIMING.pollMaxMs),
      expected,
    };
    const log: LoggedCall[] = [];
    let atPlan = -1;
    let steps: readonly PlanStep[] = [];
    const result = await runApply({
      desired: cross,
      clients: logged(h.clients, log),
      journalPath: h.journalPath,
      timing,
      verify: false,
      seed: 1,
      onEvent: (e) => {
        if (e.kind === 'plan-ready') {
          atPlan = log.length;
          steps = e.plan.steps;
        }
      },
    });
    expect(result.error).toBeUndefined();
    expect(result.outcome).toBe('succeeded');
    const execution = log.slice(atPlan);
    const mutatingSteps = steps.filter((s) => s.mutating).length;
    const minimum = mutatingSteps + steps.filter((s) => s.kind.startsWith('wait')).length;
    expect(minimum).toBe(15);
    expect(execution.filter((c) => !isRead(c.action))).toHaveLength(mutatingSteps);
    expect(execution.length).toBeGreaterThanOrEqual(minimum);
    expect(execution.length, execution.map((c) => `${c.accountId} ${c.action}`).join('\n')).toBeLessThanOrEqual(
      2 * minimum,
    );
    // Nothing before the plan's own import asked who the caller is: identities are checked once, by the session.
    expect(execution.filter((c) => c.action === 'GetCallerIdentity')).toEqual([]);
  });

  it('a sandbox 4× slower than the engine expects: the waits keep polling until Active, and no route is written before', async () => {
    h = await startHarness(cross, { faults: { slowTransitions: 4 } });
    const log: LoggedCall[] = [];
    const events: ApplyEvent[] = [];
    const result = await runApply({
      desired: cross,
      clients: logged(h.clients, log),
      journalPath: h.journalPath,
      // Expects FAST_SANDBOX's durations; the sandbox takes four times as long.
      timing: TEST_TIMING,
      verify: false,
      seed: 1,
      onEvent: (e) => events.push(e),
    });
    expect(result.error).toBeUndefined();
    expect(result.outcome).toBe('succeeded');

    const routeWrites = log.map((c, i) => [c, i] as const).filter(([c]) => c.action === 'CreateRouteEntry');
    expect(routeWrites).toHaveLength(2);
    for (const [write, index] of routeWrites) {
      const nextHop = String(write.params.NextHopId);
      const before = riStatuses(log.slice(0, index)).get(nextHop) ?? [];
      // The first poll after Connect came too early (the sandbox is slow), later ones saw it Connecting…
      expect(before.filter((s) => s === 'Connecting' || s === 'AcceptingConnecting').length).toBeGreaterThan(0);
      // …and the route went out only after a poll in the route's own account saw its next hop Active.
      expect(before.at(-1)).toBe('Active');
    }
    const polling = events.filter(
      (e): e is Extract<ApplyEvent, { kind: 'step-polling' }> =>
        e.kind === 'step-polling' && e.stepId.startsWith('wait-ri-active'),
    );
    expect(polling.map((e) => e.status).sort()).toEqual(['AcceptingConnecting', 'Connecting']);
    expect(h.sandbox.exportDocument().routerInterfaces.map((r) => r.status)).toEqual(['Active', 'Active']);
  });
});

describe('firstPollAt: a wait polls first when the transition its trigger started should be over', () => {
  const at = '2026-01-01T00:00:00.000Z';
  const t0 = Date.parse(at);
  const step = (id: string, kind: string, dependsOn: string[] = []) =>
    ({ id, kind, dependsOn, mutating: !kind.startsWith('wait') }) as unknown as PlanStep;
  const plan = [
    step('create-ri', 'createRouterInterface'),
    step('wait-idle', 'waitRouterInterface', ['create-ri']),
    step('connect', 'connectRouterInterface', ['wait-idle']),
    step('wait-active', 'waitRouterInterface', ['connect']),
    step('route', 'createRouteEntry', ['wait-active']),
    step('wait-route', 'waitRouteEntry', ['route']),
    step('accept', 'acceptVpcPeerConnection'),
    step('wait-pcc', 'waitVpcPeerConnection', ['accept']),
  ];
  const byId = new Map(plan.map((s) => [s.id, s]));
  const done = (state: JournalStep['state'], finishedAt = at): JournalStep => ({ state, attempts: 1, finishedAt });
  const e = CLOUD_TIMING.expected;
  it.each([
    ['after Connect: the connect duration later', 'wait-active', { connect: done('succeeded') }, t0 + e.connectMs],
    ['after CreateRouteEntry: the route duration later', 'wait-route', { route: done('succeeded') }, t0 + e.routeMs],
    [
      'after Accept: the peering accept duration later',
      'wait-pcc',
      { accept: done('succeeded') },
      t0 + e.peeringAcceptMs,
    ],
    [
      'resumed an hour after its trigger: a time long past (polls at once)',
      'wait-active',
      { connect: done('succeeded', new Date(Date.now() - 3_600_000).toISOString()) },
      'past',
    ],
    ['after a create (→ Idle at once): no delay', 'wait-idle', { 'create-ri': done('succeeded') }, undefined],
    ['trigger skipped (already under way): no delay', 'wait-active', { connect: done('skipped') }, undefined],
    ['trigger not recorded as finished: no delay', 'wait-active', {}, undefined],
    ['not a wait: no delay', 'route', { 'wait-active': done('succeeded') }, undefined],
  ] as const)('%s', (_name, id, journal, expected) => {
    const first = firstPollAt(byId.get(id)!, byId, journal, e);
    if (expected === 'past') expect(first).toBeLessThan(Date.now());
    else expect(first).toBe(expected);
  });
});

describe('expected transition durations match the sandbox presets they model', () => {
  const asPreset = (x: typeof CLOUD_TIMING.expected) => ({
    connectMs: x.connectMs,
    activateMs: x.activateMs,
    deactivateMs: x.deactivateMs,
    deleteMs: x.deleteMs,
    routeMs: x.routeMs,
    modifyMs: x.modifyMs,
  });
  it.each([
    ['CLOUD_TIMING ↔ realistic', CLOUD_TIMING.expected, TIMING_PRESETS.realistic],
    ['SANDBOX_TIMING ↔ fast (the default of `vpclink sandbox`)', SANDBOX_TIMING.expected, TIMING_PRESETS.fast],
  ] as const)('%s', (_name, expected, preset) => {
    expect(asPreset(expected)).toEqual(preset);
    // Peering reuses the interface durations in the sandbox (engine.ts schedulePeer): create = connect, accept = activate.
    expect([expected.peeringCreateMs, expected.peeringAcceptMs, expected.peeringDeleteMs]).toEqual([
      preset.connectMs,
      preset.activateMs,
      preset.deleteMs,
    ]);
  });
});
