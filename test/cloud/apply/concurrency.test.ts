/**
 * The engine's scheduling, against the sandbox over real HTTP with real pop-core clients:
 * waiting steps hold no execution slot (20 pairs connect in parallel), the journal's "started"
 * record is on disk before each mutating call (with coalesced writes), and status polls are
 * batched per (account, region).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCloudClient, type CloudClient } from '../../../cloud/client';
import { staticProvider } from '../../../cloud/credentials';
import { startSandbox, type RunningSandbox } from '../../../cloud/sandbox';
import {
  RI_IDS_PER_CALL,
  limitCallsPerRegion,
  RouteEntryBatcher,
  RouterInterfaceBatcher,
  alignedDelay,
  runApply,
  type ApplyEvent,
  type Journal,
} from '../../../cloud/apply';
import { generatePairsTopology } from '../../../bench/generate';
import { loadExample } from '../../simulator/plan/fixtures';
import { FAST_SANDBOX, startHarness, TEST_TIMING, type Harness } from './harness';

interface SentCall {
  readonly accountId: string;
  readonly regionId: string;
  readonly action: string;
  readonly params: Record<string, unknown>;
  /** Plan steps of this action recorded (not pending) in the journal FILE when the call was sent. */
  readonly journaledSteps: number;
}

let sandbox: RunningSandbox | undefined;
let dir: string | undefined;
let h: Harness | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
  await h?.close();
  h = undefined;
});

function realClients(s: RunningSandbox): Map<string, CloudClient> {
  return new Map(
    s.accounts.map((a) => [
      a.accountId,
      createCloudClient({
        target: { kind: 'endpoint', endpoint: s.endpoint },
        credentials: staticProvider(
          { accessKeyId: a.accessKeyId, accessKeySecret: a.accessKeySecret },
          `sandbox ${a.accountId}`,
        ),
        timeoutMs: 5000,
      }),
    ]),
  );
}

