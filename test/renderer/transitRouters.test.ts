/**
 * Transit routers on the canvas (renderer/canvas/transitRouters.ts): example 4 laid out as the app
 * does (placeGraph with elk, falling back as the app does), plus one hub node per transit router
 * below everything, centred under its VPCs; an edge per attachment; stored positions win; the
 * layout key follows the transit routers.
 */
import ELK from 'elkjs/lib/elk.bundled.js';
import { describe, expect, it } from 'vitest';
import { composeLayout, layoutKey, placeGraph } from '../../renderer/canvas/layout';
import { TR_SIZE, transitRouterEdges, withTransitRouters } from '../../renderer/canvas/transitRouters';
import type { Topology } from '../../simulator/document/schema';
import { labelForPatch } from '../../renderer/store/fixes';
import { createReachability, isFlowInputError } from '../../simulator/reach';
import { CEN_CATALOGUE_CASES } from '../simulator/cen/cenCases';
import { example } from './helpers';

const elk = new ELK();
const TR = 'tr-bp1hangzhou0000000001';

async function laidOut(doc: Topology) {
  const placed = await placeGraph(doc, (g) => elk.layout(g));
  return withTransitRouters(doc, composeLayout(doc, placed.graph));
}

describe('transit routers on the canvas', () => {
  it('example 4: one hub below every account, centred under its three VPCs, with an edge to each', async () => {
    const doc = example('transit-router');
    const layout = await laidOut(doc);
    const hub = layout.byId.get(TR)!;
    expect(hub).toMatchObject({ kind: 'transitRouter', label: 'hangzhou-hub', ...TR_SIZE });
    expect(hub.parentId).toBeUndefined();
    const accounts = layout.nodes.filter((n) => n.kind === 'account');
    for (const a of accounts) expect(hub.absY).toBeGreaterThan(a.absY + a.height);
    const vpcs = doc.vpcs.map((v) => layout.byId.get(v.vpcId)!);
    const centre = vpcs.reduce((sum, n) => sum + n.absX + n.width / 2, 0) / vpcs.length;
    expect(hub.absX + hub.width / 2).toBeCloseTo(Math.max(centre, hub.width / 2), 5);
    expect(layout.height).toBeGreaterThanOrEqual(hub.absY + hub.height);
    expect(layout.nodes.at(-1)).toBe(hub);

    const edges = transitRouterEdges(doc, layout);
    expect(edges.map((e) => [e.id, e.source, e.target, e.label])).toEqual([
      ['tr:tr-attach-bp1app00000000001', TR, 'vpc-bp1appvpc00000000001', 'app'],
      ['tr:tr-attach-bp1data0000000002', TR, 'vpc-bp1datavpc0000000002', 'data'],
      ['tr:tr-attach-bp1shared000000003', TR, 'vpc-bp1sharedvpc00000003', 'shared'],
    ]);
    // The hub sits below the VPCs: its edges leave from its top.
    expect(edges.every((e) => e.sourceHandle === 't' && e.targetHandle === 'b')).toBe(true);
  });

  it('a stored position wins, a detaching attachment is drawn as down, a peer attachment joins two hubs', async () => {
    const base = example('transit-router');
    const doc: Topology = {
      ...base,
      layout: { positions: { [TR]: { x: 5, y: 7 } } },
      transitRouters: [
        ...base.transitRouters!,
        { transitRouterId: 'tr-bj', cenId: 'cen-vpclinkexample000001', regionId: 'cn-beijing' },
      ],
      transitRouterVpcAttachments: base.transitRouterVpcAttachments!.map((a, i) =>
        i === 0 ? { ...a, status: 'Detaching' } : a,
      ),
      transitRouterPeerAttachments: [
        { transitRouterAttachmentId: 'tr-attach-peer', transitRouterId: TR, peerTransitRouterId: 'tr-bj' },
      ],
    };
    const layout = await laidOut(doc);
    expect(layout.byId.get(TR)).toMatchObject({ x: 5, y: 7, absX: 5, absY: 7 });
    expect(layout.byId.get('tr-bj')).toMatchObject({ kind: 'transitRouter', label: 'tr-bj' });
    const edges = transitRouterEdges(doc, layout);
    expect(edges[0]!.className).toBe('tr-edge tr-edge-down');
    expect(edges.at(-1)).toMatchObject({ id: 'tr:tr-attach-peer', source: TR, target: 'tr-bj' });
  });

  it('a document without transit routers is laid out exactly as before, and the key follows them', async () => {
    const doc = example('cross-account');
    const placed = await placeGraph(doc, (g) => elk.layout(g));
    const plain = composeLayout(doc, placed.graph);
    expect(withTransitRouters(doc, plain)).toBe(plain);
    expect(transitRouterEdges(doc, plain)).toEqual([]);
    const tr = example('transit-router');
    expect(layoutKey({ ...tr, transitRouters: [] })).not.toBe(layoutKey(tr));
  });
});

describe('the Fix button of transit-router blockers', () => {
  it.each([
    ['TR_ATTACHMENT_NOT_ATTACHED', 'Attach tr-attach-bp1shared000000003 when applying'],
    ['TR_ATTACHMENT_NOT_ASSOCIATED', 'Associate tr-attach-bp1app00000000001 with vtb-bp1trdefault000000001'],
    ['TR_NO_ROUTE', "Learn tr-attach-bp1shared000000003's routes in vtb-bp1trspokes0000000002"],
    ['TR_BLACKHOLE_ROUTE', 'Route 10.20.1.0/24 to tr-attach-bp1data0000000002 in vtb-bp1trspokes0000000002'],
    ['TR_ROUTE_WRONG_ATTACHMENT', 'Route 10.20.1.0/24 to tr-attach-bp1data0000000002 in vtb-bp1trspokes0000000002'],
  ] as const)('%s: %s', (code, label) => {
    const { doc: make, flow } = CEN_CATALOGUE_CASES[code];
    const doc = make();
    const r = createReachability(doc).check({ protocol: 'icmp', port: null, ...flow });
    if (isFlowInputError(r)) throw new Error(r.message);
    const blocker = r.blockers.find((b) => b.code === code)!;
    expect(labelForPatch(doc, blocker.fix!)).toBe(label);
  });
});
