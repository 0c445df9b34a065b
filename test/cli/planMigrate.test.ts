/** `vpclink plan FILE --migrate LINK-ID --to peering` (issue 12 "Migration"): exit codes, text, --json. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, run } from '../simulator/reach/cliRun';

const SAME = 'examples/same-account.vpclink.json';
const CROSS = 'examples/cross-account.vpclink.json';
const tmp = mkdtempSync(join(tmpdir(), 'vpclink-migrate-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('vpclink plan --migrate', () => {
  it('cross-account: exit 0; --json lists every step with its account and proof, and the flows proven', async () => {
    const r = await run(['plan', CROSS, '--migrate', 'ri-2zeix2q86uoyisagyz0pn', '--to', 'peering', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({
      document: CROSS,
      migrate: 'ri-2zeix2q86uoyisagyz0pn',
      to: 'peering',
      result: 'planned',
    });
    expect(json.link.routerInterfaceIds).toEqual(['ri-m5e33r3n78zyi5573kf85', 'ri-2zeix2q86uoyisagyz0pn']);
    const move = ['addBridgeRoutes', 'removeRoute', 'addRoute', 'removeBridgeRoutes'];
    expect(json.steps.map((s: { kind: string }) => s.kind)).toEqual([
      'createPeering',
      'acceptPeering',
      ...move,
      ...move,
      'removeRouterInterfaces',
    ]);
    for (const step of json.steps) {
      expect(step.proof).toEqual({ flowsChecked: 2, flowsKept: 2 });
      // Each state is a whole document (to apply step by step while the API steps are missing).
      expect(step.document.format).toBe('vpclink/topology');
    }
    expect(json.flows).toEqual([
      { from: 'i-m5e8s3ti3g1xtn0gmaus', to: 'i-2ze6pb1ti4wkxo4mnwo3', protocol: 'icmp', port: null },
      { from: 'i-2ze6pb1ti4wkxo4mnwo3', to: 'i-m5e8s3ti3g1xtn0gmaus', protocol: 'icmp', port: null },
    ]);
    expect(json.steps[6].route).toMatchObject({
      routeTableId: 'vtb-2zefk1lhcyspp1ncehn4b',
      destinationCidrBlock: '192.168.0.0/16',
      fromNextHop: { nextHopType: 'RouterInterface', nextHopId: 'ri-2zeix2q86uoyisagyz0pn' },
      toNextHop: { nextHopType: 'VpcPeer', nextHopId: json.peering.instanceId },
    });
    expect(json.problems.map((p: { code: string }) => p.code)).toEqual(['MIGRATION_ROUTE_OWNERSHIP_ASSUMED']);
    // The API calls of each step, from the same planners as apply/destroy.
    const calls = (i: number) =>
      json.steps[i].apiSteps.filter((p: { mutating: boolean }) => p.mutating).map((p: { action: string }) => p.action);
    expect(calls(0)).toEqual(['CreateVpcPeerConnection']);
    expect(calls(1)).toEqual(['AcceptVpcPeerConnection']);
    expect(json.steps[1].apiSteps[0].accountId).toBe('1564982317654321');
    expect(calls(2)).toEqual(['CreateRouteEntry', 'CreateRouteEntry']);
    expect(calls(3)).toEqual(['DeleteRouteEntry']);
    expect(calls(4)).toEqual(['CreateRouteEntry']);
    expect(calls(5)).toEqual(['DeleteRouteEntry', 'DeleteRouteEntry']);
    expect(calls(10)).toEqual([
      'DeactivateRouterInterface',
      'DeactivateRouterInterface',
      'DeleteRouterInterface',
      'DeleteRouterInterface',
    ]);
    expect(json.steps[10].teardownDocument.routerInterfaces).toHaveLength(2);
  });

  it('same-account, human output: the steps in order with the proof on each', async () => {
    const r = await run(['plan', SAME, '--migrate', 'ri-2zeb1vpc1tovpc2000001', '--to', 'peering']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^Migration of ri-2zeb1vpc1tovpc2000001 \+ ri-bp1h2vpc2tovpc1000002 .*: 10 steps, make before break\./,
    );
    expect(r.stdout.match(/proof: all 2 flows still reachable/g)).toHaveLength(10);
    expect(r.stdout).toContain('calls: CreateVpcPeerConnection');
    expect(r.stdout).toContain('[MIGRATION_ROUTE_OWNERSHIP_ASSUMED]');
  });

  it('a link without its partner: exit 1 naming the problem', async () => {
    const doc = JSON.parse(readFileSync(join(ROOT, SAME), 'utf8'));
    doc.routerInterfaces = doc.routerInterfaces.slice(0, 1);
    const file = join(tmp, 'lone.vpclink.json');
    writeFileSync(file, JSON.stringify(doc));
    const r = await run(['plan', file, '--migrate', 'ri-2zeb1vpc1tovpc2000001', '--to', 'peering', '--json']);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ result: 'refused', code: 'MIGRATION_LINK_INCOMPLETE' });
    expect(json.problems[0]).toMatchObject({ code: 'MIGRATION_LINK_INCOMPLETE', severity: 'error' });
  });

  it.each([
    [['--migrate', 'ri-nosuch', '--to', 'peering'], /--migrate ri-nosuch: ri-nosuch is not a router interface/],
    [['--migrate', 'ri-2zeb1vpc1tovpc2000001'], /--migrate needs --to peering/],
    [['--migrate', 'ri-2zeb1vpc1tovpc2000001', '--to', 'cen'], /--to "cen": the only target is peering/],
    [['--to', 'peering'], /--to needs --migrate LINK-ID/],
    [['--migrate', 'ri-2zeb1vpc1tovpc2000001', '--to', 'peering', '--destroy'], /--destroy cannot be combined/],
    [['--migrate', 'ri-2zeb1vpc1tovpc2000001', '--to', 'peering', '--against', SAME], /--against cannot be combined/],
  ])('bad input %j: exit 2 with a message naming the flag', async (flags, message) => {
    const r = await run(['plan', SAME, ...flags]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });
});
