/** Intents: resolving ends, evaluating them against the simulator, and their validation findings. */
import { describe, expect, it } from 'vitest';
import { generateTopology } from '../../../bench/generate';
import { topologySchema, type Topology } from '../../../simulator/document';
import { compileFastParser } from '../../../simulator/document/fastParse';
import { evaluateEachIntent, evaluateIntents, IntentEnds, type AssertReport } from '../../../simulator/intents';
import { createReachability, isFlowInputError } from '../../../simulator/reach';
import { validateTopology } from '../../../simulator/validate';
import { example, load, oneVpc, X, type Raw } from '../reach/helpers';
import { violationsByChecks } from './byChecks';

function report(doc: Topology): AssertReport {
  const result = evaluateIntents(doc);
  if (result.kind !== 'ok') throw new Error(`bad input: ${JSON.stringify(result.problems)}`);
  return result.report;
}

function withIntents(doc: Topology, intents: Raw[]): Topology {
  return load({ ...JSON.parse(JSON.stringify(doc)), intents });
}

/** Two VPC-less groups in one VPC: web (vsw-1) may ping db (vsw-2) one way only by rules. */
const tiers = () =>
  oneVpc(
    [
      {
        securityGroupId: 'sg-web',
        innerAccessPolicy: 'Drop',
        permissions: [{ direction: 'ingress', ipProtocol: 'ICMP', portRange: '-1/-1', sourceCidrIp: '10.0.2.0/24' }],
      },
      {
        securityGroupId: 'sg-db',
        innerAccessPolicy: 'Drop',
        permissions: [{ direction: 'ingress', ipProtocol: 'TCP', portRange: '3306/3306', sourceCidrIp: '10.0.1.0/24' }],
      },
    ],
    [
      ['i-web1', '10.0.1.10', ['sg-web'], 1],
      ['i-web2', '10.0.1.11', ['sg-web'], 1],
      ['i-db1', '10.0.2.10', ['sg-db'], 2],
    ],
  );

describe('intents in the document', () => {
  it('the fast path loads them exactly as zod does (defaults, any-case protocol, unknown fields kept)', () => {
    const raw = JSON.parse(JSON.stringify(example('cross-account')));
    raw.intents = [
      { from: X.a, to: X.b, expect: 'reachable' },
      { name: 'no ssh', from: X.vpcA, to: X.vpcB, expect: 'unreachable', protocol: 'TCP', port: 22, ticket: 'NET-1' },
    ];
    const fast = compileFastParser(topologySchema)!(raw);
    expect(fast.kind).toBe('ok');
    const zod = topologySchema.parse(raw);
    expect(fast.kind === 'ok' && fast.value).toEqual(zod);
    expect(zod.intents).toEqual([
      { from: X.a, to: X.b, expect: 'reachable', protocol: 'icmp' },
      { name: 'no ssh', from: X.vpcA, to: X.vpcB, expect: 'unreachable', protocol: 'tcp', port: 22, ticket: 'NET-1' },
    ]);
    // Absent stays absent: a document without intents round-trips unchanged.
    expect('intents' in topologySchema.parse(example('cross-account'))).toBe(false);
    // A wrong expect is not guessed at: the fast path defers to zod, which refuses it.
    raw.intents[0].expect = 'sometimes';
    expect(compileFastParser(topologySchema)!(raw).kind).toBe('unsure');
    expect(topologySchema.safeParse(raw).success).toBe(false);
  });
});

