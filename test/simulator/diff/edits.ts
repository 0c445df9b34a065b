/**
 * Random edits of a document of every kind a diff must see, shared by the diff's differential
 * tests (narrowedDiff, lostTraceShortcut). Each edits the raw JSON in place; `pick` and `random`
 * are the test's seeded generator.
 */
import { generateTopology } from '../../../bench/generate';
import { seededRandom } from '../../../bench/lib/measure';
import type { Topology } from '../../../simulator/document';
import { exampleRaw, load, type Raw } from '../reach/helpers';

export type Edit = (raw: Raw, pick: <T>(list: readonly T[]) => T | undefined, random: () => number) => void;

/** Another instance's address, or a host of the same vSwitch (addresses may collide on purpose). */
function someAddress(raw: Raw, pick: <T>(list: readonly T[]) => T | undefined, random: () => number): string {
  const other = pick<Raw>(raw.instances);
  if (other && random() < 0.5) return other.privateIpAddress;
  const vSwitch = pick<Raw>(raw.vSwitches);
  const [a, b, c] = String(vSwitch?.cidrBlock ?? '10.0.0.0/24').split(/[./]/);
  return `${a}.${b}.${c}.${200 + Math.floor(random() * 50)}`;
}

export const EDITS: Record<string, Edit> = {
  'a route removed': (raw, pick) => {
    const t = pick<Raw>(raw.routeTables);
    if (t?.routeEntries.length) t.routeEntries.splice(raw.routeTables.indexOf(t) % t.routeEntries.length, 1);
  },
  'a route table emptied (a hub: transit summaries go)': (raw, pick) => {
    const t = pick<Raw>(raw.routeTables);
    if (t) t.routeEntries = [];
  },
  'a route added toward a linked VPC (a new path)': (raw, pick) => {
    const t = pick<Raw>(raw.routeTables);
    const vpc = pick<Raw>(raw.vpcs);
    const hop = pick<Raw>([...raw.routerInterfaces, ...(raw.vpcPeerConnections ?? [])]);
    if (!t || !vpc || !hop) return;
    t.routeEntries.push({
      destinationCidrBlock: vpc.cidrBlock,
      nextHopType: hop.routerInterfaceId ? 'RouterInterface' : 'VpcPeer',
      nextHopId: hop.routerInterfaceId ?? hop.instanceId,
      status: 'Available',
    });
  },
  'a route made Pending': (raw, pick) => {
    const e = pick<Raw>(pick<Raw>(raw.routeTables)?.routeEntries ?? []);
    if (e) e.status = 'Pending';
  },
  'a route to a next hop vpclink does not simulate': (raw, pick) => {
    const e = pick<Raw>(pick<Raw>(raw.routeTables)?.routeEntries ?? []);
    if (e) e.nextHopType = 'NatGateway';
  },
  'a route through an instance (a middlebox)': (raw, pick) => {
    const t = pick<Raw>(raw.routeTables);
    const instance = pick<Raw>(raw.instances);
    const vSwitch = raw.vSwitches.find((s: Raw) => s.vpcId === t?.vpcId);
    if (t && instance && vSwitch)
      t.routeEntries.push({
        destinationCidrBlock: vSwitch.cidrBlock,
        nextHopType: 'Instance',
        nextHopId: instance.instanceId,
      });
  },
  'rules removed': (raw, _pick, random) => {
    for (const g of raw.securityGroups) if (random() < 0.3) g.permissions = g.permissions.filter(() => random() < 0.6);
  },
  // Rules of one protocol only: a flow of another protocol must see no change (narrow.ts sameForProtocol).
  'the TCP rules of a group removed': (raw, pick) => {
    const g = pick<Raw>(raw.securityGroups);
    if (g) g.permissions = g.permissions.filter((p: Raw) => String(p.ipProtocol).toUpperCase() !== 'TCP');
  },
  'the ICMP rules of a group flipped': (raw, pick) => {
    for (const p of pick<Raw>(raw.securityGroups)?.permissions ?? [])
      if (String(p.ipProtocol).toUpperCase() === 'ICMP') p.policy = p.policy === 'Drop' ? 'Accept' : 'Drop';
  },
  'a policy flipped': (raw, pick) => {
    const p = pick<Raw>(pick<Raw>(raw.securityGroups)?.permissions ?? []);
    if (p) p.policy = p.policy === 'Drop' ? 'Accept' : 'Drop';
  },
  'an ingress rule for everything added': (raw, pick) => {
    pick<Raw>(raw.securityGroups)?.permissions.push({
      direction: 'ingress',
      ipProtocol: 'ALL',
      portRange: '-1/-1',
      sourceCidrIp: '10.0.0.0/8',
    });
  },
  'a rule naming another group added': (raw, pick) => {
    const g = pick<Raw>(raw.securityGroups);
    const other = pick<Raw>(raw.securityGroups.filter((x: Raw) => x.vpcId === g?.vpcId));
    g?.permissions.unshift({
      direction: 'ingress',
      ipProtocol: 'ALL',
      portRange: '-1/-1',
      sourceGroupId: other.securityGroupId,
    });
  },
  'InnerAccessPolicy flipped': (raw, pick) => {
    const g = pick<Raw>(raw.securityGroups);
    if (g) g.innerAccessPolicy = g.innerAccessPolicy === 'Drop' ? 'Accept' : 'Drop';
  },
  'a group made enterprise': (raw, pick) => {
    const g = pick<Raw>(raw.securityGroups);
    if (g) g.securityGroupType = 'enterprise';
  },
  'an instance moved to another group (membership)': (raw, pick) => {
    const instance = pick<Raw>(raw.instances);
    const vpc = raw.vSwitches.find((s: Raw) => s.vSwitchId === instance?.vSwitchId)?.vpcId;
    const group = pick<Raw>(raw.securityGroups.filter((g: Raw) => g.vpcId === vpc));
    if (instance && group) instance.securityGroupIds = [group.securityGroupId];
  },
  'an instance stopped': (raw, pick) => {
    const instance = pick<Raw>(raw.instances);
    if (instance) instance.status = 'Stopped';
  },
  'an instance readdressed': (raw, pick, random) => {
    const instance = pick<Raw>(raw.instances);
    if (instance) instance.privateIpAddress = someAddress(raw, pick, random);
  },
  'an instance moved to another vSwitch': (raw, pick) => {
    const instance = pick<Raw>(raw.instances);
    const vSwitch = pick<Raw>(raw.vSwitches);
    if (instance && vSwitch) instance.vSwitchId = vSwitch.vSwitchId;
  },
  'an instance removed': (raw, pick) => {
    const instance = pick<Raw>(raw.instances);
    if (instance) raw.instances.splice(raw.instances.indexOf(instance), 1);
  },
  'an ENI readdressed': (raw, pick, random) => {
    const eni = pick<Raw>(raw.networkInterfaces ?? []);
    if (!eni) return;
    const address = someAddress(raw, pick, random);
    if (eni.privateIpSets?.length > 1) eni.privateIpSets[1].privateIpAddress = address;
    else eni.privateIpSets = [...(eni.privateIpSets ?? []), { privateIpAddress: address }];
  },
  'an ENI given other groups': (raw, pick) => {
    const eni = pick<Raw>(raw.networkInterfaces ?? []);
    const group = pick<Raw>(raw.securityGroups);
    if (eni && group) eni.securityGroupIds = [group.securityGroupId];
  },
  'an ENI detached or made Secondary': (raw, pick) => {
    const eni = pick<Raw>(raw.networkInterfaces ?? []);
    if (eni?.type === 'Primary') eni.type = 'Secondary';
    else if (eni) delete eni.instanceId;
  },
  'a network ACL entry removed': (raw, pick) => {
    pick<Raw>(raw.networkAcls ?? [])?.ingressAclEntries?.splice(0, 1);
  },
  'a network ACL drops everything on egress': (raw, pick) => {
    pick<Raw>(raw.networkAcls ?? [])?.egressAclEntries?.unshift({
      policy: 'drop',
      protocol: 'all',
      port: '-1/-1',
      destinationCidrIp: '0.0.0.0/0',
    });
  },
  'a network ACL bound to another vSwitch': (raw, pick) => {
    const acl = pick<Raw>(raw.networkAcls ?? []);
    const vSwitch = pick<Raw>(raw.vSwitches.filter((s: Raw) => s.vpcId === acl?.vpcId));
    if (acl && vSwitch) acl.resources = [{ resourceId: vSwitch.vSwitchId, resourceType: 'VSwitch' }];
  },
  'a router interface deactivated': (raw, pick) => {
    const ri = pick<Raw>(raw.routerInterfaces);
    if (ri) ri.status = 'Inactive';
  },
  'a peering connection no longer active': (raw, pick) => {
    const pcc = pick<Raw>(raw.vpcPeerConnections ?? []);
    if (pcc) pcc.status = 'Rejected';
  },
  'a peering connection removed': (raw, pick) => {
    const pcc = pick<Raw>(raw.vpcPeerConnections ?? []);
    if (pcc) raw.vpcPeerConnections.splice(raw.vpcPeerConnections.indexOf(pcc), 1);
  },
  'a prefix list narrowed': (raw, pick) => {
    const list = pick<Raw>(raw.prefixLists ?? []);
    if (list) list.entries = list.entries.slice(1);
  },
  'a transit-router route table changed': (raw, pick) => {
    const table = pick<Raw>(raw.transitRouterRouteTables ?? []);
    if (table?.transitRouterRouteEntries?.length) table.transitRouterRouteEntries.splice(0, 1);
  },
  'a transit-router attachment removed': (raw, pick) => {
    const attachment = pick<Raw>(raw.transitRouterVpcAttachments ?? []);
    if (attachment) raw.transitRouterVpcAttachments.splice(raw.transitRouterVpcAttachments.indexOf(attachment), 1);
  },
  'only the intents and names changed': (raw) => {
    raw.name = 'renamed';
    raw.intents = [{ from: raw.instances[0].instanceId, to: raw.instances[1].instanceId, expect: 'reachable' }];
  },
};

