/** The app's plan preview (electron/web/cloudViews.ts) for a peering plan: steps name the connection, the cost says what is billed. */
import { describe, expect, it } from 'vitest';
import { planView } from '../../electron/web/cloudViews';
import { planChanges } from '../../simulator/plan';
import { CROSS, PCC, peeringBaseOf, peeringOf } from '../simulator/plan/peeringFixtures';

describe('planView of a peering plan', () => {
  const doc = peeringOf('cross-account');
  const view = planView('sandbox', planChanges(doc, peeringBaseOf(doc), { reachabilityDelta: false }), doc);

  it('ties each peering step to the document connection', () => {
    const peering = view.steps.filter((s) => s.action.includes('VpcPeerConnection'));
    expect(peering.map((s) => [s.action, s.resourceId])).toEqual([
      ['CreateVpcPeerConnection', PCC],
      ['GetVpcPeerConnectionAttribute', PCC],
      ['AcceptVpcPeerConnection', PCC],
      ['GetVpcPeerConnectionAttribute', PCC],
    ]);
  });

  it('lists the cross-region connection as billable, worded as a peering connection', () => {
    expect(view.billable).toEqual([
      expect.objectContaining({
        resourceId: PCC,
        accountId: CROSS.accountA,
        description: 'VPC peering connection, cross-region cn-qingdao ↔ cn-beijing (1024 Mbit/s)',
      }),
    ]);
  });
});
