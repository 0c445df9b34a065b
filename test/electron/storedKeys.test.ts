/**
 * An AccessKey typed once into the app and stored: as an aliyun CLI profile (the file the aliyun
 * CLI and vpclink's CLI read) or in the OS keychain through Electron's safeStorage (the Electron
 * binary stood in by a fake with the same three methods). The secret is found again by the
 * shared resolution of cloud/session and never comes back out of the host.
 */
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAliyunConfig, resolveProfileProvider } from '../../cloud/credentials';
import { providerForSource } from '../../cloud/session';
import type { HostEvent } from '../../electron/common/hostApi';
import { defaultCloudWiring } from '../../electron/web/cloudEngines';
import { createCloudHost } from '../../electron/web/cloudHost';
import { HostFailure } from '../../electron/web/errors';
import { createEventHub } from '../../electron/web/events';
import { createSafeStorageVault, type SafeStorageLike } from '../../electron/web/secretVault';
import { tempDir } from './helpers';

const A = '1231579085529123';
const KEY_ID = 'FAKEstoredKey001';
const SECRET = 'StoredSecretValue0123456789';
let work: { dir: string; cleanup: () => Promise<void> };

beforeAll(async () => {
  work = await tempDir('vpclink-stored-');
});
afterAll(async () => work.cleanup());

/** Electron's safeStorage, stood in: a reversible scrambling so the ciphertext differs from the text. */
function fakeSafeStorage(available = true): SafeStorageLike {
  return {
    isEncryptionAvailable: () => available,
    encryptString: (text) => Buffer.from(Buffer.from(text, 'utf8').map((b) => b ^ 0x5a)),
    decryptString: (data) => Buffer.from(data.map((b) => b ^ 0x5a)).toString('utf8'),
  };
}

function host(dir: string, vault?: ReturnType<typeof createSafeStorageVault>) {
  const events = createEventHub();
  const seen: HostEvent[] = [];
  events.subscribe((e) => seen.push(e));
  const profilesFile = join(dir, '.aliyun', 'config.json');
  const wiring = defaultCloudWiring(
    { XDG_CONFIG_HOME: join(dir, 'cfg') },
    { homeDir: dir, profilesFile, ...(vault ? { vault } : {}) },
  );
  return { cloud: createCloudHost({ events, engines: wiring.engines }), seen, profilesFile };
}

