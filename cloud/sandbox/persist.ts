/**
 * The sandbox's state file (`vpclink sandbox --state FILE`): atomic writes (temp file in the same
 * directory + rename), and a strict load. A malformed file is refused with a message naming the
 * file and the field (exit 2 in the CLI) before anything starts, and it is never overwritten:
 * the sandbox only saves after a successful load (issue 10, defect 5).
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { FileReadError, readRegularFile, writeFileAtomic as writeFileAtomicInPlace } from '../files';
import { jsonNestingProblem } from '../../simulator/document';
import type { WorldState } from './world';

/** The one atomic writer of `cloud/files`, after creating the state file's folder if needed. */
export async function writeFileAtomic(path: string, text: string, mode = 0o644): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomicInPlace(path, text, { mode });
}

/** The state file cannot be used; the message starts with the path and names the field. */
export class SandboxStateError extends Error {
  override readonly name = 'SandboxStateError';
}

/**
 * What a field of a state record must hold. Hand-written rather than zod: cloud/ may not import
 * zod (design.md §2), and the engine only needs the fields it dereferences to be typed.
 */
type FieldRule = 'string' | 'string?' | 'number' | 'string[]' | 'array' | 'object' | readonly string[];
type RecordRules = Readonly<Record<string, FieldRule>>;

const RULES: Readonly<Record<string, RecordRules>> = {
  accounts: { accountId: 'string', name: 'string?', accessKeys: 'array', roles: 'string[]' },
  vpcs: {
    vpcId: 'string',
    accountId: 'string',
    regionId: 'string',
    cidrBlock: 'string',
    secondaryCidrBlocks: 'string[]',
    vRouterId: 'string',
    name: 'string',
    description: 'string',
    creationTime: 'string',
  },
  vSwitches: {
    vSwitchId: 'string',
    vpcId: 'string',
    zoneId: 'string',
    cidrBlock: 'string',
    name: 'string',
    routeTableId: 'string?',
    creationTime: 'string',
  },
  routeTables: {
    routeTableId: 'string',
    vpcId: 'string',
    routeTableType: ['System', 'Custom'],
    name: 'string',
    creationTime: 'string',
  },
  routeEntries: {
    routeEntryId: 'string',
    routeTableId: 'string',
    destinationCidrBlock: 'string',
    nextHopType: 'string',
    nextHopId: 'string',
    status: ['Pending', 'Available', 'Modifying', 'Deleting'],
    routeEntryName: 'string',
    description: 'string',
    creationTime: 'string',
  },
  routerInterfaces: {
    routerInterfaceId: 'string',
    accountId: 'string',
    regionId: 'string',
    routerType: ['VRouter', 'VBR'],
    routerId: 'string',
    role: ['InitiatingSide', 'AcceptingSide'],
    spec: 'string',
    status: 'string',
    oppositeRegionId: 'string',
    oppositeInterfaceId: 'string?',
    oppositeRouterId: 'string?',
    oppositeInterfaceOwnerId: 'string?',
    name: 'string',
    description: 'string',
    creationTime: 'string',
    connectedTime: 'string',
    healthCheckSourceIp: 'string',
    healthCheckTargetIp: 'string',
  },
  securityGroups: {
    securityGroupId: 'string',
    vpcId: 'string',
    securityGroupType: ['normal', 'enterprise'],
    innerAccessPolicy: ['Accept', 'Drop'],
    name: 'string',
    description: 'string',
    creationTime: 'string',
  },
  rules: {
    securityGroupRuleId: 'string',
    securityGroupId: 'string',
    createTime: 'string',
    direction: ['ingress', 'egress'],
    ipProtocol: ['TCP', 'UDP', 'ICMP', 'GRE', 'ALL'],
    portRange: 'string',
    policy: ['Accept', 'Drop'],
    priority: 'number',
    nicType: ['intranet'],
    sourceCidrIp: 'string?',
    sourceGroupId: 'string?',
    sourceGroupOwnerAccount: 'string?',
    destCidrIp: 'string?',
    destGroupId: 'string?',
    destGroupOwnerAccount: 'string?',
    description: 'string?',
  },
  instances: {
    instanceId: 'string',
    vSwitchId: 'string',
    privateIpAddress: 'string',
    securityGroupIds: 'string[]',
    name: 'string',
    status: 'string',
    creationTime: 'string',
  },
  tasks: { id: 'number', dueAt: 'number', kind: ['routerInterface', 'routeEntry', 'vpcPeer'], status: 'string' },
  sessions: {
    accessKeyId: 'string',
    accessKeySecret: 'string',
    securityToken: 'string',
    accountId: 'string',
    roleName: 'string',
    roleId: 'string',
    sessionName: 'string',
    expiration: 'number',
  },
  idempotency: {
    accountId: 'string',
    clientToken: 'string',
    action: 'string',
    fingerprint: 'string',
    response: 'object',
  },
};

