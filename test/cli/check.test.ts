import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run, spawnCli } from '../simulator/reach/cliRun';
import { peeredRaw } from '../simulator/reach/dataplaneDocs';

const CROSS = 'examples/cross-account.vpclink.json';
const BROKEN = 'examples/broken-acceptor-not-configured.vpclink.json';
const SAME = 'examples/same-account.vpclink.json';
const A = 'i-m5e8s3ti3g1xtn0gmaus';
const B = 'i-2ze6pb1ti4wkxo4mnwo3';

const tmp = mkdtempSync(join(tmpdir(), 'vpclink-check-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('vpclink check: verdicts and exit codes', () => {
  it('cross-account ping: exit 0, --json is the §3.2 shape', async () => {
    const r = await run(['check', CROSS, '--from', A, '--to', B, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json)).toEqual(['verdict', 'flow', 'forward', 'return', 'blockers']);
    expect(json.verdict).toBe('reachable');
    expect(json.flow).toEqual({ from: A, to: B, protocol: 'icmp', port: null });
    expect(json.forward.disposition).toBe('DELIVERED');
    expect(json.return.disposition).toBe('DELIVERED');
    expect(json.blockers).toEqual([]);
    for (const hop of [...json.forward.hops, ...json.return.hops]) {
      expect(hop).toHaveProperty('resourceId');
      expect(['instance', 'securityGroup', 'vSwitch', 'routeTable', 'routerInterface', 'vpc']).toContain(
        hop.resourceType,
      );
      expect(typeof hop.action).toBe('string');
      expect(typeof hop.description).toBe('string');
    }
  });

  it('--from and --to take an instance name (what the diagram shows): the same verdict and path as the IDs', async () => {
    const byId = JSON.parse((await run(['check', CROSS, '--from', A, '--to', B, '--json'])).stdout);
    const r = await run(['check', CROSS, '--from', 'InstanceID_A', '--to', 'InstanceID_B', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const byName = JSON.parse(r.stdout);
    // The report names the ends by their IDs, as for an ID (the §3.2 shape says so of `flow`).
    expect(byName).toEqual(byId);
    expect(byName.forward).toEqual(byId.forward);
    expect(byName.return).toEqual(byId.return);
  });

  it('a name two instances carry is refused (exit 2) naming both IDs', async () => {
    const doc = JSON.parse(readFileSync(CROSS, 'utf8'));
    doc.instances[1].name = doc.instances[0].name;
    const file = join(tmp, 'same-names.vpclink.json');
    writeFileSync(file, JSON.stringify(doc));
    const r = await run(['check', file, '--from', A, '--to', doc.instances[0].name]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `--to: "${doc.instances[0].name}" is the name of ${A} and ${B}; give the instance or ENI ID`,
    );
    // An ID still wins over a name.
    expect((await run(['check', file, '--from', A, '--to', B])).code).toBe(0);
  });

  it('both examples work both ways', async () => {
    expect((await run(['check', CROSS, '--from', B, '--to', A])).code).toBe(0);
    expect(
      (await run(['check', SAME, '--from', 'i-2zeaabj1instancea0001', '--to', 'i-bp1bhz2instanceb0002'])).code,
    ).toBe(0);
    expect(
      (await run(['check', SAME, '--from', 'i-bp1bhz2instanceb0002', '--to', 'i-2zeaabj1instancea0001'])).code,
    ).toBe(0);
  });

  it('the peering example: both pairs reachable both ways through their pcc, the unpeered pair not', async () => {
    const PEERING = 'examples/peering.vpclink.json';
    const pairs = [
      ['i-2zeaabj1instancea0001', 'i-bp1bhz2instanceb0002', 'pcc-2zeb1vpc1tovpc2peer001'],
      [A, B, 'pcc-m5e1vpc1tovpc2peer0002'],
    ] as const;
    for (const [from, to, pcc] of pairs)
      for (const [src, dst] of [
        [from, to],
        [to, from],
      ]) {
        const r = await run(['check', PEERING, '--from', src, '--to', dst, '--json']);
        expect(r.code, `${src} → ${dst}`).toBe(0);
        expect(JSON.stringify(JSON.parse(r.stdout).forward.hops)).toContain(pcc);
      }
    expect((await run(['check', PEERING, '--from', A, '--to', 'i-bp1bhz2instanceb0002'])).code).toBe(1);
  });

  it('broken acceptor: exit 1, blockers name ri-2zeix2q86uoyisagyz0pn and the fix', async () => {
    const r = await run(['check', BROKEN, '--from', A, '--to', B, '--json']);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json.verdict).toBe('unreachable');
    const mismatch = json.blockers.find((b: { code: string }) => b.code === 'ROUTER_INTERFACE_MISMATCH');
    expect(mismatch).toMatchObject({ direction: 'forward', resourceId: 'ri-2zeix2q86uoyisagyz0pn' });
    expect(Object.keys(mismatch)).toEqual(['direction', 'code', 'resourceId', 'message', 'suggestion', 'fix']);
    // The fix is an RFC 6902 patch that points the acceptor back at the initiator.
    expect(mismatch.fix).toContainEqual({
      op: 'add',
      path: '/routerInterfaces/1/oppositeInterfaceId',
      value: 'ri-m5e33r3n78zyi5573kf85',
    });
    expect(mismatch.suggestion).toContain(
      'set oppositeInterfaceId of ri-2zeix2q86uoyisagyz0pn to ri-m5e33r3n78zyi5573kf85',
    );
    expect(json.blockers.map((b: { code: string }) => b.code)).toContain('ROUTER_INTERFACE_NOT_ACTIVE');
  });

  it('human output: verdict line, both paths, blockers with fixes', async () => {
    const r = await run(['check', BROKEN, '--from', A, '--to', B]);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')[0]).toBe(`✗ UNREACHABLE: ICMP (ping) from ${A} to ${B}`);
    expect(r.stdout).toContain('Request (forward): DROPPED');
    expect(r.stdout).toContain('Reply (return): DROPPED');
    expect(r.stdout).toContain('3 blockers (fix all of them):');
    expect(r.stdout).toContain('1. ROUTER_INTERFACE_MISMATCH on ri-2zeix2q86uoyisagyz0pn (request)');
    expect(r.stdout).toContain('fix: set oppositeInterfaceId of ri-2zeix2q86uoyisagyz0pn');
    expect(r.stdout).toContain('(if the earlier drop is fixed)');
    const ok = await run(['check', CROSS, '--from', A, '--to', B]);
    expect(ok.stdout.split('\n')[0]).toBe(`✓ REACHABLE: ICMP (ping) from ${A} to ${B}, and the reply comes back`);
    expect(ok.stdout).not.toContain('blocker');
  });

  it('tcp with a port, all, and an address destination', async () => {
    const tcp = await run(['check', CROSS, '--from', A, '--to', B, '--protocol', 'tcp', '--port', '22', '--json']);
    expect(tcp.code).toBe(1);
    expect(JSON.parse(tcp.stdout).blockers[0]).toMatchObject({
      code: 'SG_INGRESS_DENIED',
      resourceId: 'sg-2zeh6s0f7hcwt1xp6cgl',
    });
    expect(JSON.parse(tcp.stdout).flow).toEqual({ from: A, to: B, protocol: 'tcp', port: 22 });
    expect((await run(['check', CROSS, '--from', A, '--to', B, '--protocol', 'ALL'])).code).toBe(1);
    // An address in a vSwitch that no instance or ENI holds: nobody answers (topology-format.md §4.3).
    const nobody = await run(['check', CROSS, '--from', A, '--to', '172.16.1.50', '--json']);
    expect(nobody.code).toBe(1);
    expect(JSON.parse(nobody.stdout).blockers[0].code).toBe('DESTINATION_UNKNOWN');
    // An address an instance holds is that instance; so is a source address.
    expect((await run(['check', CROSS, '--from', '192.168.1.100', '--to', '172.16.1.100'])).code).toBe(0);
    const unknown = await run(['check', CROSS, '--from', A, '--to', '8.8.8.8', '--json']);
    expect(unknown.code).toBe(1);
    expect(JSON.parse(unknown.stdout).blockers[0].code).toBe('DESTINATION_UNKNOWN');
  });
});

describe('vpclink check: bad input exits 2 and names the argument', () => {
  writeFileSync(join(tmp, 'not-json.vpclink.json'), '{ nope');
  writeFileSync(
    join(tmp, 'invalid.vpclink.json'),
    JSON.stringify({ format: 'vpclink/topology', version: 1, vpcs: [{ vpcId: 'v' }] }),
  );
  it.each([
    [['check', CROSS, '--to', B], /missing --from/],
    [['check', CROSS, '--from', A], /missing --to/],
    [
      ['check', CROSS, '--from', 'i-nope', '--to', B],
      /--from: no instance, ENI, private address or instance name "i-nope"/,
    ],
    [['check', CROSS, '--from', A, '--to', 'i-nope'], /--to: no instance, ENI or instance name "i-nope"/],
    [['check', CROSS, '--from', A, '--to', '010.0.0.1'], /--to: .*leading zero/],
    [['check', CROSS, '--from', A, '--to', '172.16.1.300'], /--to: .*300 > 255/],
    [['check', CROSS, '--from', A, '--to', B, '--protocol', 'tcp'], /--port: a port \(1-65535\) is required for tcp/],
    [['check', CROSS, '--from', A, '--to', B, '--port', '22'], /--port: icmp \(ping\) takes no port/],
    [['check', CROSS, '--from', A, '--to', B, '--protocol', 'udp', '--port', '0'], /--port: 0 is below the minimum 1/],
    [
      ['check', CROSS, '--from', A, '--to', B, '--protocol', 'udp', '--port', '65536'],
      /--port: 65536 is above the maximum 65535/,
    ],
    [
      ['check', CROSS, '--from', A, '--to', B, '--protocol', 'sctp'],
      /--protocol: "sctp" is not one of icmp, tcp, udp, all/,
    ],
    [['check', 'no-such-file.json', '--from', A, '--to', B], /no-such-file\.json: cannot read: no such file/],
    [['check', join(tmp, 'not-json.vpclink.json'), '--from', A, '--to', B], /not valid JSON/],
    [['check', join(tmp, 'invalid.vpclink.json'), '--from', A, '--to', B], /does not match the topology schema/],
    [['check', CROSS, '--from', A, '--to', B, '--bogus'], /unknown option --bogus/],
    [['check', CROSS, '--from', A, '--to', B, '--source-port', '40000'], /--source-port: .*only with tcp or udp/],
  ])('%j', async (argv, message) => {
    const r = await run(argv as string[]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });
});

describe('vpclink check: the real binary', () => {
  it('exit codes and --json through node cli/vpclink.js', { timeout: 60_000 }, async () => {
    const [ok, broken, bad] = await Promise.all([
      spawnCli(['check', CROSS, '--from', A, '--to', B, '--json']),
      spawnCli(['check', BROKEN, '--from', A, '--to', B]),
      spawnCli(['check', CROSS, '--from', A, '--to', B, '--protocol', 'tcp']),
    ]);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).verdict).toBe('reachable');
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('ROUTER_INTERFACE_MISMATCH on ri-2zeix2q86uoyisagyz0pn');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--port');
  });
});

