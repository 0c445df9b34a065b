/** The Accounts panel's host side for the real cloud: sources, descriptions, no secrets out, clear failures (no network). */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostEvent } from '../../electron/common/hostApi';
import { createCloudHost } from '../../electron/web/cloudHost';
import { describeSource, maskKeyId } from '../../electron/web/cloudViews';
import { defaultCloudWiring } from '../../electron/web/cloudEngines';
import { createEventHub } from '../../electron/web/events';
import { HostFailure } from '../../electron/web/errors';
import { ROOT, tempDir } from './helpers';

const A = '1231579085529123';
const SECRET = 'TopSecretValue123456789';
let work: { dir: string; cleanup: () => Promise<void> };
let text: string;

beforeAll(async () => {
  work = await tempDir('vpclink-cred-');
  text = await readFile(join(ROOT, 'examples', 'cross-account.vpclink.json'), 'utf8');
});
afterAll(async () => work.cleanup());

function host(env: Record<string, string> = {}) {
  const events = createEventHub();
  const seen: HostEvent[] = [];
  events.subscribe((e) => seen.push(e));
  const wiring = defaultCloudWiring(
    { XDG_CONFIG_HOME: join(work.dir, 'cfg'), ...env },
    { homeDir: work.dir, profilesFile: join(work.dir, 'profiles.json') },
  );
  return { cloud: createCloudHost({ events, engines: wiring.engines }), seen };
}

describe('credential sources for the real cloud', () => {
  it('defaults to the CLI’s order, naming accounts[].profile when the document sets one', async () => {
    const { cloud } = host();
    const withProfile = text.replace(
      '"name": "Account A (initiator)"',
      '"name": "Account A (initiator)", "profile": "prod-a"',
    );
    const accounts = await cloud.getAccountCredentials('aliyun', withProfile);
    expect(accounts[0]).toMatchObject({
      accountId: A,
      source: { kind: 'profile', profile: 'prod-a' },
      status: { kind: 'unchecked' },
    });
    expect(accounts[1]!.source.description).toContain('profile named by the account ID');
  });

  it('keeps a typed-in AccessKey in memory only: descriptions mask the ID and never hold the secret', async () => {
    const { cloud, seen } = host();
    const view = await cloud.setAccountCredentialSource(A, {
      kind: 'accessKey',
      accessKeyId: 'FAKE5tABCDEFGH9xQ',
      accessKeySecret: SECRET,
    });
    expect(view.source).toEqual({ kind: 'accessKey', description: 'AccessKey FAKE…9xQ (this session only)' });
    const all = JSON.stringify([
      view,
      await cloud.getAccountCredentials('aliyun', text),
      await cloud.listTargets(),
      seen,
    ]);
    expect(all).not.toContain(SECRET);
    expect(all).not.toContain('FAKE5tABCDEFGH9xQ');
    // Choosing a source makes the real cloud usable as a target.
    expect((await cloud.listTargets()).find((t) => t.id === 'aliyun')!.available).toBe(true);
    expect(seen.some((e) => e.kind === 'targets.changed')).toBe(true);
  });

  it.each([
    [{ kind: 'profile', profile: 'prod-a' } as const, 'aliyun CLI profile "prod-a"'],
    [{ kind: 'environment' } as const, 'environment variables (ALIBABA_CLOUD_ACCESS_KEY_ID …)'],
    [
      { kind: 'role', roleArn: `acs:ram::${A}:role/vpclink`, sourceProfile: 'base' } as const,
      `role acs:ram::${A}:role/vpclink via profile "base"`,
    ],
  ])('describes %j', (source, description) => {
    expect(describeSource({ kind: 'user', source }).description).toBe(description);
  });

  it('reports a missing profile, missing environment keys and a role without base credentials as CREDENTIALS_MISSING, without calling the cloud', async () => {
    const { cloud } = host();
    await writeFile(join(work.dir, 'profiles.json'), JSON.stringify({ current: 'x', profiles: [] }));
    await cloud.setAccountCredentialSource(A, { kind: 'environment' });
    expect((await cloud.checkIdentity('aliyun', A)).status).toMatchObject({
      kind: 'failed',
      error: { code: 'CREDENTIALS_MISSING' },
    });
    await cloud.setAccountCredentialSource(A, { kind: 'profile', profile: 'nope' });
    const profile = (await cloud.checkIdentity('aliyun', A)).status;
    expect(profile).toMatchObject({
      kind: 'failed',
      error: { code: 'CREDENTIALS_MISSING', cloudCode: 'PROFILE_NOT_FOUND' },
    });
    expect(profile.kind === 'failed' && profile.error.message).toContain("'nope'");
    await cloud.setAccountCredentialSource(A, { kind: 'role', roleArn: `acs:ram::${A}:role/x` });
    expect((await cloud.checkIdentity('aliyun', A)).status).toMatchObject({
      kind: 'failed',
      error: { code: 'CREDENTIALS_MISSING' },
    });
  });

  it('treats environment keys as credentials for the real cloud', async () => {
    // No profiles file: the environment alone makes the real cloud usable.
    await rm(join(work.dir, 'profiles.json'), { force: true });
    const { cloud } = host({ ALIBABA_CLOUD_ACCESS_KEY_ID: 'FAKEexample0001', ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET });
    expect((await cloud.listTargets()).map((t) => [t.id, t.available])).toEqual([['aliyun', true]]);
  });

  it('refuses an unknown target and a document that is not a topology', async () => {
    const { cloud } = host();
    const unknown = await cloud.getAccountCredentials('sandbox', text).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(HostFailure);
    expect((unknown as HostFailure).error.code).toBe('UNKNOWN_TARGET');
    const bad = await cloud.plan('aliyun', '{"format":"x"}').catch((e: unknown) => e);
    expect((bad as HostFailure).error.code).toBe('DOCUMENT_INVALID');
  });

  it('masks key IDs', () => {
    expect(maskKeyId('FAKE5tABCDEFGH9xQ')).toBe('FAKE…9xQ');
    expect(maskKeyId('short')).toBe('…');
  });
});
