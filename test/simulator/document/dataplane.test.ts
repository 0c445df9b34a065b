/**
 * Release-2 document arrays and fields (topology-format.md §4): every one loads, keeps its value,
 * and an open → save of a document that uses them is byte-stable. The fixture is the canonical
 * form (declared keys in schema order, defaults written), so save must reproduce it exactly.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import {
  loadDocumentText,
  loadDocumentValue,
  serializeDocument,
  topologyJsonSchema,
  topologySchema,
  type LoadResult,
  type Topology,
} from '../../../simulator/document';
import { compileFastParser } from '../../../simulator/document/fastParse';

const FIXTURE = resolve(__dirname, 'fixtures/every-dataplane-field.vpclink.json');
const ROOT = resolve(__dirname, '../../..');
const text = readFileSync(FIXTURE, 'utf8');

function ok(result: LoadResult): Topology {
  if (result.kind !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(result)}`);
  return result.document;
}

const header = { format: 'vpclink/topology', version: 1 } as const;

describe('a document using every release-2 field', () => {
  it('loads and saves byte for byte, twice', () => {
    const first = serializeDocument(ok(loadDocumentText(text)));
    expect(first).toBe(text);
    expect(serializeDocument(ok(loadDocumentText(first)))).toBe(text);
  });

  it('uses every new array and field (so the round trip above covers them)', () => {
    const doc = JSON.parse(text);
    const keysOf = (items: Array<Record<string, unknown>>) => new Set(items.flatMap((i) => Object.keys(i)));
    expect([...keysOf(doc.networkAcls)].sort()).toEqual(
      [
        'description',
        'egressAclEntries',
        'ingressAclEntries',
        'networkAclId',
        'networkAclName',
        'resources',
        'status',
        'vpcId',
      ].sort(),
    );
    const entries = doc.networkAcls.flatMap((a: any) => [...a.ingressAclEntries, ...a.egressAclEntries]);
    for (const field of [
      'policy',
      'protocol',
      'sourceCidrIp',
      'destinationCidrIp',
      'port',
      'networkAclEntryName',
      'networkAclEntryId',
      'entryType',
      'description',
      'ipVersion',
    ])
      expect(keysOf(entries).has(field), field).toBe(true);
    for (const field of ['type', 'instanceId', 'privateIpSets', 'name', 'status'])
      expect(keysOf(doc.networkInterfaces).has(field), field).toBe(true);
    for (const field of ['prefixListName', 'addressFamily', 'maxEntries'])
      expect(keysOf(doc.prefixLists).has(field), field).toBe(true);
    for (const field of ['name', 'acceptingOwnerUid', 'acceptingRegionId', 'bandwidth', 'status'])
      expect(keysOf(doc.vpcPeerConnections).has(field), field).toBe(true);
    const permissions = doc.securityGroups.flatMap((g: any) => g.permissions);
    for (const field of [
      'sourcePortRange',
      'sourcePrefixListId',
      'destPrefixListId',
      'ipv6SourceCidrIp',
      'ipv6DestCidrIp',
    ])
      expect(keysOf(permissions).has(field), field).toBe(true);
    expect(permissions.some((p: any) => p.direction === 'ingress' && p.destCidrIp)).toBe(true);
    expect(permissions.some((p: any) => p.direction === 'egress' && p.sourceCidrIp)).toBe(true);
    expect(keysOf(doc.securityGroups).has('accountId')).toBe(true);
    const routes = doc.routeTables.flatMap((t: any) => t.routeEntries);
    expect(routes.some((r: any) => r.destinationCidrBlock.startsWith('pl-'))).toBe(true);
    expect(new Set(routes.map((r: any) => r.nextHopType)).size).toBeGreaterThanOrEqual(10);
  });

  it('is valid against the published JSON Schema', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const validate = ajv.compile(topologyJsonSchema());
    expect(validate(JSON.parse(text)), JSON.stringify(validate.errors)).toBe(true);
  });

  it("loads through the fast path with zod's exact value", () => {
    const fast = compileFastParser(topologySchema)!;
    const raw = JSON.parse(text);
    const quick = fast(structuredClone(raw));
    expect(quick.kind).toBe('ok');
    const slow = topologySchema.parse(structuredClone(raw));
    expect(JSON.stringify(quick.kind === 'ok' ? quick.value : undefined)).toBe(JSON.stringify(slow));
  });
});

describe('release-2 values on input', () => {
  const acl = (entry: Record<string, unknown>) => ({
    ...header,
    networkAcls: [{ networkAclId: 'nacl-1', vpcId: 'vpc-1', ingressAclEntries: [entry] }],
  });

  it.each([
    ['policy', 'ACCEPT', 'accept'],
    ['policy', 'Drop', 'drop'],
    ['protocol', 'TCP', 'tcp'],
    ['protocol', 'ICMPv6', 'icmpv6'],
    ['entryType', 'Custom', 'custom'],
    ['ipVersion', 'IPV6', 'IPv6'],
  ])('ACL entry %s %j is read as the API spells it (%j)', (field, input, expected) => {
    const entry = { policy: 'accept', protocol: 'all', sourceCidrIp: '0.0.0.0/0', port: '-1/-1', [field]: input };
    const doc = ok(loadDocumentValue(acl(entry)));
    expect((doc.networkAcls![0]!.ingressAclEntries![0] as Record<string, unknown>)[field]).toBe(expected);
  });

  it.each([
    'Instance',
    'HaVip',
    'NetworkInterface',
    'VpnGateway',
    'IPv6Gateway',
    'NatGateway',
    'Attachment',
    'VpcPeer',
    'Ipv4Gateway',
    'GatewayEndpoint',
    'Ecr',
    'GatewayLoadBalancerEndpoint',
    'RouteTargetGroup',
    'SomethingNew',
  ])('a route entry with nextHopType %s loads and keeps it', (nextHopType) => {
    const doc = ok(
      loadDocumentValue({
        ...header,
        routeTables: [
          {
            routeTableId: 'vtb-1',
            vpcId: 'vpc-1',
            routeTableType: 'Custom',
            routeEntries: [{ destinationCidrBlock: 'pl-1', nextHopType, nextHopId: 'x-1' }],
          },
        ],
      }),
    );
    expect(doc.routeTables[0]!.routeEntries[0]).toMatchObject({ nextHopType, destinationCidrBlock: 'pl-1' });
  });

  it.each([
    [
      'an ACL without vpcId',
      { networkAcls: [{ networkAclId: 'nacl-1' }] },
      'REQUIRED_FIELD_MISSING',
      '/networkAcls/0/vpcId',
    ],
    [
      'an ACL entry with an unknown policy',
      {
        networkAcls: [
          {
            networkAclId: 'nacl-1',
            vpcId: 'vpc-1',
            egressAclEntries: [{ policy: 'allow', protocol: 'all', destinationCidrIp: '0.0.0.0/0', port: '-1/-1' }],
          },
        ],
      },
      'INVALID_ENUM_VALUE',
      '/networkAcls/0/egressAclEntries/0/policy',
    ],
    [
      'an egress ACL entry without its destination',
      {
        networkAcls: [
          {
            networkAclId: 'nacl-1',
            vpcId: 'vpc-1',
            egressAclEntries: [{ policy: 'drop', protocol: 'all', sourceCidrIp: '0.0.0.0/0', port: '-1/-1' }],
          },
        ],
      },
      'REQUIRED_FIELD_MISSING',
      '/networkAcls/0/egressAclEntries/0/destinationCidrIp',
    ],
    [
      'an ENI without security groups',
      {
        networkInterfaces: [
          { networkInterfaceId: 'eni-1', vSwitchId: 'vsw-1', privateIpAddress: '10.0.0.5', securityGroupIds: [] },
        ],
      },
      'INVALID_VALUE',
      '/networkInterfaces/0/securityGroupIds',
    ],
    [
      'an ENI of an unknown type',
      {
        networkInterfaces: [
          {
            networkInterfaceId: 'eni-1',
            vSwitchId: 'vsw-1',
            privateIpAddress: '10.0.0.5',
            securityGroupIds: ['sg-1'],
            type: 'Tertiary',
          },
        ],
      },
      'INVALID_ENUM_VALUE',
      '/networkInterfaces/0/type',
    ],
    [
      'a prefix list without entries',
      { prefixLists: [{ prefixListId: 'pl-1', accountId: 'a', regionId: 'cn-beijing' }] },
      'REQUIRED_FIELD_MISSING',
      '/prefixLists/0/entries',
    ],
    [
      'a peering connection without its accepter',
      { vpcPeerConnections: [{ instanceId: 'pcc-1', vpcId: 'vpc-1' }] },
      'REQUIRED_FIELD_MISSING',
      '/vpcPeerConnections/0/acceptingVpcId',
    ],
    [
      'a peering bandwidth as text',
      { vpcPeerConnections: [{ instanceId: 'pcc-1', vpcId: 'vpc-1', acceptingVpcId: 'vpc-2', bandwidth: '100' }] },
      'INVALID_TYPE',
      '/vpcPeerConnections/0/bandwidth',
    ],
  ])('%s is a schema issue (%s at %s)', (_what, body, code, path) => {
    const result = loadDocumentValue({ ...header, ...body });
    expect(result.kind).toBe('invalid');
    if (result.kind !== 'invalid') return;
    expect(result.issues).toContainEqual(expect.objectContaining({ code, path }));
  });
});

describe('documents without the release-2 arrays', () => {
  it.each(['cross-account', 'same-account', 'broken-acceptor-not-configured', 'transit-router'])(
    'examples/%s is written back without them',
    (name) => {
      const source = readFileSync(resolve(ROOT, `examples/${name}.vpclink.json`), 'utf8');
      const saved = serializeDocument(ok(loadDocumentText(source)));
      for (const array of ['networkAcls', 'networkInterfaces', 'prefixLists', 'vpcPeerConnections'])
        expect(saved).not.toContain(`"${array}"`);
    },
  );

  it('the published JSON Schema describes the four arrays and the intents', () => {
    const properties = (topologyJsonSchema() as { properties: Record<string, unknown> }).properties;
    for (const array of ['networkAcls', 'networkInterfaces', 'prefixLists', 'vpcPeerConnections'])
      expect(properties[array], array).toBeDefined();
    expect(properties.intents).toBeDefined();
  });
});
