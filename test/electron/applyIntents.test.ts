/**
 * The app's apply and the document's intents, through the web host's HTTP API against the
 * in-process sandbox: a violating document is refused (nothing created) unless the start carries
 * the user's second confirmation; verification then reports the intent failing live.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanView, RunView } from '../../electron/common/hostApi';
import type { WebHost } from '../../electron/web/server';
import { callHost, ROOT, startCloudHost, tempDir } from './helpers';

const A = 'i-m5e8s3ti3g1xtn0gmaus';
const B = 'i-2ze6pb1ti4wkxo4mnwo3';

let work: { dir: string; cleanup: () => Promise<void> };
let host: WebHost;
let text: string;

function call<T>(method: string, ...args: unknown[]): Promise<T> {
  return callHost<T>(host, method, ...args);
}

/** Polls the run until it is no longer running (the SSE stream is cloudFlow.test.ts's subject). */
async function settled(runId: string): Promise<RunView> {
  for (;;) {
    const run = await call<RunView>('getRun', runId);
    if (run.state !== 'running' && run.state !== 'cancelling') return run;
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  work = await tempDir('vpclink-intents-');
  const raw = JSON.parse(await readFile(join(ROOT, 'examples', 'cross-account.vpclink.json'), 'utf8'));
  raw.intents = [{ name: 'A isolated from B', from: A, to: B, expect: 'unreachable' }];
  text = JSON.stringify(raw, null, 2);
  host = await startCloudHost(work.dir);
});
afterAll(async () => {
  await host?.close();
  await work?.cleanup();
});

describe('apply from the app refuses a document that violates its intents', () => {
  it('refused without the second confirmation; applied with it, and verification reports the intent failing live', async () => {
    const plan = await call<PlanView>('plan', 'sandbox', text);
    const refused = await settled(
      (await call<RunView>('startApply', 'sandbox', text, { mode: 'apply', planFingerprint: plan.fingerprint })).runId,
    );
    expect(refused.state).toBe('refused');
    expect(refused.error?.message).toContain(`intent "A isolated from B" is violated: ${A} → ${B} is reachable`);
    expect((await call<PlanView>('plan', 'sandbox', text)).fingerprint).toBe(plan.fingerprint); // nothing changed

    const forced = await settled(
      (
        await call<RunView>('startApply', 'sandbox', text, {
          mode: 'apply',
          planFingerprint: plan.fingerprint,
          allowIntentViolations: true,
        })
      ).runId,
    );
    expect(forced.state).toBe('succeeded');
    expect(forced.verification?.ok).toBe(false);
    expect(forced.verification?.intentFailures).toEqual([
      expect.stringContaining(`intent "A isolated from B" is violated: ${A} → ${B} is reachable`),
    ]);
    // The flows themselves agree with the plan: the failure is the intent's alone.
    expect(forced.verification?.checks.every((c) => c.ok)).toBe(true);
  }, 60_000);
});
