/** Parsing a FlowSpec at the boundary: every failure names its field (CLI exit 2). */
import { parseIpv4 } from '../net/ipv4';
import type { Compiled, InstanceInfo } from './compile';
import type { FlowInputError, FlowSpec, Protocol } from './types';

export const PROTOCOLS: readonly Protocol[] = ['icmp', 'tcp', 'udp', 'all'];

const PROTOCOL_TEXT: Record<Protocol, string> = { icmp: 'ICMP', tcp: 'TCP', udp: 'UDP', all: 'all traffic' };

/** `ICMP`, `TCP port 22`, `UDP port 53 from port 5353`, `all traffic`: the flow as a hop describes it. */
export function flowText(flow: FlowSpec): string {
  const from = flow.sourcePort != null ? ` from port ${flow.sourcePort}` : '';
  return flow.protocol === 'tcp' || flow.protocol === 'udp'
    ? `${PROTOCOL_TEXT[flow.protocol]} port ${flow.port}${from}`
    : PROTOCOL_TEXT[flow.protocol];
}

/** The sending side: the holder and the address it sends from. */
export interface Source {
  readonly nic: InstanceInfo;
  readonly ip: number | null;
}

export type Destination =
  | { readonly kind: 'instance'; readonly instance: InstanceInfo; readonly ip: number | null }
  | { readonly kind: 'ip'; readonly ip: number };

export interface ResolvedFlow {
  readonly source: Source;
  readonly destination: Destination;
  /** The flow as the trace reports it: an end given by its name is replaced by its ID. */
  readonly flow: FlowSpec;
}

function inputError(field: FlowInputError['field'], message: string): FlowInputError {
  return { kind: 'input-error', field, message };
}

/** Checks protocol and port together: tcp/udp need a port 1–65535; icmp and all take none. */
export function protocolInputError(protocol: unknown, port: unknown): FlowInputError | null {
  if (typeof protocol !== 'string' || !PROTOCOLS.includes(protocol as Protocol)) {
    return inputError('protocol', `"${String(protocol)}" is not one of ${PROTOCOLS.join(', ')}`);
  }
  if (protocol === 'tcp' || protocol === 'udp') {
    if (port === null || port === undefined) return inputError('port', `a port (1-65535) is required for ${protocol}`);
    if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
      return inputError('port', `${String(port)} is not a port number 1-65535`);
    }
    return null;
  }
  if (port !== null && port !== undefined) {
    return inputError('port', `${protocol === 'icmp' ? 'icmp (ping)' : 'all'} takes no port; leave --port out`);
  }
  return null;
}

const LOOKS_LIKE_ADDRESS = /^[\s\d./]+$/;

/** Checks the optional client port: tcp/udp only, 1-65535. */
export function sourcePortInputError(protocol: Protocol, sourcePort: unknown): FlowInputError | null {
  if (sourcePort === null || sourcePort === undefined) return null;
  if (protocol !== 'tcp' && protocol !== 'udp')
    return inputError('source-port', `${protocol} has no ports; give --source-port only with tcp or udp`);
  if (typeof sourcePort !== 'number' || !Number.isInteger(sourcePort) || sourcePort < 1 || sourcePort > 65535)
    return inputError('source-port', `${String(sourcePort)} is not a port number 1-65535`);
  return null;
}

/** Holders by their `name`, built once per compilation (names are optional and need not be unique). */
const holdersByName = new WeakMap<Compiled, ReadonlyMap<string, readonly InstanceInfo[]>>();

function namedHolders(compiled: Compiled, name: string): readonly InstanceInfo[] {
  let byName = holdersByName.get(compiled);
  if (byName === undefined) {
    const map = new Map<string, InstanceInfo[]>();
    // One holder per ID: an instance's primary ENI maps to the instance itself.
    for (const nic of new Set(compiled.nicById.values()))
      if (nic.name) map.set(nic.name, [...(map.get(nic.name) ?? []), nic]);
    holdersByName.set(compiled, (byName = map));
  }
  return byName.get(name) ?? [];
}

/**
 * An instance ID, an ENI ID or an address a holder of the document has (topology-format.md
 * §4.3), or else the name of an instance or ENI (what the user sees on the diagram: issue 14
 * asks that `--from/--to` take names too). An ID always wins over a name. An address two holders
 * share (overlapping VPCs), or a name two holders carry, is ambiguous.
 */
function holderOf(
  compiled: Compiled,
  text: string,
):
  | { nic: InstanceInfo; ip: number | null; byName?: true }
  | { ambiguous: readonly InstanceInfo[]; by: 'address' | 'name' }
  | null {
  const nic = compiled.nicById.get(text);
  if (nic) return { nic, ip: nic.ip };
  const ip = parseIpv4(text.trim());
  if (!ip.ok) {
    const named = namedHolders(compiled, text);
    if (named.length === 1) return { nic: named[0]!, ip: named[0]!.ip, byName: true };
    return named.length > 1 ? { ambiguous: named, by: 'name' } : null;
  }
  const holders = compiled.holdersOfIp.get(ip.value) ?? [];
  if (holders.length === 1) return { nic: holders[0]!, ip: ip.value };
  return holders.length > 1 ? { ambiguous: holders, by: 'address' } : null;
}

function ambiguity(text: string, found: { ambiguous: readonly InstanceInfo[]; by: 'address' | 'name' }): string {
  const ids = found.ambiguous.map((h) => h.id).join(' and ');
  return found.by === 'name'
    ? `"${text}" is the name of ${ids}; give the instance or ENI ID`
    : `${text} is held by ${ids} (overlapping VPCs); give the instance or ENI ID`;
}

export function resolveFlow(compiled: Compiled, flow: FlowSpec): ResolvedFlow | FlowInputError {
  const protocolError = protocolInputError(flow.protocol, flow.port);
  if (protocolError) return protocolError;
  const portError = sourcePortInputError(flow.protocol, flow.sourcePort);
  if (portError) return portError;
  const source = holderOf(compiled, flow.from);
  if (source !== null && 'ambiguous' in source) return inputError('from', ambiguity(flow.from, source));
  if (source === null) {
    return inputError(
      'from',
      `no instance, ENI, private address or instance name "${flow.from}" in the document; the source must be an instance ID, an ENI ID, an address one of them holds, or an instance's name`,
    );
  }
  const target = holderOf(compiled, flow.to);
  const named = {
    ...flow,
    ...(source.byName ? { from: source.nic.id } : {}),
    ...(target !== null && 'byName' in target && target.byName ? { to: target.nic.id } : {}),
  };
  if (target !== null && !('ambiguous' in target))
    return { source, destination: { kind: 'instance', instance: target.nic, ip: target.ip }, flow: named };
  if (target !== null && target.by === 'name') return inputError('to', ambiguity(flow.to, target));
  if (LOOKS_LIKE_ADDRESS.test(flow.to)) {
    const ip = parseIpv4(flow.to.trim());
    if (!ip.ok)
      return inputError(
        'to',
        `${ip.error.replace(/^ip: /, '')}; expected an instance ID, an ENI ID or an IPv4 address such as 172.16.1.10`,
      );
    return { source, destination: { kind: 'ip', ip: ip.value }, flow: named };
  }
  return inputError(
    'to',
    `no instance, ENI or instance name "${flow.to}" in the document; the destination must be an instance ID, an ENI ID, an instance's name or an IPv4 address`,
  );
}
