/**
 * The migration of the cross-account seed's router-interface link to VPC peering, applied against
 * the sandbox step by step with the real CLI (`vpclink apply` of each state the migration plan
 * gives, then `vpclink destroy` of the router-interface pair), while a watcher exports the sandbox
 * every few milliseconds and checks both pings: reachability never drops mid-plan.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Topology } from '../../simulator/document';
import { createReachability } from '../../simulator/reach';
import { startCliSandbox, vpclink, type CliSandbox } from '../cloud/apply/cliHarness';

const A = 'i-m5e8s3ti3g1xtn0gmaus';
const B = 'i-2ze6pb1ti4wkxo4mnwo3';

let s: CliSandbox | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

/** Both pings of the live sandbox, as the simulator sees its exported state. */
function bothPings(doc: Topology): boolean {
  const reach = createReachability(doc);
  return [
    reach.check({ from: A, to: B, protocol: 'icmp', port: null }),
    reach.check({ from: B, to: A, protocol: 'icmp', port: null }),
  ].every((r) => 'verdict' in r && r.verdict === 'reachable');
}

describe('vpclink plan --migrate, applied against the sandbox', () => {
  it(
    'cross-account: every state applied in order; the pings never drop; the pair is gone at the end',
    { timeout: 180_000 },
    async () => {
      const seed = JSON.parse(
        readFileSync(join(__dirname, '../../examples/cross-account.vpclink.json'), 'utf8'),
      ) as Topology;
      s = await startCliSandbox(seed);
      const sandbox = s.sandbox;
      const applied = await vpclink(['apply', 'doc.json', ...s.cloudArgs, '--yes'], { cwd: s.dir });
      expect(applied.code, applied.stderr).toBe(0);
      expect(bothPings(sandbox.exportDocument())).toBe(true);

      const planned = await vpclink(
        ['plan', 'doc.json', '--migrate', 'ri-m5e33r3n78zyi5573kf85', '--to', 'peering', '--json'],
        { cwd: s.dir },
      );
      expect(planned.code, planned.stderr).toBe(0);
      const plan = JSON.parse(planned.stdout) as {
        steps: Array<{ index: number; kind: string; document: Topology; teardownDocument?: Topology }>;
      };

      // The watcher: the live state, simulated, after every transition the sandbox makes.
      let current = 'before the migration';
      let samples = 0;
      const drops: string[] = [];
      const watcher = setInterval(() => {
        samples++;
        if (!bothPings(sandbox.exportDocument())) drops.push(current);
      }, 15);
      try {
        for (const step of plan.steps) {
          current = `step ${step.index} (${step.kind})`;
          if (step.kind === 'removeRouterInterfaces') {
            // The pair alone, under its own name: destroy removes it and nothing the migration made.
            writeFileSync(join(s.dir, 'pair.json'), JSON.stringify(step.teardownDocument));
            const destroyed = await vpclink(['destroy', 'pair.json', ...s.cloudArgs, '--yes'], { cwd: s.dir });
            expect(destroyed.code, `${current}: ${destroyed.stderr}${destroyed.stdout}`).toBe(0);
            expect(destroyed.stdout).not.toMatch(/DeleteVpcPeerConnection|RevokeSecurityGroup|DeleteRouteEntry/);
          } else {
            const file = `step-${step.index}.json`;
            writeFileSync(join(s.dir, file), JSON.stringify(step.document));
            const r = await vpclink(['apply', file, ...s.cloudArgs, '--yes'], { cwd: s.dir });
            expect(r.code, `${current}: ${r.stderr}${r.stdout}`).toBe(0);
          }
          expect(bothPings(sandbox.exportDocument()), current).toBe(true);
        }
      } finally {
        clearInterval(watcher);
      }
      expect(samples).toBeGreaterThan(10);
      expect(drops).toEqual([]);
      const end = sandbox.exportDocument();
      expect(end.routerInterfaces).toEqual([]);
      expect(end.vpcPeerConnections?.map((p) => p.status)).toEqual(['Activated']);
      expect(
        end.routeTables.flatMap((t) => t.routeEntries.map((e) => `${e.destinationCidrBlock} ${e.nextHopType}`)).sort(),
      ).toEqual(['172.16.0.0/16 VpcPeer', '192.168.0.0/16 VpcPeer']);
    },
  );
});
