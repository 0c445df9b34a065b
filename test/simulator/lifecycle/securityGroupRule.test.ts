import { describe, expect, it } from 'vitest';
import { normaliseRule, ruleKey, type RawRule } from '../../../simulator/lifecycle';

describe('security-group rule values (aliyun-api.md §5.4)', () => {
  it.each<[string, 'ingress' | 'egress', RawRule, string]>([
    ['icmp from a CIDR', 'ingress', { ipProtocol: 'icmp', portRange: '-1/-1', sourceCidrIp: '10.0.0.0/8' }, 'ok'],
    ['tcp range', 'ingress', { ipProtocol: 'TCP', portRange: '1/65535', sourceGroupId: 'sg-1' }, 'ok'],
    ['egress all', 'egress', { ipProtocol: 'all', portRange: '-1/-1', destCidrIp: '0.0.0.0/0' }, 'ok'],
    ['protocol missing', 'ingress', { portRange: '-1/-1', sourceCidrIp: '10.0.0.0/8' }, 'MissingParameter'],
    [
      'unknown protocol',
      'ingress',
      { ipProtocol: 'sctp', portRange: '1/1', sourceCidrIp: '10.0.0.0/8' },
      'InvalidIpProtocol.Malformed',
    ],
    [
      'icmp with ports',
      'ingress',
      { ipProtocol: 'icmp', portRange: '1/1', sourceCidrIp: '10.0.0.0/8' },
      'OperationDenied',
    ],
    [
      'tcp -1/-1',
      'ingress',
      { ipProtocol: 'tcp', portRange: '-1/-1', sourceCidrIp: '10.0.0.0/8' },
      'InvalidPortRange.Malformed',
    ],
    [
      'reversed range',
      'ingress',
      { ipProtocol: 'udp', portRange: '90/80', sourceCidrIp: '10.0.0.0/8' },
      'InvalidPortRange.Malformed',
    ],
    [
      'port text',
      'ingress',
      { ipProtocol: 'udp', portRange: '80', sourceCidrIp: '10.0.0.0/8' },
      'InvalidPortRange.Malformed',
    ],
    [
      'policy',
      'ingress',
      { ipProtocol: 'icmp', portRange: '-1/-1', sourceCidrIp: '10.0.0.0/8', policy: 'permit' },
      'InvalidPolicy.Malformed',
    ],
    [
      'priority 0',
      'ingress',
      { ipProtocol: 'icmp', portRange: '-1/-1', sourceCidrIp: '10.0.0.0/8', priority: '0' },
      'InvalidPriority.ValueNotSupported',
    ],
    [
      'priority text',
      'ingress',
      { ipProtocol: 'icmp', portRange: '-1/-1', sourceCidrIp: '10.0.0.0/8', priority: 'high' },
      'InvalidPriority.Malformed',
    ],
    [
      'nic type',
      'ingress',
      { ipProtocol: 'icmp', portRange: '-1/-1', sourceCidrIp: '10.0.0.0/8', nicType: 'wifi' },
      'InvalidNicType.ValueNotSupported',
    ],
    ['no source', 'ingress', { ipProtocol: 'icmp', portRange: '-1/-1' }, 'MissingParameter.Source'],
    [
      'two sources',
      'ingress',
      { ipProtocol: 'icmp', portRange: '-1/-1', sourceCidrIp: '10.0.0.0/8', sourceGroupId: 'sg-1' },
      'InvalidParameter',
    ],
    [
      'bad source CIDR',
      'ingress',
      { ipProtocol: 'icmp', portRange: '-1/-1', sourceCidrIp: '10.0.0.300/8' },
      'InvalidSourceCidrIp.Malformed',
    ],
    [
      'no destination',
      'egress',
      { ipProtocol: 'icmp', portRange: '-1/-1', sourceCidrIp: '10.0.0.0/8' },
      'MissingParameter.Destination',
    ],
    [
      'bad dest CIDR',
      'egress',
      { ipProtocol: 'icmp', portRange: '-1/-1', destCidrIp: 'x' },
      'InvalidDestCidrIp.Malformed',
    ],
  ])('%s → %s', (_name, direction, raw, expected) => {
    const result = normaliseRule(direction, raw);
    expect(result.ok ? 'ok' : result.error.code).toBe(expected);
  });

  it('normalises spellings to the API response form', () => {
    const result = normaliseRule('ingress', {
      ipProtocol: 'Icmp',
      portRange: '-1/-1',
      sourceCidrIp: '10.0.0.0/8',
      policy: 'DROP',
      priority: '7',
      nicType: 'internet',
    });
    expect(result).toEqual({
      ok: true,
      rule: {
        direction: 'ingress',
        ipProtocol: 'ICMP',
        portRange: '-1/-1',
        policy: 'Drop',
        priority: 7,
        nicType: 'intranet',
        sourceCidrIp: '10.0.0.0/8',
      },
    });
  });

  it('identity: same protocol/ports/policy/peer are one rule whatever the priority; another peer or policy is another', () => {
    const key = (raw: RawRule) => {
      const r = normaliseRule('ingress', raw);
      if (!r.ok) throw new Error(r.error.message);
      return ruleKey(r.rule);
    };
    const base = { ipProtocol: 'tcp', portRange: '22/22', sourceCidrIp: '10.0.0.0/8' };
    expect(key({ ...base, priority: '50', description: 'x' })).toBe(key(base));
    expect(key({ ...base, ipProtocol: 'TCP', policy: 'accept' })).toBe(key(base));
    expect(key({ ...base, policy: 'drop' })).not.toBe(key(base));
    expect(key({ ...base, sourceCidrIp: '10.0.0.0/16' })).not.toBe(key(base));
    expect(key({ ...base, portRange: '22/23' })).not.toBe(key(base));
  });
});
