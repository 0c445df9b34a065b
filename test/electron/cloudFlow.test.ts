/**
 * The app's apply path end to end, through the web host's HTTP API and SSE, against the
 * in-process sandbox (real pop-core client over real HTTP): targets, identity, plan preview,
 * apply with live progress and verification, cancel + resume, import, rollback.
 */
import { readFile } from 'node:fs/promises';
import { request, type IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostEvent, PlanView, RunView } from '../../electron/common/hostApi';
import type { WebHost } from '../../electron/web/server';
import { callHost, ROOT, startCloudHost, tempDir } from './helpers';

const A = '1231579085529123';
const B = '1564982317654321';

let work: { dir: string; cleanup: () => Promise<void> };
let host: WebHost;
let text: string;
let stream: IncomingMessage;
const events: HostEvent[] = [];
const waiters: Array<{ test: (e: HostEvent) => boolean; resolve: (e: HostEvent) => void }> = [];

function nextEvent(test: (e: HostEvent) => boolean): Promise<HostEvent> {
  const seen = events.find(test);
  if (seen) return Promise.resolve(seen);
  return new Promise((resolve) => waiters.push({ test, resolve }));
}

function call<T>(method: string, ...args: unknown[]): Promise<T> {
  return callHost<T>(host, method, ...args);
}

beforeAll(async () => {
  work = await tempDir('vpclink-flow-');
  text = await readFile(join(ROOT, 'examples', 'cross-account.vpclink.json'), 'utf8');
  host = await startCloudHost(work.dir);
  stream = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: host.port,
        path: '/api/events',
        agent: false,
        headers: { 'x-vpclink-token': host.token },
      },
      resolve,
    );
    req.on('error', reject);
    req.end();
  });
  let buffer = '';
  stream.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    let at;
    while ((at = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, at);
      buffer = buffer.slice(at + 2);
      if (!block.startsWith('data: ')) continue;
      const event = JSON.parse(block.slice(6)) as HostEvent;
      events.push(event);
      for (const w of waiters.splice(0)) w.test(event) ? w.resolve(event) : waiters.push(w);
    }
  });
});
afterAll(async () => {
  stream?.destroy();
  await host?.close();
  await work?.cleanup();
});

const finished = (runId: string) => (e: HostEvent) => e.kind === 'run.finished' && e.run.runId === runId;

