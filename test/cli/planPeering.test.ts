/** `vpclink plan` of a peering document, offline (`--against` a snapshot): what the user reads before applying. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { vpclink } from '../cloud/apply/cliHarness';
import { CROSS, peeringAppliedOf, peeringBaseOf, peeringOf } from '../simulator/plan/peeringFixtures';

const doc = peeringOf('cross-account');
let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function files(): string {
  dir = mkdtempSync(join(tmpdir(), 'vpclink-plan-peering-'));
  writeFileSync(join(dir, 'doc.json'), JSON.stringify(doc));
  writeFileSync(join(dir, 'base.json'), JSON.stringify(peeringBaseOf(doc)));
  writeFileSync(join(dir, 'applied.json'), JSON.stringify(peeringAppliedOf(doc, 'pcc-live0000001')));
  return dir;
}

describe('vpclink plan with a peering connection', () => {
  it('shows create, accept (in the accepter account), the waits, the routes, the cost and the delta', async () => {
    const cwd = files();
    const r = await vpclink(['plan', 'doc.json', '--against', 'base.json'], { cwd });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const actions = [...r.stdout.matchAll(/· (?:VPC|ECS|VpcPeer) (\w+)( \(poll\))?$/gm)].map(
      (m) => m[1] + (m[2] ?? ''),
    );
    expect(actions.slice(0, 5)).toEqual([
      'CreateVpcPeerConnection',
      'GetVpcPeerConnectionAttribute (poll)',
      'AcceptVpcPeerConnection',
      'GetVpcPeerConnectionAttribute (poll)',
      'CreateRouteEntry',
    ]);
    expect(r.stdout).toContain(
      `account ${CROSS.accountB} (Account B (acceptor)) · cn-beijing · VpcPeer AcceptVpcPeerConnection`,
    );
    expect(r.stdout).toContain('NextHopType=VpcPeer NextHopId=<InstanceId from #1>');
    expect(r.stdout).toMatch(/peering connection, cross-region cn-qingdao ↔ cn-beijing, 1024 Mbit\/s — .*CDT/);
    expect(r.stdout).toContain(`${CROSS.iA} → ${CROSS.iB}: unreachable → reachable`);
  });

  it('--json: the billable list names the connection; against the applied state nothing is left to do', async () => {
    const cwd = files();
    const r = await vpclink(['plan', 'doc.json', '--against', 'base.json', '--json'], { cwd });
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout);
    expect(plan.billable).toEqual([
      expect.objectContaining({
        kind: 'vpcPeerConnection',
        accountId: CROSS.accountA,
        bandwidthMbps: 1024,
        charged: true,
      }),
    ]);
    const same = await vpclink(['plan', 'doc.json', '--against', 'applied.json', '--json'], { cwd });
    expect(same.code).toBe(0);
    expect(JSON.parse(same.stdout).steps).toEqual([]);
  });

  it('--destroy: the routes on both sides go first, then the connection, then the wait until it is gone', async () => {
    const cwd = files();
    const r = await vpclink(['plan', 'doc.json', '--against', 'applied.json', '--destroy'], { cwd });
    expect(r.code).toBe(0);
    const actions = [...r.stdout.matchAll(/· (?:VPC|ECS|VpcPeer) (\w+)/gm)].map((m) => m[1]);
    expect(actions.slice(0, 6)).toEqual([
      'DeleteRouteEntry',
      'DescribeRouteEntryList',
      'DeleteRouteEntry',
      'DescribeRouteEntryList',
      'DeleteVpcPeerConnection',
      'GetVpcPeerConnectionAttribute',
    ]);
    expect(r.stdout).toContain('Delete pcc-live0000001');
  });
});
