/** Parsing a FlowSpec at the boundary: every failure names its field (CLI exit 2). */
import { parseIpv4 } from '../net/ipv4';
import type { Compiled, InstanceInfo } from './compile';
import type { FlowInputError, FlowSpec, Protocol } from './types';

export const PROTOCOLS: readonly Protocol[] = ['icmp', 'tcp', 'udp', 'all'];

export type Destination =
  { readonly kind: 'instance'; readonly instance: InstanceInfo } | { readonly kind: 'ip'; readonly ip: number };

export interface ResolvedFlow {
  readonly source: InstanceInfo;
  readonly destination: Destination;
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

export function resolveFlow(compiled: Compiled, flow: FlowSpec): ResolvedFlow | FlowInputError {
  const protocolError = protocolInputError(flow.protocol, flow.port);
  if (protocolError) return protocolError;
  const source = compiled.instanceById.get(flow.from);
  if (!source) {
    const ip = parseIpv4(flow.from);
    const holder = ip.ok ? compiled.instances.find((i) => i.ip === ip.value) : undefined;
    const hint = holder ? ` (${flow.from} is the address of ${holder.id}; give the instance ID)` : '';
    return inputError('from', `no instance "${flow.from}" in the document${hint}; the source must be an instance ID`);
  }
  const target = compiled.instanceById.get(flow.to);
  if (target) return { source, destination: { kind: 'instance', instance: target } };
  if (LOOKS_LIKE_ADDRESS.test(flow.to)) {
    const ip = parseIpv4(flow.to);
    if (!ip.ok)
      return inputError(
        'to',
        `${ip.error.replace(/^ip: /, '')}; expected an instance ID or an IPv4 address such as 172.16.1.10`,
      );
    return { source, destination: { kind: 'ip', ip: ip.value } };
  }
  return inputError(
    'to',
    `no instance "${flow.to}" in the document; the destination must be an instance ID or an IPv4 address`,
  );
}
