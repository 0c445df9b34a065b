/**
 * The one schema of the `vpclink/topology` document, version 1 (shared/topology-format.md).
 * It types the model, validates the shape on load, fills defaults (the "restore" step) and is
 * exported as the published JSON Schema. Value checks that need context (CIDR syntax, ranges,
 * references) belong to simulator/validate, so this schema accepts any string for those fields.
 *
 * Every object is loose: unknown fields survive a load/save round trip.
 */
import { z } from 'zod';

export const FORMAT = 'vpclink/topology';
export const CURRENT_VERSION = 1;

/** Router-interface specs with their bandwidth in Mbit/s (aliyun-api.md §3.2). */
export const RI_SPEC_BANDWIDTH_MBPS = {
  'Mini.2': 2,
  'Mini.5': 5,
  'Small.1': 10,
  'Small.2': 20,
  'Small.5': 50,
  'Middle.1': 100,
  'Middle.2': 200,
  'Middle.5': 500,
  'Large.1': 1000,
  'Large.2': 2000,
  'Large.5': 5000,
  'Xlarge.1': 10000,
} as const;
export type InitiatorSpec = keyof typeof RI_SPEC_BANDWIDTH_MBPS;
export const RI_SPECS = [...(Object.keys(RI_SPEC_BANDWIDTH_MBPS) as InitiatorSpec[]), 'Negative'] as const;

/** Router-interface Status values (aliyun-api.md §3.9). */
export const RI_STATUSES = [
  'Idle',
  'AcceptingConnecting',
  'Connecting',
  'Activating',
  'Active',
  'Modifying',
  'Deactivating',
  'Inactive',
  'Deleting',
] as const;
export type RouterInterfaceStatus = (typeof RI_STATUSES)[number];

/**
 * The NextHopType values the API is known to have (aliyun-dataplane.md §4.1). A route entry may
 * hold any non-empty value (topology-format.md §4.2): a newer API word loads, validates with a
 * warning and round-trips; only `RouterInterface` and `VpcPeer` are simulated end to end.
 */
export const NEXT_HOP_TYPES = [
  'Instance',
  'HaVip',
  'RouterInterface',
  'NetworkInterface',
  'VpnGateway',
  'IPv6Gateway',
  'NatGateway',
  'Attachment',
  'VpcPeer',
  'Ipv4Gateway',
  'GatewayEndpoint',
  'Ecr',
  'GatewayLoadBalancerEndpoint',
  'RouteTargetGroup',
  'CenBasic',
] as const;
export type KnownNextHopType = (typeof NEXT_HOP_TYPES)[number];

export const ROUTE_ENTRY_STATUSES = ['Available', 'Pending', 'Modifying', 'Deleting'] as const;
export const IP_PROTOCOLS = ['TCP', 'UDP', 'ICMP', 'GRE', 'ALL'] as const;

/** The case-insensitive enums, so the published JSON Schema can describe them as such. */
const caseInsensitiveEnums = new WeakMap<object, readonly string[]>();

/** An enum that accepts any letter case on input and yields the API's spelling. */
function caseInsensitiveEnum<const T extends readonly [string, ...string[]]>(values: T) {
  const byLower = new Map(values.map((v) => [v.toLowerCase(), v]));
  const schema = z.preprocess(
    (input) => (typeof input === 'string' ? (byLower.get(input.toLowerCase()) ?? input) : input),
    z.enum(values),
  );
  caseInsensitiveEnums.set(schema, values);
  return schema;
}

/** `^(?:[Tt][Cc][Pp]|…)$`: JSON Schema regexes have no case-insensitive flag. */
function anyCasePattern(values: readonly string[]): string {
  const letters = (value: string) =>
    [...value]
      .map((c) =>
        c.toLowerCase() !== c.toUpperCase()
          ? `[${c.toUpperCase()}${c.toLowerCase()}]`
          : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
      )
      .join('');
  return `^(?:${values.map(letters).join('|')})$`;
}

const id = z.string().min(1);
const text = z.string();

export const accountSchema = z.looseObject({
  /** Main-account UID: 16 digits for a real account, any non-empty text in a sketch. */
  accountId: id,
  name: text.optional(),
  /** Name of the credential profile apply uses for this account. Never a secret. */
  profile: text.optional(),
});