describe('apply from the app against the in-process sandbox', () => {
  it('lists the sandbox as the default target, the real cloud as unavailable without credentials', async () => {
    const startup = await call<{ defaultTargetId: string }>('getStartup');
    expect(startup.defaultTargetId).toBe('sandbox');
    const targets = await call<Array<{ id: string; available: boolean; endpoint?: string }>>('listTargets');
    expect(targets.map((t) => [t.id, t.available])).toEqual([
      ['sandbox', true],
      ['aliyun', false],
    ]);
    expect(targets[0]!.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('checks each account’s identity with GetCallerIdentity; shows sources without secrets', async () => {
    const accounts = await call<Array<{ accountId: string; source: { kind: string; description: string } }>>(
      'getAccountCredentials',
      'sandbox',
      text,
    );
    expect(accounts.map((a) => [a.accountId, a.source.kind])).toEqual([
      [A, 'sandbox'],
      [B, 'sandbox'],
    ]);
    const checked = await call<{ status: { kind: string; accountId?: string; arn?: string } }>(
      'checkIdentity',
      'sandbox',
      B,
    );
    expect(checked.status).toMatchObject({ kind: 'verified', accountId: B });
    expect(checked.status.arn).toContain(B);
    const unknown = await call<{ status: { kind: string; error?: { code: string } } }>(
      'checkIdentity',
      'sandbox',
      '9999',
    );
    expect(unknown.status).toMatchObject({ kind: 'failed', error: { code: 'CREDENTIALS_MISSING' } });
  });

  it('previews the plan: steps per account/region/action, billable interfaces, reachability gained', async () => {
    const plan = await call<PlanView>('plan', 'sandbox', text);
    expect(plan.upToDate).toBe(false);
    expect(plan.problems).toEqual([]);
    const actions = plan.steps.map((s) => s.action);
    expect(actions).toEqual(
      expect.arrayContaining(['CreateRouterInterface', 'ConnectRouterInterface', 'CreateRouteEntry']),
    );
    expect(new Set(plan.steps.map((s) => s.accountId))).toEqual(new Set([A, B]));
    expect(plan.steps.map((s) => s.index)).toEqual(plan.steps.map((_, i) => i));
    const initiator = plan.billable.find((b) => b.accountId === A)!;
    expect(initiator.description).toContain('Mini.2');
    expect(plan.reachability.gained.length).toBeGreaterThan(0);
    expect(plan.reachability.lost).toEqual([]);
  });

  it('cancels a run, resumes it, streams per-step progress, and ends verified', async () => {
    await expect(call('startApply', 'sandbox', text, { mode: 'apply' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      field: 'args[2].planFingerprint',
    });
    const { fingerprint } = await call<PlanView>('plan', 'sandbox', text);
    const run = await call<RunView>('startApply', 'sandbox', text, { mode: 'apply', planFingerprint: fingerprint });
    expect(run.state).toBe('running');
    // A second click joins the running run; another operation meanwhile is refused.
    const joined = await call<RunView>('startApply', 'sandbox', text, { mode: 'apply', planFingerprint: fingerprint });
    expect(joined.runId).toBe(run.runId);
    await expect(call('startApply', 'sandbox', text, { mode: 'rollback' })).rejects.toMatchObject({
      code: 'RUN_IN_PROGRESS',
    });
    await nextEvent((e) => e.kind === 'run.step' && e.runId === run.runId && e.status === 'done');
    const cancelling = await call<RunView>('cancelRun', run.runId);
    expect(cancelling.state).toBe('cancelling');
    const cancelled = (await nextEvent(finished(run.runId))) as Extract<HostEvent, { kind: 'run.finished' }>;
    expect(cancelled.run.state).toBe('cancelled');
    expect(cancelled.run.resumable).toBe(true);
    expect(cancelled.run.completed).toBeLessThan(cancelled.run.total);

    events.length = 0;
    const resumed = await call<RunView>('resumeRun', run.runId);
    expect(resumed.state).toBe('running');
    const done = (await nextEvent(finished(run.runId))) as Extract<HostEvent, { kind: 'run.finished' }>;
    expect(done.run.state).toBe('succeeded');
    expect(done.run.completed).toBe(done.run.total);
    expect(done.run.steps.every((s) => s.status === 'done' || s.status === 'skipped')).toBe(true);
    expect(done.run.verification).toMatchObject({ ok: true });
    expect(done.run.verification!.checks.length).toBeGreaterThan(0);
    const steps = events.filter((e): e is Extract<HostEvent, { kind: 'run.step' }> => e.kind === 'run.step');
    expect(steps.length).toBeGreaterThan(0);
    // The progress bar never moves backwards.
    const completed = steps.map((s) => s.completed);
    expect(completed).toEqual([...completed].sort((a, b) => a - b));
    await expect(call('resumeRun', run.runId)).rejects.toMatchObject({ code: 'RUN_STATE_CONFLICT' });

    const again = await call<PlanView>('plan', 'sandbox', text);
    expect(again.upToDate).toBe(true);
  });

  it('imports the accounts into a new document and into the current one', async () => {
    const fresh = await call<{ text: string; counts: Record<string, number> }>('importAccounts', {
      targetId: 'sandbox',
      accountIds: [A, B],
    });
    expect(fresh.counts).toMatchObject({ vpcs: 2, routerInterfaces: 2, instances: 2 });
    const doc = JSON.parse(fresh.text);
    expect(doc.format).toBe('vpclink/topology');
    expect(doc.routerInterfaces.every((ri: { status?: string }) => ri.status === 'Active')).toBe(true);
    const merged = await call<{ text: string }>('importAccounts', {
      targetId: 'sandbox',
      accountIds: [A],
      intoDocumentText: text,
    });
    const mergedDoc = JSON.parse(merged.text);
    expect(mergedDoc.name).toBe(JSON.parse(text).name);
    expect(mergedDoc.vpcs).toHaveLength(2);
  });

  it('rolls back what the run created', async () => {
    const run = await call<RunView>('startApply', 'sandbox', text, { mode: 'rollback' });
    const done = (await nextEvent(finished(run.runId))) as Extract<HostEvent, { kind: 'run.finished' }>;
    expect(done.run.state).toBe('rolledBack');
    const plan = await call<PlanView>('plan', 'sandbox', text);
    expect(plan.upToDate).toBe(false);
  });
});
