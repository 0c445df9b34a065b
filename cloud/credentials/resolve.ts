/** Choosing the credential source of an account (topology-format.md §3.4, aliyun-api.md §7.3). */
import { homedir } from 'node:os';
import { resolve as resolvePath } from 'node:path';
import type { Account } from '../../simulator/document';
import { CloudError, type CredentialProvider, type Credentials } from '../client';
import { credentialsError } from './codes';
import { defaultProfilesFile, loadAliyunConfig } from './config';
import type { AccountCredentialOptions, AliyunConfig, AliyunProfile } from './index';
import { assumeRoleProvider, staticProvider } from './providers';

// Variable names in the aliyun CLI's order of preference (§7.3).
const ENV_ACCESS_KEY_ID = [
  'ALIBABA_CLOUD_ACCESS_KEY_ID',
  'ALIBABACLOUD_ACCESS_KEY_ID',
  'ALICLOUD_ACCESS_KEY_ID',
  'ACCESS_KEY_ID',
];
const ENV_ACCESS_KEY_SECRET = [
  'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
  'ALIBABACLOUD_ACCESS_KEY_SECRET',
  'ALICLOUD_ACCESS_KEY_SECRET',
  'ACCESS_KEY_SECRET',
];
const ENV_SECURITY_TOKEN = [
  'ALIBABA_CLOUD_SECURITY_TOKEN',
  'ALIBABACLOUD_SECURITY_TOKEN',
  'ALICLOUD_SECURITY_TOKEN',
  'SECURITY_TOKEN',
];
const ENV_PROFILE = ['ALIBABA_CLOUD_PROFILE', 'ALIBABACLOUD_PROFILE', 'ALICLOUD_PROFILE'];

type Env = Readonly<Record<string, string | undefined>>;

function firstSet(env: Env, names: readonly string[]): { name: string; value: string } | undefined {
  for (const name of names) {
    const value = env[name];
    if (value !== undefined && value !== '') return { name, value };
  }
  return undefined;
}

/**
 * Keys from the environment as the aliyun CLI reads them, with the names of the variables used
 * (for messages). `incomplete` names a half-set pair.
 */
export function envCredentials(
  env: Env,
):
  | { kind: 'found'; credentials: Credentials; description: string }
  | { kind: 'incomplete'; message: string }
  | { kind: 'absent' } {
  const id = firstSet(env, ENV_ACCESS_KEY_ID);
  const secret = firstSet(env, ENV_ACCESS_KEY_SECRET);
  const token = firstSet(env, ENV_SECURITY_TOKEN);
  if (!id && !secret) return { kind: 'absent' };
  if (!id) return { kind: 'incomplete', message: `${secret!.name} is set but ${ENV_ACCESS_KEY_ID[0]} is not` };
  if (!secret) return { kind: 'incomplete', message: `${id.name} is set but ${ENV_ACCESS_KEY_SECRET[0]} is not` };
  return {
    kind: 'found',
    credentials: {
      accessKeyId: id.value,
      accessKeySecret: secret.value,
      ...(token ? { securityToken: token.value } : {}),
    },
    description: `environment variables ${id.name}/${secret.name}${token ? `/${token.name}` : ''}`,
  };
}

/**
 * The credential provider for one account of a document. Order: `account.profile` (must exist),
 * a profile named by the account ID, the profile named by `ALIBABA_CLOUD_PROFILE`, then the
 * environment's keys (with an AssumeRole when `ALIBABA_CLOUD_ROLE_ARN` names a role of this
 * account). The file's `current` profile is never used implicitly: in a multi-account document it
 * would silently serve the wrong account. Rejects with a CloudError (CREDENTIALS_NOT_FOUND,
 * PROFILE_NOT_FOUND, PROFILE_MODE_UNSUPPORTED, PROFILE_INCOMPLETE, PROFILES_FILE_*) whose
 * message says which file, which profile names and which variables were tried.
 */