export const vpcSchema = z.looseObject({
  vpcId: id,
  accountId: id,
  regionId: id,
  /** Primary IPv4 CIDR block, e.g. `192.168.0.0/16`. */
  cidrBlock: z.string(),
  /** The VPC's vRouter (`vrt-…`); router interfaces attach to it, not to the VPC. */
  vRouterId: id,
  name: text.optional(),
  secondaryCidrBlocks: z.array(z.string()).optional(),
});

export const vSwitchSchema = z.looseObject({
  vSwitchId: id,
  vpcId: id,
  zoneId: id,
  cidrBlock: z.string(),
  name: text.optional(),
  /** A custom route table of the same VPC; absent = the VPC's system table. */
  routeTableId: id.optional(),
});

export const routeEntrySchema = z.looseObject({
  destinationCidrBlock: z.string(),
  /** Any API word (see NEXT_HOP_TYPES); `validate` warns about words it does not know. */
  nextHopType: id.describe(`The API's NextHopType, e.g. ${NEXT_HOP_TYPES.join(', ')}`),
  nextHopId: id,
  /** Defaults to `Available` (a designed route is assumed to be created). */
  status: z.enum(ROUTE_ENTRY_STATUSES).default('Available'),
  routeEntryName: text.optional(),
});

export const routeTableSchema = z.looseObject({
  routeTableId: id,
  vpcId: id,
  routeTableType: z.enum(['System', 'Custom']),
  routeEntries: z.array(routeEntrySchema).default([]),
});

export const routerInterfaceSchema = z.looseObject({
  routerInterfaceId: id,
  accountId: id,
  regionId: id,
  routerType: z.literal('VRouter'),
  /** The local vRouter (`vrt-…`). */
  routerId: id,
  role: z.enum(['InitiatingSide', 'AcceptingSide']),
  /** Bandwidth spec of an initiator; an acceptor is always `Negative`. */
  spec: z.enum(RI_SPECS),
  oppositeRegionId: id,
  oppositeInterfaceId: id.optional(),
  oppositeRouterId: id.optional(),
  oppositeRouterType: z.enum(['VRouter', 'VBR']).optional(),
  /** Account UID of the opposite interface's owner. */
  oppositeInterfaceOwnerId: id.optional(),
  /** Live status from an import; absent in a design (the simulator derives it). */
  status: z.enum(RI_STATUSES).optional(),
  name: text.optional(),
});

export const permissionSchema = z.looseObject({
  direction: z.enum(['ingress', 'egress']),
  ipProtocol: caseInsensitiveEnum(IP_PROTOCOLS),
  /** `start/end`: `22/22`, `1/65535`; `-1/-1` for ICMP, GRE and ALL. */
  portRange: z.string(),
  policy: caseInsensitiveEnum(['Accept', 'Drop'] as const).default('Accept'),
  /** 1 (highest) … 100 (lowest). */
  priority: z.number().int().default(1),
  sourceCidrIp: z.string().optional(),
  sourceGroupId: id.optional(),
  sourceGroupOwnerAccount: text.optional(),
  destCidrIp: z.string().optional(),
  destGroupId: id.optional(),
  destGroupOwnerAccount: text.optional(),
  description: text.optional(),
  nicType: z.literal('intranet').optional(),
  /**
   * The API's quintuple fields (aliyun-dataplane.md §3.3): the packet's source-port range; on an
   * ingress rule `destCidrIp` narrows which of the group's addresses the rule covers, on an egress
   * rule `sourceCidrIp` which of its source addresses.
   */
  sourcePortRange: z.string().optional(),
  /** A prefix list as the peer, like a CIDR (aliyun-dataplane.md §2.3). */
  sourcePrefixListId: id.optional(),
  destPrefixListId: id.optional(),
  /** Kept from imports; they never match an IPv4 flow. */
  ipv6SourceCidrIp: z.string().optional(),
  ipv6DestCidrIp: z.string().optional(),
});

export const securityGroupSchema = z.looseObject({
  securityGroupId: id,
  vpcId: id,
  securityGroupType: z.enum(['normal', 'enterprise']).default('normal'),
  /**
   * Intra-group policy of a basic group: `Accept` lets members reach each other whatever the
   * rules say. Enterprise groups always isolate members; the field is ignored for them.
   */
  innerAccessPolicy: caseInsensitiveEnum(['Accept', 'Drop'] as const).optional(),
  permissions: z.array(permissionSchema).default([]),
  name: text.optional(),
  /** The owner's account UID (imports across accounts keep it). */
  accountId: id.optional(),
});