/** A generated estate (`S:3`, `M:2`, `S:2:tables elsewhere`) or an example (`example:peering`), as raw JSON to edit. */
export function estate(name: string): Raw {
  if (name.startsWith('example:')) return exampleRaw(name.slice('example:'.length));
  const [size, seed, variant] = name.split(':') as ['S' | 'M', string, string | undefined];
  const raw = JSON.parse(JSON.stringify(generateTopology(size, Number(seed))));
  if (variant === 'tables elsewhere') {
    // vSwitches that name a route table of another VPC (the simulator falls back to their own VPC's
    // system table, ROUTE_TABLE_MISSING): an edit of that table must still be seen.
    raw.vSwitches.forEach((s: Raw, i: number) => {
      const other = raw.routeTables.find((t: Raw) => t.vpcId !== s.vpcId);
      if (i % 3 === 0 && other) s.routeTableId = other.routeTableId;
    });
  }
  return raw;
}

/** How a test draws its rounds of random edits of one estate (each test its own, so its cases stay its own). */
export interface EditRounds {
  /** Mixed into the seed taken from the estate's name. */
  readonly salt: number;
  readonly rounds: number;
  /** Round r applies edit number (r + offset × stride), so every kind is seen on every estate. */
  readonly offset: number;
  readonly stride: number;
  /** The chance that a round applies two more edits, picked at random. */
  readonly moreChance: number;
  readonly edits: Readonly<Record<string, Edit>>;
}

/**
 * The estate loaded once (`before`), then each round's edited copy of it (`after`) with the names of
 * the edits applied. A generator: the test's work between rounds draws nothing from the generator,
 * so the rounds are the same whatever the test checks.
 */
export function* randomEditRounds(
  name: string,
  options: EditRounds,
): Generator<{
  readonly before: Topology;
  readonly after: Topology;
  readonly applied: readonly string[];
  readonly round: number;
}> {
  const random = seededRandom([...name].reduce((h, c) => h * 31 + c.charCodeAt(0), options.salt) >>> 0);
  const pick = <T>(list: readonly T[]): T | undefined => list[Math.floor(random() * list.length)];
  const base = estate(name);
  const before: Topology = load(base);
  const editNames = Object.keys(options.edits);
  for (let round = 0; round < options.rounds; round++) {
    const raw = JSON.parse(JSON.stringify(base));
    const applied = [editNames[(round + options.offset * options.stride) % editNames.length]!];
    if (random() < options.moreChance) applied.push(pick(editNames)!, pick(editNames)!);
    for (const edit of applied) options.edits[edit]!(raw, pick, random);
    yield { before, after: load(raw), applied, round };
  }
}