/** Clients that log every call, with what the journal file held for that action at send time. */
function loggingClients(s: RunningSandbox, journalPath: string, log: SentCall[]): Map<string, CloudClient> {
  const journaled = (action: string): number => {
    let journal: Journal;
    try {
      journal = JSON.parse(readFileSync(journalPath, 'utf8')) as Journal;
    } catch {
      return 0;
    }
    return journal.plan.steps.filter(
      (step) => step.action === action && (journal.steps[step.id]?.state ?? 'pending') !== 'pending',
    ).length;
  };
  return new Map(
    [...realClients(s)].map(([accountId, real]) => [
      accountId,
      {
        ...real,
        call: (product, regionId, action, params, options) => {
          log.push({
            accountId,
            regionId,
            action,
            params: (params ?? {}) as Record<string, unknown>,
            journaledSteps: /^(Describe|Get|List)/.test(action) ? 0 : journaled(action),
          });
          return real.call(product, regionId, action, params, options);
        },
        callCount: () => real.callCount(),
        close: () => real.close?.(),
      } satisfies CloudClient,
    ]),
  );
}

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('20 VPC pairs applied at once (manual sandbox clock)', () => {
  it(
    'issues every connect before any pair is Active, journals each mutating call before sending it, and batches polls',
    { timeout: 60_000 },
    async () => {
      const doc = generatePairsTopology(20);
      sandbox = await startSandbox({ seed: doc, seedMode: 'base', port: 0, timing: FAST_SANDBOX, clock: 'manual' });
      dir = mkdtempSync(join(tmpdir(), 'vpclink-apply-conc-'));
      const journalPath = join(dir, 'pairs.journal.json');
      const log: SentCall[] = [];
      const clients = loggingClients(sandbox, journalPath, log);
      const events: ApplyEvent[] = [];
      let planAt = 0;
      let finished = false;
      const run = runApply({
        desired: doc,
        clients,
        journalPath,
        timing: TEST_TIMING,
        verify: false,
        confirm: async () => true,
        onEvent: (e) => {
          events.push(e);
          if (e.kind === 'plan-ready') planAt = log.length;
        },
        seed: 7,
      }).finally(() => (finished = true));

      // The sandbox clock stands still: no connection can become Active. With waits holding slots,
      // the first few pairs' waits would block the others' connects forever.
      const connects = () => log.filter((c) => c.action === 'ConnectRouterInterface').length;
      for (let i = 0; i < 600 && connects() < 20 && !finished; i++) await delay(20);
      expect(connects()).toBe(20);
      const statuses = sandbox.exportDocument().routerInterfaces.map((r) => r.status);
      expect(statuses).toHaveLength(40);
      expect(statuses.filter((s) => s === 'Active')).toEqual([]);
      expect(log.filter((c) => c.action === 'CreateRouteEntry')).toEqual([]); // routes wait for Active

      // Let time run: everything completes.
      for (let i = 0; i < 3000 && !finished; i++) {
        sandbox.advance(100);
        await delay(5);
      }
      const result = await run;
      expect(result.error).toBeUndefined();
      expect(result.outcome).toBe('succeeded');
      const live = sandbox.exportDocument();
      expect(live.routerInterfaces.filter((r) => r.status === 'Active')).toHaveLength(40);

      // Resume guarantee: when the k-th call of a mutating action went out, at least k steps of that
      // action were already recorded in the journal FILE. No faults are injected, but on a loaded
      // machine a call can time out and be retried with the same parameters: a retry is not a new call.
      const mutating = log.filter((c) => !/^(Describe|Get|List)/.test(c.action));
      expect(mutating.length).toBeGreaterThanOrEqual(20 * 2 + 20 * 2 + 20); // creates, modifies, connects at least
      const seen = new Map<string, number>();
      const sent = new Set<string>();
      for (const call of mutating) {
        const identity = `${call.accountId}|${call.regionId}|${call.action}|${JSON.stringify(call.params)}`;
        if (sent.has(identity)) continue;
        sent.add(identity);
        const k = (seen.get(call.action) ?? 0) + 1;
        seen.set(call.action, k);
        expect(call.journaledSteps, `${call.action} #${k}`).toBeGreaterThanOrEqual(k);
      }

      // Batched polls: 20 interfaces per (account, region) are polled by listing the region (one
      // page); a call filtered by RouterInterfaceId never carries more than 5 IDs.
      const afterPlanRi = log.slice(planAt).filter((c) => c.action === 'DescribeRouterInterfaces');
      const listings = afterPlanRi.filter((c) => c.params.Filter === undefined);
      expect(listings.length).toBeGreaterThan(0);
      const sizes = afterPlanRi
        .filter((c) => JSON.stringify(c.params).includes('"RouterInterfaceId"'))
        .map((c) => (c.params.Filter as { Value: string[] }[])[0]!.Value.length);
      expect(sizes.filter((n) => n > RI_IDS_PER_CALL)).toEqual([]);
      // Far fewer status calls than the 80 interface waits would make unbatched with even one poll each.
      expect(afterPlanRi.length).toBeLessThan(80);
      // Route polls go per table with the destinations listed (one route per table in this document).
      // (No faults and no resume: no single-destination look-up is needed.)
      const afterPlan = log.slice(planAt);
      expect(
        afterPlan.filter((c) => c.action === 'DescribeRouteEntryList' && c.params.DestinationCidrBlock !== undefined),
      ).toEqual([]);
      // 40 route waits (20 tables in each of 2 (account, region)s) share rounds of one call each.
      const routeRounds = afterPlan.filter(
        (c) => c.action === 'DescribeRouteTables' || c.action === 'DescribeRouteEntryList',
      );
      expect(routeRounds.length).toBeGreaterThan(0);
      expect(routeRounds.length).toBeLessThan(40);
      // Progress events never run ahead and end at the total.
      const progress = events.filter((e): e is Extract<ApplyEvent, { kind: 'progress' }> => e.kind === 'progress');
      expect(progress.at(-1)!.done).toBe(progress.at(-1)!.total);
      for (const c of clients.values()) c.close?.();
    },
  );
});

