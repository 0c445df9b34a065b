/**
 * Per-document sessions on the host, over HTTP against the in-process sandbox: the sandbox is
 * reseeded from another document (its accounts, its world before the plan; the old sandbox's runs
 * and journals gone, so a Roll back cannot reach into the previous document's world), and the
 * plan carries its own simulated verdicts for the apply gate (pings across the links that fail).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountCredentials, PlanView, RunView, TargetInfo } from '../../electron/common/hostApi';
import type { WebHost } from '../../electron/web/server';
import { callHost, ROOT, startCloudHost, tempDir } from './helpers';

const A = '1231579085529123';
const OTHER = '1777777777777777';
const INSTANCE_A = 'i-m5e8s3ti3g1xtn0gmaus';
const INSTANCE_B = 'i-2ze6pb1ti4wkxo4mnwo3';

let work: { dir: string; cleanup: () => Promise<void> };
let host: WebHost;
let cross: string;
let same: string;
const call = <T>(method: string, ...args: unknown[]) => callHost<T>(host, method, ...args);

beforeAll(async () => {
  work = await tempDir('vpclink-sessions-');
  cross = await readFile(join(ROOT, 'examples', 'cross-account.vpclink.json'), 'utf8');
  // The same-account example under an account the first sandbox does not know.
  same = (await readFile(join(ROOT, 'examples', 'same-account.vpclink.json'), 'utf8')).replaceAll(A, OTHER);
  host = await startCloudHost(work.dir);
}, 60_000);
afterAll(async () => {
  await host?.close();
  await work?.cleanup();
});

/** The cross-account example without VPC2's route back: the reply cannot find its way. */
function withoutReturnRoute(text: string): string {
  const doc = JSON.parse(text) as { routeTables: { vpcId: string; routeEntries: unknown[] }[] };
  for (const table of doc.routeTables) if (table.vpcId === 'vpc-2zeo9pbx3kvs1gd7pu3gs') table.routeEntries = [];
  return JSON.stringify(doc);
}

async function runToEnd(view: RunView): Promise<RunView> {
  let current = view;
  for (let i = 0; i < 600 && (current.state === 'running' || current.state === 'cancelling'); i++) {
    await new Promise((r) => setTimeout(r, 100));
    current = await call<RunView>('getRun', view.runId);
  }
  return current;
}

describe('the apply gate: the plan says which pings across its links fail', () => {
  it('lists none for the working example, both directions for a missing return route', async () => {
    const good = await call<PlanView>('plan', 'sandbox', cross);
    expect(good.failingFlows).toEqual([]);
    const broken = await call<PlanView>('plan', 'sandbox', withoutReturnRoute(cross));
    expect(broken.failingFlows).toEqual([
      { from: INSTANCE_A, to: INSTANCE_B, protocol: 'icmp', verdict: 'unreachable', reason: 'linked' },
      { from: INSTANCE_B, to: INSTANCE_A, protocol: 'icmp', verdict: 'unreachable', reason: 'linked' },
    ]);
    // A destroy removes the links on purpose: never gated on them.
    expect((await call<PlanView>('plan', 'sandbox', cross, 'destroy')).failingFlows).toEqual([]);
  }, 60_000);

  it('is enforced by the host: an apply of that plan without the override is refused, naming the pings', async () => {
    const broken = withoutReturnRoute(cross);
    const plan = await call<PlanView>('plan', 'sandbox', broken);
    const refusal = (options: Record<string, unknown>) =>
      call<RunView>('startApply', 'sandbox', broken, options).then(
        () => null,
        (e: { code: string; message: string }) => ({ code: e.code, message: e.message }),
      );
    for (const options of [
      // What a renderer that forgot the gate would send.
      { mode: 'apply', planFingerprint: plan.fingerprint },
      { mode: 'apply', planFingerprint: plan.fingerprint, allowFailingFlows: false },
      // A scripted call with a fingerprint this host never planned: the document alone says it.
      { mode: 'apply', planFingerprint: '0123456789abcdef' },
    ]) {
      const refused = await refusal(options);
      expect(refused?.code, JSON.stringify(options)).toBe('FLOWS_FAILING');
      expect(refused?.message).toContain('nothing ran');
      expect(refused?.message).toContain('2 pings');
      expect(refused?.message).toContain('InstanceID_A → InstanceID_B (icmp): not reachable');
      expect(refused?.message).toContain('InstanceID_B → InstanceID_A (icmp): not reachable');
    }
    // Nothing ran: the same plan, to the fingerprint.
    expect((await call<PlanView>('plan', 'sandbox', broken)).fingerprint).toBe(plan.fingerprint);
    // With the user's explicit override it runs.
    const run = await runToEnd(
      await call<RunView>('startApply', 'sandbox', broken, {
        mode: 'apply',
        planFingerprint: plan.fingerprint,
        allowFailingFlows: true,
      }),
    );
    expect(run.state).toBe('succeeded');
    // A rollback is never gated: it undoes the run.
    const rollback = await runToEnd(await call<RunView>('startApply', 'sandbox', broken, { mode: 'rollback' }));
    expect(rollback.state).toBe('rolledBack');
    await call<TargetInfo>('reseedSandbox', cross);
  }, 120_000);

  it('refuses an override that is not a boolean, naming the field', async () => {
    const plan = await call<PlanView>('plan', 'sandbox', cross);
    const refused = await call('startApply', 'sandbox', cross, {
      mode: 'apply',
      planFingerprint: plan.fingerprint,
      allowFailingFlows: 'yes',
    }).catch((e: { code: string; field?: string }) => e);
    expect(refused).toMatchObject({ code: 'BAD_REQUEST', field: expect.stringContaining('allowFailingFlows') });
  });
});

