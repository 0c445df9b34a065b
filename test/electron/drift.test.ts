/**
 * The app's drift view, host side, against the in-process sandbox through the real clients: before
 * apply the links are missing and the pings lost; after the app's apply (its journal maps the
 * interface IDs) everything is in sync; a rule revoked behind vpclink's back is reported as changed,
 * with the ping it stops and the intent it breaks. Reads only.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCloudClient } from '../../cloud/client';
import { staticProvider } from '../../cloud/credentials';
import type { DriftView, RunView } from '../../electron/common/hostApi';
import { defaultCloudWiring } from '../../electron/web/cloudEngines';
import { createCloudHost, type CloudHost, type SandboxHandle } from '../../electron/web/cloudHost';
import { createEventHub } from '../../electron/web/events';
import { ROOT, tempDir } from './helpers';

const B = '1564982317654321';
const IA = 'i-m5e8s3ti3g1xtn0gmaus';
const IB = 'i-2ze6pb1ti4wkxo4mnwo3';
const SG_B = 'sg-2zeh6s0f7hcwt1xp6cgl';

let work: { dir: string; cleanup: () => Promise<void> };
let sandbox: SandboxHandle;
let cloud: CloudHost;
let text: string;

beforeAll(async () => {
  work = await tempDir('vpclink-host-drift-');
  const raw = JSON.parse(await readFile(join(ROOT, 'examples', 'cross-account.vpclink.json'), 'utf8'));
  raw.intents = [{ name: 'A pings B', from: IA, to: IB, expect: 'reachable' }];
  text = JSON.stringify(raw);
  const wiring = defaultCloudWiring({ XDG_CONFIG_HOME: join(work.dir, 'cfg'), HOME: work.dir }, { homeDir: work.dir });
  sandbox = await wiring.startSandbox!(text);
  cloud = createCloudHost({ events: createEventHub(), sandbox, engines: wiring.engines });
}, 60_000);
afterAll(async () => {
  await cloud?.close();
  await work?.cleanup();
});

async function applied(): Promise<RunView> {
  const plan = await cloud.plan('sandbox', text);
  let run = await cloud.startApply('sandbox', text, { mode: 'apply', planFingerprint: plan.fingerprint });
  for (let i = 0; i < 600 && run.state === 'running'; i++) {
    await new Promise((r) => setTimeout(r, 100));
    run = await cloud.getRun(run.runId);
  }
  return run;
}

describe('drift in the app, against the sandbox', () => {
  it('before apply: the interfaces are missing and the pings lost', async () => {
    const view = await cloud.drift('sandbox', text);
    expect(view.inSync).toBe(false);
    expect(view.resources.map((r) => `${r.kind}:${r.state}`)).toEqual(
      expect.arrayContaining(['routerInterface:missing', 'routeTable:changed', 'securityGroup:changed']),
    );
    expect(view.reachability.lost.map((p) => `${p.from}>${p.to}`).sort()).toEqual(
      [`${IA}>${IB}`, `${IB}>${IA}`].sort(),
    );
    expect(view.intentsBroken).toEqual([{ index: 0, name: 'A pings B', pairs: [{ from: IA, to: IB }] }]);
  }, 60_000);

  it('after the app’s apply: in sync', async () => {
    expect((await applied()).state).toBe('succeeded');
    const view: DriftView = await cloud.drift('sandbox', text);
    expect(view).toMatchObject({
      targetId: 'sandbox',
      inSync: true,
      resources: [],
      reachability: { gained: [], lost: [] },
      intentsBroken: [],
    });
  }, 120_000);

  it('a rule revoked behind vpclink’s back: changed, the ping it stops, the intent it breaks', async () => {
    const keys = sandbox.accounts.find((a) => a.accountId === B)!;
    const client = createCloudClient({
      target: { kind: 'endpoint', endpoint: sandbox.endpoint },
      credentials: staticProvider(keys, `console user of ${B}`),
    });
    try {
      await client.call('ecs', 'cn-beijing', 'RevokeSecurityGroup', {
        SecurityGroupId: SG_B,
        IpProtocol: 'ICMP',
        PortRange: '-1/-1',
        SourceCidrIp: '192.168.0.0/16',
        Policy: 'Accept',
        Priority: '1',
        NicType: 'intranet',
      });
    } finally {
      client.close?.();
    }
    const view = await cloud.drift('sandbox', text);
    expect(view.inSync).toBe(false);
    expect(view.resources).toEqual([
      expect.objectContaining({ resourceId: SG_B, kind: 'securityGroup', state: 'changed' }),
    ]);
    expect(view.reachability.lost).toEqual([
      { from: IA, to: IB, blockers: [expect.objectContaining({ code: 'SG_INGRESS_DENIED', resourceId: SG_B })] },
    ]);
    expect(view.intentsBroken.map((i) => i.name)).toEqual(['A pings B']);
  }, 60_000);
});