describe('vpclink check: release-2 flows (topology-format.md §4.3)', () => {
  const file = join(tmp, 'dataplane.vpclink.json');
  const raw = peeredRaw();
  // A ping through a NAT gateway route (not simulated), and a TCP ACL on vsw-2 that admits 22
  // and lets replies out only to ports 32768-50000.
  raw.routeTables[0].routeEntries.push({
    destinationCidrBlock: '192.168.0.0/16',
    nextHopType: 'NatGateway',
    nextHopId: 'ngw-1',
  });
  raw.networkAcls = [
    {
      networkAclId: 'nacl-1',
      vpcId: 'vpc-1',
      resources: [{ resourceId: 'vsw-2', resourceType: 'VSwitch' }],
      ingressAclEntries: [{ policy: 'accept', protocol: 'tcp', port: '22/22', sourceCidrIp: '10.0.1.0/24' }],
      egressAclEntries: [{ policy: 'accept', protocol: 'tcp', port: '32768/50000', destinationCidrIp: '10.0.1.0/24' }],
    },
  ];
  writeFileSync(file, JSON.stringify(raw));

  it('undetermined exits 1 and says so', async () => {
    const r = await run(['check', file, '--from', 'i-a', '--to', '192.168.7.7', '--json']);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json.verdict).toBe('undetermined');
    expect(json.blockers.map((b: { code: string }) => b.code)).toEqual(['NEXT_HOP_NOT_SIMULATED']);
    const human = await run(['check', file, '--from', 'i-a', '--to', '192.168.7.7']);
    expect(human.code).toBe(1);
    expect(human.stdout.split('\n')[0]).toBe(
      '? UNDETERMINED: ICMP (ping) from i-a to 192.168.7.7: the path reaches a next hop vpclink does not simulate',
    );
  });

  it('--source-port picks the client port the stateless ACL checks the reply against', async () => {
    const any = await run([
      'check',
      file,
      '--from',
      'i-a',
      '--to',
      'i-b',
      '--protocol',
      'tcp',
      '--port',
      '22',
      '--json',
    ]);
    expect(any.code).toBe(1);
    expect(JSON.parse(any.stdout).blockers).toEqual([
      expect.objectContaining({
        direction: 'return',
        code: 'NACL_EGRESS_DENIED',
        ports: '50001-60999',
        cause: 'DEFAULT_DENY',
      }),
    ]);
    const ok = await run([
      'check',
      file,
      '--from',
      '10.0.1.10',
      '--to',
      '10.0.2.10',
      '--protocol',
      'tcp',
      '--port',
      '22',
      '--source-port',
      '40000',
      '--json',
    ]);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).flow).toEqual({
      from: '10.0.1.10',
      to: '10.0.2.10',
      protocol: 'tcp',
      port: 22,
      sourcePort: 40000,
    });
  });

  it('matrix --json lists undetermined pairs', async () => {
    const r = await run(['matrix', file, '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.instances).toEqual(['i-a', 'i-b', 'i-c', 'i-z']);
    expect(json.undetermined).toEqual([]);
    // The ACL on vsw-2 admits only TCP 22: pings to and from i-b are unreachable, not undetermined.
    expect(json.reachable[0]).toEqual([true, false, true, true]);
  });
});
