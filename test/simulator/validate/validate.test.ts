import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadDocumentText, loadDocumentValue } from '../../../simulator/document';
import type { Topology } from '../../../simulator/document';
import { parseCidrText, parseIpv4 } from '../../../simulator/net';
import {
  isValid,
  schemaIssuesToFindings,
  sortByDocumentOrder,
  validateTopology,
  type Finding,
} from '../../../simulator/validate';
import { IDLE_CONTEXT, ValidationContext } from '../../../simulator/validate/context';
import { baseDocument, findingsAfter, load } from './fixtures';
import { cleanEstate } from './estate';

const ROOT = resolve(__dirname, '../../..');
const example = (name: string) => {
  const result = loadDocumentText(readFileSync(resolve(ROOT, `examples/${name}.vpclink.json`), 'utf8'));
  if (result.kind !== 'ok') throw new Error(name);
  return result.document;
};

describe('the bundled examples', () => {
  it.each(['cross-account', 'same-account', 'peering'])('%s validates with no findings', (name) => {
    expect(validateTopology(example(name))).toEqual([]);
  });

  it("broken-acceptor-not-configured: one error naming the acceptor that never got the initiator's details", () => {
    const findings = validateTopology(example('broken-acceptor-not-configured'));
    const errors = findings.filter((f) => f.severity === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      code: 'RI_OPPOSITE_NOT_SET',
      path: '/routerInterfaces/1/oppositeInterfaceId',
      resourceId: 'ri-2zeix2q86uoyisagyz0pn',
    });
    expect(errors[0]!.message).toContain('ri-2zeix2q86uoyisagyz0pn');
    expect(errors[0]!.message).toContain("never given the initiator's details");
    expect(errors[0]!.suggestion).toContain('oppositeInterfaceId: ri-m5e33r3n78zyi5573kf85');
    expect(errors[0]!.suggestion).toContain('oppositeInterfaceOwnerId: 1231579085529123');
    // The routes over the dead link are flagged as carrying no traffic, both ways.
    expect(findings.filter((f) => f.code === 'ROUTE_NEXT_HOP_NOT_ACTIVE').map((f) => f.path)).toEqual([
      '/routeTables/0/routeEntries/0/nextHopId',
      '/routeTables/1/routeEntries/0/nextHopId',
    ]);
    expect(isValid(findings)).toBe(false);
  });
});

