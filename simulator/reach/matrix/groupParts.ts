/**
 * The security-group part of the sweep: for one pooled group set and direction, the peers (by
 * position) the flow is allowed to (egress) or from (ingress). Rules are painted in evaluation
 * order, first match wins (securityGroups.ts); a flow of several packet classes is allowed
 * where every class is.
 */
import type { SecurityGroup } from '../../document/schema';
import type { Compiled } from '../compile';
import {
  type CompiledRule,
  type GroupRules,
  groupRulesForFlow,
  mergeInOrder,
  type Packet,
  packetsOf,
  type Pool,
  ruleCoversSelf,
  ruleMatchesPacket,
} from '../securityGroups';
import type { Protocol } from '../types';
import type { Painter, Positions } from './positions';

/** A pool's parts, meaningful on the words of `window` (where its instances' tables deliver). */
export interface PoolBits {
  readonly pool: Pool;
  readonly window: Int32Array;
  readonly egress: Uint32Array;
  readonly ingress: Uint32Array;
}

/** Positions of each group's member instances (secondary ENIs have no row or column of the matrix). */
export class GroupPositions {
  private readonly byGroup = new Map<string, readonly number[]>();

  constructor(
    private readonly groupMembers: ReadonlyMap<string, ReadonlySet<number>>,
    private readonly positions: Positions,
  ) {}

  of(groupId: string): readonly number[] {
    let list = this.byGroup.get(groupId);
    if (list === undefined) {
      const out: number[] = [];
      const posOf = this.positions.posOf;
      for (const idx of this.groupMembers.get(groupId) ?? [])
        if (idx < posOf.length && posOf[idx]! >= 0) out.push(posOf[idx]!);
      this.byGroup.set(groupId, (list = out));
    }
    return list;
  }
}

/**
 * The latest `GroupPositions`, kept so that its object shape outlives each index (see the painter,
 * positions.ts). One made at load time did not do it (its empty fields give it another shape):
 * --trace-deopt showed the sweep's `allowedPeers` dropped on every fresh index ('weak objects'),
 * so each matrix of a new index painted its pools unoptimised until it was compiled again. It
 * keeps the group members and positions of one index (not the index) alive.
 */
let _liveGroupPositions: GroupPositions | null = null;

/** The positions of the groups' members, kept as the latest (`_liveGroupPositions`). */
export function groupPositionsOf(
  groupMembers: ReadonlyMap<string, ReadonlySet<number>>,
  positions: Positions,
): GroupPositions {
  const members = new GroupPositions(groupMembers, positions);
  _liveGroupPositions = members;
  return members;
}

/** What decides a pool's verdicts for the sweep's flow: the rules that can match, and the packets. */
export interface FlowPool {
  readonly egress: readonly CompiledRule[];
  readonly ingress: readonly CompiledRule[];
  readonly looksAtSelf: boolean;
  readonly egressPackets: readonly Packet[];
  readonly ingressPackets: readonly Packet[];
  /**
   * The rules are those of the flow's one packet only (its protocol or ALL, a TCP/UDP range that
   * holds its port, no source-port limit: securityGroups.ts groupRulesForFlow), so each of them
   * matches it and the sweep paints without testing the packet.
   */
  readonly prefiltered: boolean;
  /**
   * The pool's own fields the painting reads, copied here: the painting then reads no pool, whose
   * object shape dies with each index (and with it the painting's optimised code: --trace-deopt).
   */
  readonly allNormal: boolean;
  readonly innerAcceptGroupIds: readonly string[];
}

/**
 * Per sweep: each pool's rules for the flow. An ICMP, TCP or UDP flow is one packet that only
 * rules of its protocol (or ALL) can match, so the pool is the merge of its groups' rules of
 * that protocol (securityGroups.ts groupRulesForFlow: most rules of an estate are never compiled
 * for such a matrix). A flow of every protocol, or rules that look at the source port, take the
 * pool's whole rule lists and packet classes.
 */
export class FlowRules {
  private readonly byGroup = new Map<SecurityGroup, GroupRules>();
  /** Each pool's rules for this flow (what the next sweep of the same flow starts from). */
  readonly byPool = new Map<Pool, FlowPool>();
  /** The one packet of an ICMP, TCP or UDP flow, shared by every pool of the sweep. */
  private readonly packets: readonly Packet[];

  /**
   * @param previous the pools' rules of the previous sweep of the same flow: `update` keeps every
   * pool whose groups an edit did not touch (reach/index.ts staleGroups), so the matrix after an
   * edit compiles the rules of the touched pools only.
   * @param positions the sweep's peers: a group's list ends at its first rule that decides them
   * all (securityGroups.ts groupRulesForFlow); a previous sweep's rules are reused only on the
   * same instances, hence the same positions (matrix.ts `reusable`).
   */
  constructor(
    private readonly c: Compiled,
    private readonly protocol: Protocol,
    private readonly port: number | null,
    private readonly previous: ReadonlyMap<Pool, FlowPool> | undefined,
    private readonly positions: Positions,
  ) {
    this.packets = [
      protocol === 'icmp'
        ? { protocol: 'ICMP', port: 0 }
        : { protocol: protocol === 'tcp' ? 'TCP' : 'UDP', port: port ?? 0 },
    ];
  }

