/**
 * What a user types as a ping's source or destination, resolved the way `vpclink check --from/--to`
 * reads it (topology-format.md §4.3: an instance ID, an ENI ID or a private IP an instance or ENI
 * holds; `to` also any IPv4 address), plus instance and ENI names: the app's picker is searchable
 * by name and ID. Pure (tested in test/renderer/endpoints.test.ts).
 */
import type { Topology } from '../../simulator/document/schema';
import { parseIpv4 } from '../../simulator/net/ipv4';

export type Resolved =
  | { readonly kind: 'instance'; readonly instanceId: string }
  | { readonly kind: 'eni'; readonly networkInterfaceId: string }
  | { readonly kind: 'ip'; readonly address: string }
  | { readonly kind: 'empty' }
  | { readonly kind: 'unknown'; readonly message: string };

/** An exact ID, then an exact name (case-insensitive, unique), then — where allowed — an IPv4 address. */
export function resolveEndpoint(doc: Topology, text: string, allowIp: boolean): Resolved {
  const typed = text.trim();
  if (typed === '') return { kind: 'empty' };
  const byId = doc.instances.find((i) => i.instanceId === typed);
  if (byId) return { kind: 'instance', instanceId: byId.instanceId };
  const byName = doc.instances.filter((i) => i.name !== undefined && i.name.toLowerCase() === typed.toLowerCase());
  if (byName.length === 1) return { kind: 'instance', instanceId: byName[0].instanceId };
  if (byName.length > 1)
    return {
      kind: 'unknown',
      message: `${byName.length} instances are named "${typed}": pick one by its ID (${byName.map((i) => i.instanceId).join(', ')})`,
    };
  const enis = doc.networkInterfaces ?? [];
  const eni =
    enis.find((n) => n.networkInterfaceId === typed) ??
    (enis.filter((n) => n.name?.toLowerCase() === typed.toLowerCase()).length === 1
      ? enis.find((n) => n.name?.toLowerCase() === typed.toLowerCase())
      : undefined);
  if (eni) return { kind: 'eni', networkInterfaceId: eni.networkInterfaceId };
  if (/^[\d.]+$/.test(typed)) {
    // A source address must be one an instance or ENI holds (secondary IPs included).
    if (!allowIp && !heldAddresses(doc).has(typed))
      return {
        kind: 'unknown',
        message:
          'the source must be an instance of the document (name or ID), an ENI, or a private IP one of them holds',
      };
    const ip = parseIpv4(typed);
    return ip.ok ? { kind: 'ip', address: typed } : { kind: 'unknown', message: `${typed}: ${ip.error}` };
  }
  return {
    kind: 'unknown',
    message: `no instance named or with the ID "${typed}"${allowIp ? ' (or type an IPv4 address)' : ''}`,
  };
}

/** Every private IP an instance or ENI of the document holds (primary and secondary). */
export function heldAddresses(doc: Topology): Set<string> {
  const held = new Set(doc.instances.map((i) => i.privateIpAddress));
  for (const n of doc.networkInterfaces ?? []) {
    held.add(n.privateIpAddress);
    for (const s of n.privateIpSets ?? []) held.add(s.privateIpAddress);
  }
  return held;
}

/** Per instances array (edits share it while no instance changes): value → text, see {@link endpointText}. */
const textCache = new WeakMap<Topology['instances'], Map<string, string>>();

/** The text the picker shows for a query value: the instance's name when it has a unique one, else the value. */
export function endpointText(doc: Topology, value: string): string {
  // Both pickers render on every edit: scanning 2,000 instances each time cost milliseconds on L.
  let texts = textCache.get(doc.instances);
  if (!texts) textCache.set(doc.instances, (texts = new Map()));
  let text = texts.get(value);
  if (text === undefined) {
    const instance = doc.instances.find((i) => i.instanceId === value);
    const name = instance?.name;
    text =
      name && doc.instances.filter((i) => i.name?.toLowerCase() === name.toLowerCase()).length === 1 ? name : value;
    texts.set(value, text);
  }
  return text;
}
