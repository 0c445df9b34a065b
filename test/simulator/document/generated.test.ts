// The generated files are current: regenerate in memory and compare with what is committed.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MIGRATION_CODES, PLAN_PROBLEM_CODES } from '../../../simulator/plan';
import { APPLY_ERROR_CODES } from '../../../cloud/apply';
import { CLOUD_ERROR_CODES } from '../../../cloud/credentials';
import {
  CATALOGUES,
  README_FILE,
  renderCatalogues,
  renderSchema,
  replaceCatalogue,
  SCHEMA_FILE,
} from '../../../build/generate';
import { DOCUMENT_FATAL_CODES, SCHEMA_CODES, topologyJsonSchema } from '../../../simulator/document';
import { REACH_BLOCKER_CODES } from '../../../simulator/reach/codes';
import { VALIDATION_CODES } from '../../../simulator/validate';

const STALE = 'is stale: run npm run generate';

describe('generated files', () => {
  it('simulator/document/topology.schema.json is current', () => {
    const committed = readFileSync(SCHEMA_FILE, 'utf8');
    expect(committed === renderSchema(), `topology.schema.json ${STALE}`).toBe(true);
  });

  it('the README code catalogue is current', () => {
    const readme = readFileSync(README_FILE, 'utf8');
    expect(readme === replaceCatalogue(readme), `README.md code catalogue ${STALE}`).toBe(true);
  });
});

describe('the code catalogue', () => {
  const all = CATALOGUES.flatMap((c) => c.entries.map((e) => e.code));

  it('lists every code of every catalogue exactly once', () => {
    const expected = [
      'FILE_UNREADABLE',
      ...Object.keys(DOCUMENT_FATAL_CODES),
      ...Object.keys(SCHEMA_CODES),
      ...Object.keys(VALIDATION_CODES),
      ...Object.keys(REACH_BLOCKER_CODES),
      ...Object.keys(PLAN_PROBLEM_CODES),
      ...Object.keys(MIGRATION_CODES),
      ...Object.keys(APPLY_ERROR_CODES),
      ...Object.keys(CLOUD_ERROR_CODES),
    ];
    expect([...all].sort()).toEqual([...expected].sort());
    expect(new Set(all).size).toBe(all.length);
  });

  it('codes are UPPER_SNAKE_CASE and every entry has a meaning and a fix', () => {
    for (const catalogue of CATALOGUES) {
      for (const entry of catalogue.entries) {
        expect(entry.code).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
        expect(entry.summary.length, entry.code).toBeGreaterThan(10);
        expect(entry.fix.length, entry.code).toBeGreaterThan(5);
      }
    }
  });

  it('validation rows show their severity', () => {
    const text = renderCatalogues();
    expect(text).toContain('| `RI_OPPOSITE_NOT_SET` | error |');
    expect(text).toContain('| `CIDR_OVERLAP` | error |');
    expect(text).toContain('| `CIDR_BARE_ADDRESS` | info |');
    expect(text).toContain('### Reachability blockers');
    expect(text).toContain('| `SG_INGRESS_DENIED` |');
  });
});

describe('replaceCatalogue touches only the text between the markers', () => {
  const readme =
    '# Title\n\nintro\n\n<!-- codes:start (generated) -->\nold stuff\n| x |\n<!-- codes:end -->\n\n## After\ntext | with | pipes\n';

  it('replaces the block and keeps the rest byte for byte', () => {
    const out = replaceCatalogue(readme, 'NEW\n');
    expect(out).toBe(
      '# Title\n\nintro\n\n<!-- codes:start (generated) -->\nNEW\n<!-- codes:end -->\n\n## After\ntext | with | pipes\n',
    );
    expect(replaceCatalogue(out, 'NEW\n')).toBe(out);
  });

  it('refuses a README without markers instead of appending somewhere', () => {
    expect(() => replaceCatalogue('# no markers\n', 'X')).toThrow(/codes:start/);
    expect(() => replaceCatalogue('<!-- codes:end -->\n<!-- codes:start -->\n', 'X')).toThrow(/markers/);
  });

  it('escapes pipes inside table cells', () => {
    const text = renderCatalogues([{ title: 'T', intro: 'i', entries: [{ code: 'A_B', summary: 'a | b', fix: 'c' }] }]);
    expect(text).toContain('| `A_B` | a \\| b | c |');
  });
});

describe('the published JSON Schema', () => {
  const schema = topologyJsonSchema() as Record<string, any>;

  it('requires the header and keeps unknown fields allowed', () => {
    expect(schema.required).toEqual(['format', 'version']);
    expect(schema.properties.format.const).toBe('vpclink/topology');
    expect(schema.additionalProperties).toEqual({});
  });

  it('describes case-insensitive enums with a pattern that accepts any case', () => {
    const rule = schema.properties.securityGroups.items.properties.permissions.items.properties;
    expect(rule.ipProtocol.enum).toBeUndefined();
    const protocol = new RegExp(rule.ipProtocol.pattern);
    for (const ok of ['TCP', 'tcp', 'Icmp', 'aLl', 'GRE', 'udp']) expect(protocol.test(ok), ok).toBe(true);
    for (const bad of ['icmpv6', 'TCPX', ' tcp', '']) expect(protocol.test(bad), bad).toBe(false);
    const policy = new RegExp(rule.policy.pattern);
    expect(policy.test('drop') && policy.test('ACCEPT') && !policy.test('deny')).toBe(true);
  });

  it('lists the required fields of a router interface as the format says', () => {
    expect(schema.properties.routerInterfaces.items.required).toEqual([
      'routerInterfaceId',
      'accountId',
      'regionId',
      'routerType',
      'routerId',
      'role',
      'spec',
      'oppositeRegionId',
    ]);
  });
});