/** Record arrays that older state files do not have: checked only when present. */
const OPTIONAL_RULES: Readonly<Record<string, RecordRules>> = {
  vpcPeerConnections: {
    instanceId: 'string',
    accountId: 'string',
    regionId: 'string',
    vpcId: 'string',
    acceptingOwnerUid: 'string',
    acceptingRegionId: 'string',
    acceptingVpcId: 'string',
    name: 'string',
    description: 'string',
    bandwidth: 'number',
    linkType: 'string',
    status: ['Creating', 'Accepting', 'Updating', 'Rejected', 'Expired', 'Activated', 'Deleting'],
    resourceGroupId: 'string',
    gmtCreate: 'string',
    gmtModified: 'string',
    gmtExpired: 'string',
  },
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Why `value` breaks `rule`, or null. */
function ruleProblem(value: unknown, rule: FieldRule): string | null {
  if (typeof rule !== 'string') {
    return typeof value === 'string' && rule.includes(value)
      ? null
      : `must be one of ${rule.join(', ')}, found ${JSON.stringify(value) ?? 'nothing'}`;
  }
  switch (rule) {
    case 'string':
      return typeof value === 'string' ? null : `must be a string, found ${describe(value)}`;
    case 'string?':
      return value === undefined || typeof value === 'string' ? null : `must be a string, found ${describe(value)}`;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? null : `must be a number, found ${describe(value)}`;
    case 'string[]':
      return Array.isArray(value) && value.every((v) => typeof v === 'string')
        ? null
        : `must be an array of strings, found ${describe(value)}`;
    case 'array':
      return Array.isArray(value) ? null : `must be an array, found ${describe(value)}`;
    case 'object':
      return typeof value === 'object' && value !== null
        ? null
        : `must be an object or array, found ${describe(value)}`;
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value).slice(0, 40)}`;
}

/** The first problem of the record arrays, as `"key"[i].field: problem`. */
function recordsProblem(record: Record<string, unknown>): string | null {
  const present = Object.entries(OPTIONAL_RULES).filter(([key]) => record[key] !== undefined);
  for (const [key, rules] of [...Object.entries(RULES), ...present]) {
    const list = record[key];
    if (!Array.isArray(list)) return `"${key}": must be an array, found ${describe(list)}`;
    for (const [i, item] of list.entries()) {
      if (!isRecord(item)) return `"${key}"[${i}]: must be an object, found ${describe(item)}`;
      for (const [field, rule] of Object.entries(rules)) {
        const problem = ruleProblem(item[field], rule);
        if (problem) return `"${key}"[${i}].${field}: ${problem}`;
      }
    }
  }
  return null;
}

/** Checks a parsed JSON value; a string says what is wrong (field first). */
function parseStateFileValue(value: unknown): WorldState | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const record = value as Record<string, unknown>;
  if (record.format !== 'vpclink/sandbox-state')
    return 'not a sandbox state file (no "format": "vpclink/sandbox-state")';
  if (record.version !== 1) return `unsupported state version ${JSON.stringify(record.version)} (this sandbox reads 1)`;
  for (const [field, rule] of [
    ['now', 'number'],
    ['nextTaskId', 'number'],
  ] as const) {
    const problem = ruleProblem(record[field], rule);
    if (problem) return `"${field}": ${problem}`;
  }
  if (!Array.isArray(record.rng) || record.rng.length !== 4 || !record.rng.every((n) => typeof n === 'number'))
    return '"rng": must be an array of 4 numbers';
  const problem = recordsProblem(record);
  if (problem) return problem;
  const state = value as WorldState;
  for (const [i, account] of state.accounts.entries()) {
    if (account.accessKeys.length === 0) return `"accounts"[${i}].accessKeys: needs at least one key`;
    for (const [k, key] of account.accessKeys.entries()) {
      if (!isRecord(key) || typeof key.accessKeyId !== 'string' || typeof key.accessKeySecret !== 'string')
        return `"accounts"[${i}].accessKeys[${k}]: must be { "accessKeyId": string, "accessKeySecret": string }`;
    }
  }
  // References the engine follows without checking: a dangling one would crash it later.
  const vpcIds = new Set(state.vpcs.map((v) => v.vpcId));
  const accountIds = new Set(state.accounts.map((a) => a.accountId));
  for (const [i, vpc] of state.vpcs.entries())
    if (!accountIds.has(vpc.accountId)) return `"vpcs"[${i}].accountId: no account "${vpc.accountId}" in "accounts"`;
  for (const [i, vSwitch] of state.vSwitches.entries())
    if (!vpcIds.has(vSwitch.vpcId)) return `"vSwitches"[${i}].vpcId: no VPC "${vSwitch.vpcId}" in "vpcs"`;
  for (const [i, table] of state.routeTables.entries())
    if (!vpcIds.has(table.vpcId)) return `"routeTables"[${i}].vpcId: no VPC "${table.vpcId}" in "vpcs"`;
  for (const [i, group] of state.securityGroups.entries())
    if (!vpcIds.has(group.vpcId)) return `"securityGroups"[${i}].vpcId: no VPC "${group.vpcId}" in "vpcs"`;
  return state;
}

/**
 * Loads `--state FILE`: undefined when it does not exist yet (the sandbox starts from the seed
 * and creates it). Throws {@link SandboxStateError} for anything else that is wrong.
 */
export async function loadStateFile(path: string): Promise<WorldState | undefined> {
  let text: string;
  try {
    text = await readRegularFile(path);
  } catch (error) {
    if (error instanceof FileReadError && error.problem === 'not-found') return undefined;
    throw new SandboxStateError(`${path}: cannot read the state file: ${(error as Error).message}`);
  }
  const tooDeep = jsonNestingProblem(text);
  if (tooDeep) throw new SandboxStateError(`${path}: not a sandbox state file: ${tooDeep}`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const detail = (error as Error).message.replace(/\r?\n/g, '\\n').slice(0, 200);
    throw new SandboxStateError(`${path}: the state file is not valid JSON: ${detail}`);
  }
  const state = parseStateFileValue(value);
  if (typeof state === 'string') throw new SandboxStateError(`${path}: ${state}`);
  return state;
}
