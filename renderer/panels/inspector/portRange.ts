/**
 * The port range a security-group rule or an ACL entry keeps when its protocol is changed in a
 * table. TCP and UDP need a real `start/end` range and refuse `-1/-1`, every other protocol takes
 * `-1/-1` only (aliyun-api.md AuthorizeSecurityGroup values; aliyun-dataplane.md §1.3 for ACLs):
 * so a wildcard range widens to every port, a real one is kept, and anything else resets.
 */
export function portRangeForProtocol(protocol: string, current: string): string {
  const ranged = protocol.toLowerCase() === 'tcp' || protocol.toLowerCase() === 'udp';
  if (!ranged) return '-1/-1';
  return current === '-1/-1' ? '1/65535' : current;
}
