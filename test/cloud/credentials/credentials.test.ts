import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CloudError, createCloudClient, type CloudTarget } from '../../../cloud/client';
import {
  CLOUD_ERROR_CODES,
  credentialProviderFor,
  loadAliyunConfig,
  verifyCallerIdentity,
} from '../../../cloud/credentials';
import {
  accessKeyIdOf,
  actionOf,
  startCannedServer,
  v3SignatureValid,
  type CannedServer,
} from '../client/cannedServer';

const A = '1231579085529123';
const B = '1564982317654321';
const SECRET_A = 'secretA-0123456789abcdef';
const SECRET_B = 'secretB-0123456789abcdef';
const SECRET_ENV = 'secretEnv-0123456789abcdef';
const TOKEN = 'stsToken-0123456789abcdef';
const ALL_SECRETS = [SECRET_A, SECRET_B, SECRET_ENV, TOKEN, 'secretBase-0123456789'];

let dir: string;
const target: CloudTarget = { kind: 'aliyun' };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vpclink-cred-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let fileCounter = 0;
async function profilesFile(config: unknown): Promise<string> {
  const path = join(dir, `config-${++fileCounter}.json`);
  await writeFile(path, typeof config === 'string' ? config : JSON.stringify(config, null, '\t'), { mode: 0o600 });
  return path;
}

const standard = {
  current: 'default',
  profiles: [
    {
      name: 'default',
      mode: 'AK',
      access_key_id: 'LTAIdefault',
      access_key_secret: 'secretDefault-0123456789',
      region_id: 'cn-hangzhou',
    },
    { name: A, mode: 'AK', access_key_id: 'LTAIaaaa', access_key_secret: SECRET_A, region_id: 'cn-qingdao' },
    {
      name: 'prod-b',
      mode: 'StsToken',
      access_key_id: 'STS.bbbb',
      access_key_secret: SECRET_B,
      sts_token: TOKEN,
      region_id: 'cn-beijing',
    },
    { name: 'sso', mode: 'CloudSSO', region_id: 'cn-beijing' },
    { name: 'ak-no-secret', mode: 'ak', access_key_id: 'LTAIhalf', region_id: 'cn-beijing' },
    {
      name: 'loop-1',
      mode: 'ChainableRamRoleArn',
      source_profile: 'loop-2',
      ram_role_arn: 'acs:ram::1:role/x',
      ram_session_name: 's',
    },
    {
      name: 'loop-2',
      mode: 'ChainableRamRoleArn',
      source_profile: 'loop-1',
      ram_role_arn: 'acs:ram::1:role/x',
      ram_session_name: 's',
    },
  ],
  meta_path: '',
};

function expectNoSecrets(text: string): void {
  for (const s of ALL_SECRETS) expect(text).not.toContain(s);
}

async function failure(promise: Promise<unknown>): Promise<CloudError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CloudError);
  expectNoSecrets((error as CloudError).message);
  return error as CloudError;
}