describe('reseeding the sandbox from another document', () => {
  it('knows the new document’s accounts, and forgets the runs made in the old one', async () => {
    const plan = await call<PlanView>('plan', 'sandbox', cross);
    const applied = await runToEnd(
      await call<RunView>('startApply', 'sandbox', cross, { mode: 'apply', planFingerprint: plan.fingerprint }),
    );
    expect(applied.state).toBe('succeeded');

    const before = await call<AccountCredentials[]>('getAccountCredentials', 'sandbox', same);
    expect(before.map((a) => [a.accountId, a.source.kind])).toEqual([[OTHER, 'none']]);
    const target = await call<TargetInfo>('reseedSandbox', same);
    expect(target).toMatchObject({ id: 'sandbox', kind: 'sandbox', available: true });
    expect(target.description).toContain('(1 account)');
    const after = await call<AccountCredentials[]>('getAccountCredentials', 'sandbox', same);
    expect(after.map((a) => [a.accountId, a.source.kind])).toEqual([[OTHER, 'sandbox']]);
    // The world before the same-account plan: applying it has work to do, and succeeds.
    const samePlan = await call<PlanView>('plan', 'sandbox', same);
    expect(samePlan.upToDate).toBe(false);
    const done = await runToEnd(
      await call<RunView>('startApply', 'sandbox', same, { mode: 'apply', planFingerprint: samePlan.fingerprint }),
    );
    expect(done.state).toBe('succeeded');

    // Back to the first document: a fresh world, with no run of it to roll back.
    await call<TargetInfo>('reseedSandbox', cross);
    const rollback = await call<RunView>('startApply', 'sandbox', cross, { mode: 'rollback' }).catch(
      (e: { code: string; message: string }) => e,
    );
    expect(rollback).toMatchObject({ code: 'RUN_STATE_CONFLICT' });
    expect((await call<PlanView>('plan', 'sandbox', cross)).upToDate).toBe(false);
  }, 120_000);

  it('refuses a text that is not a topology document, keeping the sandbox', async () => {
    const refused = await call('reseedSandbox', '{"format":"nope"}').catch((e: { code: string }) => e);
    expect(refused).toMatchObject({ code: 'DOCUMENT_INVALID' });
    expect((await call<TargetInfo[]>('listTargets')).find((t) => t.id === 'sandbox')?.available).toBe(true);
  });
});
