/**
 * Defect 2 (issue 10): destroy finds EVERY live interface the document owns — duplicates of a
 * natural key included — deletes them all, re-lists, and exits 1 naming anything still live
 * (ID, account, region, the retry command). Exit 0 only when nothing billable is left.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../../cloud/sandbox';
import { loadExample } from '../../simulator/plan/fixtures';
import { sandboxClient, startCliSandbox, vpclink, type CliSandbox } from '../apply/cliHarness';
import { inventory } from '../apply/harness';

const cross = loadExample('cross-account');
let s: CliSandbox | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

/** A second initiator with the same natural key as the live one (what a concurrent or killed run leaves). */
async function injectDuplicateInitiator(sandbox: RunningSandbox): Promise<string> {
  const live = sandbox.exportDocument().routerInterfaces.find((r) => r.role === 'InitiatingSide')!;
  const client = sandboxClient(sandbox, live.accountId);
  try {
    const response = await client.call('vpc', live.regionId, 'CreateRouterInterface', {
      RegionId: live.regionId,
      Role: 'InitiatingSide',
      RouterType: 'VRouter',
      RouterId: live.routerId,
      Spec: 'Mini.2',
      OppositeRegionId: live.oppositeRegionId,
      OppositeRouterType: 'VRouter',
      OppositeRouterId: live.oppositeRouterId!,
      OppositeInterfaceOwnerId: live.oppositeInterfaceOwnerId ?? live.accountId,
      InstanceChargeType: 'PostPaid',
    });
    return String(response.RouterInterfaceId);
  } finally {
    client.close?.();
  }
}

describe('destroy removes every live interface the document owns', () => {
  it(
    'a duplicate interface injected before destroy is deleted too; exit 0 with nothing left',
    { timeout: 60_000 },
    async () => {
      s = await startCliSandbox(cross);
      expect((await vpclink(['apply', 'doc.json', ...s.cloudArgs, '--yes'], { cwd: s.dir })).code).toBe(0);
      const duplicate = await injectDuplicateInitiator(s.sandbox);
      expect(inventory(s.sandbox.exportDocument()).routerInterfaces).toHaveLength(3);

      const plan = await vpclink(['plan', 'doc.json', '--destroy', '--json', ...s.cloudArgs], { cwd: s.dir });
      expect(plan.code).toBe(0);
      expect(
        JSON.parse(plan.stdout).steps.map(
          (x: { params: { RouterInterfaceId?: string } }) => x.params.RouterInterfaceId,
        ),
      ).toContain(duplicate);

      const r = await vpclink(['destroy', 'doc.json', ...s.cloudArgs, '--yes'], { cwd: s.dir });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(inventory(s.sandbox.exportDocument())).toEqual({ routerInterfaces: [], routes: [], rules: [] });
    },
  );

  it(
    'an interface that appears while destroy runs is found on the re-list: exit 1 naming it and the retry command',
    { timeout: 60_000 },
    async () => {
      s = await startCliSandbox(cross);
      expect((await vpclink(['apply', 'doc.json', ...s.cloudArgs, '--yes'], { cwd: s.dir })).code).toBe(0);
      let injected: Promise<string> | undefined;
      const sandbox = s.sandbox;
      const r = await vpclink(['destroy', 'doc.json', ...s.cloudArgs, '--yes', '--json'], {
        cwd: s.dir,
        // Once the plan is made, a concurrent creator adds a duplicate the plan cannot know about.
        onStdout: (t) => {
          if (!injected && t.includes('"kind":"plan-ready"')) injected = injectDuplicateInitiator(sandbox);
        },
      });
      const duplicate = await injected!;
      expect(r.code, r.stderr).toBe(1);
      const account = s.sandbox.exportDocument().routerInterfaces[0]!;
      expect(r.stderr).toContain(
        `routerInterface ${duplicate} (account ${account.accountId}, ${account.regionId}) — billed while it exists`,
      );
      expect(r.stderr).toContain(`vpclink destroy doc.json ${s.cloudArgs.join(' ')} --yes`);
      expect(inventory(s.sandbox.exportDocument()).routerInterfaces.map((x) => x.routerInterfaceId)).toEqual([
        duplicate,
      ]);

      const retry = await vpclink(['destroy', 'doc.json', ...s.cloudArgs, '--yes'], { cwd: s.dir });
      expect(retry.code, retry.stderr).toBe(0);
      expect(inventory(s.sandbox.exportDocument())).toEqual({ routerInterfaces: [], routes: [], rules: [] });
    },
  );
});
