/**
 * Fault suite (issue 10): `kill -9` at every step of the cross-account apply, then the same apply
 * again. Each kill leaves a stale journal lock (a dead pid on this host) and an unfinished journal;
 * the resume breaks the lock, resumes with the same ClientTokens, and ends with exactly one pair,
 * two routes and two rules — never a duplicate. The same for the peering example (issue 12): one
 * same-account and one cross-account connection, never a second (billed) one. Bounded for CI:
 * VPCLINK_KILL_STEPS="1,5,9" picks indices; the default is every step of the plan, killed 0–9 ms
 * after it started.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readJournal } from '../../../cloud/apply';
import { openSession, lockPathOf } from '../../../cloud/session';
import { staticProvider } from '../../../cloud/credentials';
import type { Topology } from '../../../simulator/document';
import { planChanges } from '../../../simulator/plan';
import { baseOf, loadExample, ROOT } from '../../simulator/plan/fixtures';
import { peeringBaseOf } from '../../simulator/plan/peeringFixtures';
import { inventory, startHarness, TEST_TIMING, type Harness } from '../apply/harness';

const cross = loadExample('cross-account');
const peering = loadExample('peering');

/** The step indices to kill at: VPCLINK_KILL_STEPS, or every step of the plan of `doc` against its base seed. */
function killIndices(steps: number): number[] {
  return process.env.VPCLINK_KILL_STEPS
    ? process.env.VPCLINK_KILL_STEPS.split(',').map(Number)
    : Array.from({ length: steps }, (_, i) => i + 1);
}

/** Kills run this many at a time, each against its own sandbox: the time is mostly waiting, not CPU. */
const AT_ONCE = 3;
const open = new Set<Harness>();
afterEach(async () => {
  for (const x of open) await x.close();
  open.clear();
});

function killedChild(h: Harness, documentPath: string, killAtStart: number): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/cloud/session/childKill.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      VPCLINK_CHILD_CONFIG: JSON.stringify({
        endpoint: h.sandbox.endpoint,
        accounts: h.sandbox.accounts,
        journalPath: h.journalPath,
        documentPath,
        killAtStart,
        delayMs: killAtStart % 10,
      }),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve) => child.on('close', (code, signal) => resolve(`${signal ?? code} ${out}`)));
}

async function killThenResume(
  k: number,
  example: { readonly doc: Topology; readonly path: string; readonly converged: (live: Topology, k: number) => void },
): Promise<void> {
  const { doc, path: documentPath } = example;
  const h = await startHarness(doc);
  open.add(h);
  const ended = await killedChild(h, documentPath, k);
  expect(ended.startsWith('SIGKILL'), `step ${k}: ${ended}`).toBe(true);
  // The killed run's lock is still there, and its journal unfinished.
  expect(existsSync(lockPathOf(h.journalPath)), `step ${k}`).toBe(true);
  const journal = await readJournal(h.journalPath);
  expect(journal.kind === 'ok' && journal.journal.state, `step ${k}`).toBe('running');

  const accounts = h.sandbox.accounts;
  const session = openSession({
    document: doc,
    target: { kind: 'endpoint', endpoint: h.sandbox.endpoint },
    credentialsFor: async (account) => {
      const a = accounts.find((x) => x.accountId === account.accountId)!;
      return staticProvider({ accessKeyId: a.accessKeyId, accessKeySecret: a.accessKeySecret }, a.accountId);
    },
    journalPath: h.journalPath,
    documentId: documentPath,
    timing: TEST_TIMING,
  });
  try {
    const resumed = await session.run('apply', { confirm: async () => true });
    expect(resumed.error, `step ${k}`).toBeUndefined();
    expect(resumed.outcome, `step ${k}`).toBe('succeeded');
    expect(resumed.resumed, `step ${k}`).toBe(true);
    expect(resumed.verify?.differences, `step ${k}`).toEqual([]);
  } finally {
    session.close();
  }
  example.converged(h.sandbox.exportDocument(), k);
  expect(existsSync(lockPathOf(h.journalPath)), `step ${k}`).toBe(false);
  open.delete(h);
  await h.close();
}

const CROSS_EXAMPLE = {
  doc: cross,
  path: join(ROOT, 'examples/cross-account.vpclink.json'),
  converged(live: Topology, k: number) {
    const inv = inventory(live);
    expect(inv.routerInterfaces.map((r) => `${r.role}:${r.status}`).sort(), `step ${k}`).toEqual([
      'AcceptingSide:Active',
      'InitiatingSide:Active',
    ]);
    expect(inv.routes, `step ${k}`).toHaveLength(2);
    expect(inv.rules, `step ${k}`).toHaveLength(2);
  },
};

const PEERING_EXAMPLE = {
  doc: peering,
  path: join(ROOT, 'examples/peering.vpclink.json'),
  converged(live: Topology, k: number) {
    // Exactly the document's connections, Activated: never a second, billed one.
    expect(
      (live.vpcPeerConnections ?? []).map((p) => `${p.vpcId}>${p.acceptingVpcId}:${p.status}`).sort(),
      `step ${k}`,
    ).toEqual((peering.vpcPeerConnections ?? []).map((p) => `${p.vpcId}>${p.acceptingVpcId}:Activated`).sort());
    const peeringRoutes = (doc: Topology) =>
      doc.routeTables.flatMap((t) => t.routeEntries.filter((e) => e.nextHopType === 'VpcPeer'));
    expect(peeringRoutes(live), `step ${k}`).toHaveLength(peeringRoutes(peering).length);
  },
};

for (const [name, example, steps] of [
  [
    'the cross-account example',
    CROSS_EXAMPLE,
    planChanges(cross, baseOf(cross), { reachabilityDelta: false }).steps.length,
  ],
  [
    'the peering example',
    PEERING_EXAMPLE,
    planChanges(peering, peeringBaseOf(peering), { reachabilityDelta: false }).steps.length,
  ],
] as const) {
  const indices = killIndices(steps);
  describe(`kill -9 at every step of ${name}, then resume`, () => {
    it(
      `converges to exactly one set of resources after a kill at step ${indices.join(', ')}`,
      { timeout: 240_000 },
      async () => {
        for (let i = 0; i < indices.length; i += AT_ONCE)
          await Promise.all(indices.slice(i, i + AT_ONCE).map((k) => killThenResume(k, example)));
      },
    );
  });
}