  of(pool: Pool): FlowPool {
    let flow = this.byPool.get(pool);
    if (flow === undefined) this.byPool.set(pool, (flow = this.previous?.get(pool) ?? this.compute(pool)));
    return flow;
  }

  // Runs once per pool of an estate (a thousand for L): plain loops, no closures or arrays made
  // but the merged rule lists.
  private compute(pool: Pool): FlowPool {
    const { c, protocol, port } = this;
    if (protocol !== 'all') {
      const groups = pool.groups;
      const per: GroupRules[] = [];
      let limitsSourcePorts = false;
      let looksAtSelf = false;
      for (let g = 0; g < groups.length; g++) {
        const group = groups[g]!;
        let rules = this.byGroup.get(group);
        if (rules === undefined)
          this.byGroup.set(group, (rules = groupRulesForFlow(c, group, protocol, port, this.positions)));
        per.push(rules);
        if (rules.limitsSourcePorts) limitsSourcePorts = true;
        if (rules.looksAtSelf) looksAtSelf = true;
      }
      if (!limitsSourcePorts) {
        return {
          egress: per.length === 1 ? per[0]!.egress : mergeInOrder(listsOf(per, 'egress')),
          ingress: per.length === 1 ? per[0]!.ingress : mergeInOrder(listsOf(per, 'ingress')),
          looksAtSelf,
          egressPackets: this.packets,
          ingressPackets: this.packets,
          prefiltered: true,
          allNormal: pool.allNormal,
          innerAcceptGroupIds: pool.innerAcceptGroupIds,
        };
      }
    }
    return {
      egress: pool.egress,
      ingress: pool.ingress,
      looksAtSelf: pool.looksAtSelf,
      egressPackets: packetsOf(protocol, port, pool, 'egress'),
      ingressPackets: packetsOf(protocol, port, pool, 'ingress'),
      prefiltered: false,
      allNormal: pool.allNormal,
      innerAcceptGroupIds: pool.innerAcceptGroupIds,
    };
  }
}

/** Paints the cells of these positions (a group's members). */
function paintCells(painter: Painter, cells: readonly number[], into: Uint32Array | null): void {
  for (let k = 0; k < cells.length; k++) painter.paintCell(cells[k]!, into);
}

/** Each group's list of one direction (a loop: `map` with a callback runs slowly until optimised). */
function listsOf(per: readonly GroupRules[], direction: 'egress' | 'ingress'): Array<readonly CompiledRule[]> {
  const lists = new Array<readonly CompiledRule[]>(per.length);
  for (let g = 0; g < per.length; g++) lists[g] = direction === 'egress' ? per[g]!.egress : per[g]!.ingress;
  return lists;
}

export function poolBitsOf(
  pool: Pool,
  flow: FlowPool,
  painter: Painter,
  members: GroupPositions,
  selfIp: number,
  window: Int32Array,
): PoolBits {
  painter.setWindow(window);
  return {
    pool,
    window,
    egress: allowedPeers(flow, 'egress', painter, members, selfIp),
    ingress: allowedPeers(flow, 'ingress', painter, members, selfIp),
  };
}

function allowedPeers(
  flow: FlowPool,
  direction: 'ingress' | 'egress',
  painter: Painter,
  members: GroupPositions,
  selfIp: number,
): Uint32Array {
  const rules = direction === 'egress' ? flow.egress : flow.ingress;
  const allowsByDefault = direction === 'egress' && flow.allNormal;
  // Which rules may be skipped: those that do not match the packet (unless the flow's rules were
  // filtered for its one packet) or do not cover the ENI's own address (when some rule looks at it).
  const testPacket = !flow.prefiltered;
  const testSelf = flow.looksAtSelf;
  let allowed: Uint32Array | null = null;
  const packets = direction === 'egress' ? flow.egressPackets : flow.ingressPackets;
  const innerAccept = flow.innerAcceptGroupIds;
  for (let k = 0; k < packets.length; k++) {
    const packet = packets[k]!;
    const value = painter.fresh();
    painter.reset();
    // InnerAccessPolicy Accept of a shared basic group overrides every rule.
    for (let g = 0; g < innerAccept.length; g++) paintCells(painter, members.of(innerAccept[g]!), value);
    for (let r = 0; r < rules.length; r++) {
      if (painter.complete) break;
      const rule = rules[r]!;
      if ((testPacket && !ruleMatchesPacket(rule, packet)) || (testSelf && !ruleCoversSelf(rule, selfIp))) continue;
      const into = rule.accept ? value : null;
      const peer = rule.peer;
      if (peer.kind === 'cidr') painter.paintBlock(peer.cidr, into, null);
      // Every block of the list at this rule's rank: the first rule to cover a peer decides it.
      else if (peer.kind === 'prefixList') for (const block of peer.blocks) painter.paintBlock(block, into, null);
      else if (peer.kind === 'group') paintCells(painter, members.of(peer.groupId), into);
    }
    if (allowsByDefault) painter.fillUnpainted(value);
    if (allowed === null) allowed = value;
    else for (let w = 0; w < allowed.length; w++) allowed[w] = allowed[w]! & value[w]!;
  }
  return allowed!;
}