export async function credentialProviderFor(
  account: Account,
  options: AccountCredentialOptions,
): Promise<CredentialProvider> {
  const explicitFile = options.profilesFile !== undefined;
  const file = explicitFile ? resolvePath(options.profilesFile!) : defaultProfilesFile(options.homeDir ?? homedir());
  const accountLabel = `account ${account.accountId}${account.name ? ` (${account.name})` : ''}`;

  let config: AliyunConfig | undefined;
  let fileNote = '';
  try {
    config = await loadAliyunConfig(file);
  } catch (error) {
    // A missing default file is normal (keys in the environment); a missing --profiles file is not.
    if (
      !explicitFile &&
      error instanceof CloudError &&
      error.code === 'PROFILES_FILE_UNREADABLE' &&
      error.message.endsWith('no such file')
    ) {
      fileNote = `${file} does not exist`;
    } else {
      throw error;
    }
  }
  const names = config ? config.profiles.map((p) => p.name) : [];
  const inventory = config
    ? names.length
      ? `profiles there: ${names.map((n) => `'${n}'`).join(', ')}`
      : 'it has no profiles'
    : fileNote;

  if (account.profile !== undefined && account.profile !== '') {
    if (!config || !names.includes(account.profile)) {
      throw credentialsError(
        'PROFILE_NOT_FOUND',
        `${accountLabel}: profile '${account.profile}' (set in accounts[].profile) is not in ${file} (${inventory})`,
      );
    }
    return resolveProfileProvider(config, account.profile, options);
  }
  if (config && names.includes(account.accountId)) return resolveProfileProvider(config, account.accountId, options);

  const envProfile = firstSet(options.env, ENV_PROFILE);
  if (envProfile) {
    if (!config || !names.includes(envProfile.value)) {
      throw credentialsError(
        'PROFILE_NOT_FOUND',
        `${accountLabel}: profile '${envProfile.value}' (from ${envProfile.name}) is not in ${file} (${inventory})`,
      );
    }
    return resolveProfileProvider(config, envProfile.value, options);
  }

  const fromEnv = envCredentials(options.env);
  if (fromEnv.kind === 'found') {
    const base = staticProvider(fromEnv.credentials, fromEnv.description);
    const roleArn = options.env.ALIBABA_CLOUD_ROLE_ARN;
    if (roleArn && roleAccount(roleArn) === account.accountId) {
      const sessionName = options.env.ALIBABA_CLOUD_ROLE_SESSION_NAME;
      const externalId = options.env.ALIBABA_CLOUD_EXTERNAL_ID;
      const stsRegion = options.env.ALIBABA_CLOUD_STS_REGION;
      return assumeRoleProvider({
        base,
        roleArn,
        ...(sessionName ? { sessionName } : {}),
        ...(externalId ? { externalId } : {}),
        ...(stsRegion ? { stsRegion } : {}),
        target: options.target,
        ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
        description: `role ${roleArn} (ALIBABA_CLOUD_ROLE_ARN) assumed with ${fromEnv.description}`,
      });
    }
    return base;
  }

  const tried = [
    `profile '${account.accountId}' in ${file} (${inventory})`,
    `${ENV_PROFILE[0]} (not set)`,
    fromEnv.kind === 'incomplete'
      ? `environment keys (${fromEnv.message})`
      : `environment variables ${ENV_ACCESS_KEY_ID[0]} and ${ENV_ACCESS_KEY_SECRET[0]} (not set)`,
  ];
  const currentHint = config?.current
    ? ` The file's current profile '${config.current}' is not used automatically; set accounts[].profile to "${config.current}" if it belongs to this account.`
    : '';
  throw credentialsError(
    'CREDENTIALS_NOT_FOUND',
    `${accountLabel}: no credentials found. Tried: ${tried.join('; ')}.${currentHint} Add a profile named ${account.accountId} (aliyun configure ` +
      `--profile ${account.accountId}), set accounts[].profile, or export the variables.`,
  );
}

/** The account ID in a role ARN `acs:ram::<accountId>:role/<name>`, if it has that shape. */
function roleAccount(arn: string): string | undefined {
  return /^acs:ram::([^:]+):role\//.exec(arn)?.[1];
}

/**
 * The provider for a named profile of a loaded config. Follows ChainableRamRoleArn's
 * `source_profile` (loops are refused). Fields left empty in AK/StsToken/RamRoleArn profiles fall
 * back to the environment like the aliyun CLI (§7.3).
 */
