/** State file save/load round trip and the aliyun CLI profile file. */
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, writeProfilesFile } from '../../../cloud/sandbox';
import { A, B, call, clientsFor, loadExample, riStatus } from './helpers';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vpclink-sandbox-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('state file', () => {
  it('survives a restart: resources, statuses, pending transitions and keys', async () => {
    const statePath = join(dir, 'state.json');
    const first = await startSandbox({ seed: loadExample('cross-account.vpclink.json'), clock: 'manual', statePath });
    const a = clientsFor(
      first.endpoint,
      first.accounts.find((x) => x.accountId === A.accountId)!,
    );
    const b = clientsFor(
      first.endpoint,
      first.accounts.find((x) => x.accountId === B.accountId)!,
    );
    const riA = (
      await call(a.vpc, 'CreateRouterInterface', {
        RegionId: A.region,
        Role: 'InitiatingSide',
        RouterType: 'VRouter',
        RouterId: A.vRouterId,
        Spec: 'Mini.2',
        OppositeRegionId: B.region,
        OppositeInterfaceId: 'x',
        OppositeRouterId: B.vRouterId,
        OppositeRouterType: 'VRouter',
        OppositeInterfaceOwnerId: B.accountId,
      })
    ).RouterInterfaceId;
    const riB = (
      await call(b.vpc, 'CreateRouterInterface', {
        RegionId: B.region,
        Role: 'AcceptingSide',
        RouterType: 'VRouter',
        RouterId: B.vRouterId,
        Spec: 'Negative',
        OppositeRegionId: A.region,
        OppositeInterfaceId: riA,
        OppositeRouterId: A.vRouterId,
        OppositeRouterType: 'VRouter',
        OppositeInterfaceOwnerId: A.accountId,
      })
    ).RouterInterfaceId;
    await call(a.vpc, 'ModifyRouterInterfaceAttribute', {
      RegionId: A.region,
      RouterInterfaceId: riA,
      OppositeInterfaceId: riB,
      OppositeRouterType: 'VRouter',
    });
    await call(a.vpc, 'ConnectRouterInterface', { RegionId: A.region, RouterInterfaceId: riA });
    await call(a.ecs, 'AuthorizeSecurityGroup', {
      RegionId: A.region,
      SecurityGroupId: A.sg,
      Permissions: [{ IpProtocol: 'icmp', PortRange: '-1/-1', SourceCidrIp: B.cidr }],
    });
    // Saved after each change, without waiting for close.
    await first.save();
    const saved = JSON.parse(await readFile(statePath, 'utf8'));
    expect(saved.format).toBe('vpclink/sandbox-state');
    expect(saved.routerInterfaces.map((r: { status: string }) => r.status).sort()).toEqual([
      'AcceptingConnecting',
      'Connecting',
    ]);
    expect((await stat(statePath)).mode & 0o777).toBe(0o600);
    const before = first.exportDocument();
    await first.close();

    const second = await startSandbox({ clock: 'manual', statePath });
    try {
      expect(second.loadedFromState).toBe(true);
      expect(second.accounts).toEqual(first.accounts);
      const a2 = clientsFor(
        second.endpoint,
        second.accounts.find((x) => x.accountId === A.accountId)!,
      );
      expect(await riStatus(a2.vpc, A.region, riA)).toBe('Connecting');
      expect(second.exportDocument()).toEqual(before);
      second.advance(60_000);
      expect(await riStatus(a2.vpc, A.region, riA)).toBe('Active');
      // New IDs continue the saved sequence rather than repeating the first run's.
      const riNew = (
        await call(a2.vpc, 'CreateRouterInterface', {
          RegionId: A.region,
          Role: 'InitiatingSide',
          RouterType: 'VRouter',
          RouterId: A.vRouterId,
          Spec: 'Mini.2',
          OppositeRegionId: B.region,
        })
      ).RouterInterfaceId;
      expect([riA, riB]).not.toContain(riNew);
    } finally {
      await second.close();
    }
  });

  it('the same rngSeed gives the same IDs in a fresh sandbox', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const s = await startSandbox({ seed: loadExample('cross-account.vpclink.json'), rngSeed: 9 });
      const a = clientsFor(s.endpoint, s.accounts[0]!);
      ids.push(
        (
          await call(a.vpc, 'CreateRouterInterface', {
            RegionId: A.region,
            Role: 'InitiatingSide',
            RouterType: 'VRouter',
            RouterId: A.vRouterId,
            Spec: 'Mini.2',
            OppositeRegionId: B.region,
          })
        ).RouterInterfaceId,
      );
      await s.close();
    }
    expect(ids[0]).toBe(ids[1]);
  });

  it('refuses a file that is not a sandbox state, naming the file', async () => {
    const statePath = join(dir, 'bad.json');
    await writeFile(statePath, '{"format":"vpclink/topology","version":1}');
    await expect(startSandbox({ statePath })).rejects.toThrow(/bad\.json: not a sandbox state file/);
    await writeFile(statePath, 'not json');
    await expect(startSandbox({ statePath })).rejects.toThrow(/not valid JSON/);
  });
});