export const instanceSchema = z.looseObject({
  instanceId: id,
  vSwitchId: id,
  privateIpAddress: z.string(),
  securityGroupIds: z.array(id).min(1),
  name: text.optional(),
  status: text.optional(),
});

/** ACL entry values as the API spells them (aliyun-dataplane.md §1.3); any case on input. */
export const ACL_POLICIES = ['accept', 'drop'] as const;
export const ACL_PROTOCOLS = ['tcp', 'udp', 'icmp', 'gre', 'all', 'icmpv6'] as const;
/** `custom` entries are the user's; `service` (top) and `system` (bottom) come with every ACL. */
export const ACL_ENTRY_TYPES = ['custom', 'service', 'system'] as const;
export const IP_VERSIONS = ['IPv4', 'IPv6'] as const;

/** The fields both directions of an ACL entry share (UpdateNetworkAclEntries `*AclEntries.N.*`). */
const aclEntryShape = {
  policy: caseInsensitiveEnum(ACL_POLICIES),
  protocol: caseInsensitiveEnum(ACL_PROTOCOLS),
  /** `start/end`, always the packet's DESTINATION port (aliyun-dataplane.md §0 #4); `-1/-1` for all, icmp, gre. */
  port: z.string(),
  networkAclEntryName: text.optional(),
  /** `nae-…` once created. */
  networkAclEntryId: id.optional(),
  entryType: caseInsensitiveEnum(ACL_ENTRY_TYPES).optional(),
  description: text.optional(),
  /** Kept from imports; absent = `IPv4`. */
  ipVersion: caseInsensitiveEnum(IP_VERSIONS).optional(),
};

export const ingressAclEntrySchema = z.looseObject({
  ...aclEntryShape,
  /** A CIDR block or a prefix-list ID (`pl-…`). An ingress entry has no destination field. */
  sourceCidrIp: z.string(),
});

export const egressAclEntrySchema = z.looseObject({
  ...aclEntryShape,
  /** A CIDR block or a prefix-list ID (`pl-…`). An egress entry has no source field. */
  destinationCidrIp: z.string(),
});

export const networkAclResourceSchema = z.looseObject({
  /** A vSwitch of the ACL's VPC; one ACL per vSwitch (aliyun-dataplane.md §1.5). */
  resourceId: id,
  resourceType: z.literal('VSwitch'),
  /** Live binding status from an import (`BINDING`, `BINDED`, …). */
  status: text.optional(),
});

/**
 * A network ACL (aliyun-dataplane.md §1). Stateless; entries are evaluated in list order, first
 * match wins; absent entries = none (everything but the cloud services is denied).
 */
export const networkAclSchema = z.looseObject({
  networkAclId: id,
  vpcId: id,
  networkAclName: text.optional(),
  description: text.optional(),
  resources: z.array(networkAclResourceSchema).optional(),
  ingressAclEntries: z.array(ingressAclEntrySchema).optional(),
  egressAclEntries: z.array(egressAclEntrySchema).optional(),
  /** Live status from an import (`Available`, `Modifying`). */
  status: text.optional(),
});

export const NETWORK_INTERFACE_TYPES = ['Primary', 'Secondary', 'Trunk'] as const;

export const privateIpSetSchema = z.looseObject({
  privateIpAddress: z.string(),
  primary: z.boolean().optional(),
});

/**
 * An elastic network interface (aliyun-dataplane.md §3). Security groups filter per ENI: every
 * address it holds is filtered by ITS groups (§3.2).
 */
export const networkInterfaceSchema = z.looseObject({
  networkInterfaceId: id,
  vSwitchId: id,
  /** Its primary private IP. */
  privateIpAddress: z.string(),
  securityGroupIds: z.array(id).min(1),
  /** Absent = `Secondary`. A `Primary` ENI with an `instanceId` describes that instance's own ENI. */
  type: z.enum(NETWORK_INTERFACE_TYPES).optional(),
  /** The instance it is attached to. */
  instanceId: id.optional(),
  /** All its private IPs; the primary one may be repeated with `primary: true`. */
  privateIpSets: z.array(privateIpSetSchema).optional(),
  name: text.optional(),
  status: text.optional(),
});

export const prefixListEntrySchema = z.looseObject({
  cidr: z.string(),
  description: text.optional(),
});

