/**
 * The security-group part of the sweep: for one pooled group set and direction, the peers (by
 * position) the flow is allowed to (egress) or from (ingress). Rules are painted in evaluation
 * order, first match wins (securityGroups.ts); a flow of several packet classes is allowed
 * where every class is.
 */
import type { Compiled } from '../compile';
import { packetsOf, type Pool, ruleCoversSelf, ruleMatchesPacket } from '../securityGroups';
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
    private readonly c: Compiled,
    private readonly positions: Positions,
  ) {}

  of(groupId: string): readonly number[] {
    let list = this.byGroup.get(groupId);
    if (list === undefined) {
      const out: number[] = [];
      const posOf = this.positions.posOf;
      for (const idx of this.c.groupMembers.get(groupId) ?? [])
        if (idx < posOf.length && posOf[idx]! >= 0) out.push(posOf[idx]!);
      this.byGroup.set(groupId, (list = out));
    }
    return list;
  }
}

export function poolBitsOf(
  pool: Pool,
  protocol: Protocol,
  port: number | null,
  painter: Painter,
  members: GroupPositions,
  selfIp: number,
  window: Int32Array,
): PoolBits {
  painter.setWindow(window);
  return {
    pool,
    window,
    egress: allowedPeers(pool, 'egress', protocol, port, painter, members, selfIp),
    ingress: allowedPeers(pool, 'ingress', protocol, port, painter, members, selfIp),
  };
}

function allowedPeers(
  pool: Pool,
  direction: 'ingress' | 'egress',
  protocol: Protocol,
  port: number | null,
  painter: Painter,
  members: GroupPositions,
  selfIp: number,
): Uint32Array {
  const rules = direction === 'egress' ? pool.egress : pool.ingress;
  const allowsByDefault = direction === 'egress' && pool.allNormal;
  let allowed: Uint32Array | null = null;
  for (const packet of packetsOf(protocol, port, pool, direction)) {
    const value = painter.fresh();
    painter.reset();
    // InnerAccessPolicy Accept of a shared basic group overrides every rule.
    for (const g of pool.innerAcceptGroupIds) for (const p of members.of(g)) painter.paintCell(p, value);
    for (const rule of rules) {
      if (painter.complete) break;
      if (!ruleMatchesPacket(rule, packet) || !ruleCoversSelf(rule, selfIp)) continue;
      const into = rule.accept ? value : null;
      const peer = rule.peer;
      if (peer.kind === 'cidr') painter.paintBlock(peer.cidr, into, null);
      // Every block of the list at this rule's rank: the first rule to cover a peer decides it.
      else if (peer.kind === 'prefixList') for (const block of peer.blocks) painter.paintBlock(block, into, null);
      else if (peer.kind === 'group') for (const p of members.of(peer.groupId)) painter.paintCell(p, into);
    }
    if (allowsByDefault) painter.fillUnpainted(value);
    if (allowed === null) allowed = value;
    else for (let w = 0; w < allowed.length; w++) allowed[w] = allowed[w]! & value[w]!;
  }
  return allowed!;
}