describe('profiles file', () => {
  it('writes aliyun CLI config.json with one AK profile per account, mode 0600', async () => {
    const sandbox = await startSandbox({ seed: loadExample('cross-account.vpclink.json') });
    try {
      const path = join(dir, 'sub', 'config.json');
      await writeProfilesFile(path, sandbox);
      const text = await readFile(path, 'utf8');
      expect(text).toContain('\n\t"profiles"');
      const config = JSON.parse(text);
      expect(config.current).toBe(A.accountId);
      expect(config.meta_path).toBe('');
      expect(config.profiles.map((p: { name: string }) => p.name)).toEqual([
        A.accountId,
        B.accountId,
        `${A.accountId}-ram-user`,
        `${B.accountId}-ram-user`,
      ]);
      expect(config.profiles[3]).toMatchObject({
        mode: 'AK',
        access_key_id: sandbox.accounts[1]!.ramUser.accessKeyId,
        region_id: B.region,
      });
      expect(config.profiles[1]).toMatchObject({
        mode: 'AK',
        access_key_id: sandbox.accounts[1]!.accessKeyId,
        access_key_secret: sandbox.accounts[1]!.accessKeySecret,
        region_id: B.region,
      });
      expect((await stat(path)).mode & 0o777).toBe(0o600);
    } finally {
      await sandbox.close();
    }
  });
});

describe('seeding', () => {
  it('base mode leaves out interfaces, routes through them and rules; full mode keeps them', async () => {
    const doc = loadExample('cross-account.vpclink.json');
    const base = await startSandbox({ seed: doc });
    const full = await startSandbox({ seed: doc, seedMode: 'full' });
    try {
      const b = base.exportDocument();
      expect(b.routerInterfaces).toEqual([]);
      expect(b.routeTables.flatMap((t) => t.routeEntries)).toEqual([]);
      expect(b.securityGroups.flatMap((g) => g.permissions)).toEqual([]);
      expect(b.vpcs.map((v) => v.vpcId)).toEqual(doc.vpcs.map((v) => v.vpcId));
      const f = full.exportDocument();
      expect(f.routerInterfaces.map((r) => [r.routerInterfaceId, r.status])).toEqual(
        doc.routerInterfaces.map((r) => [r.routerInterfaceId, 'Active']),
      );
      expect(f.routeTables.flatMap((t) => t.routeEntries.map((e) => e.destinationCidrBlock)).sort()).toEqual([
        '172.16.0.0/16',
        '192.168.0.0/16',
      ]);
      expect(f.securityGroups.flatMap((g) => g.permissions)).toHaveLength(2);
      // A seeded pair can be torn down through the API.
      const a = clientsFor(full.endpoint, full.accounts[0]!);
      await call(a.vpc, 'DeactivateRouterInterface', {
        RegionId: A.region,
        RouterInterfaceId: doc.routerInterfaces[0]!.routerInterfaceId,
      });
    } finally {
      await base.close();
      await full.close();
    }
  });

  it('a broken pair seeds as Idle in full mode; a seed with dangling references is refused', async () => {
    const broken = await startSandbox({
      seed: loadExample('broken-acceptor-not-configured.vpclink.json'),
      seedMode: 'full',
    });
    try {
      expect(broken.exportDocument().routerInterfaces.map((r) => r.status)).toEqual(['Idle', 'Idle']);
    } finally {
      await broken.close();
    }
    const doc = loadExample('cross-account.vpclink.json');
    await expect(
      startSandbox({ seed: { ...doc, vSwitches: [{ ...doc.vSwitches[0]!, vpcId: 'vpc-nowhere' }] } }),
    ).rejects.toThrow(/vSwitch vsw-m5e5e5rgx2ol5dzn1hc8a refers to VPC "vpc-nowhere"/);
  });

  it('without a seed: two empty accounts', async () => {
    const s = await startSandbox({});
    try {
      expect(s.accounts.map((a) => a.accountId)).toEqual(['1000000000000001', '1000000000000002']);
      const a = clientsFor(s.endpoint, s.accounts[0]!);
      expect((await call(a.vpc, 'DescribeVpcs', { RegionId: 'cn-hangzhou' })).TotalCount).toBe(0);
    } finally {
      await s.close();
    }
  });
});

describe('state file failures', () => {
  it('a failed background save is reported, and the next change saves again (the chain is not poisoned)', async () => {
    const folder = join(dir, 'state');
    await mkdir(folder);
    const statePath = join(folder, 'state.json');
    const errors: string[] = [];
    const sandbox = await startSandbox({
      seed: loadExample('cross-account.vpclink.json'),
      clock: 'manual',
      statePath,
      onSaveError: (error) => errors.push(error.message),
    });
    try {
      const a = clientsFor(
        sandbox.endpoint,
        sandbox.accounts.find((x) => x.accountId === A.accountId)!,
      );
      const create = (name: string) =>
        call(a.vpc, 'CreateRouterInterface', {
          RegionId: A.region,
          Role: 'InitiatingSide',
          RouterType: 'VRouter',
          RouterId: A.vRouterId,
          Spec: 'Mini.2',
          OppositeRegionId: B.region,
          Name: name,
        });
      // The folder becomes a file behind the sandbox's back: the save after this change must fail loudly.
      await rm(folder, { recursive: true, force: true });
      await writeFile(folder, 'not a folder');
      await create('while-the-folder-is-gone');
      await expect.poll(() => errors.length, { timeout: 5_000 }).toBeGreaterThan(0);
      expect(errors[0]).toMatch(/EEXIST|ENOTDIR/);
      // The obstacle goes: the next change is saved (the sandbox makes the folder again), with both
      // interfaces.
      await rm(folder);
      await create('after-the-folder-is-back');
      await expect
        .poll(async () => (await readFile(statePath, 'utf8').catch(() => '')).includes('after-the-folder-is-back'), {
          timeout: 5_000,
        })
        .toBe(true);
      expect(await readFile(statePath, 'utf8')).toContain('while-the-folder-is-gone');
    } finally {
      await sandbox.close();
    }
  });
});
