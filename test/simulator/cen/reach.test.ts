/**
 * Reachability through CEN transit routers, on whole documents (steps/transitRouter.ts): the
 * exact verdict, hops and blockers of each flow. The example is a hub and two isolated spokes in
 * one region; the two-region fixture adds Beijing behind an inter-region peer attachment.
 */
import { describe, expect, it } from 'vitest';
import type { Topology } from '../../../simulator/document';
import { evaluateIntents } from '../../../simulator/intents';
import {
  applyJsonPatch,
  type CheckResult,
  createReachability,
  isFlowInputError,
  type Trace,
} from '../../../simulator/reach';
import { cenDoc, EX, EXAMPLE_FILE, TWO_REGIONS_FILE } from './cenDocs';

function check(d: Topology, from: string, to: string): CheckResult {
  const r = createReachability(d).check({ from, to, protocol: 'icmp', port: null });
  if (isFlowInputError(r)) throw new Error(r.message);
  return r;
}

/** `resourceType resourceId ACTION`, with `?` for hypothetical hops. */
const hops = (t: Trace) =>
  t.hops.map((h) => `${h.resourceType} ${h.resourceId} ${h.action}${h.hypothetical ? ' ?' : ''}`);
const blockers = (r: CheckResult) => r.blockers.map((b) => `${b.direction} ${b.code} ${b.resourceId}`);

const APP_VTB = 'vtb-bp1appsystem00000001';

/** The spokes table without the hub's propagation, with a static route to the hub instead. */
const staticToShared =
  (extra: Record<string, string> = {}) =>
  (x: any) => {
    x.transitRouterRouteTablePropagations.splice(0, 1);
    x.transitRouterRouteTables[1].transitRouterRouteEntries.push({
      transitRouterRouteEntryDestinationCidrBlock: '10.30.0.0/16',
      transitRouterRouteEntryNextHopType: 'Attachment',
      transitRouterRouteEntryNextHopId: EX.sharedAttach,
      ...extra,
    });
  };
const SHARED_VTB = 'vtb-bp1sharedsystem00003';

