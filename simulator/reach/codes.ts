/**
 * The drop-cause catalogue for Alibaba Cloud: every reason vpclink knows a flow can fail, with
 * the code a `check` blocker carries, the resource the blocker names, how to fix it, whether it
 * makes the flow `unreachable` or `undetermined`, and the nearest cause in Alibaba's own
 * reachability analyzer (NIS), GCP Connectivity Tests (`DropInfo.Cause`) and AWS Reachability
 * Analyzer (aliyun-dataplane.md §4.3, §5). The README's blocker table is generated from here
 * (build/generate.ts); test/simulator/reach/catalogue.test.ts makes each code happen.
 *
 * Security-group and network-ACL blockers also say HOW the packet was denied, as NIS does
 * ("matches the deny rule" vs "does not match … and is rejected by the default rule"):
 * `cause: 'EXPLICIT_DROP'` with `rulePath` naming the rule or entry, or `cause: 'DEFAULT_DENY'`.
 */
export interface DropCause {
  readonly summary: string;
  /** What `resourceId` of the blocker names. */
  readonly resource: string;
  readonly fix: string;
  /** `undetermined` only for the places where vpclink stops simulating. */
  readonly outcome: 'unreachable' | 'undetermined';
  /** The nearest cause in NIS / GCP / AWS vocabularies (aliyun-dataplane.md §4.3, §5). */
  readonly analogues: string;
  /** Whether `fix` (a JSON Patch) is always given on this blocker. */
  readonly patch: 'always' | 'when possible' | 'never';
}

