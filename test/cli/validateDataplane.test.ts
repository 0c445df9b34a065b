// `vpclink validate` on documents with the release-2 arrays (topology-format.md §4): exit codes and
// --json findings with codes and JSON Pointers, in-process through main().
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main';
import type { CliIo } from '../../cli/io';

const FIXTURE = resolve(__dirname, '../simulator/document/fixtures/every-dataplane-field.vpclink.json');

async function vpclink(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    cwd: dir,
    env: {},
    signal: new AbortController().signal,
    isTty: false,
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vpclink-validate-dataplane-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const variant = (name: string, mutate: (doc: Record<string, any>) => void): string => {
  const doc = JSON.parse(readFileSync(FIXTURE, 'utf8'));
  mutate(doc);
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(doc, null, 2));
  return path;
};

describe('vpclink validate with ACLs, ENIs, prefix lists and peering', () => {
  it('a document using every new field is valid (exit 0), its warnings and infos listed', async () => {
    const run = await vpclink(['validate', FIXTURE, '--json']);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.valid).toBe(true);
    expect(out.findings.map((f: any) => f.code)).toContain('ROUTE_NEXT_HOP_TYPE_UNKNOWN');
  });

  it.each([
    [
      'an ACL bound to a vSwitch of another VPC',
      (d: any) => d.networkAcls[0].resources.push({ resourceId: 'vsw-b1', resourceType: 'VSwitch' }),
      'NACL_VSWITCH_OTHER_VPC',
      '/networkAcls/0/resources/1/resourceId',
    ],
    [
      "a Primary ENI whose IP is not its instance's",
      (d: any) => (d.networkInterfaces[0].privateIpAddress = '10.0.1.12'),
      'ENI_PRIMARY_INCONSISTENT',
      '/networkInterfaces/0/privateIpAddress',
    ],
    [
      'a prefix list over its maxEntries',
      (d: any) => (d.prefixLists[0].maxEntries = 1),
      'PREFIX_LIST_MAX_ENTRIES_EXCEEDED',
      '/prefixLists/0/entries/1',
    ],
    [
      'a peering to itself',
      (d: any) => (d.vpcPeerConnections[0].acceptingVpcId = 'vpc-a'),
      'PEERING_SAME_VPC',
      '/vpcPeerConnections/0/acceptingVpcId',
    ],
  ])('%s: exit 1 with %s at %s', async (name, mutate, code, path) => {
    const run = await vpclink(['validate', variant(`${code}.vpclink.json`, mutate), '--json']);
    expect(run.code).toBe(1);
    const out = JSON.parse(run.stdout);
    expect(out.valid).toBe(false);
    expect(out.findings).toContainEqual(expect.objectContaining({ severity: 'error', code, path }));
  });

  it('an ACL entry with a policy the API does not have is a schema error naming the field (exit 1)', async () => {
    const run = await vpclink([
      'validate',
      variant('bad-policy.vpclink.json', (d) => (d.networkAcls[0].ingressAclEntries[1].policy = 'allow')),
      '--json',
    ]);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).findings).toContainEqual(
      expect.objectContaining({ code: 'INVALID_ENUM_VALUE', path: '/networkAcls/0/ingressAclEntries/1/policy' }),
    );
  });
});