/** A prefix list (`pl-…`, aliyun-dataplane.md §2): regional, one address family. */
export const prefixListSchema = z.looseObject({
  prefixListId: id,
  accountId: id,
  regionId: id,
  entries: z.array(prefixListEntrySchema),
  prefixListName: text.optional(),
  /** Absent = `IPv4`. The VPC API calls it `IpVersion` (aliyun-dataplane.md §0 #8). */
  addressFamily: caseInsensitiveEnum(IP_VERSIONS).optional(),
  /** Counts against the quotas of whatever references the list, whatever the entry count (§0 #7). */
  maxEntries: z.number().int().optional(),
});

/** A VPC peering connection (aliyun-links.md): `instanceId` is its `pcc-…` ID. */
export const vpcPeerConnectionSchema = z.looseObject({
  instanceId: id,
  /** The requester's VPC. */
  vpcId: id,
  acceptingVpcId: id,
  name: text.optional(),
  /** Defaults to the accepting VPC's account. */
  acceptingOwnerUid: id.optional(),
  /** Defaults to the accepting VPC's region. */
  acceptingRegionId: id.optional(),
  /** Mbit/s. */
  bandwidth: z.number().optional(),
  /** The API's words (`Accepting`, `Activated`, `Rejected`, …); absent in a design. */
  status: text.optional(),
});

/**
 * CEN transit routers (aliyun-links.md §2; product Cbn 2017-09-12). Field names are the API's in
 * lowerCamelCase (README "CEN transit routers"); the shared contract does not list them yet.
 * Statuses are the API's words and absent in a design (a designed attachment counts as Attached,
 * a designed association, propagation or route entry as Active).
 */
export const TR_ROUTE_NEXT_HOP_TYPES = ['BlackHole', 'Attachment'] as const;

/** A CEN instance (DescribeCens `Cens.Cen[]`). */
export const cenInstanceSchema = z.looseObject({
  cenId: id,
  /** The account that owns the CEN instance. */
  accountId: id,
  name: text.optional(),
  description: text.optional(),
  status: text.optional(),
});

/** A transit router (ListTransitRouters): one per region and CEN instance. */
export const transitRouterSchema = z.looseObject({
  transitRouterId: id,
  cenId: id,
  regionId: id,
  transitRouterName: text.optional(),
  /** `Enterprise` or `Basic`; absent = Enterprise (the edition on sale, aliyun-links.md §2). */
  type: text.optional(),
  status: text.optional(),
});

/** One zone of a VPC attachment: the vSwitch where the transit router puts its ENI. */
export const zoneMappingSchema = z.looseObject({
  zoneId: id,
  vSwitchId: id,
});

/** A VPC attachment (CreateTransitRouterVpcAttachment / ListTransitRouterVpcAttachments). */
export const transitRouterVpcAttachmentSchema = z.looseObject({
  transitRouterAttachmentId: id,
  transitRouterId: id,
  cenId: id.optional(),
  vpcId: id,
  /** The VPC owner's account UID; absent = the CEN owner (same account). */
  vpcOwnerId: id.optional(),
  zoneMappings: z.array(zoneMappingSchema).default([]),
  /** Lets the transit router advertise routes into the VPC (shape of those routes UNCONFIRMED). */
  autoPublishRouteEnabled: z.boolean().optional(),
  transitRouterAttachmentName: text.optional(),
  transitRouterAttachmentDescription: text.optional(),
  /** `Attached`, `Attaching`, `Detaching`, …; absent in a design. */
  status: text.optional(),
});

/** An inter-region connection between two transit routers of one CEN (CreateTransitRouterPeerAttachment). */
export const transitRouterPeerAttachmentSchema = z.looseObject({
  transitRouterAttachmentId: id,
  transitRouterId: id,
  peerTransitRouterId: id,
  cenId: id.optional(),
  peerTransitRouterRegionId: id.optional(),
  /** Mbit/s. */
  bandwidth: z.number().optional(),
  cenBandwidthPackageId: id.optional(),
  autoPublishRouteEnabled: z.boolean().optional(),
  transitRouterAttachmentName: text.optional(),
  transitRouterAttachmentDescription: text.optional(),
  status: text.optional(),
});

