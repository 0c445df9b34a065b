/**
 * `vpclink export`: the Terraform HCL is parsed (by @cdktf/hcl2json, the HCL2 parser Terraform's
 * CDK uses) and its resources compared with the document; the draw.io file is parsed as XML and
 * its cells compared with the document; SVG and PNG are checked as files a viewer opens.
 */
import { parse as parseHcl } from '@cdktf/hcl2json';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, run } from '../simulator/reach/cliRun';

const dir = mkdtempSync(join(tmpdir(), 'vpclink-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Raw = any;

/** The cross-account tutorial plus what an export must carry: an egress group rule, a peering, a VpcPeer route, awkward text. */
function richDocument(): Raw {
  const raw = JSON.parse(readFileSync(join(ROOT, 'examples', 'cross-account.vpclink.json'), 'utf8'));
  const [sgA] = raw.securityGroups;
  sgA.permissions.push({
    direction: 'egress',
    ipProtocol: 'tcp',
    portRange: '3306/3306',
    destGroupId: sgA.securityGroupId,
    policy: 'Drop',
    priority: 5,
    description: 'quotes " and ${template} and \\ backslash',
  });
  raw.vpcs.push({
    vpcId: 'vpc-third',
    accountId: raw.vpcs[0].accountId,
    regionId: 'cn-qingdao',
    cidrBlock: '10.9.0.0/16',
    vRouterId: 'vrt-third',
    name: 'Third',
  });
  raw.vpcPeerConnections = [
    { instanceId: 'pcc-1', vpcId: raw.vpcs[0].vpcId, acceptingVpcId: 'vpc-third', bandwidth: 100 },
    { instanceId: 'pcc-2', vpcId: 'vpc-third', acceptingVpcId: raw.vpcs[1].vpcId },
  ];
  raw.routeTables[0].routeEntries.push({
    destinationCidrBlock: '10.9.0.0/16',
    nextHopType: 'VpcPeer',
    nextHopId: 'pcc-1',
  });
  return raw;
}

function write(name: string, raw: Raw): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(raw, null, 2));
  return file;
}

const tfName = (id: string) => {
  const safe = id.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[A-Za-z]/.test(safe) ? safe : null;
};
const one = (blocks: Raw[] | undefined) => {
  expect(blocks).toHaveLength(1);
  return blocks![0];
};

