import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  loadDocumentText,
  loadDocumentValue,
  serializeDocument,
  type LoadResult,
  type Topology,
} from '../../../simulator/document';

const ROOT = resolve(__dirname, '../../..');
const EXAMPLES = ['cross-account', 'same-account', 'broken-acceptor-not-configured'];

const header = { format: 'vpclink/topology', version: 1 } as const;

function ok(result: LoadResult): Topology {
  if (result.kind !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(result)}`);
  return result.document;
}

/** A small document with one of everything, written without any defaulted field. */
function sparse(): Record<string, unknown> {
  return {
    ...header,
    vpcs: [
      { vpcId: 'vpc-a', accountId: 'acct-a', regionId: 'cn-beijing', cidrBlock: '192.168.0.0/16', vRouterId: 'vrt-a' },
    ],
    routeTables: [
      {
        routeTableId: 'vtb-a',
        vpcId: 'vpc-a',
        routeTableType: 'System',
        routeEntries: [{ destinationCidrBlock: '172.16.0.0/16', nextHopType: 'RouterInterface', nextHopId: 'ri-a' }],
      },
    ],
    securityGroups: [
      {
        securityGroupId: 'sg-basic',
        vpcId: 'vpc-a',
        permissions: [{ direction: 'ingress', ipProtocol: 'ICMP', portRange: '-1/-1', sourceCidrIp: '172.16.0.0/16' }],
      },
      { securityGroupId: 'sg-ent', vpcId: 'vpc-a', securityGroupType: 'enterprise' },
    ],
  };
}

describe('loading restores defaults', () => {
  it('fills absent arrays, route status, rule policy/priority, group type and inner policy', () => {
    const doc = ok(loadDocumentValue(sparse()));
    expect(doc.accounts).toEqual([]);
    expect(doc.vSwitches).toEqual([]);
    expect(doc.routerInterfaces).toEqual([]);
    expect(doc.instances).toEqual([]);
    expect(doc.routeTables[0]!.routeEntries[0]!.status).toBe('Available');
    const [basic, enterprise] = doc.securityGroups;
    expect(basic!.securityGroupType).toBe('normal');
    expect(basic!.innerAccessPolicy).toBe('Accept');
    expect(basic!.permissions[0]).toMatchObject({ policy: 'Accept', priority: 1 });
    expect(enterprise!.permissions).toEqual([]);
    // Enterprise groups always isolate members: no inner policy is invented for them.
    expect(enterprise!.innerAccessPolicy).toBeUndefined();
  });

  it('keeps values that are given instead of defaulting them', () => {
    const input = sparse();
    const group = (input.securityGroups as Array<Record<string, unknown>>)[0]!;
    group.innerAccessPolicy = 'Drop';
    (group.permissions as Array<Record<string, unknown>>)[0]!.priority = 7;
    const doc = ok(loadDocumentValue(input));
    expect(doc.securityGroups[0]!.innerAccessPolicy).toBe('Drop');
    expect(doc.securityGroups[0]!.permissions[0]!.priority).toBe(7);
  });

  it('accepts a UTF-8 byte-order mark at the start of the file', () => {
    expect(loadDocumentText('\uFEFF' + JSON.stringify(sparse()))).toEqual(loadDocumentValue(sparse()));
  });

  it('loads the text and the value the same way', () => {
    expect(loadDocumentText(JSON.stringify(sparse()))).toEqual(loadDocumentValue(sparse()));
  });
});

describe('unknown fields survive load → serialize → load', () => {
  const withExtras = () => {
    const input = sparse() as Record<string, any>;
    input['x-generator'] = { tool: 'terraform-export', revision: 3 };
    input.vpcs[0].tags = [{ key: 'env', value: 'prod' }];
    input.vpcs[0].userCidrs = ['10.255.0.0/16'];
    input.routeTables[0].routeEntries[0].description = 'to peer';
    input.securityGroups[0].permissions[0].sourcePortRange = '-1/-1';
    input.securityGroups[0].permissions[0].securityGroupRuleId = 'sgr-123';
    input.layout = { positions: { 'vpc-a': { x: 1, y: 2, pinned: true } }, theme: 'dark' };
    return input;
  };

  it('keeps top-level and nested unknown fields with their values', () => {
    const first = ok(loadDocumentValue(withExtras())) as Record<string, any>;
    expect(first['x-generator']).toEqual({ tool: 'terraform-export', revision: 3 });
    expect(first.vpcs[0].tags).toEqual([{ key: 'env', value: 'prod' }]);
    expect(first.vpcs[0].userCidrs).toEqual(['10.255.0.0/16']);
    expect(first.routeTables[0].routeEntries[0].description).toBe('to peer');
    expect(first.securityGroups[0].permissions[0].sourcePortRange).toBe('-1/-1');
    expect(first.securityGroups[0].permissions[0].securityGroupRuleId).toBe('sgr-123');
    expect(first.layout.positions['vpc-a'].pinned).toBe(true);
    expect(first.layout.theme).toBe('dark');

    const text = serializeDocument(first as Topology);
    expect(text.endsWith('\n')).toBe(true);
    for (const needle of [
      'x-generator',
      'userCidrs',
      'sourcePortRange',
      'sgr-123',
      '"pinned": true',
      '"theme": "dark"',
    ])
      expect(text).toContain(needle);
    const second = ok(loadDocumentText(text));
    expect(second).toEqual(first);
    expect(serializeDocument(second)).toBe(text);
  });
});

describe('fatal load problems: not a topology document', () => {
  const cases: Array<{ name: string; text: string; code: string; message: RegExp }> = [
    {
      name: 'truncated JSON',
      text: '{"format": "vpclink/topology",',
      code: 'DOCUMENT_NOT_JSON',
      message: /not valid JSON/,
    },
    { name: 'empty file', text: '', code: 'DOCUMENT_NOT_JSON', message: /not valid JSON/ },
    {
      name: 'YAML (message stays on one line)',
      text: 'format: vpclink/topology\nversion: 1\n',
      code: 'DOCUMENT_NOT_JSON',
      message: /^not valid JSON: [^\n]*$/,
    },
    {
      name: 'syntax error on line 3',
      text: '{\n  "format": "vpclink/topology",\n  version: 1\n}',
      code: 'DOCUMENT_NOT_JSON',
      message: /\(line 3, column 3\)$/,
    },
    { name: 'an array', text: '[]', code: 'DOCUMENT_NOT_TOPOLOGY', message: /expected a JSON object.*got an array/ },
    { name: 'null', text: 'null', code: 'DOCUMENT_NOT_TOPOLOGY', message: /got null/ },
    { name: 'a string', text: '"vpclink/topology"', code: 'DOCUMENT_NOT_TOPOLOGY', message: /got string/ },
    { name: 'a number', text: '42', code: 'DOCUMENT_NOT_TOPOLOGY', message: /got number/ },
    { name: 'no format', text: '{"version": 1}', code: 'DOCUMENT_NOT_TOPOLOGY', message: /no "format" field/ },
    {
      name: 'another format',
      text: '{"format": "drawio", "version": 1}',
      code: 'DOCUMENT_NOT_TOPOLOGY',
      message: /found "format": "drawio"/,
    },
    {
      name: 'format with other case',
      text: '{"format": "VPCLINK/TOPOLOGY", "version": 1}',
      code: 'DOCUMENT_NOT_TOPOLOGY',
      message: /"VPCLINK\/TOPOLOGY"/,
    },
    {
      name: 'version missing',
      text: '{"format": "vpclink/topology"}',
      code: 'DOCUMENT_VERSION_UNSUPPORTED',
      message: /positive integer.*found undefined/,
    },
    {
      name: 'version 0',
      text: '{"format": "vpclink/topology", "version": 0}',
      code: 'DOCUMENT_VERSION_UNSUPPORTED',
      message: /positive integer.*found 0/,
    },
    {
      name: 'version "1" (text)',
      text: '{"format": "vpclink/topology", "version": "1"}',
      code: 'DOCUMENT_VERSION_UNSUPPORTED',
      message: /positive integer.*found "1"/,
    },
    {
      name: 'version 1.5',
      text: '{"format": "vpclink/topology", "version": 1.5}',
      code: 'DOCUMENT_VERSION_UNSUPPORTED',
      message: /found 1\.5/,
    },
    {
      name: 'version -1',
      text: '{"format": "vpclink/topology", "version": -1}',
      code: 'DOCUMENT_VERSION_UNSUPPORTED',
      message: /found -1/,
    },
    {
      name: 'version 2 (newer)',
      text: '{"format": "vpclink/topology", "version": 2}',
      code: 'DOCUMENT_VERSION_UNSUPPORTED',
      message: /version 2 is newer than this vpclink supports \(up to 1\); upgrade vpclink/,
    },
  ];
  it.each(cases)('$name → $code', ({ text, code, message }) => {
    const result = loadDocumentText(text);
    expect(result.kind).toBe('fatal');
    if (result.kind !== 'fatal') return;
    expect(result.code).toBe(code);
    expect(result.message).toMatch(message);
  });
});

describe('schema issues carry JSON Pointer paths and codes', () => {
  const base = () => ({
    ...header,
    vpcs: [
      { vpcId: 'vpc-a', accountId: 'a', regionId: 'cn-beijing', cidrBlock: '192.168.0.0/16', vRouterId: 'vrt-a' },
      { vpcId: 'vpc-b', accountId: 'a', regionId: 'cn-beijing', cidrBlock: '172.16.0.0/16', vRouterId: 'vrt-b' },
    ],
    routerInterfaces: [
      {
        routerInterfaceId: 'ri-a',
        accountId: 'a',
        regionId: 'cn-beijing',
        routerType: 'VRouter',
        routerId: 'vrt-a',
        role: 'InitiatingSide',
        spec: 'Mini.2',
        oppositeRegionId: 'cn-beijing',
      },
    ],
    securityGroups: [
      {
        securityGroupId: 'sg-a',
        vpcId: 'vpc-a',
        permissions: [{ direction: 'ingress', ipProtocol: 'TCP', portRange: '22/22', sourceCidrIp: '0.0.0.0/0' }],
      },
    ],
    instances: [
      { instanceId: 'i-a', vSwitchId: 'vsw-a', privateIpAddress: '192.168.1.10', securityGroupIds: ['sg-a'] },
    ],
  });
  type Doc = ReturnType<typeof base> & Record<string, any>;
  const cases: Array<{ name: string; mutate: (d: Doc) => void; code: string; path: string; message?: RegExp }> = [
    {
      name: 'cidrBlock missing',
      mutate: (d) => delete (d.vpcs[1] as any).cidrBlock,
      code: 'REQUIRED_FIELD_MISSING',
      path: '/vpcs/1/cidrBlock',
      message: /cidrBlock: required field is missing/,
    },
    {
      name: 'cidrBlock a number',
      mutate: (d) => ((d.vpcs[1] as any).cidrBlock = 172),
      code: 'INVALID_TYPE',
      path: '/vpcs/1/cidrBlock',
      message: /expected string, got number 172/,
    },
    {
      name: 'vpcs not a list',
      mutate: (d) => ((d as any).vpcs = { 'vpc-a': {} }),
      code: 'INVALID_TYPE',
      path: '/vpcs',
      message: /expected array, got an object/,
    },
    {
      name: 'empty vpcId',
      mutate: (d) => ((d.vpcs[0] as any).vpcId = ''),
      code: 'INVALID_VALUE',
      path: '/vpcs/0/vpcId',
      message: /at least 1 character/,
    },
    {
      name: 'unknown role',
      mutate: (d) => ((d.routerInterfaces[0] as any).role = 'Initiator'),
      code: 'INVALID_ENUM_VALUE',
      path: '/routerInterfaces/0/role',
      message: /"Initiator" is not one of "InitiatingSide", "AcceptingSide"/,
    },
    {
      name: 'VBR router type',
      mutate: (d) => ((d.routerInterfaces[0] as any).routerType = 'VBR'),
      code: 'INVALID_ENUM_VALUE',
      path: '/routerInterfaces/0/routerType',
      message: /"VBR"/,
    },
    {
      name: 'unknown spec',
      mutate: (d) => ((d.routerInterfaces[0] as any).spec = 'Huge.9'),
      code: 'INVALID_ENUM_VALUE',
      path: '/routerInterfaces/0/spec',
    },
    {
      name: 'unknown protocol',
      mutate: (d) => ((d.securityGroups[0]!.permissions[0] as any).ipProtocol = 'icmpv6'),
      code: 'INVALID_ENUM_VALUE',
      path: '/securityGroups/0/permissions/0/ipProtocol',
      message: /"icmpv6" is not one of "TCP"/,
    },
    {
      name: 'fractional priority',
      mutate: (d) => ((d.securityGroups[0]!.permissions[0] as any).priority = 1.5),
      code: 'INVALID_TYPE',
      path: '/securityGroups/0/permissions/0/priority',
      message: /1\.5/,
    },
    {
      name: 'priority as text',
      mutate: (d) => ((d.securityGroups[0]!.permissions[0] as any).priority = '1'),
      code: 'INVALID_TYPE',
      path: '/securityGroups/0/permissions/0/priority',
      message: /got text "1"/,
    },
    {
      name: 'no security group',
      mutate: (d) => (d.instances[0]!.securityGroupIds = []),
      code: 'INVALID_VALUE',
      path: '/instances/0/securityGroupIds',
      message: /at least 1 item/,
    },
    {
      name: 'direction missing',
      mutate: (d) => delete (d.securityGroups[0]!.permissions[0] as any).direction,
      code: 'REQUIRED_FIELD_MISSING',
      path: '/securityGroups/0/permissions/0/direction',
    },
    {
      name: 'layout key with a slash',
      mutate: (d) => ((d as any).layout = { positions: { 'a/b~c': { x: 'left', y: 0 } } }),
      code: 'INVALID_TYPE',
      path: '/layout/positions/a~1b~0c/x',
    },
  ];
  it.each(cases)('$name → $code at $path', ({ mutate, code, path, message }) => {
    const doc = base() as Doc;
    mutate(doc);
    const result = loadDocumentValue(doc);
    expect(result.kind).toBe('invalid');
    if (result.kind !== 'invalid') return;
    const issue = result.issues.find((i) => i.path === path);
    expect(issue, JSON.stringify(result.issues)).toBeDefined();
    expect(issue!.code).toBe(code);
    if (message) expect(issue!.message).toMatch(message);
  });

  it('reports every issue of a document, not only the first', () => {
    const doc = base() as Doc;
    delete (doc.vpcs[0] as any).regionId;
    (doc.routerInterfaces[0] as any).role = 'x';
    const result = loadDocumentValue(doc);
    expect(result.kind === 'invalid' && result.issues.map((i) => i.path)).toEqual([
      '/vpcs/0/regionId',
      '/routerInterfaces/0/role',
    ]);
  });
});

describe('enums the API spells in one case accept any case on input', () => {
  const cases: Array<[string, string, string]> = [
    ['ipProtocol', 'tcp', 'TCP'],
    ['ipProtocol', 'Icmp', 'ICMP'],
    ['ipProtocol', 'aLL', 'ALL'],
    ['ipProtocol', 'gre', 'GRE'],
    ['policy', 'drop', 'Drop'],
    ['policy', 'ACCEPT', 'Accept'],
  ];
  it.each(cases)('%s %j → %j', (field, given, expected) => {
    const input = sparse() as Record<string, any>;
    input.securityGroups[0].permissions[0][field] = given;
    const doc = ok(loadDocumentValue(input)) as Record<string, any>;
    expect(doc.securityGroups[0].permissions[0][field]).toBe(expected);
  });
  it('innerAccessPolicy "drop" → "Drop"', () => {
    const input = sparse() as Record<string, any>;
    input.securityGroups[0].innerAccessPolicy = 'drop';
    expect(ok(loadDocumentValue(input)).securityGroups[0]!.innerAccessPolicy).toBe('Drop');
  });
  it('other enums stay exact: direction "Ingress" is refused', () => {
    const input = sparse() as Record<string, any>;
    input.securityGroups[0].permissions[0].direction = 'Ingress';
    const result = loadDocumentValue(input);
    expect(result.kind === 'invalid' && result.issues[0]).toMatchObject({
      code: 'INVALID_ENUM_VALUE',
      path: '/securityGroups/0/permissions/0/direction',
    });
  });
});

describe('the bundled examples', () => {
  it.each(EXAMPLES)('%s loads', (name) => {
    const doc = ok(loadDocumentText(readFileSync(resolve(ROOT, `examples/${name}.vpclink.json`), 'utf8')));
    expect(doc.vpcs.length).toBe(2);
    expect(doc.routerInterfaces.length).toBe(2);
    expect(doc.instances.length).toBe(2);
  });
});

describe('the JSON nesting guard (shared by the CLI, the app and the sandbox state file)', () => {
  it.each([
    ['arrays', '['.repeat(20_000) + ']'.repeat(20_000)],
    ['objects', '{"a":'.repeat(5_000) + '1' + '}'.repeat(5_000)],
  ])('refuses %s nested too deep before parsing, naming the line and column', (_shape, deep) => {
    const text = `{"format": "vpclink/topology", "version": 1,\n  "x": ${deep}}`;
    const result = loadDocumentText(text);
    expect(result.kind).toBe('fatal');
    if (result.kind !== 'fatal') return;
    expect(result.code).toBe('DOCUMENT_NOT_TOPOLOGY');
    // The 64th bracket after the document's own opens at line 2; the column counts from 1.
    expect(result.message).toMatch(
      /^not a topology document: JSON nested more than 64 levels deep \(line 2, column \d+\); a topology document needs far fewer$/,
    );
  });

  it('brackets inside strings do not count', () => {
    const doc = JSON.parse(readFileSync(resolve(ROOT, 'examples/cross-account.vpclink.json'), 'utf8'));
    doc.description = '['.repeat(1000);
    expect(loadDocumentText(JSON.stringify(doc)).kind).toBe('ok');
  });
});