describe('order and determinism', () => {
  const broken = (d: Record<string, any>) => {
    d.instances[1].privateIpAddress = '172.16.2.1';
    d.securityGroups[0].permissions[0].priority = 0;
    d.routeTables[0].routeEntries.push({
      destinationCidrBlock: '172.16.0.0/16',
      nextHopType: 'RouterInterface',
      nextHopId: 'ri-a',
    });
    d.routeTables[0].routeEntries.push({
      destinationCidrBlock: '192.168.1.0/24',
      nextHopType: 'RouterInterface',
      nextHopId: 'ri-a',
    });
    d.vSwitches[0].cidrBlock = '10.0.0.0/24';
    d.vpcs[0].vpcId = 'vpc-b';
  };

  it('findings come in document order: arrays as in the format, then items, then list entries', () => {
    const paths = findingsAfter(broken).map((f) => f.path);
    const order = ['/vpcs', '/vSwitches', '/routeTables', '/securityGroups', '/instances'];
    const rank = (p: string) => order.findIndex((prefix) => p.startsWith(prefix + '/'));
    const ranks = paths.map(rank);
    expect(ranks.every((r) => r >= 0)).toBe(true);
    expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);
    const entries = paths
      .filter((p) => p.startsWith('/routeTables/0/routeEntries/'))
      .map((p) => Number(p.split('/')[4]));
    expect([...entries].sort((a, b) => a - b)).toEqual(entries);
  });

  it('the same document gives the same findings, byte for byte', () => {
    expect(JSON.stringify(findingsAfter(broken))).toBe(JSON.stringify(findingsAfter(broken)));
  });

  it('the idle instances kept for their hidden classes (hiddenClasses.ts) are never written by a run', () => {
    const before = JSON.stringify(IDLE_CONTEXT.document);
    expect(findingsAfter(broken).length).toBeGreaterThan(0);
    expect(IDLE_CONTEXT.findings).toEqual([]);
    expect(JSON.stringify(IDLE_CONTEXT.document)).toBe(before);
    expect(IDLE_CONTEXT.vpcCidrs.size + IDLE_CONTEXT.vSwitchCidrs.size).toBe(0);
  });

  it('sortByDocumentOrder orders numerically (10 after 9) and keeps ties stable', () => {
    const f = (path: string, code: string): Finding => ({ severity: 'error', code, message: 'x', path });
    const sorted = sortByDocumentOrder([
      f('/instances/0/x', 'I'),
      f('/vpcs/10/cidrBlock', 'V10'),
      f('/vpcs/9/cidrBlock', 'V9a'),
      f('/vpcs/9/vpcId', 'V9b'),
      f('/accounts/0/accountId', 'A'),
    ]);
    expect(sorted.map((x) => x.code)).toEqual(['A', 'V9a', 'V9b', 'V10', 'I']);
  });

  it("a group's rule quota is reported before its rules' findings: first among those at rule 200", () => {
    const findings = findingsAfter((d) => {
      d.securityGroups[1].permissions = Array.from({ length: 201 }, (_, p) => ({
        direction: 'ingress',
        ipProtocol: 'TCP',
        portRange: `${p + 1}/${p + 1}`,
        sourceCidrIp: '192.168.0.0/16',
        priority: p === 3 || p === 200 ? 0 : 1,
      }));
    }).filter((f) => f.path.startsWith('/securityGroups/1/'));
    expect(findings.map((f) => `${f.code} ${f.path}`)).toEqual([
      'SG_RULE_PRIORITY_INVALID /securityGroups/1/permissions/3/priority',
      'SG_RULE_QUOTA_EXCEEDED /securityGroups/1/permissions/200',
      'SG_RULE_PRIORITY_INVALID /securityGroups/1/permissions/200/priority',
    ]);
  });

  it('rules are read whatever their key order, and a required field hidden from for…in is still read', () => {
    const shuffled = load(baseDocument());
    const hidden = load(baseDocument());
    for (const group of shuffled.securityGroups) {
      (group as { permissions: unknown[] }).permissions = group.permissions.map((rule) =>
        Object.fromEntries(Object.entries(rule).reverse()),
      );
    }
    for (const group of hidden.securityGroups) {
      for (const rule of group.permissions) {
        for (const field of ['direction', 'ipProtocol', 'portRange', 'policy', 'priority'])
          Object.defineProperty(rule, field, { enumerable: false });
      }
    }
    const broken = (doc: Topology): Topology => {
      const rules = doc.securityGroups[0]!.permissions as Array<Record<string, unknown>>;
      rules.push({
        ...rules[0]!,
        ...Object.fromEntries(
          ['direction', 'ipProtocol', 'portRange', 'policy', 'priority'].map((k) => [k, rules[0]![k]]),
        ),
      });
      return doc;
    };
    const expected = validateTopology(broken(load(baseDocument())));
    expect(expected.map((f) => f.code)).toContain('SG_RULE_DUPLICATE');
    expect(validateTopology(broken(shuffled))).toEqual(expected);
    expect(validateTopology(broken(hidden))).toEqual(expected);
  });

  it('does not change the document it checks', () => {
    const doc = load(baseDocument());
    const before = JSON.stringify(doc);
    validateTopology(doc);
    expect(JSON.stringify(doc)).toBe(before);
  });
});

describe('schemaIssuesToFindings', () => {
  it('turns every schema issue into an error finding with its code, path and a suggestion', () => {
    const raw = baseDocument();
    delete raw.vpcs[1].cidrBlock;
    raw.routerInterfaces[0].role = 'Initiator';
    const result = loadDocumentValue(raw);
    expect(result.kind).toBe('invalid');
    if (result.kind !== 'invalid') return;
    const findings = schemaIssuesToFindings(result.issues);
    expect(findings).toEqual([
      {
        severity: 'error',
        code: 'REQUIRED_FIELD_MISSING',
        path: '/vpcs/1/cidrBlock',
        message: 'cidrBlock: required field is missing',
        suggestion: 'add "cidrBlock" to the object at /vpcs/1',
      },
      expect.objectContaining({
        severity: 'error',
        code: 'INVALID_ENUM_VALUE',
        path: '/routerInterfaces/0/role',
        suggestion: expect.stringContaining('/routerInterfaces/0/role'),
      }),
    ]);
    expect(isValid(findings)).toBe(false);
  });
});

describe('a large clean estate', () => {
  it('200 VPCs, 2,000 instances, 20,000 rules: no findings (no false positives at scale)', () => {
    const doc = load(cleanEstate(200));
    expect(doc.instances.length).toBe(2000);
    expect(doc.securityGroups.reduce((n, g) => n + g.permissions.length, 0)).toBe(20_000);
    const findings = validateTopology(doc);
    expect(findings.slice(0, 5)).toEqual([]);
  });

  it('the same estate with one fault reports exactly that fault', () => {
    const raw = cleanEstate(200);
    raw.routeTables[150].routeEntries.push({ ...raw.routeTables[150].routeEntries[0] });
    const findings = validateTopology(load(raw));
    expect(findings.map((f) => `${f.code} ${f.path}`)).toEqual([
      'ROUTE_DESTINATION_DUPLICATE /routeTables/150/routeEntries/3/destinationCidrBlock',
    ]);
  });
});

