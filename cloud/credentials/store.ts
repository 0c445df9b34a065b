/**
 * The aliyun CLI config as a list to pick from, and an AccessKey stored the way the aliyun CLI
 * stores it (`aliyun configure --profile NAME --mode AK`: a profile in `~/.aliyun/config.json`,
 * aliyun-api.md §7.3), so the CLI, vpclink's CLI and the app all find it by the profile's name.
 * The document only ever names the profile.
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Credentials } from '../client';
import { FileReadError, readRegularFile, writeFileAtomic } from '../files';
import { credentialsError } from './codes';
import { parseAliyunConfig } from './config';
import type { AliyunConfig } from './index';

/** A profile as a picker shows it: its name, mode and region, never a key. */
export interface ProfileSummary {
  readonly name: string;
  /** `AK`, `StsToken`, `RamRoleArn`, `ChainableRamRoleArn`, or the unsupported mode's own name. */
  readonly mode: string;
  readonly regionId?: string;
  /** False for modes vpclink refuses (PROFILE_MODE_UNSUPPORTED). */
  readonly usable: boolean;
}

export function profileSummaries(config: AliyunConfig): ProfileSummary[] {
  return config.profiles.map((p) => ({
    name: p.name,
    mode: p.kind === 'unsupported' ? p.mode : p.kind,
    ...(p.kind !== 'unsupported' && p.regionId ? { regionId: p.regionId } : {}),
    usable: p.kind !== 'unsupported',
  }));
}

/** Profile names the aliyun CLI accepts (`aliyun configure --profile`); ours are `vpclink-<account>`. */
const PROFILE_NAME = /^[A-Za-z0-9._-]{1,64}$/;

export interface SaveAccessKeyOptions {
  readonly profile: string;
  readonly credentials: Credentials;
  readonly regionId?: string;
  /** Replace a profile of that name; without it an existing profile is never overwritten. */
  readonly replace?: boolean;
}

/**
 * Adds (or, with `replace`, replaces) an AK profile in the aliyun CLI config at `path`, creating
 * the file (0600, folder 0700) when there is none. Other profiles and fields are kept as they are;
 * the write is atomic. Messages name the file and the profile, never a key.
 */
export async function saveAccessKeyProfile(path: string, options: SaveAccessKeyOptions): Promise<void> {
  const { profile, credentials } = options;
  if (!PROFILE_NAME.test(profile))
    throw credentialsError(
      'PROFILE_INCOMPLETE',
      `profile name "${profile}" is not one the aliyun CLI accepts (1–64 of A-Z a-z 0-9 . _ -)`,
    );
  let text: string | undefined;
  try {
    text = await readRegularFile(path);
  } catch (error) {
    if (!(error instanceof FileReadError && error.problem === 'not-found'))
      throw credentialsError(
        'PROFILES_FILE_UNREADABLE',
        `profiles file ${path}: ${error instanceof Error ? error.message : String(error)}`,
      );
  }
  // Parsed once to refuse a broken file with the reader's own message (line and column, no content).
  const parsed = text === undefined ? undefined : parseAliyunConfig(text, path);
  const raw: Record<string, unknown> = text === undefined ? {} : (JSON.parse(text.replace(/^\uFEFF/, '')) as never);
  const profiles = (Array.isArray(raw.profiles) ? raw.profiles : []) as Record<string, unknown>[];
  const existing = profiles.findIndex((p) => p.name === profile);
  if (existing >= 0 && !options.replace)
    throw credentialsError(
      'PROFILE_EXISTS',
      `profile "${profile}" already exists in ${path}: pick another name (vpclink never overwrites a profile unasked)`,
    );
  // The fields `aliyun configure --mode AK` writes (aliyun-api.md §7.3).
  const entry = {
    name: profile,
    mode: 'AK',
    access_key_id: credentials.accessKeyId,
    access_key_secret: credentials.accessKeySecret,
    region_id: options.regionId ?? '',
    output_format: 'json',
    language: 'en',
  };
  const next = existing >= 0 ? profiles.map((p, i) => (i === existing ? entry : p)) : [...profiles, entry];
  const out = {
    ...raw,
    current: typeof raw.current === 'string' && raw.current !== '' ? raw.current : profile,
    profiles: next,
    ...(parsed ? {} : { meta_path: '' }),
  };
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await writeFileAtomic(path, `${JSON.stringify(out, null, 2)}\n`, { mode: 0o600 });
}