describe('the transit-router example (three VPCs, hub and spokes)', () => {
  const d = cenDoc(EXAMPLE_FILE);

  it('a spoke reaches the hub: VPC route → attachment → associated table (learned route) → attachment → VPC', () => {
    const r = check(d, EX.app, EX.shared);
    expect(r.verdict).toBe('reachable');
    expect(hops(r.forward)).toEqual([
      `instance ${EX.app} ORIGINATED`,
      'securityGroup sg-bp1app000000000001 PERMITTED',
      `routeTable ${APP_VTB} FORWARDED`,
      `transitRouterAttachment ${EX.appAttach} FORWARDED`,
      `transitRouter ${EX.tr} FORWARDED`,
      `transitRouterAttachment ${EX.sharedAttach} FORWARDED`,
      'vpc vpc-bp1sharedvpc00000003 RECEIVED',
      `routeTable ${SHARED_VTB} FORWARDED`,
      'vSwitch vsw-bp1shared0000000i05 FORWARDED',
      'securityGroup sg-bp1shared000000003 PERMITTED',
      `instance ${EX.shared} DELIVERED`,
    ]);
    const trHop = r.forward.hops.find((h) => h.resourceType === 'transitRouter');
    expect(trHop).toMatchObject({
      transitRouterRouteTableId: EX.spokesTable,
      destination: '10.30.1.10',
      route: {
        destinationCidrBlock: '10.30.1.0/24',
        nextHopType: 'Attachment',
        nextHopId: EX.sharedAttach,
        type: 'Propagated',
      },
    });
    // The reply is looked up in the table associated with the hub's attachment (the default one).
    expect(r.return.hops.find((h) => h.resourceType === 'transitRouter')).toMatchObject({
      transitRouterRouteTableId: EX.defaultTable,
      route: { destinationCidrBlock: '10.10.1.0/24', nextHopId: EX.appAttach },
    });
    expect(r.blockers).toEqual([]);
  });

  it('the spokes do not reach each other: the BlackHole route of their table drops both directions', () => {
    const r = check(d, EX.app, EX.data);
    expect(r.verdict).toBe('unreachable');
    expect(hops(r.forward)).toEqual([
      `instance ${EX.app} ORIGINATED`,
      'securityGroup sg-bp1app000000000001 PERMITTED',
      `routeTable ${APP_VTB} FORWARDED`,
      `transitRouterAttachment ${EX.appAttach} FORWARDED`,
      `transitRouter ${EX.tr} DROPPED`,
      'securityGroup sg-bp1data00000000002 PERMITTED ?',
      `instance ${EX.data} DELIVERED ?`,
    ]);
    expect(r.forward.hops[4]).toMatchObject({
      route: { destinationCidrBlock: '10.0.0.0/8', nextHopType: 'BlackHole', nextHopId: null, type: 'Static' },
    });
    expect(blockers(r)).toEqual([`forward TR_BLACKHOLE_ROUTE ${EX.spokesTable}`]);
    // The fix: a more specific route to the Data attachment; applied, the request passes and the
    // reply meets the same BlackHole route in the other direction.
    const fixed = applyJsonPatch(d, r.blockers[0]!.fix!);
    const after = check(fixed, EX.app, EX.data);
    expect(after.forward.disposition).toBe('DELIVERED');
    expect(blockers(after)).toEqual([`return TR_BLACKHOLE_ROUTE ${EX.spokesTable}`]);
  });

  it('an address destination goes the same way as its instance', () => {
    expect(check(d, EX.app, '10.30.1.10').verdict).toBe('reachable');
    expect(blockers(check(d, EX.app, '10.20.1.10'))).toEqual([`forward TR_BLACKHOLE_ROUTE ${EX.spokesTable}`]);
  });

  it('the intents of the example hold', () => {
    const result = evaluateIntents(d);
    expect(result.kind).toBe('ok');
    if (result.kind !== 'ok') return;
    expect(result.report.results.map((x) => [x.name, x.holds])).toEqual([
      ['app reaches shared services', true],
      ['data reaches shared services', true],
      ['spokes stay apart', true],
    ]);
  });

  it('the matrix equals the checks of every pair (the fast sweep steps aside for transit routers)', () => {
    const reach = createReachability(d);
    const m = reach.matrix({ protocol: 'icmp', port: null });
    expect(m.instances).toEqual([EX.app, EX.data, EX.shared]);
    expect(m.reachable).toEqual([
      [true, false, true],
      [false, true, true],
      [true, true, true],
    ]);
    expect(m.undetermined).toEqual([]);
  });

  it.each<[string, (raw: any) => void, CheckResult['verdict'], string[]]>([
    [
      'the hub attachment is Detaching',
      (x) => (x.transitRouterVpcAttachments[2].status = 'Detaching'),
      'unreachable',
      [`forward TR_ATTACHMENT_NOT_ATTACHED ${EX.sharedAttach}`],
    ],
    [
      'the spoke attachment has no association',
      (x) => x.transitRouterRouteTableAssociations.splice(0, 1),
      'unreachable',
      [`forward TR_ATTACHMENT_NOT_ASSOCIATED ${EX.appAttach}`],
    ],
    [
      "the spoke's association is still Associating",
      (x) => (x.transitRouterRouteTableAssociations[0].status = 'Associating'),
      'unreachable',
      [`forward TR_ATTACHMENT_NOT_ASSOCIATED ${EX.appAttach}`],
    ],
    [
      'the hub does not propagate to the spokes table (the BlackHole route matches instead)',
      (x) => x.transitRouterRouteTablePropagations.splice(0, 1),
      'unreachable',
      [`forward TR_BLACKHOLE_ROUTE ${EX.spokesTable}`],
    ],
    [
      'no propagation and no BlackHole route',
      (x) => {
        x.transitRouterRouteTablePropagations.splice(0, 1);
        x.transitRouterRouteTables[1].transitRouterRouteEntries = [];
      },
      'unreachable',
      [`forward TR_NO_ROUTE ${EX.spokesTable}`],
    ],
    ['a static route instead of the propagation', staticToShared(), 'reachable', []],
    [
      'that static route is still Creating',
      staticToShared({ transitRouterRouteEntryStatus: 'Creating' }),
      'unreachable',
      [`forward TR_BLACKHOLE_ROUTE ${EX.spokesTable}`],
    ],
    [
      'a static route and a learned route claim one block with different next hops',
      (x) =>
        x.transitRouterRouteTables[1].transitRouterRouteEntries.push({
          transitRouterRouteEntryDestinationCidrBlock: '10.30.1.0/24',
          transitRouterRouteEntryNextHopType: 'Attachment',
          transitRouterRouteEntryNextHopId: EX.dataAttach,
        }),
      'undetermined',
      [`forward TR_PATH_UNDETERMINED ${EX.tr}`],
    ],
    [
      "the VPC route names another VPC's attachment",
      (x) => (x.routeTables[0].routeEntries[0].nextHopId = EX.dataAttach),
      'unreachable',
      [`forward ROUTE_NEXT_HOP_INVALID ${APP_VTB}`],
    ],
    [
      'the VPC route names an attachment the document does not have',
      (x) => (x.routeTables[0].routeEntries[0].nextHopId = 'tr-attach-elsewhere'),
      'undetermined',
      [`forward NEXT_HOP_NOT_SIMULATED ${APP_VTB}`],
    ],
    [
      'the VPC has no route, but its attachment auto-publishes routes into it',
      (x) => {
        x.transitRouterVpcAttachments[0].autoPublishRouteEnabled = true;
        x.routeTables[0].routeEntries = [];
      },
      'undetermined',
      [`forward TR_PATH_UNDETERMINED ${EX.appAttach}`],
    ],
    [
      'the attachment auto-publishes routes and the VPC route goes to that attachment anyway',
      (x) => (x.transitRouterVpcAttachments[0].autoPublishRouteEnabled = true),
      'reachable',
      [],
    ],
    [
      'the attachment auto-publishes routes and the VPC routes the hub over a peering connection',
      (x) => {
        x.transitRouterVpcAttachments[0].autoPublishRouteEnabled = true;
        x.vpcPeerConnections = [
          {
            instanceId: 'pcc-app-shared',
            vpcId: 'vpc-bp1appvpc00000000001',
            acceptingVpcId: 'vpc-bp1sharedvpc00000003',
          },
        ];
        x.routeTables[0].routeEntries.push({
          destinationCidrBlock: '10.30.0.0/16',
          nextHopType: 'VpcPeer',
          nextHopId: 'pcc-app-shared',
        });
      },
      'undetermined',
      [`forward TR_PATH_UNDETERMINED ${EX.appAttach}`],
    ],
    [
      'the VPC routes the hub over a peering connection, and nothing is auto-published',
      (x) => {
        x.vpcPeerConnections = [
          {
            instanceId: 'pcc-app-shared',
            vpcId: 'vpc-bp1appvpc00000000001',
            acceptingVpcId: 'vpc-bp1sharedvpc00000003',
          },
        ];
        x.routeTables[0].routeEntries.push({
          destinationCidrBlock: '10.30.0.0/16',
          nextHopType: 'VpcPeer',
          nextHopId: 'pcc-app-shared',
        });
      },
      'reachable',
      [],
    ],
    [
      'the VPC has no route and nothing publishes one',
      (x) => (x.routeTables[0].routeEntries = []),
      'unreachable',
      [`forward NO_ROUTE ${APP_VTB}`],
    ],
    [
      'the associated table is not in the document',
      (x) => x.transitRouterRouteTables.splice(1, 1),
      'undetermined',
      [`forward TR_PATH_UNDETERMINED ${EX.tr}`],
    ],
  ])('app → shared when %s', (_name, mutate, verdict, expected) => {
    const r = check(cenDoc(EXAMPLE_FILE, mutate), EX.app, EX.shared);
    expect(r.verdict).toBe(verdict);
    expect(blockers(r)).toEqual(expected);
  });

  it('without the CEN arrays the Attachment routes stay not simulated (undetermined), as before', () => {
    const bare = cenDoc(EXAMPLE_FILE, (x) => {
      for (const key of Object.keys(x)) if (key.startsWith('transitRouter') || key === 'cenInstances') delete x[key];
    });
    const r = check(bare, EX.app, EX.shared);
    expect(r.verdict).toBe('undetermined');
    expect(blockers(r)).toEqual([
      `forward NEXT_HOP_NOT_SIMULATED ${APP_VTB}`,
      `return NEXT_HOP_NOT_SIMULATED ${SHARED_VTB}`,
    ]);
  });
});

