/**
 * Import of VPC peering (aliyun-links.md §1) from the real sandbox through the CLI: a sandbox seeded
 * with a same-account and a cross-account, cross-region peering and VpcPeer routes on both sides;
 * `vpclink import` of both accounts; then `vpclink check` for every ordered pair of instances gives
 * the same verdicts on the imported document as on the source — also when a connection is still
 * waiting for its accepter or was rejected.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../simulator/reach/cliRun';
import { startSandbox, writeProfilesFile } from '../../../cloud/sandbox';
import { loadDocumentText, serializeDocument, type Topology } from '../../../simulator/document';

const A = '1231579085529123';
const B = '1564982317654321';
const SAME = 'pcc-2zeb1vpc1tovpc2peer001';
const CROSS = 'pcc-m5e1vpc1tovpc2peer0002';
const EXAMPLE = new URL('../../../examples/peering.vpclink.json', import.meta.url).pathname;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vpclink-import-peering-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The CLI in-process, in the test's folder. */
const vpclink = (argv: string[]) => run(argv, dir);

function parse(text: string): Topology {
  const loaded = loadDocumentText(text);
  if (loaded.kind !== 'ok') throw new Error(`not a loadable document: ${JSON.stringify(loaded)}`);
  return loaded.document;
}

/** Every ordered pair's verdict and the blocker codes, as `vpclink check --json` says. */
async function verdicts(file: string, doc: Topology) {
  const out: Record<string, string> = {};
  for (const from of doc.instances)
    for (const to of doc.instances) {
      if (from === to) continue;
      const r = await vpclink(['check', file, '--from', from.instanceId, '--to', to.instanceId, '--json']);
      const json = JSON.parse(r.stdout);
      const codes = (json.blockers as Array<{ code: string }>).map((b) => b.code).sort();
      out[`${from.instanceId} → ${to.instanceId}`] = `${r.code} ${json.verdict} ${codes.join(',')}`;
    }
  return out;
}

const cases: ReadonlyArray<{ name: string; statuses: Readonly<Record<string, string>>; reachablePairs: number }> = [
  { name: 'both Activated', statuses: {}, reachablePairs: 4 },
  { name: 'the cross-account one waiting for its accepter', statuses: { [CROSS]: 'Accepting' }, reachablePairs: 2 },
  { name: 'the same-account one rejected', statuses: { [SAME]: 'Rejected' }, reachablePairs: 2 },
];

describe('vpclink import of VPC peering connections, then check', () => {
  it.each(cases)(
    '$name: one resource per connection, every field, same verdicts',
    async ({ name, statuses, reachablePairs }) => {
      const source = parse(await readFile(EXAMPLE, 'utf8'));
      const seed: Topology = {
        ...source,
        vpcPeerConnections: source.vpcPeerConnections!.map((p) => ({
          ...p,
          ...(statuses[p.instanceId] ? { status: statuses[p.instanceId] } : {}),
        })),
      };
      const tag = name.replace(/\W+/g, '-');
      const sourceFile = join(dir, `source-${tag}.vpclink.json`);
      await writeFile(sourceFile, serializeDocument(seed));
      const sandbox = await startSandbox({ seed, seedMode: 'full', clock: 'manual' });
      try {
        const profiles = join(dir, `profiles-${tag}.json`);
        await writeProfilesFile(profiles, sandbox);
        const out = join(dir, `imported-${tag}.vpclink.json`);
        const r = await vpclink([
          'import',
          '--account',
          A,
          '--account',
          B,
          '--region',
          'cn-beijing',
          '--region',
          'cn-hangzhou',
          '--region',
          'cn-qingdao',
          '-o',
          out,
          '--endpoint',
          sandbox.endpoint,
          '--profiles',
          profiles,
        ]);
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        expect(r.stdout).toContain('2 VPC peering connections');
        const imported = parse(await readFile(out, 'utf8'));
        // Both ends of the cross-account connection list it (§1.4): still one resource.
        expect(imported.vpcPeerConnections).toEqual(
          seed
            .vpcPeerConnections!.map((p) => {
              const requester = seed.vpcs.find((v) => v.vpcId === p.vpcId)!;
              const accepter = seed.vpcs.find((v) => v.vpcId === p.acceptingVpcId)!;
              return {
                instanceId: p.instanceId,
                vpcId: p.vpcId,
                acceptingVpcId: p.acceptingVpcId,
                name: p.name,
                acceptingOwnerUid: accepter.accountId,
                acceptingRegionId: accepter.regionId,
                bandwidth: requester.regionId === accepter.regionId ? -1 : 1024,
                status: p.status ?? 'Activated',
              };
            })
            .sort((x, y) => (x.instanceId < y.instanceId ? -1 : 1)),
        );
        // The VpcPeer routes of both sides come back too.
        const peerRoutes = (doc: Topology) =>
          doc.routeTables
            .flatMap((t) =>
              t.routeEntries
                .filter((e) => e.nextHopType === 'VpcPeer')
                .map((e) => `${t.vpcId} ${e.destinationCidrBlock} ${e.nextHopId}`),
            )
            .sort();
        expect(peerRoutes(imported)).toEqual(peerRoutes(seed));
        expect(peerRoutes(imported)).toHaveLength(4);
        const before = await verdicts(sourceFile, seed);
        const after = await verdicts(out, imported);
        expect(after).toEqual(before);
        expect(Object.values(after).filter((v) => v.startsWith('0 reachable'))).toHaveLength(reachablePairs);
      } finally {
        await sandbox.close();
      }
    },
  );

  it('importing only the accepter account still gives the connection once, from its side', async () => {
    const source = parse(await readFile(EXAMPLE, 'utf8'));
    const sandbox = await startSandbox({ seed: source, seedMode: 'full', clock: 'manual' });
    try {
      const profiles = join(dir, 'profiles-b.json');
      await writeProfilesFile(profiles, sandbox);
      const r = await vpclink([
        'import',
        '--account',
        B,
        '--region',
        'cn-beijing',
        '--endpoint',
        sandbox.endpoint,
        '--profiles',
        profiles,
      ]);
      expect(r.code).toBe(0);
      const doc = parse(r.stdout);
      expect(doc.vpcPeerConnections?.map((p) => [p.instanceId, p.vpcId, p.status])).toEqual([
        [CROSS, 'vpc-m5eh2wln3wdeovmrvvr4a', 'Activated'],
      ]);
    } finally {
      await sandbox.close();
    }
  });
});
