/**
 * cloud/credentials — where the keys for each account of a document come from, and the identity
 * check before anything changes (topology-format.md §3.4, aliyun-api.md §7.3, §7.4).
 *
 * For an account the source is, in order:
 *   1. `accounts[].profile` — that profile of the aliyun CLI config file must exist;
 *   2. a profile whose name is the account ID;
 *   3. the profile named by `ALIBABA_CLOUD_PROFILE` (also `ALIBABACLOUD_PROFILE`, `ALICLOUD_PROFILE`);
 *   4. the environment: `ALIBABA_CLOUD_ACCESS_KEY_ID` / `ALIBABA_CLOUD_ACCESS_KEY_SECRET`
 *      (+ `ALIBABA_CLOUD_SECURITY_TOKEN`), with the aliyun CLI's fallback names; when
 *      `ALIBABA_CLOUD_ROLE_ARN` names a role of this account, an STS AssumeRole into it.
 * Profile modes: `AK`, `StsToken`, `RamRoleArn`, `ChainableRamRoleArn` (AssumeRole runs through
 * cloud/client against the same target, so it works with the sandbox's http endpoint too).
 *
 * These readers are vpclink's own rather than @alicloud/credentials' providers, for measured
 * reasons written down in the README ("Why not @alicloud/credentials"): its RAM-role provider
 * cannot reach an http:// sandbox, and its profile provider reads only ~/.aliyun/config.json and
 * process.env and falls back to the file's `current` profile.
 *
 * Secrets never leave this module except inside `Credentials` handed to cloud/client: provider
 * descriptions and error messages name files, profiles and variables, never values.
 */
export { CLOUD_ERROR_CODES, INPUT_ERROR_CODES, isInputError, type CloudErrorCode, credentialsError } from './codes';
export { loadAliyunConfig, parseAliyunConfig, defaultProfilesFile } from './config';
export { staticProvider, assumeRoleProvider, type AssumeRoleOptions } from './providers';
export { credentialProviderFor, resolveProfileProvider, envCredentials } from './resolve';
export { verifyCallerIdentity, type CallerIdentity } from './identity';
export { profileSummaries, saveAccessKeyProfile, type ProfileSummary } from './store';

import type { CloudTarget } from '../client';

/** One profile of `~/.aliyun/config.json`, parsed (aliyun-api.md §7.3). Holds secrets: never log. */
export type AliyunProfile =
  | {
      readonly kind: 'AK';
      readonly name: string;
      readonly accessKeyId: string;
      readonly accessKeySecret: string;
      readonly regionId?: string;
    }
  | {
      readonly kind: 'StsToken';
      readonly name: string;
      readonly accessKeyId: string;
      readonly accessKeySecret: string;
      readonly securityToken: string;
      readonly regionId?: string;
    }
  | {
      readonly kind: 'RamRoleArn';
      readonly name: string;
      readonly accessKeyId: string;
      readonly accessKeySecret: string;
      /** Set when the profile itself carries an STS token for the base identity. */
      readonly securityToken?: string;
      readonly roleArn: string;
      readonly sessionName: string;
      readonly externalId?: string;
      /** `expired_seconds`; AssumeRole's DurationSeconds (≥ 900; default 3600). */
      readonly durationSeconds?: number;
      /** `sts_region`: use `sts.<region>.aliyuncs.com` instead of the central endpoint. */
      readonly stsRegion?: string;
      readonly regionId?: string;
    }
  | {
      readonly kind: 'ChainableRamRoleArn';
      readonly name: string;
      /** The profile whose credentials assume the role. */
      readonly sourceProfile: string;
      readonly roleArn: string;
      readonly sessionName: string;
      readonly externalId?: string;
      readonly durationSeconds?: number;
      readonly stsRegion?: string;
      readonly regionId?: string;
    }
  /** Any other mode (EcsRamRole, OIDC, CloudSSO, External …): refused with PROFILE_MODE_UNSUPPORTED when used. */
  | { readonly kind: 'unsupported'; readonly name: string; readonly mode: string };

export interface AliyunConfig {
  /** The file it was read from (absolute). */
  readonly path: string;
  /** The file's `current` profile name, if any. vpclink does not fall back to it (see credentialProviderFor). */
  readonly current?: string;
  readonly profiles: readonly AliyunProfile[];
}

export interface AccountCredentialOptions {
  /** The aliyun CLI config file. Default `~/.aliyun/config.json` (`--profiles FILE`). */
  readonly profilesFile?: string;
  /** The environment to read variables from (the CLI passes its io.env). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Where AssumeRole calls go (the same target as the work itself). */
  readonly target: CloudTarget;
  /** Home directory for the default profiles file. Default `os.homedir()`. */
  readonly homeDir?: string;
  /** Timeout for STS calls made to obtain credentials. */
  readonly timeoutMs?: number;
}
