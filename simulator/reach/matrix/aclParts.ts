/**
 * The network-ACL part of the sweep (aliyun-dataplane.md §1.4): for one ACL, the peers (by
 * position) its vSwitch's instances may exchange the flow with. ACLs are stateless, so both
 * legs pass each ACL: the source vSwitch's ACL sees the request leave to the destination and
 * the reply come in from it; the destination vSwitch's ACL sees the request come in from the
 * source and the reply leave to it. Entries are painted in list order (first match wins); the
 * implied deny-all ends every list. Two addresses of one vSwitch are never filtered (§0 #2):
 * the assembly adds the vSwitch's own members back.
 */
import type { Protocol } from '../types';
import {
  type AclDirection,
  classesOf,
  type CompiledAcl,
  entryMatchesClass,
  type PacketClass,
  portsOf,
} from '../steps/networkAcl';
import type { Painter } from './positions';

/** An ACL's parts, meaningful on the words of `window` (where its vSwitches' tables deliver). */
export interface AclBits {
  readonly window: Int32Array;
  /** Destinations the ACL lets the request go to and the reply come back from (source side). */
  readonly toward: Uint32Array;
  /** Sources the ACL lets the request come in from and the reply go back to (destination side). */
  readonly from: Uint32Array;
}

export function aclBitsOf(
  acl: CompiledAcl,
  protocol: Protocol,
  port: number | null,
  painter: Painter,
  window: Int32Array,
): AclBits {
  painter.setWindow(window);
  return {
    window,
    toward: and(
      passes(acl, 'egress', 'request', protocol, port, painter),
      passes(acl, 'ingress', 'reply', protocol, port, painter),
    ),
    from: and(
      passes(acl, 'ingress', 'request', protocol, port, painter),
      passes(acl, 'egress', 'reply', protocol, port, painter),
    ),
  };
}

/** An ICMP flow's one packet class (classesOf's answer, without making it per call). */
const ICMP_CLASSES: readonly PacketClass[] = [{ protocol: 'icmp', ports: null }];

/** The peers one direction of the ACL passes one leg of the flow to or from (every packet class of it). */
function passes(
  acl: CompiledAcl,
  direction: AclDirection,
  leg: 'request' | 'reply',
  protocol: Protocol,
  port: number | null,
  painter: Painter,
): Uint32Array {
  const entries = direction === 'ingress' ? acl.ingress : acl.egress;
  const classes = protocol === 'icmp' ? ICMP_CLASSES : classesOf(protocol, portsOf(protocol, port, leg, null), entries);
  let allowed: Uint32Array | null = null;
  for (let k = 0; k < classes.length; k++) {
    const packet = classes[k]!;
    const value = painter.fresh();
    painter.reset();
    for (let e = 0; e < entries.length; e++) {
      const entry = entries[e]!;
      if (painter.complete) break;
      if (!entryMatchesClass(entry, packet)) continue;
      for (const block of entry.blocks) painter.paintBlock(block, entry.accept ? value : null, null);
    }
    if (allowed === null) allowed = value;
    else for (let w = 0; w < allowed.length; w++) allowed[w] = allowed[w]! & value[w]!;
  }
  return allowed!;
}

function and(a: Uint32Array, b: Uint32Array): Uint32Array {
  for (let w = 0; w < a.length; w++) a[w] = a[w]! & b[w]!;
  return a;
}