describe('loadAliyunConfig', () => {
  it('parses the four supported modes and keeps others as unsupported', async () => {
    const path = await profilesFile({
      current: 'a',
      profiles: [
        { name: 'a', mode: 'AK', access_key_id: 'id', access_key_secret: 's' },
        { name: 'b', mode: 'StsToken', access_key_id: 'id', access_key_secret: 's', sts_token: 't' },
        {
          name: 'c',
          mode: 'RamRoleArn',
          access_key_id: 'id',
          access_key_secret: 's',
          ram_role_arn: 'acs:ram::1:role/r',
          ram_session_name: 'sess',
          expired_seconds: 1800,
          sts_region: 'cn-hangzhou',
          external_id: 'ext',
        },
        {
          name: 'd',
          mode: 'ChainableRamRoleArn',
          source_profile: 'a',
          ram_role_arn: 'acs:ram::2:role/r',
          ram_session_name: 'sess',
        },
        { name: 'e', mode: 'EcsRamRole', ram_role_name: 'r' },
      ],
    });
    const config = await loadAliyunConfig(path);
    expect(config.current).toBe('a');
    expect(config.profiles.map((p) => p.kind)).toEqual([
      'AK',
      'StsToken',
      'RamRoleArn',
      'ChainableRamRoleArn',
      'unsupported',
    ]);
    expect(config.profiles[2]).toMatchObject({
      roleArn: 'acs:ram::1:role/r',
      sessionName: 'sess',
      durationSeconds: 1800,
      stsRegion: 'cn-hangzhou',
      externalId: 'ext',
    });
    expect(config.profiles[3]).toMatchObject({ sourceProfile: 'a' });
    expect(config.profiles[4]).toEqual({ kind: 'unsupported', name: 'e', mode: 'EcsRamRole' });
  });

  it.each([
    [
      'not JSON',
      `{\n  "profiles": [ { "name": "x", "access_key_secret": "${SECRET_A}" ,, } ]\n}`,
      /not valid JSON at line 2, column \d+/,
    ],
    ['not an object', '[1,2]', /expected a JSON object/],
    ['no profiles list', '{"current":"x"}', /"profiles" must be a list/],
    ['profile without name', '{"profiles":[{"mode":"AK"}]}', /profiles\[0\] has no "name"/],
    [
      'field of the wrong type',
      '{"profiles":[{"name":"x","access_key_id":["a"]}]}',
      /profiles\[0\]\.access_key_id must be text/,
    ],
  ])('refuses a file that is %s with PROFILES_FILE_INVALID, quoting no contents', async (_label, text, message) => {
    const path = await profilesFile(text);
    const error = await failure(loadAliyunConfig(path));
    expect(error.code).toBe('PROFILES_FILE_INVALID');
    expect(error.message).toMatch(message);
    expect(error.message).toContain(path);
  });

  it('a missing file is PROFILES_FILE_UNREADABLE naming the path', async () => {
    const error = await failure(loadAliyunConfig(join(dir, 'nope.json')));
    expect(error.code).toBe('PROFILES_FILE_UNREADABLE');
    expect(error.message).toContain(join(dir, 'nope.json'));
  });
});

