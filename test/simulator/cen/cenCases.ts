/**
 * One whole document and flow per transit-router blocker code (simulator/reach/codes.ts), for
 * the catalogue test: each code happens with its promised verdict, and its fix removes it.
 */
import type { Topology } from '../../../simulator/document';
import type { FlowSpec, ReachBlockerCode } from '../../../simulator/reach';
import { cenDoc, EX, EXAMPLE_FILE } from './cenDocs';

type TrCode = Extract<ReachBlockerCode, `TR_${string}`>;
type Case = { doc: () => Topology; flow: Partial<FlowSpec> & { from: string; to: string } };

const APP_SHARED = { from: EX.app, to: EX.shared };
const APP_DATA = { from: EX.app, to: EX.data };
const example = (mutate: (raw: any) => void) => () => cenDoc(EXAMPLE_FILE, mutate);

export const CEN_CATALOGUE_CASES: Record<TrCode, Case> = {
  TR_ATTACHMENT_NOT_ATTACHED: {
    doc: example((d) => (d.transitRouterVpcAttachments[2].status = 'Detaching')),
    flow: APP_SHARED,
  },
  TR_ATTACHMENT_NOT_ASSOCIATED: {
    doc: example((d) => d.transitRouterRouteTableAssociations.splice(0, 1)),
    flow: APP_SHARED,
  },
  TR_NO_ROUTE: {
    doc: example((d) => {
      d.transitRouterRouteTables[1].transitRouterRouteEntries = [];
      d.transitRouterRouteTablePropagations.splice(0, 1);
    }),
    flow: APP_SHARED,
  },
  TR_BLACKHOLE_ROUTE: { doc: example(() => {}), flow: APP_DATA },
  TR_ROUTE_WRONG_ATTACHMENT: {
    doc: example((d) =>
      d.transitRouterRouteTables[1].transitRouterRouteEntries.push({
        transitRouterRouteEntryDestinationCidrBlock: '10.20.0.0/16',
        transitRouterRouteEntryNextHopType: 'Attachment',
        transitRouterRouteEntryNextHopId: EX.sharedAttach,
      }),
    ),
    flow: APP_DATA,
  },
  TR_PATH_UNDETERMINED: {
    doc: example((d) => {
      d.transitRouterVpcAttachments[0].autoPublishRouteEnabled = true;
      d.routeTables[0].routeEntries = [];
    }),
    flow: APP_SHARED,
  },
};
