/**
 * Resolving an intent end (topology-format.md §4.3): an instance, ENI, IP, vSwitch, VPC or account
 * ID. A group end (vSwitch, VPC, account) means every instance in it, so an intent between two
 * groups covers every ordered pair of their instances.
 *
 * The result names each end as the identifier the simulator's `check` takes: an instance ID, an
 * ENI ID, or an address. An address held as an instance's primary IP becomes that instance (the
 * same source address, and it works with every version of `check`).
 */
import type { Topology } from '../document/schema';
import { formatIpv4, parseIpv4 } from '../net/ipv4';

export type IntentEndKind = 'instance' | 'networkInterface' | 'address' | 'vSwitch' | 'vpc' | 'account';

export interface ResolvedEnd {
  readonly kind: IntentEndKind;
  /** The end as written. */
  readonly text: string;
  /** True for vSwitch, VPC and account ends (every instance in it). */
  readonly group: boolean;
  /** What `check` takes for each flow end, in document order; empty for an empty group. */
  readonly endpoints: readonly string[];
}

export type EndResolution =
  { readonly kind: 'ok'; readonly end: ResolvedEnd } | { readonly kind: 'unknown'; readonly message: string };

/** The ENI fields intents read (the `networkInterfaces` array of §4.1, read defensively). */
interface EniLike {
  readonly networkInterfaceId?: unknown;
  readonly instanceId?: unknown;
  readonly type?: unknown;
  readonly privateIpAddress?: unknown;
  readonly privateIpSets?: ReadonlyArray<{ readonly privateIpAddress?: unknown }>;
}

/** The lookup tables of one document, built once for all its intents. */
export class IntentEnds {
  private readonly instances = new Set<string>();
  private readonly enis = new Map<string, EniLike>();
  private readonly members = new Map<string, { kind: 'vSwitch' | 'vpc' | 'account'; ids: string[] }>();
  /**
   * Address → who holds it (an instance's primary IP → the instance ID; else the ENI ID). Built on
   * the first end that is an address: parsing every address of an estate costs more than the rest.
   */
  private holdersByIp: Map<string, string> | undefined;

  constructor(private readonly document: Topology) {
    for (const account of document.accounts) this.group('account', account.accountId);
    const vpcAccount = new Map<string, string>();
    for (const vpc of document.vpcs) {
      this.group('vpc', vpc.vpcId);
      if (!vpcAccount.has(vpc.vpcId)) vpcAccount.set(vpc.vpcId, vpc.accountId);
      // An account named by a VPC only (not declared in `accounts`) is still a group.
      this.group('account', vpc.accountId);
    }
    const vSwitchVpc = new Map<string, string>();
    for (const vSwitch of document.vSwitches) {
      this.group('vSwitch', vSwitch.vSwitchId);
      if (!vSwitchVpc.has(vSwitch.vSwitchId)) vSwitchVpc.set(vSwitch.vSwitchId, vSwitch.vpcId);
    }
    // The member lists an instance joins, worked out once per vSwitch: an estate has thousands of
    // instances in hundreds of vSwitches.
    const listsByVSwitch = new Map<string, string[][]>();
    for (const instance of document.instances) {
      if (this.instances.has(instance.instanceId)) continue;
      this.instances.add(instance.instanceId);
      let lists = listsByVSwitch.get(instance.vSwitchId);
      if (lists === undefined) {
        const vpcId = vSwitchVpc.get(instance.vSwitchId);
        const accountId = vpcId === undefined ? undefined : vpcAccount.get(vpcId);
        lists = [];
        for (const groupId of [instance.vSwitchId, vpcId, accountId]) {
          const ids = groupId === undefined ? undefined : this.members.get(groupId)?.ids;
          if (ids !== undefined) lists.push(ids);
        }
        listsByVSwitch.set(instance.vSwitchId, lists);
      }
      for (const ids of lists) ids.push(instance.instanceId);
    }
    for (const eni of this.eniList()) {
      if (typeof eni?.networkInterfaceId !== 'string' || this.enis.has(eni.networkInterfaceId)) continue;
      this.enis.set(eni.networkInterfaceId, eni);
    }
  }

  private eniList(): readonly EniLike[] {
    const enis = (this.document as { readonly networkInterfaces?: unknown }).networkInterfaces;
    return Array.isArray(enis) ? (enis as EniLike[]) : [];
  }

  private holders(): Map<string, string> {
    if (this.holdersByIp !== undefined) return this.holdersByIp;
    const holders = new Map<string, string>();
    const seen = new Set<string>();
    for (const instance of this.document.instances) {
      if (seen.has(instance.instanceId)) continue;
      seen.add(instance.instanceId);
      const ip = canonicalIp(instance.privateIpAddress);
      if (ip !== null && !holders.has(ip)) holders.set(ip, instance.instanceId);
    }
    for (const eni of this.eniList()) {
      if (typeof eni?.networkInterfaceId !== 'string' || this.enis.get(eni.networkInterfaceId) !== eni) continue;
      const addresses = [eni.privateIpAddress, ...(eni.privateIpSets ?? []).map((s) => s?.privateIpAddress)];
      for (const address of addresses) {
        const ip = typeof address === 'string' ? canonicalIp(address) : null;
        if (ip !== null && !holders.has(ip)) holders.set(ip, eni.networkInterfaceId);
      }
    }
    return (this.holdersByIp = holders);
  }

  private group(kind: 'vSwitch' | 'vpc' | 'account', id: string): void {
    if (!this.members.has(id)) this.members.set(id, { kind, ids: [] });
  }

  /** Resolves one end; `side` decides whether an address nobody holds is allowed (only as `to`). */
  resolve(text: string, side: 'from' | 'to'): EndResolution {
    if (this.instances.has(text)) return ok('instance', text, false, [text]);
    const eni = this.enis.get(text);
    if (eni !== undefined) {
      // A primary ENI is its instance (same address, same groups: topology-format.md §4.1).
      const instanceId = typeof eni.instanceId === 'string' ? eni.instanceId : undefined;
      const primary = eni.type === 'Primary' && instanceId !== undefined && this.instances.has(instanceId);
      return ok('networkInterface', text, false, [primary ? instanceId : text]);
    }
    const group = this.members.get(text);
    if (group !== undefined) return ok(group.kind, text, true, group.ids);
    const ip = canonicalIp(text);
    if (ip !== null) {
      const holder = this.holders().get(ip);
      if (holder !== undefined) {
        // The primary IP of an instance is the instance; another held address stays an address.
        return ok('address', text, false, [this.instances.has(holder) ? holder : ip]);
      }
      if (side === 'to') return ok('address', text, false, [ip]);
      return {
        kind: 'unknown',
        message: `no instance or ENI of the document holds ${text}; the source of an intent must be something of the document`,
      };
    }
    return {
      kind: 'unknown',
      message: `"${text}" is no instance, ENI, vSwitch, VPC or account ID of the document${side === 'to' ? ', and no IPv4 address' : ''}`,
    };
  }
}

function ok(kind: IntentEndKind, text: string, group: boolean, endpoints: readonly string[]): EndResolution {
  return { kind: 'ok', end: { kind, text, group, endpoints } };
}

/** The canonical dotted form of an IPv4 address, or null when the text is none. */
function canonicalIp(text: string): string | null {
  const parsed = parseIpv4(text.trim());
  return parsed.ok ? formatIpv4(parsed.value) : null;
}