describe('credentialProviderFor: choosing the source', () => {
  it.each([
    [
      'accounts[].profile wins',
      { accountId: A, profile: 'prod-b' },
      {},
      "aliyun CLI profile 'prod-b' (StsToken)",
      { accessKeyId: 'STS.bbbb', accessKeySecret: SECRET_B, securityToken: TOKEN },
    ],
    [
      'then a profile named by the account ID',
      { accountId: A },
      { ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAIenv', ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET_ENV },
      `aliyun CLI profile '${A}' (AK)`,
      { accessKeyId: 'LTAIaaaa', accessKeySecret: SECRET_A },
    ],
    [
      'then ALIBABA_CLOUD_PROFILE',
      { accountId: B },
      {
        ALIBABA_CLOUD_PROFILE: 'prod-b',
        ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAIenv',
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET_ENV,
      },
      "aliyun CLI profile 'prod-b' (StsToken)",
      { accessKeyId: 'STS.bbbb', accessKeySecret: SECRET_B, securityToken: TOKEN },
    ],
    [
      'then the environment',
      { accountId: B },
      { ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAIenv', ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET_ENV },
      'environment variables ALIBABA_CLOUD_ACCESS_KEY_ID/ALIBABA_CLOUD_ACCESS_KEY_SECRET',
      { accessKeyId: 'LTAIenv', accessKeySecret: SECRET_ENV },
    ],
    [
      'environment fallback names and token',
      { accountId: B },
      {
        ALICLOUD_ACCESS_KEY_ID: 'LTAIenv',
        ALIBABACLOUD_ACCESS_KEY_SECRET: SECRET_ENV,
        ALIBABA_CLOUD_SECURITY_TOKEN: TOKEN,
      },
      'environment variables ALICLOUD_ACCESS_KEY_ID/ALIBABACLOUD_ACCESS_KEY_SECRET/ALIBABA_CLOUD_SECURITY_TOKEN',
      { accessKeyId: 'LTAIenv', accessKeySecret: SECRET_ENV, securityToken: TOKEN },
    ],
    [
      'an AK profile with an empty secret takes it from the environment (aliyun CLI)',
      { accountId: B, profile: 'ak-no-secret' },
      { ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET_ENV },
      "aliyun CLI profile 'ak-no-secret' (AK)",
      { accessKeyId: 'LTAIhalf', accessKeySecret: SECRET_ENV },
    ],
  ])('%s', async (_label, account, env, description, credentials) => {
    const path = await profilesFile(standard);
    const provider = await credentialProviderFor(account, { profilesFile: path, env, target });
    expect(provider.description).toBe(description);
    expectNoSecrets(provider.description);
    expect(await provider.getCredentials()).toEqual(credentials);
  });

  it('without --profiles a missing ~/.aliyun/config.json is fine when the environment has keys', async () => {
    const home = join(dir, 'home-empty');
    await mkdir(home, { recursive: true });
    const provider = await credentialProviderFor(
      { accountId: A },
      {
        homeDir: home,
        env: { ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAIenv', ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET_ENV },
        target,
      },
    );
    expect(provider.description).toMatch(/^environment variables/);
  });

  it('reads ~/.aliyun/config.json under the home directory by default', async () => {
    const home = join(dir, 'home-full');
    await mkdir(join(home, '.aliyun'), { recursive: true });
    await writeFile(join(home, '.aliyun', 'config.json'), JSON.stringify(standard));
    const provider = await credentialProviderFor({ accountId: A }, { homeDir: home, env: {}, target });
    expect(provider.description).toBe(`aliyun CLI profile '${A}' (AK)`);
  });
});

describe('credentialProviderFor: clear refusals', () => {
  it('a profile named in the document but absent: PROFILE_NOT_FOUND with the file and the names there', async () => {
    const path = await profilesFile(standard);
    const error = await failure(
      credentialProviderFor(
        { accountId: A, profile: 'prod-a' },
        {
          profilesFile: path,
          env: { ALIBABA_CLOUD_ACCESS_KEY_ID: 'x', ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET_ENV },
          target,
        },
      ),
    );
    expect(error.code).toBe('PROFILE_NOT_FOUND');
    expect(error.message).toContain("profile 'prod-a' (set in accounts[].profile)");
    expect(error.message).toContain(path);
    expect(error.message).toContain("'prod-b'");
  });

  it('ALIBABA_CLOUD_PROFILE naming an absent profile: PROFILE_NOT_FOUND naming the variable', async () => {
    const path = await profilesFile(standard);
    const error = await failure(
      credentialProviderFor({ accountId: B }, { profilesFile: path, env: { ALIBABA_CLOUD_PROFILE: 'gone' }, target }),
    );
    expect(error.code).toBe('PROFILE_NOT_FOUND');
    expect(error.message).toContain('ALIBABA_CLOUD_PROFILE');
  });

  it('nothing matches: CREDENTIALS_NOT_FOUND says which file, which profile, which variables, and why not current', async () => {
    const path = await profilesFile(standard);
    const error = await failure(
      credentialProviderFor({ accountId: B, name: 'Account B' }, { profilesFile: path, env: {}, target }),
    );
    expect(error.code).toBe('CREDENTIALS_NOT_FOUND');
    expect(error.message).toContain(`account ${B} (Account B)`);
    expect(error.message).toContain(`profile '${B}' in ${path}`);
    expect(error.message).toContain('ALIBABA_CLOUD_ACCESS_KEY_ID');
    expect(error.message).toContain('ALIBABA_CLOUD_ACCESS_KEY_SECRET');
    expect(error.message).toContain("current profile 'default' is not used automatically");
  });

  it('a half-set environment pair is named', async () => {
    const path = await profilesFile(standard);
    const error = await failure(
      credentialProviderFor(
        { accountId: B },
        { profilesFile: path, env: { ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAIenv' }, target },
      ),
    );
    expect(error.code).toBe('CREDENTIALS_NOT_FOUND');
    expect(error.message).toContain('ALIBABA_CLOUD_ACCESS_KEY_ID is set but ALIBABA_CLOUD_ACCESS_KEY_SECRET is not');
  });

  it.each([
    [
      'sso',
      'PROFILE_MODE_UNSUPPORTED',
      /profile 'sso' .* uses mode 'CloudSSO'.*supported: AK, StsToken, RamRoleArn, ChainableRamRoleArn/,
    ],
    ['ak-no-secret', 'PROFILE_INCOMPLETE', /profile 'ak-no-secret' \(AK\) .* has no access_key_secret/],
    ['loop-1', 'PROFILE_CHAIN_LOOP', /loop-1 → loop-2 → loop-1/],
  ])('profile %s → %s', async (profile, code, message) => {
    const path = await profilesFile(standard);
    const error = await failure(
      credentialProviderFor({ accountId: A, profile }, { profilesFile: path, env: {}, target }),
    );
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it('an explicit --profiles file that does not exist is PROFILES_FILE_UNREADABLE even when the environment has keys', async () => {
    const error = await failure(
      credentialProviderFor(
        { accountId: A },
        {
          profilesFile: join(dir, 'missing.json'),
          env: { ALIBABA_CLOUD_ACCESS_KEY_ID: 'x', ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET_ENV },
          target,
        },
      ),
    );
    expect(error.code).toBe('PROFILES_FILE_UNREADABLE');
  });

  it('every code used is in the one catalogue, with a summary and a fix', () => {
    for (const code of [
      'IDENTITY_MISMATCH',
      'CREDENTIALS_NOT_FOUND',
      'PROFILE_NOT_FOUND',
      'PROFILE_MODE_UNSUPPORTED',
      'PROFILE_INCOMPLETE',
      'PROFILE_CHAIN_LOOP',
      'PROFILES_FILE_UNREADABLE',
      'PROFILES_FILE_INVALID',
      'REQUEST_TIMEOUT',
      'NON_JSON_RESPONSE',
      'CONNECTION_REFUSED',
    ]) {
      const entry = (CLOUD_ERROR_CODES as Record<string, { summary: string; fix: string }>)[code];
      expect(entry?.summary.length, code).toBeGreaterThan(10);
      expect(entry?.fix.length, code).toBeGreaterThan(5);
    }
    for (const code of Object.keys(CLOUD_ERROR_CODES)) expect(code).toMatch(/^[A-Z][A-Z0-9_]+$/);
  });
});

describe('AssumeRole and GetCallerIdentity over HTTP (canned STS)', () => {
  let server: CannedServer;
  beforeAll(async () => {
    server = await startCannedServer();
  });
  afterAll(async () => {
    await server.close();
  });
  afterEach(() => {
    server.requests.length = 0;
  });

  const stsAnswer = (expiresInMs = 3600_000) => ({
    status: 200,
    body: JSON.stringify({
      RequestId: 'R-ASSUME',
      AssumedRoleUser: { Arn: `acs:ram::${B}:role/vpclink/sess`, AssumedRoleId: '3000:sess' },
      Credentials: {
        AccessKeyId: 'STS.assumed',
        AccessKeySecret: 'assumedSecret-0123456789',
        SecurityToken: 'assumedToken-0123456789',
        Expiration: new Date(Date.now() + expiresInMs).toISOString(),
      },
    }),
  });

  it('a RamRoleArn profile assumes the role through our client, signed with the base keys, and caches the result', async () => {
    const path = await profilesFile({
      profiles: [
        {
          name: 'role-b',
          mode: 'RamRoleArn',
          access_key_id: 'LTAIbase',
          access_key_secret: 'secretBase-0123456789',
          ram_role_arn: `acs:ram::${B}:role/vpclink`,
          ram_session_name: 'vpclink-test',
          expired_seconds: 1800,
          external_id: 'ext-1',
        },
      ],
    });
    server.respond(stsAnswer());
    const provider = await credentialProviderFor(
      { accountId: B, profile: 'role-b' },
      { profilesFile: path, env: {}, target: { kind: 'endpoint', endpoint: server.endpoint } },
    );
    expect(provider.description).toBe("aliyun CLI profile 'role-b' (RamRoleArn)");
    const first = await provider.getCredentials();
    const second = await provider.getCredentials();
    expect(first).toEqual({
      accessKeyId: 'STS.assumed',
      accessKeySecret: 'assumedSecret-0123456789',
      securityToken: 'assumedToken-0123456789',
    });
    expect(second).toBe(first);
    expect(server.requests).toHaveLength(1);
    const request = server.requests[0]!;
    expect(request.params).toMatchObject({
      RoleArn: `acs:ram::${B}:role/vpclink`,
      RoleSessionName: 'vpclink-test',
      DurationSeconds: '1800',
      ExternalId: 'ext-1',
    });
    // Signature V3, the client's default (aliyun-links.md §3).
    expect(actionOf(request)).toBe('AssumeRole');
    expect(request.headers['x-acs-version']).toBe('2015-04-01');
    expect(accessKeyIdOf(request)).toBe('LTAIbase');
    expect(v3SignatureValid(request, 'secretBase-0123456789')).toBe(true);
  });

  it('ChainableRamRoleArn assumes with the source profile; a refused AssumeRole names the role and keeps the code', async () => {
    const path = await profilesFile({
      profiles: [
        { name: 'base', mode: 'AK', access_key_id: 'LTAIbase', access_key_secret: 'secretBase-0123456789' },
        {
          name: 'chain-b',
          mode: 'ChainableRamRoleArn',
          source_profile: 'base',
          ram_role_arn: `acs:ram::${B}:role/denied`,
          ram_session_name: 's',
        },
      ],
    });
    server.respond({
      status: 403,
      body: JSON.stringify({
        RequestId: 'R-DENY',
        Code: 'NoPermission',
        Message: 'You are not authorized to do this action. You should be authorized by RAM.',
      }),
    });
    const provider = await credentialProviderFor(
      { accountId: B, profile: 'chain-b' },
      { profilesFile: path, env: {}, target: { kind: 'endpoint', endpoint: server.endpoint } },
    );
    const error = await failure(provider.getCredentials());
    expect(error.code).toBe('NoPermission');
    expect(error.requestId).toBe('R-DENY');
    expect(error.message).toContain(`acs:ram::${B}:role/denied`);
    expect(error.message).toContain("aliyun CLI profile 'base' (AK)");
    expect(accessKeyIdOf(server.requests[0]!)).toBe('LTAIbase');
  });

  it('env keys + ALIBABA_CLOUD_ROLE_ARN of this account → AssumeRole; of another account → the keys as they are', async () => {
    server.respond(stsAnswer());
    const env = {
      ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAIenv',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET_ENV,
      ALIBABA_CLOUD_ROLE_ARN: `acs:ram::${B}:role/admin`,
    };
    const path = await profilesFile({ profiles: [] });
    const forB = await credentialProviderFor(
      { accountId: B },
      { profilesFile: path, env, target: { kind: 'endpoint', endpoint: server.endpoint } },
    );
    expect(forB.description).toContain(`acs:ram::${B}:role/admin`);
    expect((await forB.getCredentials()).securityToken).toBe('assumedToken-0123456789');
    const forA = await credentialProviderFor(
      { accountId: A },
      { profilesFile: path, env, target: { kind: 'endpoint', endpoint: server.endpoint } },
    );
    expect(await forA.getCredentials()).toEqual({ accessKeyId: 'LTAIenv', accessKeySecret: SECRET_ENV });
  });

  it('verifyCallerIdentity accepts the right account (a 16-digit JSON number) and refuses another with IDENTITY_MISMATCH', async () => {
    server.respond({
      status: 200,
      body: `{"RequestId":"R-ID","AccountId":${A},"Arn":"acs:ram::${A}:user/ops","IdentityType":"RAMUser","UserId":"2000"}`,
    });
    const client = createCloudClient({
      target: { kind: 'endpoint', endpoint: server.endpoint },
      credentials: {
        description: "aliyun CLI profile 'prod-a' (AK)",
        getCredentials: async () => ({ accessKeyId: 'LTAIaaaa', accessKeySecret: SECRET_A }),
      },
    });
    await expect(verifyCallerIdentity(client, A)).resolves.toEqual({
      accountId: A,
      arn: `acs:ram::${A}:user/ops`,
      identityType: 'RAMUser',
    });
    expect(actionOf(server.requests[0]!)).toBe('GetCallerIdentity');
    const error = await failure(verifyCallerIdentity(client, B));
    expect(error.code).toBe('IDENTITY_MISMATCH');
    expect(error.message).toContain(A);
    expect(error.message).toContain(B);
    expect(error.message).toContain("aliyun CLI profile 'prod-a' (AK)");
    expect(error.retryable).toBe(false);
    client.close?.();
  });
});
