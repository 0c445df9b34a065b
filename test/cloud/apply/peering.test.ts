/**
 * VPC peering through the apply engine, against the sandbox over real HTTP with the real client:
 * the cross-account example connected by a peering connection instead of router interfaces.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  rollbackRun,
  runApply,
  runDestroy,
  readJournal,
  type ApplyEvent,
  type RunOptions,
  type RunResult,
} from '../../../cloud/apply';
import type { CloudClient } from '../../../cloud/client';
import { findLeftovers } from '../../../cloud/session';
import type { Topology } from '../../../simulator/document';
import { load } from '../../simulator/plan/fixtures';
import { CROSS, PCC, peeringOf } from '../../simulator/plan/peeringFixtures';
import { loseFirstAnswerOfEachWrite, startHarness, stepsThatTookEffect, TEST_TIMING, type Harness } from './harness';

const doc = peeringOf('cross-account');
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** `runApply` of `desired` (default: the peering document) on the harness's sandbox, clients, journal and test timing. */
function apply(extra: Partial<RunOptions> = {}, desired: Topology = doc): Promise<RunResult> {
  return runApply({ desired, clients: h!.clients, journalPath: h!.journalPath, timing: TEST_TIMING, ...extra });
}

/** Polls the sandbox until the connection has `status` (the sandbox's transitions take a few hundred ms). */
async function waitForStatus(instanceId: string, status: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (h!.sandbox.exportDocument().vpcPeerConnections?.find((p) => p.instanceId === instanceId)?.status === status)
      return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${instanceId} never became ${status}`);
}

/** What the sandbox holds that a peering apply creates. */
function peeringInventory(live: Topology) {
  return {
    connections: (live.vpcPeerConnections ?? []).filter((p) => p.status !== 'Deleted'),
    routes: live.routeTables.flatMap((t) =>
      t.routeEntries.filter((e) => e.nextHopType === 'VpcPeer').map((e) => ({ table: t.routeTableId, ...e })),
    ),
    rules: live.securityGroups.flatMap((g) => g.permissions.map((p) => ({ group: g.securityGroupId, ...p }))),
  };
}

/** Exactly one Activated connection from VPC A to VPC B, both routes on it, both rules. */
function expectOneConnection(harness: Harness): string {
  const inv = peeringInventory(harness.sandbox.exportDocument());
  expect(inv.connections.map((p) => [p.vpcId, p.acceptingVpcId, p.acceptingOwnerUid, p.status])).toEqual([
    [CROSS.vpcA, CROSS.vpcB, CROSS.accountB, 'Activated'],
  ]);
  const id = inv.connections[0]!.instanceId;
  expect(inv.routes.map((r) => [r.table, r.destinationCidrBlock, r.nextHopId, r.status]).sort()).toEqual(
    [
      [CROSS.vtbA, '172.16.0.0/16', id, 'Available'],
      [CROSS.vtbB, '192.168.0.0/16', id, 'Available'],
    ].sort(),
  );
  expect(inv.rules).toHaveLength(2);
  return id;
}

describe('apply → verify → destroy of a cross-account peering (sandbox, real clients)', () => {
  it(
    "creates in A, accepts with B's credentials, routes both sides, verifies the ping; destroy removes it all",
    { timeout: 60_000 },
    async () => {
      h = await startHarness(doc);
      const events: ApplyEvent[] = [];
      const result = await apply({
        onEvent: (e) => events.push(e),
        seed: 1,
      });
      expect(result.error).toBeUndefined();
      expect(result.outcome).toBe('succeeded');
      const id = expectOneConnection(h);

      // The accept ran in the accepter's account, after the connection waited for it.
      const plan = result.plan!;
      const accept = plan.steps.find((s) => s.kind === 'acceptVpcPeerConnection')!;
      expect(accept.accountId).toBe(CROSS.accountB);
      const started = events.filter((e) => e.kind === 'step-started').map((e) => (e as { stepId: string }).stepId);
      expect(started.indexOf(accept.id)).toBeGreaterThan(started.findIndex((s) => s.startsWith('wait-pcc-accepting')));

      // Verification runs the peering flows on the live import: reachable, as planned.
      expect(result.verify?.differences).toEqual([]);
      expect(result.verify?.flows.find((f) => f.from === CROSS.iA && f.to === CROSS.iB)).toMatchObject({
        planned: 'reachable',
        live: 'reachable',
      });

      // The journal records the connection with its live ID (rollback and destroy use it).
      const journal = await readJournal(h.journalPath);
      expect(journal.kind === 'ok' && journal.journal.created.filter((c) => c.kind === 'vpcPeerConnection')).toEqual([
        expect.objectContaining({ kind: 'vpcPeerConnection', accountId: CROSS.accountA, instanceId: id }),
      ]);

      expect(journal.kind === 'ok' && journal.journal.vpcPeerConnectionIds).toEqual({ [PCC]: id });

      // A second apply changes nothing.
      const again = await apply({
        verify: false,
      });
      expect(again.outcome).toBe('no-op');

      const destroyed = await runDestroy({
        desired: doc,
        clients: h.clients,
        journalPath: h.journalPath,
        timing: TEST_TIMING,
      });
      expect(destroyed.error).toBeUndefined();
      expect(destroyed.outcome).toBe('succeeded');
      const ids = destroyed.plan!.steps.map((s) => s.id);
      // Routes first, then the connection, then the wait until it is gone.
      const firstPcc = ids.findIndex((s) => s.startsWith('delete-pcc'));
      expect(ids.slice(0, firstPcc).every((s) => s.includes('route'))).toBe(true);
      expect(peeringInventory(h.sandbox.exportDocument())).toEqual({ connections: [], routes: [], rules: [] });
      // The re-list destroy does afterwards finds nothing of the document.
      expect(findLeftovers(doc, h.sandbox.exportDocument(), [id])).toEqual([]);
    },
  );
});

/** `clients` where the first answer of `action` is lost AND the process "dies" (not a cloud error: the run stops). */
function crashAfter(clients: ReadonlyMap<string, CloudClient>, action: string): Map<string, CloudClient> {
  let crashed = false;
  return new Map(
    [...clients].map(([accountId, client]) => [
      accountId,
      {
        ...client,
        call: async (...args: Parameters<CloudClient['call']>) => {
          const response = await client.call(...args);
          if (args[2] === action && !crashed) {
            crashed = true;
            throw new Error(`killed after ${action} reached the cloud`);
          }
          return response;
        },
      },
    ]),
  );
}

describe('resume after a lost create response', () => {
  it('the connection is found by its natural key: exactly one connection afterwards', { timeout: 60_000 }, async () => {
    h = await startHarness(doc);
    const first = await apply({ clients: crashAfter(h.clients, 'CreateVpcPeerConnection'), verify: false });
    expect(first.outcome).toBe('failed');
    expect(first.failedStep).toMatch(/^create-pcc:/);
    // The connection exists, but the journal never learnt its ID.
    expect(peeringInventory(h.sandbox.exportDocument()).connections).toHaveLength(1);
    const journal = await readJournal(h.journalPath);
    expect(journal.kind === 'ok' && journal.journal.created.filter((c) => c.kind === 'vpcPeerConnection')).toEqual([
      expect.not.objectContaining({ instanceId: expect.anything() }),
    ]);

    const events: ApplyEvent[] = [];
    const second = await apply({
      onEvent: (e) => events.push(e),
    });
    expect(second.error).toBeUndefined();
    expect(second.outcome).toBe('succeeded');
    expect(second.resumed).toBe(true);
    expect(events).toContainEqual(
      expect.objectContaining({
        kind: 'step-succeeded',
        note: 'found by natural key (created by the interrupted run)',
      }),
    );
    expectOneConnection(h);
  });

  it(
    'a lost answer within one run is looked up before any retry (no second, billed connection)',
    { timeout: 60_000 },
    async () => {
      h = await startHarness(doc);
      const lost = loseFirstAnswerOfEachWrite(h);
      const events: ApplyEvent[] = [];
      const result = await apply({ onEvent: (e) => events.push(e) });
      expect(result.error).toBeUndefined();
      expect(result.outcome).toBe('succeeded');
      expect([...lost]).toEqual(expect.arrayContaining(['CreateVpcPeerConnection', 'AcceptVpcPeerConnection']));
      expect([...stepsThatTookEffect(events)]).toEqual(expect.arrayContaining(['create-pcc', 'accept-pcc']));
      expectOneConnection(h);
    },
  );
});

describe('interrupted peering apply (Ctrl-C) resumes with the same command', () => {
  for (const after of [1, 3, 5]) {
    it(
      `cancelled after ${after} finished step(s): the re-run converges on one connection`,
      { timeout: 60_000 },
      async () => {
        h = await startHarness(doc);
        const controller = new AbortController();
        let finished = 0;
        const first = await apply({
          signal: controller.signal,
          verify: false,
          onEvent: (e) => {
            if ((e.kind === 'step-succeeded' || e.kind === 'step-skipped') && ++finished === after) controller.abort();
          },
        });
        expect(first.outcome).toBe('cancelled');
        const second = await apply({
          verify: false,
        });
        expect(second.error).toBeUndefined();
        expect(second.outcome).toBe('succeeded');
        expect(second.resumed).toBe(true);
        expectOneConnection(h);
      },
    );
  }
});

describe('peering apply with faults: 30% throttling, 10% lost responses, slow transitions', () => {
  it(
    'converges on exactly one connection, two routes, two rules; destroy under the same faults leaves nothing',
    { timeout: 120_000 },
    async () => {
      h = await startHarness(doc, {
        faults: { seed: 5, throttleRate: 0.3, lostResponseRate: 0.1, slowTransitions: 3 },
      });
      const result = await apply({
        verify: false,
        seed: 2,
      });
      expect(result.error).toBeUndefined();
      expect(result.outcome).toBe('succeeded');
      expect(h.failures.filter((f) => f.code.includes('Throttling')).length).toBeGreaterThan(0);
      expectOneConnection(h);
      const destroyed = await runDestroy({
        desired: doc,
        clients: h.clients,
        journalPath: h.journalPath,
        timing: TEST_TIMING,
        seed: 3,
      });
      expect(destroyed.error).toBeUndefined();
      expect(destroyed.outcome).toBe('succeeded');
      expect(peeringInventory(h.sandbox.exportDocument())).toEqual({ connections: [], routes: [], rules: [] });
    },
  );
});

describe('ownership: the connection carries the document marker', () => {
  /** The document without its peering (no connection, no route through it). */
  const dropped: Topology = {
    ...doc,
    vpcPeerConnections: [],
    routeTables: doc.routeTables.map((t) => ({ ...t, routeEntries: [] })),
  };

  it('a connection the document drops is removed by the next apply, routes first', { timeout: 60_000 }, async () => {
    h = await startHarness(doc);
    expect((await apply({ verify: false })).outcome).toBe('succeeded');
    const [live] = h.sandbox.exportDocument().vpcPeerConnections!;
    const attribute = await h.clients
      .get(CROSS.accountA)!
      .call('vpcpeer', '', 'GetVpcPeerConnectionAttribute', { InstanceId: live!.instanceId });
    expect(attribute.Description).toMatch(/^vpclink:[0-9a-f]{12}$/);
    const again = await apply({}, dropped);
    expect(again.error).toBeUndefined();
    expect(again.outcome).toBe('succeeded');
    expect(again.plan!.steps.map((s) => s.id.split(':')[0])).toEqual([
      'delete-route',
      'wait-route-gone',
      'delete-route',
      'wait-route-gone',
      'delete-pcc',
      'wait-pcc-gone',
    ]);
    expect(again.verify?.differences).toEqual([]);
    expect(peeringInventory(h.sandbox.exportDocument())).toMatchObject({ connections: [], routes: [] });
  });

  it('a connection made by hand (no marker) is never removed by apply', { timeout: 60_000 }, async () => {
    h = await startHarness(dropped);
    const client = h.clients.get(CROSS.accountA)!;
    await client.call('vpcpeer', 'cn-qingdao', 'CreateVpcPeerConnection', {
      RegionId: 'cn-qingdao',
      VpcId: CROSS.vpcA,
      AcceptingAliUid: CROSS.accountB,
      AcceptingRegionId: 'cn-beijing',
      AcceptingVpcId: CROSS.vpcB,
    });
    const result = await apply({ verify: false }, dropped);
    expect(result.plan!.steps.filter((s) => s.kind.endsWith('VpcPeerConnection'))).toEqual([]);
    expect(peeringInventory(h.sandbox.exportDocument()).connections).toHaveLength(1);
  });
});

describe('the accepter side', () => {
  it('same account: no accept call, the connection activates by itself', { timeout: 60_000 }, async () => {
    const same = peeringOf('same-account');
    h = await startHarness(same);
    const calls: string[] = [];
    const clients = new Map(
      [...h.clients].map(([accountId, client]) => [
        accountId,
        { ...client, call: (...args: Parameters<CloudClient['call']>) => (calls.push(args[2]), client.call(...args)) },
      ]),
    );
    const result = await apply({ clients }, same);
    expect(result.error).toBeUndefined();
    expect(result.outcome).toBe('succeeded');
    expect(calls).toContain('CreateVpcPeerConnection');
    expect(calls).not.toContain('AcceptVpcPeerConnection');
    expect(h.sandbox.exportDocument().vpcPeerConnections?.map((p) => p.status)).toEqual(['Activated']);
    expect(result.verify?.differences).toEqual([]);
  });

  it(
    'a live connection the accepter rejected: apply refuses before any call changes anything',
    { timeout: 60_000 },
    async () => {
      h = await startHarness(doc);
      const created = await h.clients.get(CROSS.accountA)!.call('vpcpeer', 'cn-qingdao', 'CreateVpcPeerConnection', {
        RegionId: 'cn-qingdao',
        VpcId: CROSS.vpcA,
        AcceptingAliUid: CROSS.accountB,
        AcceptingRegionId: 'cn-beijing',
        AcceptingVpcId: CROSS.vpcB,
      });
      await waitForStatus(String(created.InstanceId), 'Accepting');
      await h.clients
        .get(CROSS.accountB)!
        .call('vpcpeer', '', 'RejectVpcPeerConnection', { InstanceId: String(created.InstanceId) });
      await waitForStatus(String(created.InstanceId), 'Rejected');
      const result = await apply();
      expect(result.outcome).toBe('refused');
      expect(result.problems?.map((p) => p.code)).toContain('PEERING_LIVE_REJECTED');
    },
  );

  it(
    'rejected while the run waits to accept: the accept fails at once with PEERING_REFUSED',
    { timeout: 60_000 },
    async () => {
      h = await startHarness(doc);
      // The accepter's client rejects the connection just before vpclink's accept reaches the cloud.
      const accepter = h.clients.get(CROSS.accountB)!;
      const clients = new Map(h.clients);
      clients.set(CROSS.accountB, {
        ...accepter,
        call: async (...args: Parameters<CloudClient['call']>) => {
          if (args[2] === 'AcceptVpcPeerConnection')
            await accepter.call('vpcpeer', '', 'RejectVpcPeerConnection', { InstanceId: String(args[3]!.InstanceId) });
          return accepter.call(...args);
        },
      });
      const result = await apply({ clients, verify: false });
      expect(result.outcome).toBe('failed');
      expect(result.failedStep).toMatch(/^accept-pcc:/);
      expect(result.error?.code).toBe('PEERING_REFUSED');
    },
  );
});

describe('two applies of one peering document at once (separate journals)', () => {
  it('end with exactly one connection: the second create finds the first by key', { timeout: 60_000 }, async () => {
    h = await startHarness(doc);
    const run = (journal: string) => apply({ journalPath: `${h!.dir}/${journal}`, verify: false });
    const results = await Promise.all([run('one.journal.json'), run('two.journal.json')]);
    for (const r of results) {
      expect(r.error).toBeUndefined();
      expect(r.outcome).toBe('succeeded');
    }
    expectOneConnection(h);
  });
});

describe('rollback of a failed peering apply', () => {
  it(
    'deletes the routes, then the connection and the rules this run created; nothing billable is left',
    { timeout: 60_000 },
    async () => {
      // 192.168.1.0/24 is VPC1's own vSwitch CIDR: CreateRouteEntry refuses it (aliyun-api.md §4.2).
      const bad = load({
        ...doc,
        routeTables: doc.routeTables.map((t) =>
          t.routeTableId === CROSS.vtbA
            ? {
                ...t,
                routeEntries: [
                  ...t.routeEntries,
                  {
                    destinationCidrBlock: '192.168.1.0/24',
                    nextHopType: 'VpcPeer',
                    nextHopId: doc.vpcPeerConnections![0]!.instanceId,
                  },
                ],
              }
            : t,
        ),
      });
      h = await startHarness(bad);
      const failed = await apply({}, bad);
      expect(failed.outcome).toBe('failed');
      expect(failed.failedStep).toBe(`create-route:${CROSS.vtbA}:192.168.1.0/24`);
      // The connection exists before the rollback.
      expect(peeringInventory(h.sandbox.exportDocument()).connections).toHaveLength(1);

      const rb = await rollbackRun({ clients: h.clients, journalPath: h.journalPath, timing: TEST_TIMING });
      expect(rb.error).toBeUndefined();
      expect(rb.outcome).toBe('succeeded');
      const steps = rb.plan!.steps.map((s) => s.id);
      const lastRouteWait = Math.max(...steps.map((s, i) => (s.startsWith('wait-route-gone') ? i : -1)));
      expect(lastRouteWait).toBeGreaterThan(-1);
      expect(steps.findIndex((s) => s.startsWith('delete-pcc'))).toBeGreaterThan(lastRouteWait);
      expect(peeringInventory(h.sandbox.exportDocument())).toEqual({ connections: [], routes: [], rules: [] });
    },
  );
});
