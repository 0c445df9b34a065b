/** `vpclink apply` → `vpclink destroy` of a cross-account peering document, against the sandbox. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findLeftovers } from '../../cloud/session';
import { startCliSandbox, vpclink, type CliSandbox } from '../cloud/apply/cliHarness';
import { CROSS, peeringAppliedOf, peeringOf } from '../simulator/plan/peeringFixtures';

const doc = peeringOf('cross-account');
let s: CliSandbox | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

describe('vpclink apply and destroy with a peering connection', () => {
  it(
    'apply verifies the ping through the connection; destroy removes it and exits 0',
    { timeout: 60_000 },
    async () => {
      s = await startCliSandbox(doc);
      writeFileSync(join(s.dir, 'doc.json'), JSON.stringify(doc));
      const applied = await vpclink(['apply', 'doc.json', ...s.cloudArgs, '--yes'], { cwd: s.dir });
      expect(applied.stderr).toBe('');
      expect(applied.code).toBe(0);
      expect(applied.stdout).toContain('VpcPeer AcceptVpcPeerConnection');
      expect(applied.stdout).toContain(`verified: ping ${CROSS.iA} → ${CROSS.iB} reachable (live agrees with plan)`);
      expect(s.sandbox.exportDocument().vpcPeerConnections?.map((p) => p.status)).toEqual(['Activated']);

      const destroyed = await vpclink(['destroy', 'doc.json', ...s.cloudArgs, '--yes'], { cwd: s.dir });
      expect(destroyed.stderr).toBe('');
      expect(destroyed.code).toBe(0);
      expect(destroyed.stdout).toContain('DeleteVpcPeerConnection');
      expect(s.sandbox.exportDocument().vpcPeerConnections ?? []).toEqual([]);
    },
  );
});

describe('destroy re-lists: a peering connection still live is a leftover', () => {
  it('names it with its account and region; billable when it joins two regions', () => {
    const live = peeringAppliedOf(doc, 'pcc-still0000001');
    expect(findLeftovers(doc, live, []).filter((l) => l.kind === 'vpcPeerConnection')).toEqual([
      {
        kind: 'vpcPeerConnection',
        id: 'pcc-still0000001',
        accountId: CROSS.accountA,
        regionId: 'cn-qingdao',
        billable: true,
      },
    ]);
    const sameRegion = peeringOf('same-account', { sameRegion: true });
    expect(
      findLeftovers(sameRegion, peeringAppliedOf(sameRegion, 'pcc-free'), []).filter(
        (l) => l.kind === 'vpcPeerConnection',
      ),
    ).toEqual([expect.objectContaining({ id: 'pcc-free', billable: false })]);
  });
});