export const REACH_BLOCKER_CODES = {
  SG_EGRESS_DENIED: {
    summary:
      'The security groups of the sending ENI do not let the packet out: a Drop rule matches first (`cause: ' +
      "EXPLICIT_DROP`, `rulePath` names it) or no rule matches and an enterprise group's default denies egress " +
      '(`DEFAULT_DENY`).',
    resource: 'the security group of the deciding rule (or the first group of the ENI)',
    fix: 'Add an egress Accept rule for the protocol/port toward the destination address (priority 1), removing priority-1 Drop rules that match it; the `fix` patch does exactly this.',
    outcome: 'unreachable',
    analogues:
      'NIS "matches the deny rule of the security group" / "rejected by the default rule"; GCP FIREWALL_RULE; AWS ENI_SG_RULES_MISMATCH',
    patch: 'always',
  },
  SG_INGRESS_DENIED: {
    summary:
      'The security groups of the receiving ENI do not let the packet in: a Drop rule matches first (`EXPLICIT_DROP`) ' +
      'or no Accept rule matches (`DEFAULT_DENY`; ingress is denied by default). Rules that reference another ' +
      "VPC's group, IPv6 peers and rules whose `destCidrIp` excludes the address never match.",
    resource: 'the security group of the deciding rule (or the first group of the ENI)',
    fix: 'Add an ingress Accept rule for the protocol/port from the source address (priority 1); across VPCs authorise a CIDR block, not a group.',
    outcome: 'unreachable',
    analogues:
      'NIS SG deny / default deny; GCP FIREWALL_RULE; AWS ENI_SG_RULES_MISMATCH, SG_HAS_NO_RULES, UNKNOWN_PEERED_SGS',
    patch: 'always',
  },
  NACL_EGRESS_DENIED: {
    summary:
      'The network ACL of the vSwitch the packet leaves drops it: an outbound entry with policy drop matches ' +
      "first (`EXPLICIT_DROP`), or nothing matches and the ACL's deny-all ends it (`DEFAULT_DENY`). ACLs are " +
      "stateless: a reply is checked too, at the client's ephemeral ports (`ports` lists the ports that fail).",
    resource: 'the network ACL',
    fix: 'Insert an outbound accept entry for the protocol, destination address and port (the reply: 32768/60999, or the client port) before the entries that drop it.',
    outcome: 'unreachable',
    analogues:
      'NIS "matches the deny rule of the network ACL" / "denied by the default rule"; GCP FIREWALL_RULE; AWS SUBNET_ACL_RESTRICTION',
    patch: 'always',
  },
  NACL_INGRESS_DENIED: {
    summary:
      'The network ACL of the vSwitch the packet enters drops it (an inbound drop entry, or the default deny-all). Traffic between two addresses of the same vSwitch is never filtered by its ACL.',
    resource: 'the network ACL',
    fix: 'Insert an inbound accept entry for the protocol, source address and destination port before the entries that drop it.',
    outcome: 'unreachable',
    analogues: 'NIS ACL deny / default deny; GCP FIREWALL_RULE; AWS SUBNET_ACL_RESTRICTION',
    patch: 'always',
  },
  NO_ROUTE: {
    summary:
      'No Available route in the route table covers the destination (or, in a peer VPC, no vSwitch contains ' +
      'it: traffic arriving over a router interface or a peering connection is not forwarded again).',
    resource: 'the route table (or the peer VPC)',
    fix:
      'Add a route for the peer CIDR block with next hop the router interface or peering connection toward that ' +
      'VPC; when the two VPCs are not connected at all, the patch also designs a VPC peering connection between ' +
      'them.',
    outcome: 'unreachable',
    analogues:
      'NIS "the route is unreachable"; GCP NO_ROUTE, NO_KNOWN_ROUTE_FROM_PEERED_NETWORK_TO_DESTINATION; AWS NO_ROUTE_TO_DESTINATION',
    patch: 'when possible',
  },
  ROUTE_NOT_AVAILABLE: {
    summary:
      'The route that would carry the packet exists but its status is not Available (Pending, Modifying, Deleting).',
    resource: 'the route table',
    fix: 'Wait until the entry is Available, or delete and re-create it (the patch sets the designed status).',
    outcome: 'unreachable',
    analogues: 'AWS BAD_STATE_ROUTE',
    patch: 'always',
  },
  NEXT_HOP_NOT_SIMULATED: {
    summary:
      'The matching route sends the packet to a next hop vpclink does not model (ECS instance, ENI, HaVip, NAT, ' +
      'VPN or IPv4 gateway, transit router attachment, ECR …): the verdict is `undetermined`, never a guess, ' +
      'unless another blocker is definite.',
    resource: 'the route table (the hop names the route)',
    fix: 'Check that hop yourself (Alibaba NIS can), or add a more specific route through a router interface or peering connection if that is the intended path.',
    outcome: 'undetermined',
    analogues: 'NIS "the path has an unsupported intermediate node"; AWS UNSUPPORTED_COMPONENT; GCP UNSUPPORTED',
    patch: 'never',
  },
  ROUTE_NEXT_HOP_INVALID: {
    summary:
      "The matching route's next hop is a router interface or peering connection that is not in the document, or does not belong to this VPC.",
    resource: 'the route table',
    fix: "Point the route at a router interface of this VPC's vRouter, or a peering connection of this VPC, that leads to the destination VPC.",
    outcome: 'unreachable',
    analogues: 'GCP ROUTE_NEXT_HOP_RESOURCE_NOT_FOUND; AWS UNKNOWN_RESOURCE',
    patch: 'when possible',
  },
  ROUTE_TO_WRONG_VPC: {
    summary:
      'The matching route sends the packet over a router interface or peering connection whose other end is not the VPC of the destination.',
    resource: 'the route table',
    fix: 'Add a more specific route for the destination block through the connection to the destination VPC (or fix the next hop).',
    outcome: 'unreachable',
    analogues: 'GCP ROUTE_WRONG_NETWORK; AWS PCX_REQUIRES_ADDRESS_IN_VPC_CIDR',
    patch: 'when possible',
  },
  DELIVERED_ELSEWHERE: {
    summary:
      "The destination address is inside another vSwitch's block that the route table reaches first (overlapping CIDR blocks), so the packet never reaches the destination.",
    resource: 'the vSwitch the packet lands in (or the destination)',
    fix: 'Re-address one side so the CIDR blocks of the two VPCs do not overlap, or fix the address.',
    outcome: 'unreachable',
    analogues: 'AWS MORE_SPECIFIC_ROUTE, VPC_LOCAL_ROUTE_CIDR_RESTRICTION',
    patch: 'never',
  },
  ROUTE_TABLE_MISSING: {
    summary: 'A vSwitch names a route table that is not in the document (or belongs to another VPC).',
    resource: 'the vSwitch',
    fix: "Set the vSwitch's routeTableId to a custom table of its VPC, or remove it to use the system table.",
    outcome: 'unreachable',
    analogues: 'AWS UNASSOCIATED_COMPONENT',
    patch: 'always',
  },
  ROUTER_INTERFACE_NOT_ACTIVE: {
    summary: 'A router interface on the path is not Active (live status, or a design whose pair cannot be connected).',
    resource: 'the router interface',
    fix: 'Connect (ConnectRouterInterface on the initiator) or activate (ActivateRouterInterface) it; in a design fix the pairing so apply can connect it.',
    outcome: 'unreachable',
    analogues: 'NIS "resource is in an invalid state"; AWS BAD_STATE_ATTACHMENT',
    patch: 'when possible',
  },
  ROUTER_INTERFACE_MISMATCH: {
    summary:
      'The two ends of a router-interface pair do not point at each other consistently (opposite interface, router, region, owner, role).',
    resource: 'the router interface whose fields are wrong',
    fix: "Set the named fields of the interface to its peer's values (ModifyRouterInterfaceAttribute, docs/aliyun-api.md §3.3).",
    outcome: 'unreachable',
    analogues: 'AWS BAD_STATE_ATTACHMENT',
    patch: 'when possible',
  },
  PEERING_NOT_ACTIVE: {
    summary:
      'The VPC peering connection a route points at is not Activated (Accepting, Rejected, Expired, Deleting …); designs are Activated when both VPCs exist.',
    resource: 'the peering connection (`pcc-…`)',
    fix: 'Have the accepting account accept it (AcceptVpcPeerConnection); the patch drops the stale live status so the design means "activated".',
    outcome: 'unreachable',
    analogues: 'AWS BAD_STATE (pcx); GCP NO_ROUTE (inactive peering)',
    patch: 'always',
  },
  PEER_VPC_UNKNOWN: {
    summary:
      "The VPC behind a router interface's opposite end (or a peering connection's other side) is not in the document, so the path cannot be followed.",
    resource: 'the router interface or peering connection',
    fix: 'Add the peer VPC (import the other account) or fix the opposite router of the interface.',
    outcome: 'unreachable',
    analogues: 'GCP UNKNOWN_NETWORK; AWS NO_POSSIBLE_DESTINATION',
    patch: 'never',
  },
  DESTINATION_UNKNOWN: {
    summary:
      'The destination address is inside a VPC of the document but no instance or ENI holds it (in a vSwitch: ' +
      'the request arrives and nobody answers; in no vSwitch: also NO_ROUTE), or it is in no VPC of the document ' +
      'and no route covers it.',
    resource: 'the vSwitch the packet arrives in, the VPC (address in no vSwitch), or the address',
    fix: 'Check the address (add the ENI or secondary IP that holds it), or add the VPC that holds it and connect it.',
    outcome: 'unreachable',
    analogues: 'GCP UNKNOWN_INTERNAL_ADDRESS / UNKNOWN_EXTERNAL_ADDRESS; AWS UNKNOWN_DESTINATION',
    patch: 'never',
  },
  INSTANCE_NOT_RUNNING: {
    summary: 'The source or destination instance has a status other than Running.',
    resource: 'the instance',
    fix: 'Start the instance (StartInstance).',
    outcome: 'unreachable',
    analogues: 'GCP INSTANCE_NOT_RUNNING; AWS BAD_STATE',
    patch: 'always',
  },
  NETWORK_INTERFACE_NOT_ATTACHED: {
    summary:
      'The source or destination address belongs to an ENI that is attached to no instance (or to an instance that is not in the document), so nothing sends or answers.',
    resource: 'the ENI',
    fix: 'Attach the ENI to an instance (AttachNetworkInterface) and set its instanceId.',
    outcome: 'unreachable',
    analogues: 'AWS UNASSOCIATED_COMPONENT; GCP UNKNOWN_INTERNAL_ADDRESS',
    patch: 'never',
  },
  INSTANCE_NOT_PLACED: {
    summary: 'An instance or ENI names a vSwitch (or a vSwitch names a VPC) that is not in the document.',
    resource: 'the instance, ENI or vSwitch',
    fix: "Set the instance's vSwitchId to an existing vSwitch.",
    outcome: 'unreachable',
    analogues: 'GCP SOURCE_ENDPOINT_NOT_FOUND; AWS UNKNOWN_RESOURCE',
    patch: 'never',
  },
  INSTANCE_ADDRESS_INVALID: {
    summary: "An instance's or ENI's privateIpAddress is not a valid IPv4 address.",
    resource: 'the instance or ENI',
    fix: 'Write the address as four decimal octets, e.g. 192.168.1.10.',
    outcome: 'unreachable',
    analogues: 'GCP UNKNOWN_IP',
    patch: 'never',
  },
  SECURITY_GROUP_UNKNOWN: {
    summary: 'An instance or ENI names a security group that is not in the document, so its rules cannot be evaluated.',
    resource: 'the instance or ENI',
    fix: 'Add the security group to the document or remove it from the instance (the patch removes it when another group remains).',
    outcome: 'unreachable',
    analogues: 'AWS UNKNOWN_RESOURCE',
    patch: 'when possible',
  },
  // ── CEN transit routers (aliyun-links.md §2.2, steps/transitRouter.ts) ─────────────────────
  TR_ATTACHMENT_NOT_ATTACHED: {
    summary:
      'A transit-router attachment on the path (the VPC attachment the packet enters or leaves by, or an inter-region ' +
      'peer attachment) is not Attached (its live status says Attaching, Detaching, …), so it carries no traffic.',
    resource: 'the attachment',
    fix: 'Wait until it is Attached (re-import to refresh) or re-create it; the patch drops the stale live status so the design means "attached".',
    outcome: 'unreachable',
    analogues: 'AWS BAD_STATE (tgw-attach); GCP NO_ROUTE (inactive attachment)',
    patch: 'always',
  },
  TR_ATTACHMENT_NOT_ASSOCIATED: {
    summary:
      'The VPC attachment the packet enters the transit router by is associated with no route table of that transit ' +
      'router (or its association is not Active), so the transit router has no table to look the packet up in: it is ' +
      'dropped. A new VPC connection is associated with none by default.',
    resource: 'the attachment',
    fix:
      'Associate the attachment with a route table of its transit router ' +
      "(AssociateTransitRouterAttachmentWithRouteTable); the patch associates it with the transit router's System " +
      'table (else its first table), or makes the listed association Active.',
    outcome: 'unreachable',
    analogues:
      'AWS TGW_ATTACH_NO_ROUTE_TABLE_ASSOCIATION (nearest); NIS "the transit router route table is not associated"',
    patch: 'when possible',
  },
  TR_NO_ROUTE: {
    summary:
      'The transit-router route table associated with the entering attachment has no Active route covering the ' +
      'destination: no static route, and no route learned from a VPC attachment that propagates to it (a VPC ' +
      "attachment's propagation teaches the table its VPC's vSwitch blocks).",
    resource: 'the transit-router route table',
    fix: "Enable route propagation from the destination VPC's attachment to the table (EnableTransitRouterRouteTablePropagation; the patch adds it), or add a static route to that attachment.",
    outcome: 'unreachable',
    analogues:
      'AWS TGW_RTB_NO_ROUTE_TO_DESTINATION; GCP NO_ROUTE; NIS "no matching route in the transit router route table"',
    patch: 'when possible',
  },
  TR_BLACKHOLE_ROUTE: {
    summary:
      'The longest-prefix match in the transit-router route table is a BlackHole route: the transit router drops the packet.',
    resource: 'the transit-router route table',
    fix: "Add a more specific route for the destination's vSwitch block to the destination VPC's attachment (the patch does), or remove the BlackHole route if nothing else relies on it.",
    outcome: 'unreachable',
    analogues: 'AWS TGW_RTB_BLACKHOLE_ROUTE; GCP DROPPED_INSIDE (nearest)',
    patch: 'when possible',
  },
  TR_ROUTE_WRONG_ATTACHMENT: {
    summary:
      'The transit-router route that matches the destination leads to a VPC attachment whose VPC does not hold the ' +
      'destination (traffic arriving in a VPC from a transit router is not forwarded again).',
    resource: 'the transit-router route table',
    fix: "Add a more specific route for the destination's vSwitch block to the destination VPC's attachment, or correct the route's next hop.",
    outcome: 'unreachable',
    analogues: 'AWS TGW_RTB_NO_ROUTE_TO_DESTINATION (nearest); GCP ROUTE_WRONG_NETWORK',
    patch: 'when possible',
  },
  TR_PATH_UNDETERMINED: {
    summary:
      'The path through a transit router leaves what vpclink can know: a transit router, attachment, route table or ' +
      'VPC on the path is not in the document; the table learns from an inter-region peer attachment and does not ' +
      'list what it learned (which routes cross a peer attachment is not modelled); a learned route and a static ' +
      'route claim one block with different next hops; the peer side of a peer attachment has no association in the ' +
      'document; the path crosses transit routers more than 4 times; or a VPC attachment auto-publishes the transit ' +
      "router's routes into its VPC and the VPC's table has no route, or routes elsewhere, without listing the " +
      'published entries (the shape of those routes is UNCONFIRMED, docs/aliyun-links.md §2.2).',
    resource: 'the transit router, route table or attachment where the path leaves the model',
    fix:
      'Import the missing CEN resources, or add explicit static routes (VPC route to the attachment; transit-router ' +
      "route to the destination VPC's attachment) so the path is fully described; check the rest with Alibaba NIS.",
    outcome: 'undetermined',
    analogues: 'GCP UNKNOWN / NOT_SIMULATED (nearest); AWS none',
    patch: 'never',
  },
} as const satisfies Record<string, DropCause>;

export type ReachBlockerCode = keyof typeof REACH_BLOCKER_CODES;

/** The codes that make a flow `undetermined` rather than `unreachable`. */
export function isUndeterminedCode(code: string): boolean {
  return (REACH_BLOCKER_CODES as Record<string, DropCause>)[code]?.outcome === 'undetermined';
}
