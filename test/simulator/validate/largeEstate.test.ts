// The hot paths of validateTopology (numeric rule keys, a reused rule table, the pairing fast
// path, lazily built paths) against what they replace: generated estates stay deterministic with
// known counts, rule identity is exactly the text identity, and the pairing predicate agrees with
// model/pairing.ts. No timings here: bench/ measures speed.
import { describe, expect, it } from 'vitest';
import { generateTopology } from '../../../bench/generate';
import {
  effectiveRouterInterfaceStatus,
  isPairingConsistent,
  pairingProblems,
  pairProblems,
} from '../../../simulator/model/pairing';
import { buildTopologyIndex } from '../../../simulator/model/topologyIndex';
import { type Finding, validateTopology } from '../../../simulator/validate';
import { A, addVpcGroup, B, baseDocument, findingsAfter, load } from './fixtures';

function countByCode(findings: readonly Finding[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const f of findings) counts[f.code] = (counts[f.code] ?? 0) + 1;
  return counts;
}

/** Loads the generated estate like a file (a fresh copy each time). */
function generated(size: 'M' | 'L'): ReturnType<typeof load> {
  return load(JSON.parse(JSON.stringify(generateTopology(size, 1))));
}

describe('generated estates', () => {
  it.each([
    [
      'M',
      45,
      {
        ROUTE_NEXT_HOP_NOT_ACTIVE: 14,
        ROUTE_DESTINATION_NOT_IN_PEER: 24,
        RI_QUOTA_EXCEEDED: 5,
        RI_OPPOSITE_NOT_SET: 1,
        RI_OPPOSITE_MISMATCH: 1,
      },
    ],
    [
      'L',
      309,
      {
        ROUTE_NEXT_HOP_NOT_ACTIVE: 23,
        ROUTE_DESTINATION_NOT_IN_PEER: 265,
        RI_QUOTA_EXCEEDED: 15,
        RI_OPPOSITE_NOT_SET: 3,
        RI_OPPOSITE_MISMATCH: 3,
      },
    ],
  ] as const)('%s: the same findings on every run, with the known counts', (size, total, counts) => {
    const first = validateTopology(generated(size));
    const second = validateTopology(generated(size));
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
    expect(first).toHaveLength(total);
    expect(countByCode(first)).toEqual(counts);
    // Document order: the route findings come in table, then entry order.
    const routes = first
      .filter((f) => f.path.startsWith('/routeTables/'))
      .map((f) =>
        f.path
          .split('/')
          .slice(2, 5)
          .map((x) => (/^[0-9]+$/.test(x) ? Number(x) : 0)),
      );
    const sorted = [...routes].sort((x, y) => x[0]! - y[0]! || x[2]! - y[2]!);
    expect(routes).toEqual(sorted);
  });

  it('L: a known NOT_IN_PEER finding, byte for byte', () => {
    const finding = validateTopology(generated('L')).find((f) => f.code === 'ROUTE_DESTINATION_NOT_IN_PEER');
    expect(finding).toBeDefined();
    expect(finding!.message).toMatch(
      /^vtb-\S+: route entry \d+ sends \S+ via ri-\S+ to vpc-\S+, whose CIDR block is \S+ and which has no route onward for it$/,
    );
    expect(finding!.suggestion).toMatch(
      /^change destinationCidrBlock to \S+ \(vpc-\S+'s CIDR block\) or one of its vSwitch blocks$/,
    );
  });
});

describe('rule identity (SG_RULE_DUPLICATE)', () => {
  const base = { direction: 'ingress', ipProtocol: 'TCP', portRange: '22/22', policy: 'Accept', priority: 1 };
  const rows: ReadonlyArray<{
    readonly name: string;
    readonly first: object;
    readonly second: object;
    readonly duplicate: boolean;
  }> = [
    {
      name: 'same CIDR text',
      first: { sourceCidrIp: '10.0.0.0/8' },
      second: { sourceCidrIp: '10.0.0.0/8' },
      duplicate: true,
    },
    {
      name: 'bare address vs its /32',
      first: { sourceCidrIp: '10.1.2.3/32' },
      second: { sourceCidrIp: '10.1.2.3' },
      duplicate: true,
    },
    {
      name: 'two bare addresses',
      first: { sourceCidrIp: '10.1.2.3' },
      second: { sourceCidrIp: '10.1.2.3' },
      duplicate: true,
    },
    {
      name: 'host bits set (not usable, no identity)',
      first: { sourceCidrIp: '10.1.2.3/24' },
      second: { sourceCidrIp: '10.1.2.3/24' },
      duplicate: false,
    },
    {
      name: 'different blocks',
      first: { sourceCidrIp: '10.0.0.0/8' },
      second: { sourceCidrIp: '10.0.0.0/16' },
      duplicate: false,
    },
    {
      name: 'same block, other port text',
      first: { sourceCidrIp: '10.0.0.0/8' },
      second: { sourceCidrIp: '10.0.0.0/8', portRange: '022/22' },
      duplicate: false,
    },
    {
      name: 'same block, other protocol',
      first: { sourceCidrIp: '10.0.0.0/8' },
      second: { sourceCidrIp: '10.0.0.0/8', ipProtocol: 'UDP' },
      duplicate: false,
    },
    {
      name: 'same block, other policy',
      first: { sourceCidrIp: '10.0.0.0/8' },
      second: { sourceCidrIp: '10.0.0.0/8', policy: 'Drop' },
      duplicate: false,
    },
    {
      name: 'same block, other priority',
      first: { sourceCidrIp: '10.0.0.0/8' },
      second: { sourceCidrIp: '10.0.0.0/8', priority: 50 },
      duplicate: true,
    },
    {
      name: 'ingress vs egress to the same block',
      first: { sourceCidrIp: '10.0.0.0/8' },
      second: { direction: 'egress', destCidrIp: '10.0.0.0/8' },
      duplicate: false,
    },
    {
      name: 'same group reference',
      first: { sourceGroupId: 'sg-a' },
      second: { sourceGroupId: 'sg-a' },
      duplicate: true,
    },
    {
      name: 'group reference vs CIDR',
      first: { sourceGroupId: 'sg-a' },
      second: { sourceCidrIp: '10.0.0.0/8' },
      duplicate: false,
    },
    {
      name: 'both peers (ambiguous, no identity)',
      first: { sourceCidrIp: '10.0.0.0/8', sourceGroupId: 'sg-a' },
      second: { sourceCidrIp: '10.0.0.0/8', sourceGroupId: 'sg-a' },
      duplicate: false,
    },
    {
      name: 'protocol spelled in lower case',
      first: { sourceCidrIp: '0.0.0.0/0' },
      second: { sourceCidrIp: '0.0.0.0/0', ipProtocol: 'tcp' },
      duplicate: true,
    },
  ];
  it.each(rows)('$name', ({ first, second, duplicate }) => {
    const findings = findingsAfter((d) =>
      addVpcGroup(d, 'sg-t', [
        { ...base, ...first },
        { ...base, ...second },
      ]),
    );
    const dup = findings.filter((f) => f.code === 'SG_RULE_DUPLICATE');
    if (duplicate) {
      expect(dup).toEqual([
        {
          severity: 'warning',
          code: 'SG_RULE_DUPLICATE',
          path: '/securityGroups/3/permissions/1',
          resourceId: 'sg-t',
          message: expect.stringMatching(
            /^sg-t rule 1 \(ingress|egress .*\) repeats rule 0 of sg-t; the API keeps only one$/,
          ),
          suggestion: 'remove rule 1 from sg-t',
        },
      ]);
    } else expect(dup).toEqual([]);
  });

  it('a large group: every repeat found, pointing at the first copy, across table growth', () => {
    // 150 distinct rules, then each of the first 40 again: the rule table grows past its
    // initial size and must still find every earlier copy.
    const rules = Array.from({ length: 150 }, (_, k) => ({
      ...base,
      portRange: `${k + 1}/${k + 1}`,
      sourceCidrIp: `10.${k}.0.0/16`,
    }));
    const repeats = rules.slice(0, 40).map((r) => ({ ...r, priority: 7 }));
    const findings = findingsAfter((d) => addVpcGroup(d, 'sg-big', [...rules, ...repeats]));
    const dup = findings.filter((f) => f.code === 'SG_RULE_DUPLICATE');
    expect(dup.map((f) => f.path)).toEqual(repeats.map((_, k) => `/securityGroups/3/permissions/${150 + k}`));
    expect(dup.map((f) => /repeats rule (\d+)/.exec(f.message)![1])).toEqual(repeats.map((_, k) => String(k)));
  });

  it('identity is per group: the same rule in two groups is no duplicate, and the table is emptied between groups', () => {
    const rule = { ...base, sourceCidrIp: '10.0.0.0/8' };
    const findings = findingsAfter((d) => {
      addVpcGroup(d, 'sg-1', [rule, { ...rule, portRange: '80/80' }]);
      addVpcGroup(d, 'sg-2', [rule]);
      addVpcGroup(d, 'sg-3', [{ ...rule, portRange: '80/80' }, rule, rule]);
    });
    expect(findings.filter((f) => f.code === 'SG_RULE_DUPLICATE').map((f) => f.path)).toEqual([
      '/securityGroups/5/permissions/2',
    ]);
  });
});

describe('the boolean pairing check agrees with pairingProblems', () => {
  type Ri = Record<string, any>;
  const mutations: ReadonlyArray<readonly [string, (a: Ri, b: Ri) => void]> = [
    ['consistent pair', () => {}],
    ['no opposite ID', (a) => delete a.oppositeInterfaceId],
    ['unknown opposite', (a) => (a.oppositeInterfaceId = 'ri-zz')],
    ['opposite points elsewhere', (_a, b) => (b.oppositeInterfaceId = 'ri-zz')],
    ['opposite has no back-pointer', (_a, b) => delete b.oppositeInterfaceId],
    ['wrong opposite router', (a) => (a.oppositeRouterId = 'vrt-zz')],
    ['no opposite router', (a) => delete a.oppositeRouterId],
    ['wrong opposite region', (a) => (a.oppositeRegionId = 'cn-hangzhou')],
    ['wrong owner', (a) => (a.oppositeInterfaceOwnerId = A)],
    ['owner absent, other account', (a) => delete a.oppositeInterfaceOwnerId],
    ['router type absent (VRouter)', (a) => delete a.oppositeRouterType],
    ['router type VBR', (a) => (a.oppositeRouterType = 'VBR')],
    ['same roles', (_a, b) => (b.role = 'InitiatingSide')],
    [
      'same router',
      (a, b) => {
        b.routerId = a.routerId;
        a.oppositeRouterId = a.routerId;
      },
    ],
    [
      'live status on a broken pair',
      (a) => {
        a.status = 'Active';
        a.oppositeRegionId = 'cn-hangzhou';
      },
    ],
    ['live status Inactive', (a) => (a.status = 'Inactive')],
    ['broken far end only', (_a, b) => (b.oppositeRegionId = 'cn-hangzhou')],
  ];
  it.each(mutations)('%s', (_name, mutate) => {
    const raw = baseDocument();
    mutate(raw.routerInterfaces[0], raw.routerInterfaces[1]);
    const doc = load(raw);
    const index = buildTopologyIndex(doc);
    for (const ri of doc.routerInterfaces) {
      expect(isPairingConsistent(ri, index)).toBe(pairingProblems(ri, index).length === 0);
      expect(effectiveRouterInterfaceStatus(ri, index)).toBe(
        ri.status ?? (pairProblems(ri, index).length === 0 ? 'Active' : 'Idle'),
      );
    }
  });

  it('the owner default (own account) counts as consistent for a same-account pair', () => {
    const raw = baseDocument();
    raw.vpcs[1].accountId = A;
    raw.routerInterfaces[1].accountId = A;
    delete raw.routerInterfaces[0].oppositeInterfaceOwnerId;
    delete raw.routerInterfaces[1].oppositeInterfaceOwnerId;
    const doc = load(raw);
    const index = buildTopologyIndex(doc);
    expect(doc.routerInterfaces.map((ri) => isPairingConsistent(ri, index))).toEqual([true, true]);
    expect(B).not.toBe(A);
  });
});

describe('lazily built paths', () => {
  it('DUPLICATE_ID names both places, for IDs and vRouter IDs across arrays', () => {
    const findings = findingsAfter((d) => {
      d.instances[1].instanceId = 'vrt-b';
      d.securityGroups[2].securityGroupId = 'vsw-a';
    });
    expect(findings.filter((f) => f.code === 'DUPLICATE_ID').map((f) => [f.path, f.message, f.suggestion])).toEqual([
      [
        '/securityGroups/2/securityGroupId',
        'securityGroup vsw-a is already the ID at /vSwitches/0/vSwitchId; IDs must be unique across the document',
        'rename the securityGroup at /securityGroups/2 to an unused ID (e.g. vsw-a-2) and update the references that mean it',
      ],
      [
        '/instances/1/instanceId',
        'instance vrt-b is already the ID at /vpcs/1/vRouterId; IDs must be unique across the document',
        'rename the instance at /instances/1 to an unused ID (e.g. vrt-b-2) and update the references that mean it',
      ],
    ]);
  });

  it('instance group checks keep their order and paths with a long group list', () => {
    const findings = findingsAfter((d) => {
      const extra = Array.from({ length: 18 }, (_, k) => `sg-x${k}`);
      d.instances[0].securityGroupIds = ['sg-a', 'sg-a2', ...extra, 'sg-a', 'sg-x3'];
    });
    const paths = findings.filter((f) => f.path.startsWith('/instances/0/')).map((f) => `${f.code} ${f.path}`);
    expect(paths).toContain('INSTANCE_SECURITY_GROUP_REPEATED /instances/0/securityGroupIds/20');
    expect(paths).toContain('INSTANCE_SECURITY_GROUP_REPEATED /instances/0/securityGroupIds/21');
    expect(paths).toContain('INSTANCE_SECURITY_GROUP_QUOTA /instances/0/securityGroupIds');
    expect(paths.filter((p) => p.startsWith('DANGLING_REFERENCE'))).toHaveLength(18);
  });
});

describe('run state shared between runs (checkSecurityGroups, checkRoutes, checkInstances)', () => {
  it('each run starts empty: documents validated in turn get the findings they get alone', () => {
    // Findings that depend on what a run counted or cached: groups per account and region (60
    // here: two runs' worth would cross the quota of 100), addresses already taken (a second run
    // would find every instance's address taken by another instance), router interfaces' statuses (Inactive in one
    // document, Active in the other, same IDs) and rule identities (SG_RULE_DUPLICATE).
    const edited = (edit: (doc: Record<string, any>) => void): ReturnType<typeof load> => {
      const doc = baseDocument();
      edit(doc);
      return load(doc);
    };
    const documents = [
      edited((doc) => {
        for (let g = 0; g < 60; g++) addVpcGroup(doc, `sg-many-${g}`);
      }),
      edited(() => {}),
      edited((doc) => {
        for (const ri of doc.routerInterfaces) ri.status = 'Inactive';
      }),
      // The same addresses in the same VPCs, held by instances of other IDs.
      edited((doc) => {
        for (const instance of doc.instances) instance.instanceId += '-b';
      }),
      load(JSON.parse(JSON.stringify(generateTopology('M', 2)))),
      generated('M'),
    ];
    const alone = documents.map((doc) => JSON.stringify(validateTopology(doc)));
    for (let round = 0; round < 2; round++)
      documents.forEach((doc, i) => expect(JSON.stringify(validateTopology(doc)), `document ${i}`).toBe(alone[i]));
    const codes = (i: number) => new Set(validateTopology(documents[i]!).map((f) => f.code));
    expect(codes(0).has('SG_ACCOUNT_REGION_QUOTA')).toBe(false);
    expect(codes(1).has('INSTANCE_IP_DUPLICATE')).toBe(false);
    expect(codes(3).has('INSTANCE_IP_DUPLICATE')).toBe(false); // right after document 1
    expect(alone[1]).not.toBe(alone[2]);
  });
});
