/**
 * The state of the connect dialog (ConnectDialog.tsx) in three hooks, one per question it asks —
 * which link, which flows — and one for the answer: the proposal for those choices. The proposal
 * itself is computed by renderer/store/connectProposal.ts; these hooks only hold the choices and
 * recompute it when one of them (or the document) changes.
 */
import { useMemo, useState } from 'react';
import type { Instance, Topology } from '../../../simulator/document/schema';
import { useSim } from '../../sim/simStore';
import { documentStore, useUi } from '../../state';
import {
  flowsFor,
  instancesOfVpc,
  parsePorts,
  proposeConnection,
  type ConnectRequest,
  type FlowIntent,
} from '../../store/connectProposal';
import { defaultLinkKind, LINK_KINDS, type LinkKind } from '../../store/links';

/** "every instance" in an endpoint select. */
export const EVERY = '*';

export type Proposal = ReturnType<typeof proposeConnection>;

/** Each link kind, with why it cannot join these two VPCs (null when it can). */
export interface LinkChoice {
  readonly kinds: readonly { readonly kind: LinkKind; readonly why: string | null }[];
  readonly chosen: string;
  readonly choose: (kind: string) => void;
  readonly link: LinkKind | undefined;
}

/** Starts on the document's usual kind when it is possible here, else on the first possible one. */
export function useLinkChoice(doc: Topology, fromVpcId: string, toVpcId: string): LinkChoice {
  const kinds = LINK_KINDS.map((k) => ({ kind: k, why: k.unavailable(doc, fromVpcId, toVpcId) }));
  const preferred = defaultLinkKind(doc);
  const [chosen, choose] = useState(
    (kinds.find((k) => k.kind.kind === preferred && k.why === null) ?? kinds.find((k) => k.why === null))?.kind.kind ??
      '',
  );
  return { kinds, chosen, choose, link: LINK_KINDS.find((k) => k.kind === chosen) };
}

/** What the user picked for the flows to open. */
interface FlowPicks {
  /** An instance ID of the first VPC, or {@link EVERY}. */
  readonly fromPick: string;
  readonly toPick: string;
  readonly icmp: boolean;
  /** TCP ports as typed ("22, 443"); parsed on every change. */
  readonly portsText: string;
  readonly bothWays: boolean;
}

export interface FlowChoice extends FlowPicks {
  readonly pick: (patch: Partial<FlowPicks>) => void;
  readonly fromInstances: readonly Instance[];
  readonly toInstances: readonly Instance[];
  /** Both VPCs have an instance: without one there is no flow to ask for, only the link and routes. */
  readonly withInstances: boolean;
  readonly portsError: string | null;
  /** The flows the picks ask for; empty while the ports do not parse. */
  readonly flows: readonly FlowIntent[];
}

/**
 * The endpoint a VPC starts with: every instance of a small VPC (a handful of flows to open), the
 * first of a larger one — the user widens it knowingly; every pair of two large VPCs would open
 * (and simulate) thousands of flows.
 */
const EVERY_UP_TO = 4;
function startingPick(instances: readonly { readonly instanceId: string }[]): string {
  if (instances.length > 1 && instances.length <= EVERY_UP_TO) return EVERY;
  return instances[0]?.instanceId ?? '';
}

function endpointIds(doc: Topology, vpcId: string, pick: string): string[] {
  const all = instancesOfVpc(doc, vpcId).map((i) => i.instanceId);
  return pick === EVERY ? all : all.filter((id) => id === pick);
}

export function useFlowChoice(doc: Topology, fromVpcId: string, toVpcId: string): FlowChoice {
  const fromInstances = instancesOfVpc(doc, fromVpcId);
  const toInstances = instancesOfVpc(doc, toVpcId);
  const [picks, setPicks] = useState<FlowPicks>(() => ({
    fromPick: startingPick(fromInstances),
    toPick: startingPick(toInstances),
    icmp: true,
    portsText: '',
    bothWays: true,
  }));
  const parsedPorts = parsePorts(picks.portsText);
  const withInstances = fromInstances.length > 0 && toInstances.length > 0;
  const flows: readonly FlowIntent[] = useMemo(() => {
    const parsed = parsePorts(picks.portsText);
    if (!withInstances || 'error' in parsed) return [];
    return flowsFor(endpointIds(doc, fromVpcId, picks.fromPick), endpointIds(doc, toVpcId, picks.toPick), {
      icmp: picks.icmp,
      tcpPorts: parsed.ports,
      bothWays: picks.bothWays,
    });
  }, [doc, withInstances, fromVpcId, toVpcId, picks]);
  return {
    ...picks,
    pick: (patch) => setPicks((current) => ({ ...current, ...patch })),
    fromInstances,
    toInstances,
    withInstances,
    portsError: 'error' in parsedPorts ? parsedPorts.error : null,
    flows,
  };
}

export interface ConnectAnswer {
  readonly request: ConnectRequest | undefined;
  readonly proposal: Proposal | undefined;
  /** The proposal can be accepted: it exists, the ports parse, and (with instances) some flow is asked for. */
  readonly ready: boolean;
}

export function useConnectProposal(
  doc: Topology,
  fromVpcId: string,
  toVpcId: string,
  link: LinkKind | undefined,
  flowChoice: FlowChoice,
): ConnectAnswer {
  const { flows, portsError, withInstances } = flowChoice;
  const request: ConnectRequest | undefined = useMemo(
    () => (link ? { fromVpcId, toVpcId, link, flows } : undefined),
    [link, fromVpcId, toVpcId, flows],
  );
  const proposal = useMemo(() => (request ? proposeConnection(doc, request) : undefined), [doc, request]);
  const ready =
    proposal !== undefined && !('error' in proposal) && portsError === null && (!withInstances || flows.length > 0);
  return { request, proposal, ready };
}

/**
 * Accepts the proposal as one undoable edit, selects what it created, and sends the first flow
 * asked for to the ping panel: its verdict is the proof, with no more clicks.
 */
export function acceptConnection(
  label: string,
  doc: Topology,
  request: ConnectRequest,
  proposal: Proposal | undefined,
) {
  let selectId: string | undefined;
  documentStore.getState().change(label, (d) => {
    // The very proposal the user read (same IDs); recomputed only if the document moved on meanwhile.
    const next = d === doc && proposal ? proposal : proposeConnection(d, request);
    if ('error' in next) return d;
    selectId = next.selectId;
    return next.doc;
  });
  if (selectId) documentStore.getState().select([selectId]);
  const first = request.flows[0];
  if (first) {
    useSim.getState().setQuery({ from: first.from, to: first.to, protocol: first.protocol, port: first.port });
    useUi.getState().setTab('ping');
  }
}