describe('resolving intent ends', () => {
  const doc = example('cross-account');
  const ends = new IntentEnds(doc);
  it.each([
    [X.a, 'from', 'instance', [X.a]],
    ['192.168.1.100', 'from', 'address', [X.a]],
    ['vsw-m5e5e5rgx2ol5dzn1hc8a', 'from', 'vSwitch', [X.a]],
    [X.vpcB, 'to', 'vpc', [X.b]],
    ['1564982317654321', 'to', 'account', [X.b]],
    ['8.8.8.8', 'to', 'address', ['8.8.8.8']],
  ] as const)('%s as %s is a %s', (text, side, kind, endpoints) => {
    const r = ends.resolve(text, side);
    expect(r.kind).toBe('ok');
    if (r.kind === 'ok') expect([r.end.kind, r.end.endpoints]).toEqual([kind, endpoints]);
  });
  it.each([
    ['8.8.8.8', 'from'],
    ['i-nobody', 'to'],
    ['sg-m5eb1u5rbzpd4ljqj4b1', 'from'],
  ] as const)('%s as %s names nothing', (text, side) => {
    expect(ends.resolve(text, side).kind).toBe('unknown');
  });
  it('an ENI end is its ID, and a primary ENI its instance', () => {
    const raw = JSON.parse(JSON.stringify(doc));
    // An ENI is always in at least one group (topology-format.md §4.1): the instance's own.
    const groups = raw.instances.find((i: { instanceId: string }) => i.instanceId === X.a).securityGroupIds;
    raw.networkInterfaces = [
      {
        networkInterfaceId: 'eni-p',
        vSwitchId: 'x',
        privateIpAddress: '192.168.1.100',
        type: 'Primary',
        instanceId: X.a,
        securityGroupIds: groups,
      },
      { networkInterfaceId: 'eni-s', vSwitchId: 'x', privateIpAddress: '192.168.1.77', securityGroupIds: groups },
    ];
    const withEnis = new IntentEnds(load(raw));
    expect(withEnis.resolve('eni-p', 'from')).toMatchObject({ kind: 'ok', end: { endpoints: [X.a] } });
    expect(withEnis.resolve('eni-s', 'from')).toMatchObject({
      kind: 'ok',
      end: { kind: 'networkInterface', endpoints: ['eni-s'] },
    });
    expect(withEnis.resolve('192.168.1.77', 'from')).toMatchObject({
      kind: 'ok',
      end: { endpoints: ['192.168.1.77'] },
    });
  });
});

describe('evaluating intents', () => {
  it('the tutorial: a ping must work, and fails with its blockers on the broken variant', () => {
    const intents = [{ name: 'A pings B', from: X.a, to: X.b, expect: 'reachable' }];
    expect(report(withIntents(example('cross-account'), intents))).toEqual({
      passed: 1,
      failed: 0,
      results: [{ index: 0, name: 'A pings B', holds: true, violations: [] }],
    });
    const broken = report(withIntents(example('broken-acceptor-not-configured'), intents));
    expect(broken.failed).toBe(1);
    const violation = broken.results[0]!.violations[0]!;
    expect([violation.from, violation.to, violation.verdict]).toEqual([X.a, X.b, 'unreachable']);
    const direct = createReachability(example('broken-acceptor-not-configured')).check({
      from: X.a,
      to: X.b,
      protocol: 'icmp',
      port: null,
    });
    if (isFlowInputError(direct)) throw new Error('input');
    expect(violation.blockers).toEqual(direct.blockers);
    expect(violation.blockers.length).toBeGreaterThan(0);
  });

  it('must-not-reach: a reachable pair is a violation without blockers', () => {
    const r = report(withIntents(example('cross-account'), [{ from: X.vpcA, to: X.vpcB, expect: 'unreachable' }]));
    expect(r.results[0]).toEqual({
      index: 0,
      name: `${X.vpcA} must not reach ${X.vpcB} (icmp)`,
      holds: false,
      violations: [{ from: X.a, to: X.b, verdict: 'reachable', blockers: [] }],
    });
  });

  it.each([
    // web → db ping: db's group has no ICMP rule.
    [{ from: 'vsw-1', to: 'vsw-2', expect: 'unreachable' }, true, []],
    [{ from: 'i-db1', to: 'vsw-1', expect: 'reachable' }, true, []],
    [{ from: 'vsw-1', to: 'i-db1', expect: 'reachable', protocol: 'tcp', port: 3306 }, true, []],
    [
      { from: 'vsw-1', to: 'i-db1', expect: 'reachable', protocol: 'TCP', port: 3307 },
      false,
      ['i-web1>i-db1', 'i-web2>i-db1'],
    ],
    // Every ordered pair of the VPC but an instance with itself: web1↔web2 are isolated (Drop).
    [
      { from: 'vpc-1', to: 'vpc-1', expect: 'reachable' },
      false,
      ['i-web1>i-web2', 'i-web1>i-db1', 'i-web2>i-web1', 'i-web2>i-db1'],
    ],
  ] as const)('%j holds: %s', (intent, holds, pairs) => {
    const r = report(withIntents(tiers(), [intent]));
    expect(r.results[0]!.holds).toBe(holds);
    expect(r.results[0]!.violations.map((v) => `${v.from}>${v.to}`)).toEqual(pairs);
  });

  it('a group intent read from the matrix agrees with a check of every pair (S estate)', () => {
    const estate = generateTopology('S', 3);
    const [first, second] = estate.vpcs;
    const doc = withIntents(estate, [
      { from: estate.accounts[0]!.accountId, to: estate.accounts[1]!.accountId, expect: 'reachable' },
      { from: first!.vpcId, to: second!.vpcId, expect: 'unreachable', protocol: 'tcp', port: 22 },
    ]);
    const r = report(doc);
    doc.intents!.forEach((intent, i) => {
      const expected = violationsByChecks(doc, intent);
      expect(expected.pairs).toBeGreaterThanOrEqual(64);
      expect(r.results[i]!.violations).toEqual(expected.violations);
    });
  });

  it('intents whose ends name nothing or whose port does not fit are bad input', () => {
    const result = evaluateIntents(
      withIntents(example('cross-account'), [
        { from: '8.8.8.8', to: X.b, expect: 'reachable' },
        { from: X.a, to: X.b, expect: 'reachable', protocol: 'tcp' },
      ]),
    );
    expect(result).toEqual({
      kind: 'bad-input',
      problems: [
        { path: '/intents/0/from', message: expect.stringContaining('8.8.8.8') },
        { path: '/intents/1/port', message: expect.stringContaining('required for tcp') },
      ],
    });
  });
});