/** A route of a transit-router route table (CreateTransitRouterRouteEntry / ListTransitRouterRouteEntries). */
export const transitRouterRouteEntrySchema = z.looseObject({
  transitRouterRouteEntryDestinationCidrBlock: z.string(),
  /** `BlackHole` (drop) or `Attachment` (forward to transitRouterRouteEntryNextHopId). */
  transitRouterRouteEntryNextHopType: id.describe(
    `The API's TransitRouterRouteEntryNextHopType: ${TR_ROUTE_NEXT_HOP_TYPES.join(', ')}`,
  ),
  /** A `tr-attach-…` ID; absent for BlackHole. */
  transitRouterRouteEntryNextHopId: id.optional(),
  transitRouterRouteEntryId: id.optional(),
  transitRouterRouteEntryName: text.optional(),
  transitRouterRouteEntryDescription: text.optional(),
  /** `Static` (absent) or `Propagated` (learned; an import keeps them). */
  transitRouterRouteEntryType: text.optional(),
  /** `Active`, `Creating`, `Rejected`, …; absent in a design (= Active). */
  transitRouterRouteEntryStatus: text.optional(),
});

/** A transit-router route table with its entries (ListTransitRouterRouteTables). */
export const transitRouterRouteTableSchema = z.looseObject({
  transitRouterRouteTableId: id,
  transitRouterId: id,
  transitRouterRouteTableName: text.optional(),
  transitRouterRouteTableDescription: text.optional(),
  /** `System` (the default table) or `Custom`. */
  transitRouterRouteTableType: text.optional(),
  transitRouterRouteTableStatus: text.optional(),
  transitRouterRouteEntries: z.array(transitRouterRouteEntrySchema).default([]),
});

/**
 * An association (traffic entering the TR from the attachment is looked up in that table) or a
 * propagation (the attachment's routes are learned into that table): aliyun-links.md §2.2.
 */
export const transitRouterRouteTableLinkSchema = z.looseObject({
  transitRouterAttachmentId: id,
  transitRouterRouteTableId: id,
  /** `Active`, `Associating`, …; absent in a design (= Active). */
  status: text.optional(),
});

/**
 * A reachability intent (topology-format.md §4.1, §4.3): "from must (not) reach to". Each end is
 * an instance, ENI, IP, vSwitch, VPC or account ID; a group end means every instance in it.
 * Which IDs resolve is a validation matter (INTENT_END_UNKNOWN), so any non-empty text loads.
 */
export const intentSchema = z.looseObject({
  from: id,
  to: id,
  expect: z.enum(['reachable', 'unreachable']),
  name: text.optional(),
  /** `icmp` (a ping, default), `tcp`, `udp` or `all`; any case on input. */
  protocol: caseInsensitiveEnum(['icmp', 'tcp', 'udp', 'all'] as const).default('icmp'),
  /** Destination port, for tcp and udp. */
  port: z.number().int().optional(),
});

/** Node positions, collapsed groups and viewport of the app. Never affects the analysis. */
export const layoutSchema = z.looseObject({
  positions: z.record(z.string(), z.looseObject({ x: z.number(), y: z.number() })).optional(),
  collapsed: z.array(z.string()).optional(),
  viewport: z.looseObject({ x: z.number(), y: z.number(), zoom: z.number() }).optional(),
});

export const topologySchema = z.looseObject({
  format: z.literal(FORMAT),
  version: z.literal(CURRENT_VERSION),
  name: text.optional(),
  description: text.optional(),
  accounts: z.array(accountSchema).default([]),
  vpcs: z.array(vpcSchema).default([]),
  vSwitches: z.array(vSwitchSchema).default([]),
  routeTables: z.array(routeTableSchema).default([]),
  routerInterfaces: z.array(routerInterfaceSchema).default([]),
  securityGroups: z.array(securityGroupSchema).default([]),
  instances: z.array(instanceSchema).default([]),
  // Release 2 (topology-format.md §4): optional and never defaulted, so a document without
  // them is written back byte for byte as it was read.
  networkAcls: z.array(networkAclSchema).optional(),
  networkInterfaces: z.array(networkInterfaceSchema).optional(),
  prefixLists: z.array(prefixListSchema).optional(),
  vpcPeerConnections: z.array(vpcPeerConnectionSchema).optional(),
  // CEN transit routers (README "CEN transit routers"): optional like the release-2 arrays.
  cenInstances: z.array(cenInstanceSchema).optional(),
  transitRouters: z.array(transitRouterSchema).optional(),
  transitRouterVpcAttachments: z.array(transitRouterVpcAttachmentSchema).optional(),
  transitRouterPeerAttachments: z.array(transitRouterPeerAttachmentSchema).optional(),
  transitRouterRouteTables: z.array(transitRouterRouteTableSchema).optional(),
  transitRouterRouteTableAssociations: z.array(transitRouterRouteTableLinkSchema).optional(),
  transitRouterRouteTablePropagations: z.array(transitRouterRouteTableLinkSchema).optional(),
  /** Optional and kept absent when absent, so documents without intents round-trip unchanged. */
  intents: z.array(intentSchema).optional(),
  layout: layoutSchema.optional(),
});

