/**
 * What decided each hop and each blocker, in words: the security-group rule or network-ACL entry
 * (the hop carries it, simulator/reach/types.ts), whether a drop was an explicit drop rule or the
 * default deny, and the client ports an ACL drops. Clicking a rule or entry selects its owner.
 */
import type { BlockerView, HopView, TraceView } from '../sim/types';
import { documentStore } from '../state';
import { causeWord } from '../words';

/** The hop where vpclink stops modelling (NOT_SIMULATED), forward first. */
export function stopHop(forward: TraceView, reply: TraceView): HopView | null {
  return (
    forward.hops.find((h) => h.action === 'NOT_SIMULATED') ??
    reply.hops.find((h) => h.action === 'NOT_SIMULATED') ??
    null
  );
}

/** One line naming what decided a hop, or nothing when the hop has no rule to name. */
export function hopDecisionText(hop: HopView): string | null {
  switch (hop.resourceType) {
    case 'securityGroup': {
      if (hop.rule) {
        const r = hop.rule;
        return `${r.securityGroupId} ${r.direction} rule #${r.index}: ${r.policy} ${r.ipProtocol} ${r.portRange} ${r.direction === 'ingress' ? 'from' : 'to'} ${r.peer} (priority ${r.priority})`;
      }
      if (hop.decidedBy === 'default')
        // The default allows egress of basic groups and denies ingress (the simulator's action says which).
        return `no rule of ${hop.securityGroupIds.join(', ')} matched: the default ${hop.causesDrop || hop.action === 'DENIED' ? 'denies' : 'allows'}`;
      if (hop.decidedBy === 'session') return 'reply to an allowed request (stateful session)';
      if (hop.decidedBy === 'innerAccessPolicy') return 'the group’s inner access policy';
      return null;
    }
    case 'networkAcl': {
      if (hop.decidedBy === 'skipped') return `ACL ${hop.resourceId} not applied (both addresses in ${hop.vSwitchId})`;
      const e = hop.entry;
      if (!e) return null;
      const where = e.index >= 0 ? `${e.direction} entry #${e.index}` : `implied ${e.entryType} ${e.direction} entry`;
      const what = `${e.policy} ${e.protocol} ${e.port} ${e.direction === 'ingress' ? 'from' : 'to'} ${e.cidr}`;
      return `${e.networkAclId} ${where}${e.name ? ` “${e.name}”` : ''}: ${what}`;
    }
    case 'routeTable':
      return hop.route
        ? `route ${hop.route.destinationCidrBlock} → ${hop.route.nextHopType} ${hop.route.nextHopId}${hop.route.system ? ' (system)' : ''}`
        : null;
    default:
      return null;
  }
}

export function HopDecision({ hop }: { readonly hop: HopView }) {
  const text = hopDecisionText(hop);
  if (!text) return null;
  const owner =
    hop.resourceType === 'securityGroup' && hop.rule
      ? hop.rule.securityGroupId
      : hop.resourceType === 'networkAcl'
        ? hop.resourceId
        : hop.resourceId;
  return (
    <button
      className="hop-decision mono"
      data-testid="hop-decision"
      title="Select the resource that holds this rule"
      onClick={() => documentStore.getState().select([owner])}
    >
      {text}
    </button>
  );
}

/** The cause, the rule and the failing ports of a blocker, when it has them. */
export function BlockerDetail({ blocker }: { readonly blocker: BlockerView }) {
  if (!blocker.cause && !blocker.ports && !blocker.rulePath) return null;
  return (
    <div className="blocker-detail" data-testid="blocker-detail">
      {blocker.cause && (
        <span data-testid="blocker-cause" data-cause={blocker.cause}>
          Dropped by {causeWord(blocker.cause)}
        </span>
      )}
      {blocker.rulePath && <span className="mono dim"> · {blocker.rulePath}</span>}
      {blocker.ports && (
        <span data-testid="blocker-ports">
          {' '}
          · failing ports <span className="mono">{blocker.ports}</span>
        </span>
      )}
    </div>
  );
}