describe('vpclink export --format terraform', () => {
  it('every route entry, rule, interface, connection and peering of the document is a resource with its values', async () => {
    const raw = richDocument();
    const file = write('rich.json', raw);
    const r = await run(['export', file, '--format', 'terraform']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toMatch(/deprecated since\s*\n?#? ?alicloud provider 1\.199\.0/i);
    const hcl = await parseHcl('main.tf', r.stdout);
    const resources = hcl.resource as Raw;

    // Security-group rules: one per permission, fields as the provider spells them.
    const rules = resources.alicloud_security_group_rule;
    const permissionCount = raw.securityGroups.reduce((n: number, g: Raw) => n + g.permissions.length, 0);
    expect(Object.keys(rules)).toHaveLength(permissionCount);
    for (const group of raw.securityGroups) {
      group.permissions.forEach((p: Raw, i: number) => {
        const rule = one(rules[tfName(`${group.securityGroupId}_${i}`)!]);
        const ingress = p.direction === 'ingress';
        expect(rule).toMatchObject({
          type: p.direction,
          ip_protocol: p.ipProtocol.toLowerCase(),
          port_range: p.portRange,
          policy: (p.policy ?? 'Accept').toLowerCase(),
          priority: p.priority ?? 1,
          security_group_id: group.securityGroupId,
        });
        expect(rule.cidr_ip).toBe(ingress ? p.sourceCidrIp : p.destCidrIp);
        expect(rule.source_security_group_id).toBe(ingress ? p.sourceGroupId : p.destGroupId);
        // Template markers are escaped: the parsed string is the description as written.
        expect(rule.description?.replace(/\$\$\{/g, '${')).toBe(p.description);
      });
    }

    // Route entries: one per entry, next hops that the export also creates are references.
    const routes = resources.alicloud_route_entry;
    const entries = raw.routeTables.flatMap((t: Raw) => t.routeEntries.map((e: Raw, i: number) => ({ t, e, i })));
    expect(Object.keys(routes)).toHaveLength(entries.length);
    for (const { t, e, i } of entries) {
      const route = one(routes[tfName(`${t.routeTableId}_${i}`)!]);
      expect(route).toMatchObject({
        route_table_id: t.routeTableId,
        destination_cidrblock: e.destinationCidrBlock,
        nexthop_type: e.nextHopType,
      });
      const target = e.nextHopType === 'VpcPeer' ? 'alicloud_vpc_peer_connection' : 'alicloud_router_interface';
      expect(route.nexthop_id).toBe(`\${${target}.${tfName(e.nextHopId)}.id}`);
    }

    // Router interfaces and their connections (both sides), the initiator after the acceptor.
    const ris = resources.alicloud_router_interface;
    expect(Object.keys(ris).sort()).toEqual(raw.routerInterfaces.map((ri: Raw) => tfName(ri.routerInterfaceId)).sort());
    for (const ri of raw.routerInterfaces) {
      const vpc = raw.vpcs.find((v: Raw) => v.vRouterId === ri.routerId);
      const resource = one(ris[tfName(ri.routerInterfaceId)!]);
      expect(resource).toMatchObject({ role: ri.role, router_type: 'VRouter', opposite_region: ri.oppositeRegionId });
      expect(resource.router_id).toBe(`\${data.alicloud_vpcs.${tfName(vpc.vpcId)}.vpcs[0].router_id}`);
      expect(resource.specification).toBe(ri.role === 'InitiatingSide' ? ri.spec : undefined);
      const connection = one(resources.alicloud_router_interface_connection[tfName(ri.routerInterfaceId)!]);
      expect(connection.opposite_interface_id).toBe(
        `\${alicloud_router_interface.${tfName(ri.oppositeInterfaceId)}.id}`,
      );
      expect(connection.opposite_interface_owner_id).toBe(ri.oppositeInterfaceOwnerId);
      expect(connection.depends_on?.length ?? 0).toBe(ri.role === 'InitiatingSide' ? 1 : 0);
    }

    // Peering: requester, accepter, bandwidth; an accepter resource only across accounts.
    const peerings = resources.alicloud_vpc_peer_connection;
    expect(Object.keys(peerings).sort()).toEqual(['pcc_1', 'pcc_2']);
    expect(one(peerings.pcc_1)).toMatchObject({
      vpc_id: `\${data.alicloud_vpcs.${tfName(raw.vpcs[0].vpcId)}.vpcs[0].id}`,
      accepting_vpc_id: '${data.alicloud_vpcs.vpc_third.vpcs[0].id}',
      accepting_ali_uid: Number(raw.vpcs[0].accountId),
      accepting_region_id: 'cn-qingdao',
      bandwidth: 100,
    });
    expect(Object.keys(resources.alicloud_vpc_peer_connection_accepter)).toEqual(['pcc_2']);

    // VPCs are data sources by ID; one provider per account and region.
    expect(Object.keys((hcl.data as Raw).alicloud_vpcs).sort()).toEqual(
      raw.vpcs.map((v: Raw) => tfName(v.vpcId)).sort(),
    );
    const providers = (hcl.provider as Raw).alicloud.map((p: Raw) => `${p.alias} ${p.region}`);
    expect(providers.sort()).toEqual(
      [...new Set(raw.vpcs.map((v: Raw) => `a_${v.accountId}_${v.regionId.replace(/-/g, '_')} ${v.regionId}`))].sort(),
    );
  });

  it('-o writes the file (atomically) and says where', async () => {
    const out = join(dir, 'main.tf');
    const r = await run(['export', 'examples/same-account.vpclink.json', '--format', 'terraform', '-o', out, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ format: 'terraform', output: out });
    const hcl = await parseHcl('main.tf', readFileSync(out, 'utf8'));
    expect(Object.keys((hcl.resource as Raw).alicloud_router_interface)).toHaveLength(2);
  });
});

describe('vpclink export --format drawio', () => {
  it('is an mxGraph file with VPC and vSwitch containers, instances inside them and one edge per link', async () => {
    const raw = richDocument();
    const r = await run(['export', write('rich.json', raw), '-f', 'drawio']);
    expect(r.code).toBe(0);
    expect(XMLValidator.validate(r.stdout)).toBe(true);
    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(r.stdout);
    const cells: Raw[] = xml.mxfile.diagram.mxGraphModel.root.mxCell;
    const byId = new Map(cells.map((c) => [c.id, c]));
    const vertex = (id: string) => {
      const cell = byId.get(id);
      expect(cell, id).toBeDefined();
      expect(cell.vertex).toBe('1');
      return cell;
    };
    for (const vpc of raw.vpcs) {
      const cell = vertex(vpc.vpcId);
      expect(cell.parent).toBe('1');
      expect(cell.style).toContain('container=1');
      expect(cell.value).toContain(vpc.cidrBlock);
    }
    for (const vSwitch of raw.vSwitches) expect(vertex(vSwitch.vSwitchId).parent).toBe(vSwitch.vpcId);
    for (const instance of raw.instances) {
      const cell = vertex(instance.instanceId);
      expect(cell.parent).toBe(instance.vSwitchId);
      expect(cell.value).toContain(instance.privateIpAddress);
      // Children are placed relative to their container and fit inside it.
      const parent = byId.get(instance.vSwitchId).mxGeometry;
      const g = cell.mxGeometry;
      expect(Number(g.x) + Number(g.width)).toBeLessThanOrEqual(Number(parent.width));
      expect(Number(g.y) + Number(g.height)).toBeLessThanOrEqual(Number(parent.height));
    }
    const edges = cells.filter((c) => c.edge === '1').map((c) => `${c.id} ${c.source} ${c.target}`);
    expect(edges.sort()).toEqual(
      [
        `link-${raw.routerInterfaces[0].routerInterfaceId} ${raw.vpcs[0].vpcId} ${raw.vpcs[1].vpcId}`,
        `link-pcc-1 ${raw.vpcs[0].vpcId} vpc-third`,
        `link-pcc-2 vpc-third ${raw.vpcs[1].vpcId}`,
      ].sort(),
    );
  });
});

describe('vpclink export --format svg|png', () => {
  it('svg: a standalone SVG naming every VPC, vSwitch and instance', async () => {
    const r = await run(['export', 'examples/cross-account.vpclink.json', '--format', 'svg']);
    expect(r.code).toBe(0);
    expect(XMLValidator.validate(r.stdout)).toBe(true);
    const svg = new XMLParser({ ignoreAttributes: false }).parse(r.stdout).svg;
    expect(svg['@_xmlns']).toBe('http://www.w3.org/2000/svg');
    for (const text of ['VPC1', 'VPC2', 'vsw-qingdao-b', 'InstanceID_A', '192.168.1.100', '172.16.1.100']) {
      expect(r.stdout).toContain(`>${text}<`);
    }
  });

  it('png: rendered through Chromium when there is one, else exit 2 saying what it needs', async () => {
    const out = join(dir, 'diagram.png');
    const missing = await run(['export', 'examples/cross-account.vpclink.json', '-f', 'png', '-o', out], ROOT, {
      VPCLINK_CHROMIUM: join(dir, 'no-such-chromium'),
    });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('png export needs Chromium');
    expect(existsSync(out)).toBe(false);
    if (!existsSync('/usr/bin/chromium')) return;
    const r = await run(['export', 'examples/cross-account.vpclink.json', '-f', 'png', '-o', out], ROOT, {
      VPCLINK_CHROMIUM: '/usr/bin/chromium',
    });
    expect([r.code, r.stderr]).toEqual([0, '']);
    const png = readFileSync(out);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.readUInt32BE(16)).toBeGreaterThan(300); // IHDR width
  }, 60_000);
});

describe('vpclink export: bad input', () => {
  it.each([
    [['export', 'examples/cross-account.vpclink.json'], /missing --format/],
    [
      ['export', 'examples/cross-account.vpclink.json', '-f', 'pdf'],
      /--format: "pdf" is not one of svg, png, drawio, terraform/,
    ],
    [['export', 'examples/cross-account.vpclink.json', '-f', 'png'], /png is binary: give -o FILE/],
    [['export', 'nope.json', '-f', 'svg'], /nope\.json: cannot read/],
    [['export', 'examples/cross-account.vpclink.json', '-f', 'svg', '-o', '/nonexistent-dir/x.svg'], /cannot write/],
  ])('%j exits 2', async (argv, message) => {
    const r = await run(argv);
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toMatch(message);
  });
});