describe('RouterInterfaceBatcher', () => {
  it('answers concurrent requests of one (account, region) with one DescribeRouterInterfaces call', async () => {
    const cross = loadExample('cross-account');
    sandbox = await startSandbox({ seed: cross, seedMode: 'full', port: 0, timing: FAST_SANDBOX, clock: 'manual' });
    const clients = realClients(sandbox);
    const live = sandbox.exportDocument().routerInterfaces;
    const cases: { name: string; ids: (l: readonly { routerInterfaceId: string }[]) => string[]; calls: number }[] = [
      { name: 'one interface', ids: (l) => [l[0]!.routerInterfaceId], calls: 1 },
      { name: 'the same interface asked 7 times', ids: (l) => Array(7).fill(l[0]!.routerInterfaceId), calls: 1 },
      {
        name: '5 IDs (one existing)',
        ids: (l) => [l[0]!.routerInterfaceId, 'ri-nope1', 'ri-nope2', 'ri-nope3', 'ri-nope4'],
        calls: 1,
      },
      // More than 5: one listing of the region (a single page here, so absent means gone).
      {
        name: '6 IDs',
        ids: (l) => [l[0]!.routerInterfaceId, ...Array.from({ length: 5 }, (_, i) => `ri-missing${i}`)],
        calls: 1,
      },
      {
        name: '12 IDs',
        ids: (l) => [l[0]!.routerInterfaceId, ...Array.from({ length: 11 }, (_, i) => `ri-missing${i}`)],
        calls: 1,
      },
    ];
    for (const c of cases) {
      const ri = live.find((r) => r.accountId === sandbox!.accounts[0]!.accountId) ?? live[0]!;
      const owner = ri.accountId;
      const client = clients.get(owner)!;
      const batcher = new RouterInterfaceBatcher();
      const ids = c.ids([ri]);
      const before = client.callCount();
      const answers = await Promise.all(ids.map((id) => batcher.describe(owner, client, ri.regionId, id)));
      expect(client.callCount() - before, c.name).toBe(c.calls);
      expect(batcher.roundCount, c.name).toBe(1);
      expect(
        answers.map((a) => a?.status),
        c.name,
      ).toEqual(ids.map((id) => (id === ri.routerInterfaceId ? ri.status : undefined)));
    }
    for (const c of clients.values()) c.close?.();
  });

  it('RouteEntryBatcher: one DescribeRouteEntryList for one table, one DescribeRouteTables for several tables of a region', async () => {
    const doc0 = generatePairsTopology(3);
    sandbox = await startSandbox({ seed: doc0, seedMode: 'full', port: 0, timing: FAST_SANDBOX, clock: 'manual' });
    const clients = realClients(sandbox);
    const doc = sandbox.exportDocument();
    const accountId = doc.accounts[0]!.accountId;
    const vpcs = doc.vpcs.filter((v) => v.accountId === accountId);
    const regionId = vpcs[0]!.regionId;
    const tables = doc.routeTables.filter(
      (t) =>
        vpcs.some((v) => v.vpcId === t.vpcId && v.regionId === regionId) &&
        t.routeEntries.some((e) => e.nextHopType === 'RouterInterface'),
    );
    expect(tables.length).toBe(3);
    const client = clients.get(accountId)!;
    const cases = [
      {
        name: 'one table, a route and two absent destinations',
        tables: tables.slice(0, 1),
        extra: ['10.99.0.0/16', '10.98.0.0/16'],
        calls: 1,
        tablePages: 0,
      },
      { name: 'three tables', tables, extra: ['10.97.0.0/16'], calls: 1, tablePages: 1 },
    ];
    for (const c of cases) {
      const batcher = new RouteEntryBatcher();
      const asks = c.tables.flatMap((t) => {
        const route = t.routeEntries.find((e) => e.nextHopType === 'RouterInterface')!;
        return [
          { table: t.routeTableId, destination: route.destinationCidrBlock, expected: route.nextHopId },
          ...c.extra.map((d) => ({ table: t.routeTableId, destination: d, expected: undefined })),
        ];
      });
      const before = client.callCount();
      const answers = await Promise.all(
        asks.map((a) => batcher.describe(accountId, client, regionId, a.table, a.destination)),
      );
      expect(client.callCount() - before, c.name).toBe(c.calls);
      expect(batcher.roundCount, c.name).toBe(1);
      expect(batcher.tablePages, c.name).toBe(c.tablePages);
      expect(
        answers.map((a) => a?.nextHopId),
        c.name,
      ).toEqual(asks.map((a) => a.expected));
      expect(
        answers.filter((a) => a).every((a) => a!.status === 'Available'),
        c.name,
      ).toBe(true);
    }
    for (const c of clients.values()) c.close?.();
  });

  it('aligns poll wake-ups on a shared grid', () => {
    const table: [delay: number, grid: number, now: number, expected: number][] = [
      [200, 100, 1000, 200],
      [200, 100, 1050, 250],
      [150, 100, 1000, 200],
      [0, 100, 1001, 99],
      [300, 0, 1234, 300],
    ];
    for (const [d, g, now, expected] of table) expect(alignedDelay(d, g, now), `${d}/${g}@${now}`).toBe(expected);
  });
});

