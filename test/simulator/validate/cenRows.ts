/**
 * CEN validation cases: a mutation of the transit-router example (or of the two-region fixture)
 * → exactly the CEN findings it produces, as `severity CODE path`. test/simulator/cen/validate.test.ts
 * checks the exact sets; findings.test.ts takes them as rows, so every CEN code has one.
 */
import { readFileSync } from 'node:fs';
import { EXAMPLE_FILE, EX, TWO_REGIONS_FILE } from '../cen/cenDocs';
import type { Row } from './fixtures';

export type CenCase = [name: string, mutate: (raw: any) => void, expected: string[]];

export const EXAMPLE_CASES: CenCase[] = [
  [
    'a transit router of an unknown CEN',
    (d) => (d.transitRouters[0].cenId = 'cen-nope'),
    [
      'error CEN_REFERENCE_UNKNOWN /transitRouters/0/cenId',
      'error CEN_CEN_MISMATCH /transitRouterVpcAttachments/0/cenId',
      'error CEN_CEN_MISMATCH /transitRouterVpcAttachments/1/cenId',
      'error CEN_CEN_MISMATCH /transitRouterVpcAttachments/2/cenId',
    ],
  ],
  [
    'two transit routers of one CEN in one region',
    (d) => d.transitRouters.push({ ...d.transitRouters[0], transitRouterId: 'tr-second' }),
    ['error CEN_TRANSIT_ROUTER_DUPLICATE_REGION /transitRouters/1/regionId'],
  ],
  [
    'an attachment to an unknown transit router',
    (d) => (d.transitRouterVpcAttachments[0].transitRouterId = 'tr-nope'),
    [
      'error CEN_REFERENCE_UNKNOWN /transitRouterVpcAttachments/0/transitRouterId',
      'error CEN_LINK_INVALID /transitRouterRouteTableAssociations/0/transitRouterRouteTableId',
      'error CEN_LINK_INVALID /transitRouterRouteTablePropagations/1/transitRouterRouteTableId',
    ],
  ],
  [
    'an attachment of a VPC in another region',
    (d) => (d.vpcs[0].regionId = 'cn-shanghai'),
    ['error CEN_REGION_MISMATCH /transitRouterVpcAttachments/0/vpcId'],
  ],
  [
    'an attachment of a VPC not in the document',
    (d) => (d.transitRouterVpcAttachments[0].vpcId = 'vpc-gone'),
    [
      'warning CEN_VPC_NOT_IN_DOCUMENT /transitRouterVpcAttachments/0/vpcId',
      // Its vSwitches still belong to the App VPC, and App's route now names another VPC's attachment.
      'error CEN_ZONE_MAPPING_INVALID /transitRouterVpcAttachments/0/zoneMappings/0/vSwitchId',
      'error CEN_ZONE_MAPPING_INVALID /transitRouterVpcAttachments/0/zoneMappings/1/vSwitchId',
      'error ROUTE_NEXT_HOP_OTHER_VPC /routeTables/0/routeEntries/0/nextHopId',
    ],
  ],
  [
    'a zone mapping with a vSwitch of another VPC, a wrong zone and a repeated zone',
    (d) => {
      d.transitRouterVpcAttachments[0].zoneMappings[0].vSwitchId = 'vsw-bp1data000000000i03';
      d.transitRouterVpcAttachments[1].zoneMappings[1].zoneId = 'cn-hangzhou-i';
    },
    [
      'error CEN_ZONE_MAPPING_INVALID /transitRouterVpcAttachments/0/zoneMappings/0/vSwitchId',
      'error CEN_ZONE_MAPPING_INVALID /transitRouterVpcAttachments/1/zoneMappings/1/zoneId',
      'error CEN_ZONE_MAPPING_INVALID /transitRouterVpcAttachments/1/zoneMappings/1/zoneId',
    ],
  ],
  [
    'no zone mapping',
    (d) => (d.transitRouterVpcAttachments[2].zoneMappings = []),
    ['error CEN_ZONE_MAPPING_INVALID /transitRouterVpcAttachments/2/zoneMappings'],
  ],
  [
    'eleven zone mappings',
    (d) => {
      const m = d.transitRouterVpcAttachments[0].zoneMappings[0];
      d.transitRouterVpcAttachments[0].zoneMappings = Array.from({ length: 11 }, () => m);
    },
    ['error CEN_ZONE_MAPPINGS_QUOTA /transitRouterVpcAttachments/0/zoneMappings'].concat(
      Array.from(
        { length: 10 },
        (_, i) => `error CEN_ZONE_MAPPING_INVALID /transitRouterVpcAttachments/0/zoneMappings/${i + 1}/zoneId`,
      ),
    ),
  ],
  [
    'a vpcOwnerId that is not the VPC owner',
    (d) => (d.transitRouterVpcAttachments[0].vpcOwnerId = '999'),
    ['warning CEN_ATTACHMENT_OWNER_MISMATCH /transitRouterVpcAttachments/0/vpcOwnerId'],
  ],
  [
    'an attachment still Attaching',
    (d) => (d.transitRouterVpcAttachments[0].status = 'Attaching'),
    ['warning CEN_ATTACHMENT_NOT_ATTACHED /transitRouterVpcAttachments/0/status'],
  ],
  [
    'an attachment without association',
    (d) => d.transitRouterRouteTableAssociations.splice(0, 1),
    ['warning CEN_ATTACHMENT_NOT_ASSOCIATED /transitRouterVpcAttachments/0'],
  ],
  [
    'an attachment associated twice on one transit router',
    (d) =>
      d.transitRouterRouteTableAssociations.push({
        transitRouterAttachmentId: EX.appAttach,
        transitRouterRouteTableId: EX.defaultTable,
      }),
    ['error CEN_ASSOCIATION_DUPLICATE /transitRouterRouteTableAssociations/3'],
  ],
  [
    'a propagation listed twice, and one not Active',
    (d) =>
      d.transitRouterRouteTablePropagations.push({ ...d.transitRouterRouteTablePropagations[0], status: 'Enabling' }),
    [
      'warning CEN_LINK_DUPLICATE /transitRouterRouteTablePropagations/3',
      'warning CEN_LINK_NOT_ACTIVE /transitRouterRouteTablePropagations/3/status',
    ],
  ],
  [
    'a link to an unknown attachment and an unknown table',
    (d) =>
      d.transitRouterRouteTablePropagations.push({
        transitRouterAttachmentId: 'tr-attach-x',
        transitRouterRouteTableId: 'vtb-x',
      }),
    [
      'error CEN_REFERENCE_UNKNOWN /transitRouterRouteTablePropagations/3/transitRouterAttachmentId',
      'error CEN_REFERENCE_UNKNOWN /transitRouterRouteTablePropagations/3/transitRouterRouteTableId',
    ],
  ],
  [
    'route entries the API refuses',
    (d) =>
      d.transitRouterRouteTables[1].transitRouterRouteEntries.push(
        {
          transitRouterRouteEntryDestinationCidrBlock: '10.300.0.0/16',
          transitRouterRouteEntryNextHopType: 'BlackHole',
        },
        {
          transitRouterRouteEntryDestinationCidrBlock: '10.1.0.0/16',
          transitRouterRouteEntryNextHopType: 'Vpc',
          transitRouterRouteEntryNextHopId: 'x',
        },
        {
          transitRouterRouteEntryDestinationCidrBlock: '10.2.0.0/16',
          transitRouterRouteEntryNextHopType: 'Attachment',
        },
        {
          transitRouterRouteEntryDestinationCidrBlock: '10.3.0.0/16',
          transitRouterRouteEntryNextHopType: 'BlackHole',
          transitRouterRouteEntryNextHopId: EX.appAttach,
        },
        {
          transitRouterRouteEntryDestinationCidrBlock: '10.4.0.0/16',
          transitRouterRouteEntryNextHopType: 'Attachment',
          transitRouterRouteEntryNextHopId: 'tr-attach-x',
        },
        {
          transitRouterRouteEntryDestinationCidrBlock: '10.0.0.0/8',
          transitRouterRouteEntryNextHopType: 'Attachment',
          transitRouterRouteEntryNextHopId: EX.sharedAttach,
          transitRouterRouteEntryStatus: 'Creating',
        },
      ),
    [
      'error CEN_ROUTE_ENTRY_INVALID /transitRouterRouteTables/1/transitRouterRouteEntries/1/transitRouterRouteEntryDestinationCidrBlock',
      'error CEN_ROUTE_ENTRY_INVALID /transitRouterRouteTables/1/transitRouterRouteEntries/2/transitRouterRouteEntryNextHopType',
      'error CEN_ROUTE_ENTRY_INVALID /transitRouterRouteTables/1/transitRouterRouteEntries/3/transitRouterRouteEntryNextHopType',
      'error CEN_ROUTE_ENTRY_INVALID /transitRouterRouteTables/1/transitRouterRouteEntries/4/transitRouterRouteEntryNextHopId',
      'error CEN_ROUTE_NEXT_HOP_INVALID /transitRouterRouteTables/1/transitRouterRouteEntries/5/transitRouterRouteEntryNextHopId',
      'warning CEN_LINK_NOT_ACTIVE /transitRouterRouteTables/1/transitRouterRouteEntries/6/transitRouterRouteEntryStatus',
      'error CEN_ROUTE_DUPLICATE /transitRouterRouteTables/1/transitRouterRouteEntries/6/transitRouterRouteEntryDestinationCidrBlock',
    ],
  ],
  [
    'a VPC route to an attachment of another VPC, and to one not in the document',
    (d) => {
      d.routeTables[0].routeEntries[0].nextHopId = EX.dataAttach;
      d.routeTables[1].routeEntries[0].nextHopId = 'tr-attach-gone';
    },
    [
      'error ROUTE_NEXT_HOP_OTHER_VPC /routeTables/0/routeEntries/0/nextHopId',
      'warning ROUTE_NEXT_HOP_NOT_IN_DOCUMENT /routeTables/1/routeEntries/0/nextHopId',
    ],
  ],
];

