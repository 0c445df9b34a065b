/**
 * `vpclink drift` against the real sandbox through the real clients: a fresh apply is in sync (the
 * journal maps the document's router-interface IDs to the live ones), and changes made behind
 * vpclink's back — a rule revoked, a rule and an interface added, an interface deactivated —
 * are reported with their reachability consequence (exit 1).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCloudClient, type CloudClient } from '../../cloud/client';
import { staticProvider } from '../../cloud/credentials';
import { startSandbox, writeProfilesFile, type RunningSandbox } from '../../cloud/sandbox';
import { loadDocumentValue, type Topology } from '../../simulator/document';
import { ROOT, run } from '../simulator/reach/cliRun';

const A = '1231579085529123';
const B = '1564982317654321';
const IA = 'i-m5e8s3ti3g1xtn0gmaus';
const IB = 'i-2ze6pb1ti4wkxo4mnwo3';
const SG_B = 'sg-2zeh6s0f7hcwt1xp6cgl';

let dir: string;
let sandbox: RunningSandbox;
let profiles: string;
let docPath: string;
let design: Topology;
const clients: CloudClient[] = [];

/** A real client with an account's sandbox keys: the "someone else" who changes things behind vpclink's back. */
function clientFor(accountId: string): CloudClient {
  const { accessKeyId, accessKeySecret } = sandbox.accounts.find((a) => a.accountId === accountId)!;
  const credentials = staticProvider({ accessKeyId, accessKeySecret }, `console user of ${accountId}`);
  const client = createCloudClient({ target: { kind: 'endpoint', endpoint: sandbox.endpoint }, credentials });
  clients.push(client);
  return client;
}

