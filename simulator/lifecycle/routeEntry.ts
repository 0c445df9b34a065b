/**
 * The rules CreateRouteEntry enforces on a custom route in a vRouter table (aliyun-api.md §4.2),
 * as pure checks. Which error code answers which rule is partly UNCONFIRMED (§4.2, §10): the
 * guesses are marked below.
 */
import { cidrContainsCidr, cidrsEqual, formatCidr, parseCidr, parseCidrText, type Cidr } from '../net/ipv4';
import { type RuleCheck, OK, refused } from './errors';

/** Custom route entries per route table (aliyun-api.md §4.2, §6). */
export const MAX_CUSTOM_ROUTES_PER_TABLE = 200;

/** The cloud-services block every VPC routes to itself (aliyun-api.md §4.1, §4.2). */
export const CLOUD_SERVICES_CIDR = '100.64.0.0/10';

export interface RouteDestinationContext {
  /** CIDR blocks of every vSwitch of the table's VPC. */
  readonly vSwitchCidrs: readonly string[];
  /** Destinations of the table's existing custom entries (any status but gone). */
  readonly existingDestinations: readonly string[];
}

/** Parses a destination the way the API reads it: a bare IP means /32 (aliyun-api.md §4.2). */
export function parseRouteDestination(text: string): { ok: true; cidr: Cidr } | { ok: false; error: string } {
  const parsed = parseCidrText(text, { allowBareAddress: true });
  if (!parsed.ok) return { ok: false, error: parsed.error };
  if (!parsed.value.bareAddress && !parsed.value.canonical) {
    return { ok: false, error: `"${text}" has host bits set; the block is ${formatCidr(parsed.value.cidr)}` };
  }
  return { ok: true, cidr: parsed.value.cidr };
}

/** The canonical spelling of a destination (`10.0.0.1` → `10.0.0.1/32`), or the text as given. */
export function canonicalRouteDestination(text: string): string {
  const parsed = parseRouteDestination(text);
  return parsed.ok ? formatCidr(parsed.cidr) : text;
}

export function checkRouteDestination(destination: string, context: RouteDestinationContext): RuleCheck {
  const parsed = parseRouteDestination(destination);
  if (!parsed.ok) {
    // Code UNCONFIRMED.
    return refused(
      'InvalidDestinationCidrBlock.Malformed',
      400,
      `The specified DestinationCidrBlock "${destination}" is malformed: ${parsed.error}.`,
    );
  }
  const dest = parsed.cidr;
  const services = parseCidr(CLOUD_SERVICES_CIDR);
  // Older/EN docs forbid 100.64.0.0/10 and its subnets; we follow them (stricter). Code UNCONFIRMED.
  if (services.ok && cidrContainsCidr(services.value, dest)) {
    return refused(
      'InvalidDestinationCidrBlock.Reserved',
      400,
      `The DestinationCidrBlock ${formatCidr(dest)} is inside ${CLOUD_SERVICES_CIDR}, which is reserved for cloud services.`,
    );
  }
  for (const text of context.vSwitchCidrs) {
    const vsw = parseCidr(text);
    // Equal to or inside a vSwitch CIDR is refused; containing one is allowed (§4.2). Code is the
    // guess aliyun-api.md §4.2 names (UNCONFIRMED).
    if (vsw.ok && cidrContainsCidr(vsw.value, dest)) {
      return refused(
        'InvalidRouteEntry.Conflict',
        400,
        `The DestinationCidrBlock ${formatCidr(dest)} ${cidrsEqual(vsw.value, dest) ? 'equals' : 'is inside'} the vSwitch CIDR block ${text} of this VPC.`,
      );
    }
  }
  for (const existing of context.existingDestinations) {
    const other = parseRouteDestination(existing);
    if (other.ok && cidrsEqual(other.cidr, dest)) {
      // One of the duplicate codes terraform has seen (aliyun-api.md §4.2).
      return refused(
        'RouterEntryConflict.Duplicated',
        400,
        `A route entry for ${formatCidr(dest)} already exists in this route table.`,
      );
    }
  }
  if (context.existingDestinations.length >= MAX_CUSTOM_ROUTES_PER_TABLE) {
    // Code UNCONFIRMED (aliyun-api.md §4.2 lists QuotaExceeded.* as a guess).
    return refused(
      'QuotaExceeded.RouteEntry',
      400,
      `The route table already has ${context.existingDestinations.length} custom route entries; the quota is ${MAX_CUSTOM_ROUTES_PER_TABLE}.`,
    );
  }
  return OK;
}
