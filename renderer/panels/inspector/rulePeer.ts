/**
 * A security-group rule's peer — the other end of the traffic — as the rules table shows and edits
 * it in one cell. The API names it by one of three fields per direction (a group, a prefix list or
 * a CIDR block; aliyun-api.md AuthorizeSecurityGroup, aliyun-dataplane.md §2.3), so the cell reads
 * whichever is set and an edit sets exactly one of them, clearing the other two.
 */
import type { Permission } from '../../../simulator/document/schema';
import { validators } from '../fields';

/** The three fields that can name the peer of a rule of one direction. */
interface PeerFields {
  readonly group: 'sourceGroupId' | 'destGroupId';
  readonly cidr: 'sourceCidrIp' | 'destCidrIp';
  readonly list: 'sourcePrefixListId' | 'destPrefixListId';
}

function peerFieldsOf(direction: Permission['direction']): PeerFields {
  return direction === 'ingress'
    ? { group: 'sourceGroupId', cidr: 'sourceCidrIp', list: 'sourcePrefixListId' }
    : { group: 'destGroupId', cidr: 'destCidrIp', list: 'destPrefixListId' };
}

export interface RulePeer {
  /** What the cell shows: the group ID, the prefix-list ID or the CIDR block. */
  readonly text: string;
  /** The peer is a prefix list: the cell links to it. */
  readonly isList: boolean;
  /** Why the peer cannot be sent as it is; null when it can. */
  readonly error: string | null;
}

export function rulePeerOf(rule: Permission): RulePeer {
  const fields = peerFieldsOf(rule.direction);
  const isGroup = rule[fields.group] !== undefined;
  const isList = !isGroup && rule[fields.list] !== undefined;
  const text = String((isGroup ? rule[fields.group] : isList ? rule[fields.list] : rule[fields.cidr]) ?? '');
  // A group or a list is checked where it is resolved (findings); only an address range is checked here.
  const error =
    isGroup || isList
      ? null
      : text.trim() === ''
        ? `${rule.direction === 'ingress' ? 'source' : 'destination'}: required — a CIDR block such as the peer VPC's, or sg-… for a group`
        : validators.cidr(text);
  return { text, isList, error };
}

/** The patch for a peer typed into the cell: `sg-…` names a group, `pl-…` a prefix list, anything else an address range. */
export function peerPatch(direction: Permission['direction'], text: string): Record<string, unknown> {
  const { group, cidr, list } = peerFieldsOf(direction);
  if (text.startsWith('sg-')) return { [group]: text, [cidr]: undefined, [list]: undefined };
  if (text.startsWith('pl-')) return { [list]: text, [cidr]: undefined, [group]: undefined };
  return { [cidr]: text, [group]: undefined, [list]: undefined };
}

/**
 * The patch for a rule turned round: the address range moves to the other side's field, and a
 * group peer is dropped rather than reinterpreted (the user names the peer again).
 */
export function directionPatch(rule: Permission, next: Permission['direction']): Record<string, unknown> {
  return next === 'ingress'
    ? { direction: next, sourceCidrIp: rule.destCidrIp ?? '', destCidrIp: undefined, destGroupId: undefined }
    : { direction: next, destCidrIp: rule.sourceCidrIp ?? '', sourceCidrIp: undefined, sourceGroupId: undefined };
}