describe('the fast address scanner agrees with the strict parser', () => {
  const octet = fc.oneof(
    fc.integer({ min: 0, max: 300 }).map(String),
    fc.constantFrom('00', '01', '007', '', 'a', '-1', '1e2', ' 1'),
  );
  const cidrText = fc.oneof(
    fc
      .tuple(
        octet,
        octet,
        octet,
        octet,
        fc.oneof(fc.integer({ min: 0, max: 40 }).map(String), fc.constantFrom('', '08', '-1', 'x', '3 2')),
      )
      .map(([a, b, c, d, p]) => `${a}.${b}.${c}.${d}/${p}`),
    fc.tuple(octet, octet, octet, octet).map(([a, b, c, d]) => `${a}.${b}.${c}.${d}`),
    fc.string({ maxLength: 20 }),
    fc
      .tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 32 }))
      .map(([ip, p]) => `${ip >>> 24}.${(ip >>> 16) & 255}.${(ip >>> 8) & 255}.${ip & 255}/${p}`),
  );
  const ctx = new ValidationContext(load(baseDocument()));

  it('CIDRs: same verdict, same block', () => {
    fc.assert(
      fc.property(cidrText, fc.boolean(), (text, bare) => {
        expect(ctx.parseCidr(text, bare)).toEqual(parseCidrText(text, { allowBareAddress: bare }));
      }),
      { numRuns: 3000 },
    );
  });

  it('addresses: same verdict, same value', () => {
    fc.assert(
      fc.property(
        cidrText.map((t) => t.split('/')[0]!),
        (text) => {
          const fast = ctx.parseIp(text);
          const strict = parseIpv4(text);
          expect(fast.ok).toBe(strict.ok);
          if (fast.ok && strict.ok) expect(fast.value).toBe(strict.value);
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('robustness: never throws, every finding well formed', () => {
  const leaves = (value: unknown, path: Array<string | number> = [], out: Array<Array<string | number>> = []) => {
    if (Array.isArray(value)) value.forEach((v, i) => leaves(v, [...path, i], out));
    else if (value && typeof value === 'object')
      for (const [k, v] of Object.entries(value)) leaves(v, [...path, k], out);
    else if (typeof value === 'string' && path[0] !== 'format') out.push(path);
    return out;
  };
  const base = baseDocument();
  const stringPaths = leaves(base);
  const ids = [...new Set(stringPaths.map((p) => p.reduce((o: any, k) => o[k], base) as string))];
  const replacement = fc.oneof(
    fc.constantFrom(...ids),
    fc.constantFrom('', '0.0.0.0/0', '10.0.0.1', '255.255.255.255/32', '1.2.3.4/0', 'x'),
    fc.string({ maxLength: 8 }),
  );

  it('random re-wiring of IDs, addresses and names', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(stringPaths.length - 1), replacement), { minLength: 1, maxLength: 6 }),
        (edits) => {
          const doc = baseDocument();
          for (const [i, value] of edits) {
            const path = stringPaths[i]!;
            const parent = path.slice(0, -1).reduce((o: any, k) => o[k], doc);
            parent[path.at(-1)!] = value;
          }
          const loaded = loadDocumentValue(doc);
          if (loaded.kind !== 'ok') return; // an empty ID is a schema issue, tested elsewhere
          for (const f of validateTopology(loaded.document)) {
            expect(['error', 'warning', 'info']).toContain(f.severity);
            expect(f.code).toMatch(/^[A-Z_]+$/);
            expect(f.path.startsWith('/')).toBe(true);
            expect(f.message).not.toMatch(/undefined|\[object Object\]|NaN/);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('odd but loadable shapes', () => {
    const shapes: Array<(d: Record<string, any>) => void> = [
      (d) => {
        for (const k of [
          'accounts',
          'vpcs',
          'vSwitches',
          'routeTables',
          'routerInterfaces',
          'securityGroups',
          'instances',
        ])
          delete d[k];
      },
      (d) => {
        d.routerInterfaces[0].oppositeInterfaceId = 'ri-a';
      },
      (d) => {
        d.routerInterfaces[0].oppositeInterfaceId = 'ri-b';
        d.routerInterfaces[1].oppositeInterfaceId = 'ri-b';
      },
      (d) => {
        d.vpcs = [];
      },
      (d) => {
        d.vpcs[0].cidrBlock = 'x';
        d.vpcs[1].cidrBlock = 'y';
      },
      (d) => {
        d.routeTables[0].routeEntries = Array.from({ length: 3 }, () => ({
          destinationCidrBlock: '0.0.0.0/0',
          nextHopType: 'RouterInterface',
          nextHopId: 'ri-b',
        }));
      },
    ];
    for (const shape of shapes) {
      const doc = baseDocument();
      shape(doc);
      expect(() => validateTopology(load(doc))).not.toThrow();
    }
  });
});