describe('limitCallsPerRegion', () => {
  it('keeps at most N calls in flight per region, regions independent, and runs them all', async () => {
    const cross = loadExample('cross-account');
    sandbox = await startSandbox({
      seed: cross,
      seedMode: 'base',
      port: 0,
      timing: FAST_SANDBOX,
      faults: { latencyMs: 30 },
    });
    const clients = realClients(sandbox);
    const real = [...clients.values()][0]!;
    const inFlight = new Map<string, number>();
    const peak = new Map<string, number>();
    const observed: CloudClient = {
      ...real,
      call: async (product, regionId, action, params, options) => {
        inFlight.set(regionId, (inFlight.get(regionId) ?? 0) + 1);
        peak.set(regionId, Math.max(peak.get(regionId) ?? 0, inFlight.get(regionId)!));
        try {
          return await real.call(product, regionId, action, params, options);
        } finally {
          inFlight.set(regionId, inFlight.get(regionId)! - 1);
        }
      },
      callCount: () => real.callCount(),
    };
    for (const size of [1, 3]) {
      peak.clear();
      const limited = limitCallsPerRegion(observed, size);
      const regions = ['cn-qingdao', 'cn-beijing'];
      const answers = await Promise.all(
        Array.from({ length: 8 }, (_, i) => limited.call('vpc', regions[i % 2]!, 'DescribeVpcs', { PageSize: 10 })),
      );
      expect(
        answers.every((a) => typeof a.RequestId === 'string'),
        `size ${size}`,
      ).toBe(true);
      for (const r of regions) expect(peak.get(r), `size ${size} ${r}`).toBe(size);
    }
    for (const c of clients.values()) c.close?.();
  });
});

describe('cross-account apply with a lost DescribeRouterInterfaces poll answer', () => {
  it('still converges (a failed batched round is retried by each waiter)', { timeout: 30_000 }, async () => {
    const cross = loadExample('cross-account');
    h = await startHarness(cross);
    let lost = 0;
    h.loseFirstResponse((action) => action === 'DescribeRouterInterfaces' && lost++ < 2);
    const result = await runApply({
      desired: cross,
      clients: h.clients,
      journalPath: h.journalPath,
      timing: TEST_TIMING,
      seed: 3,
    });
    expect(result.error).toBeUndefined();
    expect(result.outcome).toBe('succeeded');
    expect(
      h.failures.filter((f) => f.action === 'DescribeRouterInterfaces' && f.code === 'REQUEST_TIMEOUT'),
    ).toHaveLength(2);
  });
});