export type Topology = z.output<typeof topologySchema>;
export type TopologyInput = z.input<typeof topologySchema>;
export type Account = Topology['accounts'][number];
export type Vpc = Topology['vpcs'][number];
export type VSwitch = Topology['vSwitches'][number];
export type RouteTable = Topology['routeTables'][number];
export type RouteEntry = RouteTable['routeEntries'][number];
export type RouterInterface = Topology['routerInterfaces'][number];
export type SecurityGroup = Topology['securityGroups'][number];
export type Permission = SecurityGroup['permissions'][number];
export type Instance = Topology['instances'][number];
export type Intent = NonNullable<Topology['intents']>[number];
export type NetworkAcl = NonNullable<Topology['networkAcls']>[number];
export type IngressAclEntry = NonNullable<NetworkAcl['ingressAclEntries']>[number];
export type EgressAclEntry = NonNullable<NetworkAcl['egressAclEntries']>[number];
export type AclEntry = IngressAclEntry | EgressAclEntry;
export type NetworkInterface = NonNullable<Topology['networkInterfaces']>[number];
export type PrefixList = NonNullable<Topology['prefixLists']>[number];
export type VpcPeerConnection = NonNullable<Topology['vpcPeerConnections']>[number];
export type CenInstance = NonNullable<Topology['cenInstances']>[number];
export type TransitRouter = NonNullable<Topology['transitRouters']>[number];
export type TransitRouterVpcAttachment = NonNullable<Topology['transitRouterVpcAttachments']>[number];
export type TransitRouterPeerAttachment = NonNullable<Topology['transitRouterPeerAttachments']>[number];
export type TransitRouterRouteTable = NonNullable<Topology['transitRouterRouteTables']>[number];
export type TransitRouterRouteTableLink = NonNullable<Topology['transitRouterRouteTableAssociations']>[number];

/** The resource arrays of a document with the name of each one's ID field, in document order. */
export const RESOURCE_ARRAYS = {
  accounts: 'accountId',
  vpcs: 'vpcId',
  vSwitches: 'vSwitchId',
  routeTables: 'routeTableId',
  routerInterfaces: 'routerInterfaceId',
  securityGroups: 'securityGroupId',
  instances: 'instanceId',
} as const;
export type ResourceArray = keyof typeof RESOURCE_ARRAYS;

/**
 * The release-2 arrays (topology-format.md §4.1), optional in the document (absent = empty), with
 * their ID fields. Kept apart from RESOURCE_ARRAYS, whose arrays are always present after a load.
 */
export const OPTIONAL_RESOURCE_ARRAYS = {
  networkAcls: 'networkAclId',
  networkInterfaces: 'networkInterfaceId',
  prefixLists: 'prefixListId',
  vpcPeerConnections: 'instanceId',
  cenInstances: 'cenId',
  transitRouters: 'transitRouterId',
  transitRouterVpcAttachments: 'transitRouterAttachmentId',
  transitRouterPeerAttachments: 'transitRouterAttachmentId',
  transitRouterRouteTables: 'transitRouterRouteTableId',
} as const;

/** The name of an optional resource array (absent = empty). */
export type OptionalResourceArray = keyof typeof OPTIONAL_RESOURCE_ARRAYS;

/** The published JSON Schema (input side: defaults are optional fields). */
export function topologyJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(topologySchema, {
      io: 'input',
      unrepresentable: 'any',
      // Enums such as ipProtocol accept any letter case on input (topology-format.md §2): a
      // plain `enum` would make editors flag a valid `"tcp"`.
      override: (ctx) => {
        const values = caseInsensitiveEnums.get(ctx.zodSchema);
        if (!values) return;
        delete ctx.jsonSchema.enum;
        ctx.jsonSchema.type = 'string';
        ctx.jsonSchema.pattern = anyCasePattern(values);
        ctx.jsonSchema.description = `One of ${values.join(', ')} (any letter case).`;
      },
    }),
    $id: 'https://vpclink.dev/schema/topology-v1.json',
    title: 'vpclink topology document, version 1',
  };
}
