/**
 * Where an account's keys come from, once for the CLI and the app: the user's choice (an aliyun
 * CLI profile, the environment, a RAM role, an AccessKey held in memory or in the OS keychain),
 * the sandbox's own keys, or — nothing chosen — the CLI's order (topology-format.md §3.4,
 * cloud/credentials `credentialProviderFor`). The host keeps the choice per account; this module
 * turns it into a provider. Failures are CloudErrors with a credentials code (never a secret in
 * the message), which the CLI prints and the host maps to CREDENTIALS_MISSING.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import type { CloudTarget, CredentialProvider, Credentials } from '../client';
import {
  assumeRoleProvider,
  credentialProviderFor,
  credentialsError,
  defaultProfilesFile,
  envCredentials,
  loadAliyunConfig,
  profileSummaries,
  resolveProfileProvider,
  saveAccessKeyProfile,
  staticProvider,
  type ProfileSummary,
} from '../credentials';
import type { Topology } from '../../simulator/document';

/** What a user chose for an account. `accessKey` holds a secret: keep it in process memory only. */
export type CredentialChoice =
  | { readonly kind: 'profile'; readonly profile: string }
  | { readonly kind: 'environment' }
  | { readonly kind: 'role'; readonly roleArn: string; readonly sourceProfile?: string; readonly sessionName?: string }
  | { readonly kind: 'accessKey'; readonly accessKeyId: string; readonly accessKeySecret: string }
  /** The AccessKey the user stored in the OS keychain for this account (Electron safeStorage). */
  | { readonly kind: 'keychain' };

/** A resolved credential source for one account on one target (may hold a secret: never log it). */
export type ResolvedSource =
  | { readonly kind: 'sandbox'; readonly accessKeyId: string; readonly accessKeySecret: string }
  | { readonly kind: 'user'; readonly source: CredentialChoice }
  /**
   * Nothing chosen: the CLI's order (topology-format.md §3.4, cloud/credentials):
   * `accounts[].profile`, a profile named by the account ID, ALIBABA_CLOUD_PROFILE, the environment.
   */
  | { readonly kind: 'default'; readonly profile?: string }
  | { readonly kind: 'none' };

/** Encrypted secrets kept by the desktop app (the OS keychain through Electron's safeStorage). */
export interface SecretVault {
  /** False when the OS offers no keychain (or in the browser mode): storing is refused. */
  available(): boolean;
  put(accountId: string, credentials: Credentials): Promise<void>;
  get(accountId: string): Promise<Credentials | undefined>;
}

export interface SourceContext {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Where AssumeRole calls go: the same target as the work itself. */
  readonly target: CloudTarget;
  /** The aliyun CLI config; default `~/.aliyun/config.json` under `homeDir`. */
  readonly profilesFile?: string;
  readonly homeDir?: string;
  /** The document, for `accounts[].profile` in the default order. */
  readonly document?: Topology;
  readonly vault?: SecretVault;
}

/** The aliyun CLI config file this context reads. */
export function profilesFileOf(context: Pick<SourceContext, 'profilesFile' | 'homeDir'>): string {
  return context.profilesFile ?? defaultProfilesFile(context.homeDir ?? homedir());
}

function missing(message: string): never {
  throw credentialsError('CREDENTIALS_NOT_FOUND', message);
}

/** The base keys of the environment, or a CREDENTIALS_NOT_FOUND naming what is wrong with them. */
function environmentProvider(env: SourceContext['env'], why: string): CredentialProvider {
  const found = envCredentials(env);
  if (found.kind === 'found') return staticProvider(found.credentials, found.description);
  return missing(
    found.kind === 'incomplete'
      ? `the environment keys are incomplete: ${found.message}`
      : `ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET are not set in the environment vpclink was started from${why}`,
  );
}