const cloud = () => ['--endpoint', sandbox.endpoint, '--profiles', profiles];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vpclink-drift-'));
  const raw = JSON.parse(await readFile(join(ROOT, 'examples', 'cross-account.vpclink.json'), 'utf8'));
  raw.intents = [{ name: 'A pings B', from: IA, to: IB, expect: 'reachable' }];
  const loaded = loadDocumentValue(raw);
  if (loaded.kind !== 'ok') throw new Error('example does not load');
  design = loaded.document;
  docPath = join(dir, 'network.vpclink.json');
  await writeFile(docPath, JSON.stringify(raw, null, 2));
  // The world before the plan (no interfaces, routes or rules); apply then makes them.
  sandbox = await startSandbox({
    seed: design,
    seedMode: 'base',
    timing: { connectMs: 50, activateMs: 50, deactivateMs: 50, routeMs: 20, modifyMs: 50 },
  });
  profiles = join(dir, 'profiles.json');
  await writeProfilesFile(profiles, sandbox);
}, 60_000);
afterAll(async () => {
  for (const c of clients) c.close?.();
  await sandbox?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('vpclink drift against the sandbox', () => {
  it('before apply: the interfaces, routes and rules are missing and the ping is lost', async () => {
    const r = await run(['drift', docPath, '--json', ...cloud()], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(Object.keys(report)).toEqual(['inSync', 'resources', 'reachability']);
    expect(report.inSync).toBe(false);
    const states = report.resources.map((x: { kind: string; state: string }) => `${x.kind}:${x.state}`);
    expect(states).toEqual(
      expect.arrayContaining(['routerInterface:missing', 'routeTable:changed', 'securityGroup:changed']),
    );
    // Pairs in the live document's order (an import sorts instances by ID).
    expect(report.reachability.lost.map((p: { from: string; to: string }) => `${p.from}>${p.to}`)).toEqual([
      `${IB}>${IA}`,
      `${IA}>${IB}`,
    ]);
  }, 60_000);

  it('after apply: in sync (exit 0), the journal mapping the interface IDs', async () => {
    const applied = await run(['apply', docPath, '--yes', ...cloud()], dir);
    expect(applied.code, applied.stderr).toBe(0);
    const r = await run(['drift', docPath, ...cloud()], dir);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toContain('In sync');
    const json = JSON.parse((await run(['drift', docPath, '--json', ...cloud()], dir)).stdout);
    expect(json).toEqual({ inSync: true, resources: [], reachability: { gained: [], lost: [] } });
  }, 120_000);

  it('changes behind vpclink’s back: each resource and the reachability consequence (exit 1)', async () => {
    const b = clientFor(B);
    // Revoke B's ICMP rule, add an SSH rule and a whole security group nobody designed.
    await b.call('ecs', 'cn-beijing', 'RevokeSecurityGroup', {
      SecurityGroupId: SG_B,
      IpProtocol: 'ICMP',
      PortRange: '-1/-1',
      SourceCidrIp: '192.168.0.0/16',
      Policy: 'Accept',
      Priority: '1',
      NicType: 'intranet',
    });
    await b.call('ecs', 'cn-beijing', 'AuthorizeSecurityGroup', {
      SecurityGroupId: SG_B,
      IpProtocol: 'TCP',
      PortRange: '22/22',
      SourceCidrIp: '0.0.0.0/0',
      Policy: 'Accept',
      Priority: '1',
      NicType: 'intranet',
    });
    // And an interface nobody designed.
    const vpcB = design.vpcs.find((v) => v.accountId === B)!;
    const created = await b.call('vpc', 'cn-beijing', 'CreateRouterInterface', {
      RouterType: 'VRouter',
      RouterId: vpcB.vRouterId,
      Role: 'AcceptingSide',
      Spec: 'Negative',
      OppositeRegionId: 'cn-qingdao',
    });
    const shadow = String(created.RouterInterfaceId);

    const r = await run(['drift', docPath, '--json', ...cloud()], dir);
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout);
    const sg = report.resources.find((x: { resourceId: string }) => x.resourceId === SG_B);
    expect(sg).toMatchObject({ kind: 'securityGroup', state: 'changed' });
    expect(sg.detail).toMatch(/rule #0 \(ingress Accept ICMP -1\/-1 from 192\.168\.0\.0\/16, priority 1\) missing/);
    expect(sg.detail).toMatch(/rule ingress Accept TCP 22\/22 from 0\.0\.0\.0\/0, priority 1 added outside vpclink/);
    expect(report.resources).toContainEqual({
      resourceId: shadow,
      kind: 'routerInterface',
      state: 'unmanaged',
      detail: `live router interface ${shadow} is not in the document`,
    });
    // Only A→B needs B's ingress rule (the reply to B's ping passes B's group as a session).
    expect(report.reachability).toEqual({
      gained: [],
      lost: [
        { from: IA, to: IB, blockers: [expect.objectContaining({ code: 'SG_INGRESS_DENIED', resourceId: SG_B })] },
      ],
    });

    const human = await run(['drift', docPath, ...cloud()], dir);
    expect(human.code).toBe(1);
    expect(human.stdout).toContain(`~ securityGroup ${SG_B} changed: `);
    expect(human.stdout).toContain(`+ routerInterface ${shadow} unmanaged`);
    expect(human.stdout).toContain(`live stops ${IA} → ${IB}: SG_INGRESS_DENIED on ${SG_B}`);
    expect(human.stdout).toContain('live breaks intent 1 (A pings B): 1 pair');

    // Deactivate the applied initiator: its status drifts, and B→A is lost too.
    const journal = JSON.parse(await readFile(join(dir, 'network.vpclink.journal.json'), 'utf8'));
    const initiator = design.routerInterfaces.find((ri) => ri.role === 'InitiatingSide')!;
    const liveId = journal.routerInterfaceIds[initiator.routerInterfaceId];
    expect(liveId).toMatch(/^ri-/);
    await clientFor(A).call('vpc', 'cn-qingdao', 'DeactivateRouterInterface', { RouterInterfaceId: liveId });
    sandbox.advance(1_000); // the sandbox completes the Deactivating → Inactive transition
    const after = JSON.parse((await run(['drift', docPath, '--json', ...cloud()], dir)).stdout);
    expect(after.resources).toContainEqual({
      resourceId: liveId,
      kind: 'routerInterface',
      state: 'changed',
      detail: 'status: document "Active", live "Inactive"',
    });
    expect(after.reachability.lost.map((p: { from: string; to: string }) => `${p.from}>${p.to}`)).toEqual([
      `${IB}>${IA}`,
      `${IA}>${IB}`,
    ]);
  }, 120_000);

  it('bad input: exit 2 naming what is wrong', async () => {
    const missing = await run(['drift', join(dir, 'none.json'), ...cloud()], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such file');
    await writeFile(join(dir, 'bad.journal.json'), '{ "format": "something else" }');
    const bad = await run(['drift', docPath, '--journal', 'bad.journal.json', ...cloud()], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bad\.journal\.json|journal/);
  }, 60_000);
});
