import { describe, expect, it } from 'vitest';
import {
  canonicalRouteDestination,
  checkRouteDestination,
  MAX_CUSTOM_ROUTES_PER_TABLE,
} from '../../../simulator/lifecycle';

const context = { vSwitchCidrs: ['192.168.1.0/24', '192.168.2.0/24'], existingDestinations: ['172.16.0.0/16'] };

describe('CreateRouteEntry destination rules (aliyun-api.md §4.2)', () => {
  it.each([
    ['172.17.0.0/16', 'ok'],
    ['192.168.0.0/16', 'ok'], // contains vSwitch blocks: allowed
    ['0.0.0.0/0', 'ok'],
    ['10.0.0.1', 'ok'], // a bare IP is a /32
    ['192.168.1.0/24', 'InvalidRouteEntry.Conflict'],
    ['192.168.2.64/26', 'InvalidRouteEntry.Conflict'],
    ['192.168.1.9', 'InvalidRouteEntry.Conflict'],
    ['172.16.0.0/16', 'RouterEntryConflict.Duplicated'],
    ['100.64.0.0/10', 'InvalidDestinationCidrBlock.Reserved'],
    ['100.127.255.0/24', 'InvalidDestinationCidrBlock.Reserved'],
    ['100.0.0.0/8', 'ok'], // contains 100.64/10 but is not inside it
    ['10.0.0.0/33', 'InvalidDestinationCidrBlock.Malformed'],
    ['10.0.0.1/8', 'InvalidDestinationCidrBlock.Malformed'],
    ['banana', 'InvalidDestinationCidrBlock.Malformed'],
  ])('%s → %s', (destination, expected) => {
    const check = checkRouteDestination(destination, context);
    expect(check.kind === 'ok' ? 'ok' : check.error.code).toBe(expected);
  });

  it('refuses the 201st custom entry', () => {
    const existing = Array.from(
      { length: MAX_CUSTOM_ROUTES_PER_TABLE },
      (_, i) => `10.${Math.floor(i / 256)}.${i % 256}.0/24`,
    );
    const check = checkRouteDestination('172.31.0.0/16', { vSwitchCidrs: [], existingDestinations: existing });
    expect(check.kind === 'refused' && check.error.code).toBe('QuotaExceeded.RouteEntry');
    expect(
      checkRouteDestination('172.31.0.0/16', { vSwitchCidrs: [], existingDestinations: existing.slice(1) }).kind,
    ).toBe('ok');
  });

  it('canonicalises a bare IP to /32', () => {
    expect(canonicalRouteDestination('10.1.2.3')).toBe('10.1.2.3/32');
    expect(canonicalRouteDestination('10.1.0.0/16')).toBe('10.1.0.0/16');
  });
});