describe('two regions joined by a peer attachment', () => {
  const BJ = 'i-2zebj0000000000000004';
  const HZ_TR = EX.tr;
  const BJ_TR = 'tr-2zebeijing000000000002';
  const PEER = 'tr-attach-peer00000000000005';
  const BJ_ATTACH = 'tr-attach-2zebj000000000004';
  const BJ_TABLE = 'vtb-2zebjdefault00000003';
  /** The fixture plus a Beijing instance, its group and a route to its attachment. */
  const twoRegions = (mutate: (raw: any) => void = () => {}) =>
    cenDoc(TWO_REGIONS_FILE, (x) => {
      x.securityGroups.push({
        securityGroupId: 'sg-2zebj0000000000004',
        vpcId: 'vpc-2zebeijing0000000004',
        permissions: [{ direction: 'ingress', ipProtocol: 'ICMP', portRange: '-1/-1', sourceCidrIp: '10.0.0.0/8' }],
      });
      x.instances.push({
        instanceId: BJ,
        vSwitchId: 'vsw-2zebj00000000000h07',
        privateIpAddress: '10.40.1.10',
        securityGroupIds: ['sg-2zebj0000000000004'],
      });
      x.routeTables.push({
        routeTableId: 'vtb-2zebjsystem000000004',
        vpcId: 'vpc-2zebeijing0000000004',
        routeTableType: 'System',
        routeEntries: [{ destinationCidrBlock: '10.0.0.0/8', nextHopType: 'Attachment', nextHopId: BJ_ATTACH }],
      });
      mutate(x);
    });

  it("the reply has no route: Hangzhou's table for the peer attachment does not learn the hub VPC", () => {
    const r = check(twoRegions(), EX.shared, BJ);
    expect(r.verdict).toBe('unreachable');
    expect(hops(r.forward).slice(2, 9)).toEqual([
      `routeTable ${SHARED_VTB} FORWARDED`,
      `transitRouterAttachment ${EX.sharedAttach} FORWARDED`,
      `transitRouter ${HZ_TR} FORWARDED`,
      `transitRouterAttachment ${PEER} FORWARDED`,
      `transitRouter ${BJ_TR} FORWARDED`,
      `transitRouterAttachment ${BJ_ATTACH} FORWARDED`,
      'vpc vpc-2zebeijing0000000004 RECEIVED',
    ]);
    expect(r.forward.disposition).toBe('DELIVERED');
    expect(blockers(r)).toEqual([`return TR_NO_ROUTE ${EX.defaultTable}`]);
    // Its fix propagates the hub's routes to that table; then both directions cross both regions.
    const fixed = applyJsonPatch(twoRegions(), r.blockers[0]!.fix!);
    const after = check(fixed, EX.shared, BJ);
    expect(after.verdict).toBe('reachable');
    expect(after.return.hops.filter((h) => h.resourceType === 'transitRouter').map((h) => h.resourceId)).toEqual([
      BJ_TR,
      HZ_TR,
    ]);
  });

  it.each<[string, (raw: any) => void, CheckResult['verdict'], string[]]>([
    [
      'the peer attachment is Attaching',
      (x) => {
        x.transitRouterRouteTablePropagations.push({
          transitRouterAttachmentId: EX.sharedAttach,
          transitRouterRouteTableId: EX.defaultTable,
        });
        x.transitRouterPeerAttachments[0].status = 'Attaching';
      },
      'unreachable',
      [`forward TR_ATTACHMENT_NOT_ATTACHED ${PEER}`],
    ],
    [
      'the Beijing side has no association for the peer attachment',
      (x) => {
        x.transitRouterRouteTablePropagations.push({
          transitRouterAttachmentId: EX.sharedAttach,
          transitRouterRouteTableId: EX.defaultTable,
        });
        x.transitRouterRouteTableAssociations.splice(4, 1);
      },
      'undetermined',
      [`forward TR_PATH_UNDETERMINED ${BJ_TR}`],
    ],
    [
      'Beijing learns from the peer attachment instead of a static route',
      (x) => {
        x.transitRouterRouteTables[2].transitRouterRouteEntries = [];
        x.transitRouterRouteTablePropagations.push({
          transitRouterAttachmentId: PEER,
          transitRouterRouteTableId: BJ_TABLE,
        });
      },
      'undetermined',
      [`forward TR_PATH_UNDETERMINED ${BJ_TR}`],
    ],
    [
      'Beijing learns from the peer attachment and lists what it learned (as an import does)',
      (x) => {
        x.transitRouterRouteTables[2].transitRouterRouteEntries = [
          {
            transitRouterRouteEntryDestinationCidrBlock: '10.30.1.0/24',
            transitRouterRouteEntryNextHopType: 'Attachment',
            transitRouterRouteEntryNextHopId: PEER,
            transitRouterRouteEntryType: 'Propagated',
          },
        ];
        x.transitRouterRouteTablePropagations.push(
          { transitRouterAttachmentId: PEER, transitRouterRouteTableId: BJ_TABLE },
          { transitRouterAttachmentId: EX.sharedAttach, transitRouterRouteTableId: EX.defaultTable },
        );
      },
      'reachable',
      [],
    ],
    [
      'both tables send everything back over the peer attachment (a loop)',
      (x) => {
        x.transitRouterRouteTablePropagations = [];
        x.transitRouterRouteTables[0].transitRouterRouteEntries[0].transitRouterRouteEntryDestinationCidrBlock =
          '10.0.0.0/8';
      },
      'undetermined',
      [`forward TR_PATH_UNDETERMINED ${HZ_TR}`, `return TR_PATH_UNDETERMINED ${BJ_TR}`],
    ],
  ])('shared → Beijing when %s', (_name, mutate, verdict, expected) => {
    const r = check(twoRegions(mutate), EX.shared, BJ);
    expect(r.verdict).toBe(verdict);
    expect(blockers(r)).toEqual(expected);
  });
});
