import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { baseOf, CROSS, loadExample } from '../simulator/plan/fixtures';
import { startCliSandbox, vpclink, type CliSandbox } from '../cloud/apply/cliHarness';
import { inventory } from '../cloud/apply/harness';

const cross = loadExample('cross-account');
let s: CliSandbox | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

describe('vpclink plan', () => {
  it('against the live sandbox: the tutorial steps in a working order, with accounts, regions, params, costs and the delta; nothing changes', async () => {
    s = await startCliSandbox(cross);
    const r = await vpclink(['plan', 'doc.json', ...s.cloudArgs], { cwd: s.dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const order = [
      'CreateRouterInterface',
      'CreateRouterInterface',
      'ModifyRouterInterfaceAttribute',
      'ModifyRouterInterfaceAttribute',
      'ConnectRouterInterface',
      'CreateRouteEntry',
      'CreateRouteEntry',
      'AuthorizeSecurityGroup',
      'AuthorizeSecurityGroup',
    ];
    const actions = [...r.stdout.matchAll(/· (?:VPC|ECS) (\w+)(?! \(poll\))$/gm)].map((m) => m[1]);
    expect(actions).toEqual(order);
    expect(r.stdout).toContain(
      `account ${CROSS.accountA} (Account A (initiator)) · cn-qingdao · VPC CreateRouterInterface`,
    );
    expect(r.stdout).toContain('Role=InitiatingSide');
    expect(r.stdout).toContain('Spec=Negative');
    expect(r.stdout).toContain('spec Mini.2, 2 Mbit/s — billed per day (pay-as-you-go)');
    // The acceptor's cost says in words what is not known; the catalogue's UNCONFIRMED marker is for the docs, not for users.
    expect(r.stdout).toContain(
      'spec Negative — acceptor: bandwidth set by the initiator; Alibaba Cloud does not document',
    );
    expect(r.stdout).not.toContain('UNCONFIRMED');
    expect(r.stdout).toContain(`${CROSS.iA} → ${CROSS.iB}: unreachable → reachable`);
    expect(r.stdout).not.toMatch(/AccessKey|Secret/i);
    expect(inventory(s.sandbox.exportDocument())).toEqual({ routerInterfaces: [], routes: [], rules: [] });
  });

  it('--json prints the plan as one JSON object', async () => {
    s = await startCliSandbox(cross);
    const r = await vpclink(['plan', 'doc.json', ...s.cloudArgs, '--json'], { cwd: s.dir });
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout);
    expect(plan.operation).toBe('apply');
    expect(plan.steps).toHaveLength(15);
    expect(plan.steps[0]).toMatchObject({
      kind: 'createRouterInterface',
      accountId: CROSS.accountA,
      regionId: 'cn-qingdao',
      action: 'CreateRouterInterface',
    });
    expect(plan.billable).toHaveLength(2);
    expect(plan.reachabilityDelta).toHaveLength(2);
  });

  it('--against a snapshot file needs no cloud; --destroy plans the teardown', async () => {
    s = await startCliSandbox(cross);
    writeFileSync(join(s.dir, 'base.json'), JSON.stringify(baseOf(cross)));
    const r = await vpclink(['plan', 'doc.json', '--against', 'base.json', '--json'], { cwd: s.dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).steps).toHaveLength(15);
    writeFileSync(join(s.dir, 'applied.json'), JSON.stringify(cross));
    const same = await vpclink(['plan', 'doc.json', '--against', 'applied.json'], { cwd: s.dir });
    expect(same.code).toBe(0);
    expect(same.stdout).toContain('Nothing to do');
    const teardown = await vpclink(['plan', 'doc.json', '--against', 'applied.json', '--destroy', '--json'], {
      cwd: s.dir,
    });
    expect(
      JSON.parse(teardown.stdout)
        .steps.map((x: { action: string }) => x.action)
        .filter((a: string) => !a.startsWith('Describe')),
    ).toEqual([
      'DeleteRouteEntry',
      'DeleteRouteEntry',
      'DeactivateRouterInterface',
      'DeactivateRouterInterface',
      'DeleteRouterInterface',
      'DeleteRouterInterface',
      'RevokeSecurityGroup',
      'RevokeSecurityGroup',
    ]);
  });

  it('--against a snapshot with none of the VPCs: exit 1, the errors, and never "Nothing to do" beside them', async () => {
    s = await startCliSandbox(cross);
    writeFileSync(join(s.dir, 'empty.json'), JSON.stringify({ format: cross.format, version: cross.version }));
    const r = await vpclink(['plan', 'doc.json', '--against', 'empty.json'], { cwd: s.dir });
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain('Nothing to do');
    expect(r.stdout).toMatch(/Cannot be applied: (?:1 error|\d+ errors) below; nothing was planned\./);
    expect(r.stdout).toContain('[VPC_NOT_LIVE]');
  });

  it('bad input exits 2 with a message naming the argument', async () => {
    s = await startCliSandbox(cross);
    const missing = await vpclink(['plan', 'nope.json'], { cwd: s.dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.json');
    const badAgainst = await vpclink(['plan', 'doc.json', '--against', 'nope.json'], { cwd: s.dir });
    expect(badAgainst.code).toBe(2);
    expect(badAgainst.stderr).toContain('--against');
    const badEndpoint = await vpclink(['plan', 'doc.json', '--endpoint', 'ftp://x', '--profiles', 'p.json'], {
      cwd: s.dir,
    });
    expect(badEndpoint.code).toBe(2);
    expect(badEndpoint.stderr).toContain('--endpoint');
    const noProfile = await vpclink(['plan', 'doc.json', '--endpoint', s.sandbox.endpoint, '--profiles', 'nope.json'], {
      cwd: s.dir,
    });
    expect(noProfile.code).toBe(2);
  });

  it('a document whose VPC the live account does not have: exit 1 with the problem', async () => {
    s = await startCliSandbox(cross);
    const doc = {
      ...cross,
      vpcs: cross.vpcs.map((v) => (v.vpcId === CROSS.vpcA ? { ...v, vRouterId: 'vrt-doesnotexist' } : v)),
      routerInterfaces: cross.routerInterfaces.map((ri) =>
        ri.routerId === CROSS.vrtA
          ? { ...ri, routerId: 'vrt-doesnotexist' }
          : { ...ri, oppositeRouterId: 'vrt-doesnotexist' },
      ),
    };
    writeFileSync(join(s.dir, 'other.json'), JSON.stringify(doc));
    const r = await vpclink(['plan', 'other.json', ...s.cloudArgs], { cwd: s.dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('VPC_NOT_LIVE');
  });
});