export function resolveProfileProvider(
  config: AliyunConfig,
  name: string,
  options: AccountCredentialOptions,
  chain: readonly string[] = [],
): CredentialProvider {
  if (chain.includes(name)) {
    throw credentialsError(
      'PROFILE_CHAIN_LOOP',
      `profile '${chain[0]}': source_profile chain loops back to '${name}' (${[...chain, name].join(' → ')}) in ${config.path}`,
    );
  }
  const profile = config.profiles.find((p) => p.name === name);
  if (!profile) {
    const via = chain.length ? ` (source_profile of '${chain[chain.length - 1]}')` : '';
    throw credentialsError('PROFILE_NOT_FOUND', `profile '${name}'${via} is not in ${config.path}`);
  }
  const label = `aliyun CLI profile '${profile.name}' (${profile.kind === 'unsupported' ? profile.mode : profile.kind})`;
  const env = options.env;
  const keys = (p: { accessKeyId: string; accessKeySecret: string }): Credentials => {
    const accessKeyId = p.accessKeyId || firstSet(env, ENV_ACCESS_KEY_ID)?.value || '';
    const accessKeySecret = p.accessKeySecret || firstSet(env, ENV_ACCESS_KEY_SECRET)?.value || '';
    if (!accessKeyId) throw incomplete(profile, 'access_key_id', config.path);
    if (!accessKeySecret) throw incomplete(profile, 'access_key_secret', config.path);
    return { accessKeyId, accessKeySecret };
  };
  const role = (
    p: { roleArn: string; sessionName: string; externalId?: string; durationSeconds?: number; stsRegion?: string },
    base: CredentialProvider,
  ) => {
    if (!p.roleArn) throw incomplete(profile, 'ram_role_arn', config.path);
    if (p.durationSeconds !== undefined && p.durationSeconds < 900) {
      throw credentialsError(
        'PROFILE_INCOMPLETE',
        `${label} in ${config.path}: expired_seconds ${p.durationSeconds} is below STS's minimum of 900`,
      );
    }
    return assumeRoleProvider({
      base,
      roleArn: p.roleArn,
      ...(p.sessionName ? { sessionName: p.sessionName } : {}),
      ...(p.externalId ? { externalId: p.externalId } : {}),
      ...(p.durationSeconds !== undefined ? { durationSeconds: p.durationSeconds } : {}),
      ...(p.stsRegion ? { stsRegion: p.stsRegion } : {}),
      target: options.target,
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      description: label,
    });
  };
  switch (profile.kind) {
    case 'AK':
      return staticProvider(keys(profile), label);
    case 'StsToken': {
      const securityToken = profile.securityToken || firstSet(env, ENV_SECURITY_TOKEN)?.value || '';
      if (!securityToken) throw incomplete(profile, 'sts_token', config.path);
      return staticProvider({ ...keys(profile), securityToken }, label);
    }
    case 'RamRoleArn': {
      const base = staticProvider(
        { ...keys(profile), ...(profile.securityToken ? { securityToken: profile.securityToken } : {}) },
        `the keys of ${label}`,
      );
      return role(profile, base);
    }
    case 'ChainableRamRoleArn': {
      if (!profile.sourceProfile) throw incomplete(profile, 'source_profile', config.path);
      const base = resolveProfileProvider(config, profile.sourceProfile, options, [...chain, name]);
      return role(profile, base);
    }
    case 'unsupported':
      throw credentialsError(
        'PROFILE_MODE_UNSUPPORTED',
        `profile '${profile.name}' in ${config.path} uses mode '${profile.mode}', which vpclink does not support (supported: AK, StsToken, RamRoleArn, ChainableRamRoleArn)`,
      );
  }
}

function incomplete(profile: AliyunProfile, field: string, path: string): CloudError {
  const mode = profile.kind === 'unsupported' ? profile.mode : profile.kind;
  return credentialsError('PROFILE_INCOMPLETE', `profile '${profile.name}' (${mode}) in ${path} has no ${field}`);
}
