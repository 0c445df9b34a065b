/** Shared helpers for reachability tests: examples, mutated copies, small documents. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDocumentValue, type Topology } from '../../../simulator/document';
import { createReachability, isFlowInputError, type CheckResult, type Protocol } from '../../../simulator/reach';

export const ROOT = join(__dirname, '..', '..', '..');

/** The cross-account example's IDs. */
export const X = {
  a: 'i-m5e8s3ti3g1xtn0gmaus',
  b: 'i-2ze6pb1ti4wkxo4mnwo3',
  sgA: 'sg-m5eb1u5rbzpd4ljqj4b1',
  sgB: 'sg-2zeh6s0f7hcwt1xp6cgl',
  vtbA: 'vtb-m5e64ujkb7xn5i2ukwzd1',
  vtbB: 'vtb-2zefk1lhcyspp1ncehn4b',
  riA: 'ri-m5e33r3n78zyi5573kf85',
  riB: 'ri-2zeix2q86uoyisagyz0pn',
  vpcA: 'vpc-m5eh2wln3wdeovmrvvr4a',
  vpcB: 'vpc-2zeo9pbx3kvs1gd7pu3gs',
} as const;

/** Flows of every protocol (two TCP ports) that the differential tests ask in turn. */
export const FLOWS = [
  { protocol: 'icmp', port: null },
  { protocol: 'tcp', port: 22 },
  { protocol: 'tcp', port: 443 },
  { protocol: 'udp', port: 53 },
  { protocol: 'all', port: null },
] as const;

export type Raw = any;

export function exampleRaw(name: string): Raw {
  return JSON.parse(readFileSync(join(ROOT, 'examples', `${name}.vpclink.json`), 'utf8'));
}

export function load(raw: Raw): Topology {
  const r = loadDocumentValue(raw);
  if (r.kind !== 'ok') throw new Error(`not loadable: ${JSON.stringify(r)}`);
  return r.document;
}

/** A loaded copy of an example after `edit` changed its raw JSON. */
export function example(name: string, edit: (raw: Raw) => void = () => {}): Topology {
  const raw = exampleRaw(name);
  edit(raw);
  return load(raw);
}

export function check(
  doc: Topology,
  from: string,
  to: string,
  protocol: Protocol = 'icmp',
  port: number | null = null,
): CheckResult {
  const r = createReachability(doc).check({ from, to, protocol, port });
  if (isFlowInputError(r)) throw new Error(`input error: ${r.field}: ${r.message}`);
  return r;
}

export function codes(result: CheckResult): string[] {
  return result.blockers.map((b) => `${b.direction}:${b.code}:${b.resourceId}`);
}

/**
 * One VPC (10.0.0.0/16) with vSwitches 10.0.1.0/24 and 10.0.2.0/24, the given groups and
 * instances. Instance spec: [id, ip, groups, vSwitch index?].
 */
export function oneVpc(groups: Raw[], instances: Array<[string, string, string[], number?]>): Topology {
  return load({
    format: 'vpclink/topology',
    version: 1,
    vpcs: [{ vpcId: 'vpc-1', accountId: 'acct', regionId: 'cn-beijing', cidrBlock: '10.0.0.0/16', vRouterId: 'vrt-1' }],
    vSwitches: [
      { vSwitchId: 'vsw-1', vpcId: 'vpc-1', zoneId: 'cn-beijing-a', cidrBlock: '10.0.1.0/24' },
      { vSwitchId: 'vsw-2', vpcId: 'vpc-1', zoneId: 'cn-beijing-b', cidrBlock: '10.0.2.0/24' },
    ],
    securityGroups: groups.map((g) => ({ vpcId: 'vpc-1', ...g })),
    instances: instances.map(([instanceId, privateIpAddress, securityGroupIds, sw]) => ({
      instanceId,
      privateIpAddress,
      securityGroupIds,
      vSwitchId: `vsw-${sw ?? 1}`,
    })),
  });
}
