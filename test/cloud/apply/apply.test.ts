import { afterEach, describe, expect, it } from 'vitest';
import { runApply, runDestroy, readJournal, type ApplyEvent } from '../../../cloud/apply';
import { loadExample, CROSS } from '../../simulator/plan/fixtures';
import { inventory, startHarness, TEST_TIMING, type Harness } from './harness';

const cross = loadExample('cross-account');
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('apply against the sandbox (cross-account example, base seed)', () => {
  it('brings both interfaces to Active, creates routes and rules, verifies the ping; a second apply is a no-op; destroy removes it all', async () => {
    h = await startHarness(cross);
    const events: ApplyEvent[] = [];
    const result = await runApply({
      desired: cross,
      clients: h.clients,
      journalPath: h.journalPath,
      timing: TEST_TIMING,
      onEvent: (e) => events.push(e),
      seed: 1,
    });
    expect(result.error).toBeUndefined();
    expect(result.outcome).toBe('succeeded');

    const live = h.sandbox.exportDocument();
    const inv = inventory(live);
    expect(inv.routerInterfaces.map((r) => [r.accountId, r.role, r.status, r.spec])).toEqual(
      expect.arrayContaining([
        [CROSS.accountA, 'InitiatingSide', 'Active', 'Mini.2'],
        [CROSS.accountB, 'AcceptingSide', 'Active', 'Negative'],
      ]),
    );
    expect(inv.routerInterfaces).toHaveLength(2);
    const initiator = inv.routerInterfaces.find((r) => r.role === 'InitiatingSide')!;
    const acceptor = inv.routerInterfaces.find((r) => r.role === 'AcceptingSide')!;
    expect(initiator.oppositeInterfaceId).toBe(acceptor.routerInterfaceId);
    expect(inv.routes.map((r) => [r.table, r.destinationCidrBlock, r.nextHopId, r.status]).sort()).toEqual(
      [
        [CROSS.vtbA, '172.16.0.0/16', initiator.routerInterfaceId, 'Available'],
        [CROSS.vtbB, '192.168.0.0/16', acceptor.routerInterfaceId, 'Available'],
      ].sort(),
    );
    expect(inv.rules.map((r) => [r.group, r.direction, r.ipProtocol, r.sourceCidrIp]).sort()).toEqual(
      [
        [CROSS.sgB, 'ingress', 'ICMP', '192.168.0.0/16'],
        [CROSS.sgA, 'ingress', 'ICMP', '172.16.0.0/16'],
      ].sort(),
    );

    // Verification: the ping is reachable live, as planned.
    expect(result.verify?.differences).toEqual([]);
    expect(result.verify?.flows.find((f) => f.from === CROSS.iA && f.to === CROSS.iB)).toMatchObject({
      planned: 'reachable',
      live: 'reachable',
      agrees: true,
    });
    expect(events.some((e) => e.kind === 'verify-result')).toBe(true);

    // Events: every step started and ended; progress reached the total.
    const kinds = events.map((e) => e.kind);
    expect(kinds[0]).toBe('plan-ready');
    const finished = events.find((e) => e.kind === 'run-finished');
    expect(finished).toMatchObject({ outcome: 'succeeded', operation: 'apply' });
    const lastProgress = events
      .filter((e): e is Extract<ApplyEvent, { kind: 'progress' }> => e.kind === 'progress')
      .at(-1)!;
    expect(lastProgress.done).toBe(lastProgress.total);

    // The journal records the run, the created resources and the ID mapping.
    const journal = await readJournal(h.journalPath);
    expect(journal.kind).toBe('ok');
    if (journal.kind !== 'ok') return;
    expect(journal.journal.state).toBe('succeeded');
    expect(journal.journal.routerInterfaceIds).toEqual({
      [CROSS.riI]: initiator.routerInterfaceId,
      [CROSS.riA]: acceptor.routerInterfaceId,
    });
    expect(journal.journal.created.map((c) => c.kind).sort()).toEqual([
      'routeEntry',
      'routeEntry',
      'routerInterface',
      'routerInterface',
      'securityGroupRules',
      'securityGroupRules',
    ]);
    expect(JSON.stringify(journal.journal)).not.toContain(h.sandbox.accounts[0]!.accessKeySecret);

    // Second apply: no mutating call at all.
    const before = h.sandbox.callCount();
    const second: ApplyEvent[] = [];
    const again = await runApply({
      desired: cross,
      clients: h.clients,
      journalPath: h.journalPath,
      timing: TEST_TIMING,
      onEvent: (e) => second.push(e),
      verify: false,
    });
    expect(again.outcome).toBe('no-op');
    expect(again.plan?.steps).toEqual([]);
    expect(second.filter((e) => e.kind === 'step-started')).toEqual([]);
    expect(h.sandbox.callCount()).toBeGreaterThan(before); // it did look (import)…
    expect(inventory(h.sandbox.exportDocument())).toEqual(inv); // …and changed nothing

    // Destroy: everything apply made is gone.
    const destroyed = await runDestroy({
      desired: cross,
      clients: h.clients,
      journalPath: h.journalPath,
      timing: TEST_TIMING,
    });
    expect(destroyed.error).toBeUndefined();
    expect(destroyed.outcome).toBe('succeeded');
    const after = inventory(h.sandbox.exportDocument());
    expect(after).toEqual({ routerInterfaces: [], routes: [], rules: [] });

    // Apply again after destroy: an identical plan, but new ClientTokens (new run): fresh interfaces, not the deleted ones.
    const third = await runApply({
      desired: cross,
      clients: h.clients,
      journalPath: h.journalPath,
      timing: TEST_TIMING,
    });
    expect(third.error).toBeUndefined();
    expect(third.outcome).toBe('succeeded');
    const reborn = inventory(h.sandbox.exportDocument());
    expect(reborn.routerInterfaces.map((r) => r.status)).toEqual(['Active', 'Active']);
    expect(reborn.routerInterfaces.map((r) => r.routerInterfaceId)).not.toContain(initiator.routerInterfaceId);
  });
});