describe('validation findings on intents', () => {
  it('reports unknown ends, ports that do not fit and empty groups, after the resources', () => {
    const raw = JSON.parse(JSON.stringify(example('cross-account')));
    raw.vSwitches.push({ vSwitchId: 'vsw-empty', vpcId: X.vpcA, zoneId: 'z', cidrBlock: '192.168.9.0/24' });
    raw.intents = [
      { from: X.a, to: X.b, expect: 'reachable' },
      { from: 'i-gone', to: 'vsw-empty', expect: 'unreachable', protocol: 'icmp', port: 7 },
      { from: X.a, to: X.b, expect: 'reachable', protocol: 'udp' },
    ];
    const findings = validateTopology(load(raw)).filter((f) => f.code.startsWith('INTENT_'));
    expect(findings.map((f) => [f.severity, f.code, f.path])).toEqual([
      ['error', 'INTENT_END_UNKNOWN', '/intents/1/from'],
      ['warning', 'INTENT_GROUP_EMPTY', '/intents/1/to'],
      ['error', 'INTENT_PORT_INVALID', '/intents/1/port'],
      ['error', 'INTENT_PORT_INVALID', '/intents/2/port'],
    ]);
  });
});

describe('evaluateEachIntent: each intent on its own (the app checklist and apply verification share it)', () => {
  it('marks an intent with a bad end unevaluable with every problem; the others keep their document index', () => {
    const doc = withIntents(tiers(), [
      { name: 'db pings web', from: 'i-db1', to: 'i-web1', protocol: 'icmp', expect: 'reachable' },
      { from: 'i-gone', to: 'i-nowhere', protocol: 'icmp', expect: 'reachable' },
      { from: 'i-db1', to: 'i-web1', protocol: 'tcp', port: 3306, expect: 'reachable' },
    ]);
    const outcomes = evaluateEachIntent(doc);
    expect(outcomes.map((o) => [o.index, o.kind])).toEqual([
      [0, 'evaluated'],
      [1, 'unevaluable'],
      [2, 'evaluated'],
    ]);
    const [first, second, third] = outcomes;
    expect(first).toMatchObject({ name: 'db pings web', holds: true, violations: [] });
    expect(second?.kind === 'unevaluable' && second.problems.map((p) => p.path)).toEqual([
      '/intents/1/from',
      '/intents/1/to',
    ]);
    expect(second?.name).toBe('i-gone must reach i-nowhere (icmp)');
    // The same verdicts as evaluateIntents on the evaluable intents alone.
    const alone = report(withIntents(tiers(), [doc.intents![2]!]));
    expect(third).toMatchObject({ kind: 'evaluated', index: 2, holds: alone.results[0]!.holds });
    expect(third?.kind === 'evaluated' && third.violations).toEqual(alone.results[0]!.violations);
  });

  it('a document without intents has no outcomes', () => {
    expect(evaluateEachIntent(tiers())).toEqual([]);
  });
});