describe('storing a typed AccessKey', () => {
  it('as an aliyun CLI profile: a 0600 file in the CLI format, found by name, listed without keys', async () => {
    const { cloud, seen, profilesFile } = host(join(work.dir, 'one'));
    expect((await cloud.getCredentialOptions()).profiles).toEqual([]);
    const view = await cloud.storeAccessKey({
      accountId: A,
      accessKeyId: KEY_ID,
      accessKeySecret: SECRET,
      store: 'aliyunProfile',
      regionId: 'cn-qingdao',
    });
    expect(view.source).toMatchObject({ kind: 'profile', profile: `vpclink-${A}` });
    const mode = (await stat(profilesFile)).mode & 0o777;
    expect(mode).toBe(0o600);
    const config = await loadAliyunConfig(profilesFile);
    expect(config.profiles).toEqual([
      {
        kind: 'AK',
        name: `vpclink-${A}`,
        accessKeyId: KEY_ID,
        accessKeySecret: SECRET,
        regionId: 'cn-qingdao',
      },
    ]);
    const provider = resolveProfileProvider(config, `vpclink-${A}`, { env: {}, target: { kind: 'aliyun' } });
    expect(await provider.getCredentials()).toEqual({ accessKeyId: KEY_ID, accessKeySecret: SECRET });
    const options = await cloud.getCredentialOptions();
    expect(options.profiles).toEqual([{ name: `vpclink-${A}`, mode: 'AK', regionId: 'cn-qingdao', usable: true }]);
    expect(JSON.stringify([view, options, seen, await cloud.listTargets()])).not.toContain(SECRET);
  });

  it('keeps the other profiles of an existing file and never overwrites one unasked', async () => {
    const dir = join(work.dir, 'two');
    const { cloud, profilesFile } = host(dir);
    await mkdir(join(dir, '.aliyun'), { recursive: true });
    const original = {
      current: 'default',
      profiles: [
        { name: 'default', mode: 'AK', access_key_id: 'FAKEother0001', access_key_secret: 'otherSecret01', site: 'cn' },
      ],
      meta_path: '',
    };
    await writeFile(profilesFile, JSON.stringify(original));
    await cloud.storeAccessKey({
      accountId: A,
      accessKeyId: KEY_ID,
      accessKeySecret: SECRET,
      store: 'aliyunProfile',
      profile: 'prod-a',
    });
    const written = JSON.parse(await readFile(profilesFile, 'utf8')) as typeof original;
    expect(written.current).toBe('default');
    expect(written.profiles[0]).toEqual(original.profiles[0]);
    expect(written.profiles.map((p) => p.name)).toEqual(['default', 'prod-a']);
    const again = await cloud
      .storeAccessKey({
        accountId: A,
        accessKeyId: KEY_ID,
        accessKeySecret: SECRET,
        store: 'aliyunProfile',
        profile: 'default',
      })
      .catch((e: unknown) => e);
    expect(again).toBeInstanceOf(HostFailure);
    expect((again as HostFailure).error).toMatchObject({ code: 'CLOUD_ERROR', cloudCode: 'PROFILE_EXISTS' });
    expect((again as HostFailure).error.message).not.toContain(SECRET);
    expect(JSON.parse(await readFile(profilesFile, 'utf8')).profiles[0]).toEqual(original.profiles[0]);
  });

  it('in the OS keychain: only ciphertext on disk, the account resolves to the stored key', async () => {
    const dir = join(work.dir, 'three');
    const vault = createSafeStorageVault(fakeSafeStorage(), join(dir, 'keychain'));
    const { cloud, seen } = host(dir, vault);
    expect((await cloud.getCredentialOptions()).keychain).toBe(true);
    const view = await cloud.storeAccessKey({
      accountId: A,
      accessKeyId: KEY_ID,
      accessKeySecret: SECRET,
      store: 'keychain',
    });
    expect(view.source).toEqual({ kind: 'keychain', description: 'AccessKey stored in the OS keychain' });
    const files = await readdir(join(dir, 'keychain'));
    expect(files).toHaveLength(1);
    const onDisk = await readFile(join(dir, 'keychain', files[0]!));
    expect(onDisk.toString('utf8')).not.toContain(SECRET);
    expect(onDisk.toString('utf8')).not.toContain(KEY_ID);
    const provider = await providerForSource(
      A,
      { kind: 'user', source: { kind: 'keychain' } },
      {
        env: {},
        target: { kind: 'aliyun' },
        vault,
      },
    );
    expect(await provider.getCredentials()).toEqual({ accessKeyId: KEY_ID, accessKeySecret: SECRET });
    expect(JSON.stringify([view, seen, await cloud.getCredentialOptions()])).not.toContain(SECRET);
  });

  it('refuses the keychain where there is none (browser mode, or no OS keychain), storing nothing', async () => {
    const dir = join(work.dir, 'four');
    const plain = host(dir);
    expect((await plain.cloud.getCredentialOptions()).keychain).toBe(false);
    const refused = await plain.cloud
      .storeAccessKey({ accountId: A, accessKeyId: KEY_ID, accessKeySecret: SECRET, store: 'keychain' })
      .catch((e: unknown) => e);
    expect((refused as HostFailure).error.code).toBe('NOT_AVAILABLE');
    const locked = host(dir, createSafeStorageVault(fakeSafeStorage(false), join(dir, 'keychain')));
    const refusedToo = await locked.cloud
      .storeAccessKey({ accountId: A, accessKeyId: KEY_ID, accessKeySecret: SECRET, store: 'keychain' })
      .catch((e: unknown) => e);
    expect((refusedToo as HostFailure).error.code).toBe('NOT_AVAILABLE');
    await expect(readdir(join(dir, 'keychain'))).rejects.toThrow();
  });

  it('lists a broken profiles file as a problem naming the file, not its content', async () => {
    const dir = join(work.dir, 'five');
    const { cloud, profilesFile } = host(dir);
    await mkdir(join(dir, '.aliyun'), { recursive: true });
    await writeFile(profilesFile, `{"profiles": [ {"access_key_secret": "${SECRET}" `);
    const options = await cloud.getCredentialOptions();
    expect(options.profiles).toEqual([]);
    expect(options.profilesProblem).toContain(profilesFile);
    expect(JSON.stringify(options)).not.toContain(SECRET);
  });
});
