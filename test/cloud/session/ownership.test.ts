/**
 * Defect 3 (issue 10): rules an earlier apply made are removed when the document drops them —
 * and only those. vpclink marks what it writes (`vpclink:<document id>` in the Description);
 * a hand-made rule without the marker is never touched, by apply or by destroy.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../../cloud/sandbox';
import { ownerMarker } from '../../../simulator/plan';
import { loadExample } from '../../simulator/plan/fixtures';
import { sandboxClient, startCliSandbox, vpclink, type CliSandbox } from '../apply/cliHarness';
import { inventory } from '../apply/harness';

const cross = loadExample('cross-account');
let s: CliSandbox | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

async function handMadeRule(sandbox: RunningSandbox, securityGroupId: string): Promise<void> {
  const group = sandbox.exportDocument().securityGroups.find((g) => g.securityGroupId === securityGroupId)!;
  const vpc = sandbox.exportDocument().vpcs.find((v) => v.vpcId === group.vpcId)!;
  const client = sandboxClient(sandbox, vpc.accountId);
  try {
    await client.call('ecs', vpc.regionId, 'AuthorizeSecurityGroup', {
      RegionId: vpc.regionId,
      SecurityGroupId: securityGroupId,
      Permissions: [
        { IpProtocol: 'TCP', PortRange: '22/22', SourceCidrIp: '10.9.9.0/24', Description: 'ssh from the bastion' },
      ],
    });
  } finally {
    client.close?.();
  }
}

describe('what vpclink made, and only that, follows the document', () => {
  it(
    'apply, drop a rule, plan shows its revoke, apply removes it, verify passes; a hand-made rule stays',
    { timeout: 90_000 },
    async () => {
      s = await startCliSandbox(cross);
      expect((await vpclink(['apply', 'doc.json', ...s.cloudArgs, '--yes'], { cwd: s.dir })).code).toBe(0);
      const marker = ownerMarker(cross);
      const rules = inventory(s.sandbox.exportDocument()).rules;
      expect(rules).toHaveLength(2);
      for (const rule of rules) expect(rule.description).toContain(marker);
      const [groupA, groupB] = cross.securityGroups.filter((g) => g.permissions.length > 0);
      await handMadeRule(s.sandbox, groupB!.securityGroupId);

      // Drop group B's rule from the document.
      const doc = JSON.parse(readFileSync(join(s.dir, 'doc.json'), 'utf8'));
      for (const g of doc.securityGroups) if (g.securityGroupId === groupB!.securityGroupId) g.permissions = [];
      writeFileSync(join(s.dir, 'doc.json'), JSON.stringify(doc, null, 2));

      const plan = await vpclink(['plan', 'doc.json', '--json', ...s.cloudArgs], { cwd: s.dir });
      expect(plan.code, plan.stderr).toBe(0);
      const steps = JSON.parse(plan.stdout).steps as {
        id: string;
        action: string;
        params: { Permissions: { PortRange: string }[] };
      }[];
      expect(steps.map((x) => x.action)).toEqual(['RevokeSecurityGroup']);
      expect(steps[0]!.id).toBe(`revoke-sg:${groupB!.securityGroupId}:ingress`);
      expect(steps[0]!.params.Permissions.map((p) => p.PortRange)).toEqual(['-1/-1']);

      const apply = await vpclink(['apply', 'doc.json', ...s.cloudArgs, '--yes'], { cwd: s.dir });
      expect(apply.code, apply.stderr).toBe(0); // exit 0 includes: verification agrees
      expect(apply.stdout).toContain('apply finished: 1 step done');
      const after = inventory(s.sandbox.exportDocument()).rules;
      expect(after.map((r) => `${r.group} ${r.ipProtocol} ${r.portRange}`).sort()).toEqual(
        [`${groupA!.securityGroupId} ICMP -1/-1`, `${groupB!.securityGroupId} TCP 22/22`].sort(),
      );
      const again = await vpclink(['apply', 'doc.json', ...s.cloudArgs, '--yes'], { cwd: s.dir });
      expect(again.stdout).toContain('nothing to do');

      // Destroy removes what vpclink made; the hand-made rule survives.
      const destroy = await vpclink(['destroy', 'doc.json', ...s.cloudArgs, '--yes'], { cwd: s.dir });
      expect(destroy.code, destroy.stderr).toBe(0);
      const end = inventory(s.sandbox.exportDocument());
      expect(end.routerInterfaces).toEqual([]);
      expect(end.routes).toEqual([]);
      expect(end.rules.map((r) => `${r.group} ${r.portRange} ${r.description}`)).toEqual([
        `${groupB!.securityGroupId} 22/22 ssh from the bastion`,
      ]);
    },
  );
});