export const TWO_REGION_CASES: CenCase[] = [
  [
    'a peer attachment between two transit routers of one region',
    (d) => (d.transitRouters[1].regionId = 'cn-hangzhou'),
    [
      'error CEN_REGION_MISMATCH /transitRouterPeerAttachments/0/peerTransitRouterId',
      'error CEN_REGION_MISMATCH /transitRouterPeerAttachments/0/peerTransitRouterRegionId',
      'error CEN_REGION_MISMATCH /transitRouterVpcAttachments/3/vpcId',
      'error CEN_TRANSIT_ROUTER_DUPLICATE_REGION /transitRouters/1/regionId',
    ],
  ],
  [
    'a peer attachment across two CEN instances',
    (d) => {
      d.cenInstances.push({ cenId: 'cen-other', accountId: '1' });
      d.transitRouters[1].cenId = 'cen-other';
      delete d.transitRouterVpcAttachments[3].cenId;
    },
    ['error CEN_CEN_MISMATCH /transitRouterPeerAttachments/0/peerTransitRouterId'],
  ],
  [
    'a VPC route to a peer attachment',
    (d) => (d.routeTables[0].routeEntries[0].nextHopId = 'tr-attach-peer00000000000005'),
    ['error ROUTE_NEXT_HOP_OTHER_VPC /routeTables/0/routeEntries/0/nextHopId'],
  ],
];

/** The cases as rows on the base document: the mutation first replaces it with the CEN document. */
export const CEN_ROWS: Row[] = [
  ...EXAMPLE_CASES.map((c) => [EXAMPLE_FILE, c] as const),
  ...TWO_REGION_CASES.map((c) => [TWO_REGIONS_FILE, c] as const),
].flatMap(([file, [name, mutate, expected]]) =>
  expected.map((finding) => {
    const [, code, path] = finding.split(' ') as [string, string, string];
    return {
      name: `CEN: ${name}`,
      mutate: (d: Record<string, any>) => {
        for (const key of Object.keys(d)) delete d[key];
        Object.assign(d, JSON.parse(readFileSync(file, 'utf8')));
        mutate(d);
      },
      code,
      path,
    };
  }),
);