/** The provider for one account's resolved source. */
export async function providerForSource(
  accountId: string,
  source: ResolvedSource,
  context: SourceContext,
): Promise<CredentialProvider> {
  const credentialOptions = {
    env: context.env,
    target: context.target,
    ...(context.profilesFile ? { profilesFile: context.profilesFile } : {}),
    ...(context.homeDir ? { homeDir: context.homeDir } : {}),
  };
  const profiles = () => loadAliyunConfig(profilesFileOf(context));
  switch (source.kind) {
    case 'sandbox':
      return staticProvider(
        { accessKeyId: source.accessKeyId, accessKeySecret: source.accessKeySecret },
        `sandbox key ${source.accessKeyId}`,
      );
    case 'none':
      return missing(
        `account ${accountId} has no credentials on this target${context.target.kind === 'endpoint' ? ' (the sandbox does not know this account: reseed the sandbox from this document)' : ''}`,
      );
    case 'default': {
      const account = context.document?.accounts.find((a) => a.accountId === accountId) ?? {
        accountId,
        ...(source.profile ? { profile: source.profile } : {}),
      };
      return credentialProviderFor(account, credentialOptions);
    }
    case 'user': {
      const s = source.source;
      switch (s.kind) {
        case 'profile':
          return resolveProfileProvider(await profiles(), s.profile, credentialOptions);
        case 'environment':
          return environmentProvider(context.env, '');
        case 'role': {
          const base = s.sourceProfile
            ? resolveProfileProvider(await profiles(), s.sourceProfile, credentialOptions)
            : environmentProvider(context.env, `: assuming ${s.roleArn} needs base credentials (a source profile)`);
          return assumeRoleProvider({
            base,
            roleArn: s.roleArn,
            ...(s.sessionName ? { sessionName: s.sessionName } : {}),
            target: context.target,
            description: `role ${s.roleArn}`,
          });
        }
        case 'accessKey':
          return staticProvider(
            { accessKeyId: s.accessKeyId, accessKeySecret: s.accessKeySecret },
            'AccessKey typed into the app',
          );
        case 'keychain': {
          if (!context.vault?.available())
            return missing(`account ${accountId}: the OS keychain is not available in this mode`);
          const stored = await context.vault.get(accountId);
          if (!stored) return missing(`account ${accountId}: no AccessKey is stored in the OS keychain for it`);
          return staticProvider(stored, 'AccessKey from the OS keychain');
        }
      }
    }
  }
}

type FilesContext = Pick<SourceContext, 'env' | 'profilesFile' | 'homeDir' | 'vault'>;

/** What a credential picker offers: the profiles by name (no keys), whether the environment has keys, the keychain. */
export async function credentialOptionsOf(context: FilesContext): Promise<{
  readonly profilesFile: string;
  readonly profiles: readonly ProfileSummary[];
  readonly profilesProblem?: string;
  readonly environment: boolean;
  readonly keychain: boolean;
}> {
  const profilesFile = profilesFileOf(context);
  const base = {
    profilesFile,
    environment: envCredentials(context.env).kind === 'found',
    keychain: context.vault?.available() ?? false,
  };
  if (!existsSync(profilesFile)) return { ...base, profiles: [] };
  try {
    return { ...base, profiles: profileSummaries(await loadAliyunConfig(profilesFile)) };
  } catch (error) {
    // The reader's messages name the file and a line/column, never its content (it holds keys).
    return { ...base, profiles: [], profilesProblem: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Stores an AccessKey typed once: as an AK profile of the aliyun CLI config (default name
 * `vpclink-<account>`, never overwriting one) or in the vault. Answers the choice that finds it again.
 */
export async function storeAccessKey(
  context: FilesContext,
  request: {
    readonly accountId: string;
    readonly accessKeyId: string;
    readonly accessKeySecret: string;
    readonly store: 'aliyunProfile' | 'keychain';
    readonly profile?: string;
    readonly regionId?: string;
  },
): Promise<CredentialChoice> {
  const credentials = { accessKeyId: request.accessKeyId, accessKeySecret: request.accessKeySecret };
  if (request.store === 'keychain') {
    if (!context.vault?.available()) return missing('the OS keychain is not available here');
    await context.vault.put(request.accountId, credentials);
    return { kind: 'keychain' };
  }
  const profile = request.profile ?? `vpclink-${request.accountId}`;
  await saveAccessKeyProfile(profilesFileOf(context), {
    profile,
    credentials,
    ...(request.regionId ? { regionId: request.regionId } : {}),
  });
  return { kind: 'profile', profile };
}
