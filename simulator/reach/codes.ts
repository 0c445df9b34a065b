/**
 * The one catalogue of reachability blocker codes (topology-format.md §3.2). Each blocker of a
 * `check` carries one of these codes; the README lists them from here.
 */
export const REACH_BLOCKER_CODES = {
  SG_EGRESS_DENIED: {
    summary:
      "The source instance's security groups do not let the request out (a Drop rule wins, or an enterprise group's default denies egress).",
    fix: 'Add an egress Accept rule for the protocol/port toward the destination address, or remove/outrank the Drop rule named in the message.',
  },
  SG_INGRESS_DENIED: {
    summary:
      "The destination instance's security groups do not let the request in (no rule accepts it, or a Drop rule wins).",
    fix: 'Add an ingress Accept rule for the protocol/port from the source address (across VPCs authorise a CIDR block, not a group), or remove/outrank the Drop rule.',
  },
  NO_ROUTE: {
    summary:
      'No Available route in the route table covers the destination (or, in a peer VPC, no vSwitch contains it).',
    fix: 'Add a route for the peer CIDR block with next hop the router interface toward that VPC (the suggestion names table, block and interface).',
  },
  ROUTE_NOT_AVAILABLE: {
    summary:
      'The route that would carry the packet exists but its status is not Available (Pending, Modifying, Deleting).',
    fix: 'Wait until the entry is Available, or delete and re-create it.',
  },
  ROUTE_NEXT_HOP_UNSUPPORTED: {
    summary:
      'The matching route sends the packet to a next hop vpclink does not model (NAT gateway, VPN gateway, ECS instance, VPC peering …).',
    fix: 'To reach a peered VPC through Express Connect, add a more specific route whose next hop is the router interface toward it.',
  },
  ROUTE_NEXT_HOP_INVALID: {
    summary:
      "The matching route's next hop is a router interface that is not in the document or not on this VPC's vRouter.",
    fix: "Point the route at a router interface of this VPC's vRouter that is connected to the destination VPC.",
  },
  ROUTE_TO_WRONG_VPC: {
    summary:
      'The matching route sends the packet over a router interface whose peer is not the VPC of the destination.',
    fix: 'Add a more specific route for the destination block through the interface connected to the destination VPC (or fix the next hop).',
  },
  DELIVERED_ELSEWHERE: {
    summary:
      "The destination address is inside another vSwitch's block that the route table reaches first (overlapping CIDR blocks), so the packet never reaches the destination.",
    fix: 'Re-address one side so the CIDR blocks of the two VPCs do not overlap, or fix the instance address.',
  },
  ROUTE_TABLE_MISSING: {
    summary: 'A vSwitch names a route table that is not in the document (or belongs to another VPC).',
    fix: "Set the vSwitch's routeTableId to a custom table of its VPC, or remove it to use the system table.",
  },
  ROUTER_INTERFACE_NOT_ACTIVE: {
    summary: 'A router interface on the path is not Active (live status, or a design whose pair cannot be connected).',
    fix: 'Connect (ConnectRouterInterface on the initiator) or activate (ActivateRouterInterface) it; in a design fix the pairing so apply can connect it.',
  },
  ROUTER_INTERFACE_MISMATCH: {
    summary:
      'The two ends of a router-interface pair do not point at each other consistently (opposite interface, router, region, owner, role).',
    fix: "Set the named fields of the interface to its peer's values (ModifyRouterInterfaceAttribute, aliyun-api.md §3.3).",
  },
  PEER_VPC_UNKNOWN: {
    summary: "The VPC behind a router interface's opposite end is not in the document, so the path cannot be followed.",
    fix: 'Add the peer VPC (import the other account) or fix the opposite router of the interface.',
  },
  DESTINATION_UNKNOWN: {
    summary: 'The destination address is in no VPC of the document and no route covers it.',
    fix: 'Check the address, or add the VPC that holds it and connect it.',
  },
  INSTANCE_NOT_RUNNING: {
    summary: 'The source or destination instance has a status other than Running.',
    fix: 'Start the instance (StartInstance).',
  },
  INSTANCE_NOT_PLACED: {
    summary: 'An instance names a vSwitch (or a vSwitch names a VPC) that is not in the document.',
    fix: "Set the instance's vSwitchId to an existing vSwitch.",
  },
  INSTANCE_ADDRESS_INVALID: {
    summary: "An instance's privateIpAddress is not a valid IPv4 address.",
    fix: 'Write the address as four decimal octets, e.g. 192.168.1.10.',
  },
  SECURITY_GROUP_UNKNOWN: {
    summary: 'An instance names a security group that is not in the document, so its rules cannot be evaluated.',
    fix: 'Add the security group to the document or remove it from the instance.',
  },
} as const satisfies Record<string, { readonly summary: string; readonly fix: string }>;

export type ReachBlockerCode = keyof typeof REACH_BLOCKER_CODES;
