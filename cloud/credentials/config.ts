/** Reading the aliyun CLI's `config.json` (aliyun-api.md §7.3). */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { FileReadError, readRegularFile } from '../files';
import type { AliyunConfig, AliyunProfile } from './index';
import { credentialsError } from './codes';

/** `~/.aliyun/config.json` for a home directory. */
export function defaultProfilesFile(home: string = homedir()): string {
  return join(home, '.aliyun', 'config.json');
}

/**
 * Reads and parses a profiles file. Rejects with CloudError `PROFILES_FILE_UNREADABLE` or
 * `PROFILES_FILE_INVALID`; messages give the path and a line/column, never file contents
 * (the file holds secrets).
 */
export async function loadAliyunConfig(path: string): Promise<AliyunConfig> {
  const absolute = resolve(path);
  let text: string;
  try {
    // Regular files only: a FIFO or a device as --profiles would hang (cloud/files/readRegular.ts).
    text = await readRegularFile(absolute);
  } catch (error) {
    const why = error instanceof FileReadError ? error.message : `cannot read (${(error as Error).message})`;
    throw credentialsError('PROFILES_FILE_UNREADABLE', `profiles file ${absolute}: ${why}`);
  }
  return parseAliyunConfig(text, absolute);
}

/** Parses the text of a profiles file (see loadAliyunConfig). `path` is only used in messages. */
export function parseAliyunConfig(text: string, path: string): AliyunConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    // V8's messages quote a piece of the text, which may be a secret: report only the position.
    const position = /position (\d+)/.exec(String((error as Error).message));
    const where = position ? ` at ${lineColumn(text, Number(position[1]))}` : '';
    throw credentialsError('PROFILES_FILE_INVALID', `profiles file ${path}: not valid JSON${where}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw credentialsError(
      'PROFILES_FILE_INVALID',
      `profiles file ${path}: expected a JSON object with a "profiles" list (the aliyun CLI format)`,
    );
  }
  const record = raw as Record<string, unknown>;
  if (!Array.isArray(record.profiles)) {
    throw credentialsError(
      'PROFILES_FILE_INVALID',
      `profiles file ${path}: "profiles" must be a list of profiles (the aliyun CLI format)`,
    );
  }
  const current = typeof record.current === 'string' && record.current !== '' ? record.current : undefined;
  const profiles = record.profiles.map((item, index) => parseProfile(item, index, path));
  return { path, ...(current !== undefined ? { current } : {}), profiles };
}

function parseProfile(item: unknown, index: number, path: string): AliyunProfile {
  const where = `profiles file ${path}: profiles[${index}]`;
  if (typeof item !== 'object' || item === null || Array.isArray(item))
    throw credentialsError('PROFILES_FILE_INVALID', `${where} is not an object`);
  const p = item as Record<string, unknown>;
  const str = (field: string): string => {
    const value = p[field];
    if (value === undefined || value === null) return '';
    if (typeof value === 'string') return value;
    if (typeof value === 'number') return String(value);
    throw credentialsError(
      'PROFILES_FILE_INVALID',
      `${where}.${field} must be text, found ${Array.isArray(value) ? 'a list' : typeof value}`,
    );
  };
  const name = str('name');
  if (name === '') throw credentialsError('PROFILES_FILE_INVALID', `${where} has no "name"`);
  const mode = str('mode');
  const regionId = optional(str('region_id'));
  const durationText = str('expired_seconds');
  let durationSeconds: number | undefined;
  if (durationText !== '' && durationText !== '0') {
    durationSeconds = Number(durationText);
    if (!Number.isInteger(durationSeconds) || durationSeconds < 0) {
      throw credentialsError(
        'PROFILES_FILE_INVALID',
        `${where} (profile '${name}').expired_seconds must be a whole number of seconds`,
      );
    }
  }
  const role = () => ({
    roleArn: str('ram_role_arn'),
    sessionName: str('ram_session_name'),
    ...opt('externalId', optional(str('external_id'))),
    ...opt('durationSeconds', durationSeconds),
    ...opt('stsRegion', optional(str('sts_region'))),
    ...opt('regionId', regionId),
  });
  // Modes are matched case-insensitively, like the aliyun CLI; an empty mode is the CLI's default, AK.
  switch (mode.toLowerCase()) {
    case '':
    case 'ak':
      return {
        kind: 'AK',
        name,
        accessKeyId: str('access_key_id'),
        accessKeySecret: str('access_key_secret'),
        ...opt('regionId', regionId),
      };
    case 'ststoken':
      return {
        kind: 'StsToken',
        name,
        accessKeyId: str('access_key_id'),
        accessKeySecret: str('access_key_secret'),
        securityToken: str('sts_token'),
        ...opt('regionId', regionId),
      };
    case 'ramrolearn':
      return {
        kind: 'RamRoleArn',
        name,
        accessKeyId: str('access_key_id'),
        accessKeySecret: str('access_key_secret'),
        ...opt('securityToken', optional(str('sts_token'))),
        ...role(),
      };
    case 'chainableramrolearn':
      return { kind: 'ChainableRamRoleArn', name, sourceProfile: str('source_profile'), ...role() };
    default:
      return { kind: 'unsupported', name, mode };
  }
}

function optional(value: string): string | undefined {
  return value === '' ? undefined : value;
}

function opt<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function lineColumn(text: string, position: number): string {
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  return `line ${line}, column ${column}`;
}
