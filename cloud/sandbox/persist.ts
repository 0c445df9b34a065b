/**
 * The sandbox's state file (`vpclink sandbox --state FILE`): atomic writes (temp file in the same
 * directory + rename), and a strict load. A malformed file is refused with a message naming the
 * file and the field (exit 2 in the CLI) before anything starts, and it is never overwritten:
 * the sandbox only saves after a successful load (issue 10, defect 5).
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { FileReadError, jsonNestingProblem, readRegularFile } from '../files';
import type { WorldState } from './world';

export async function writeFileAtomic(path: string, text: string, mode = 0o644): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const temp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temp, text, { mode });
    await chmod(temp, mode);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** The state file cannot be used; the message starts with the path and names the field. */
export class SandboxStateError extends Error {
  override readonly name = 'SandboxStateError';
}

const str = z.string();
const optStr = z.string().optional();
const num = z.number().finite();

// Loose objects: a later sandbox may add fields; what the engine reads must be there and typed.
const accountRec = z.looseObject({
  accountId: str,
  name: optStr,
  accessKeys: z.array(z.looseObject({ accessKeyId: str, accessKeySecret: str })).min(1, 'needs at least one key'),
  roles: z.array(str),
});
const vpcRec = z.looseObject({
  vpcId: str,
  accountId: str,
  regionId: str,
  cidrBlock: str,
  secondaryCidrBlocks: z.array(str),
  vRouterId: str,
  name: str,
  description: str,
  creationTime: str,
});
const vSwitchRec = z.looseObject({
  vSwitchId: str,
  vpcId: str,
  zoneId: str,
  cidrBlock: str,
  name: str,
  routeTableId: optStr,
  creationTime: str,
});
const routeTableRec = z.looseObject({
  routeTableId: str,
  vpcId: str,
  routeTableType: z.enum(['System', 'Custom']),
  name: str,
  creationTime: str,
});
const routeEntryRec = z.looseObject({
  routeEntryId: str,
  routeTableId: str,
  destinationCidrBlock: str,
  nextHopType: str,
  nextHopId: str,
  status: z.enum(['Pending', 'Available', 'Modifying', 'Deleting']),
  routeEntryName: str,
  description: str,
  creationTime: str,
});
const routerInterfaceRec = z.looseObject({
  routerInterfaceId: str,
  accountId: str,
  regionId: str,
  routerType: z.enum(['VRouter', 'VBR']),
  routerId: str,
  role: z.enum(['InitiatingSide', 'AcceptingSide']),
  spec: str,
  status: str,
  oppositeRegionId: str,
  oppositeInterfaceId: optStr,
  oppositeRouterId: optStr,
  oppositeRouterType: z.enum(['VRouter', 'VBR']).optional(),
  oppositeInterfaceOwnerId: optStr,
  name: str,
  description: str,
  creationTime: str,
  connectedTime: str,
  healthCheckSourceIp: str,
  healthCheckTargetIp: str,
});
const securityGroupRec = z.looseObject({
  securityGroupId: str,
  vpcId: str,
  securityGroupType: z.enum(['normal', 'enterprise']),
  innerAccessPolicy: z.enum(['Accept', 'Drop']),
  name: str,
  description: str,
  creationTime: str,
});
const ruleRec = z.looseObject({
  securityGroupRuleId: str,
  securityGroupId: str,
  createTime: str,
  direction: z.enum(['ingress', 'egress']),
  ipProtocol: z.enum(['TCP', 'UDP', 'ICMP', 'GRE', 'ALL']),
  portRange: str,
  policy: z.enum(['Accept', 'Drop']),
  priority: num,
  nicType: z.literal('intranet'),
  sourceCidrIp: optStr,
  sourceGroupId: optStr,
  sourceGroupOwnerAccount: optStr,
  destCidrIp: optStr,
  destGroupId: optStr,
  destGroupOwnerAccount: optStr,
  description: optStr,
});
const instanceRec = z.looseObject({
  instanceId: str,
  vSwitchId: str,
  privateIpAddress: str,
  securityGroupIds: z.array(str),
  name: str,
  status: str,
  creationTime: str,
});
const taskRec = z.discriminatedUnion('kind', [
  z.looseObject({
    id: num,
    dueAt: num,
    kind: z.literal('routerInterface'),
    routerInterfaceId: str,
    status: str,
    phase: z.enum(['connect', 'activate', 'deactivate', 'delete', 'modify']),
  }),
  z.looseObject({
    id: num,
    dueAt: num,
    kind: z.literal('routeEntry'),
    routeEntryId: str,
    status: z.enum(['Available', 'Deleted']),
  }),
]);
const sessionRec = z.looseObject({
  accessKeyId: str,
  accessKeySecret: str,
  securityToken: str,
  accountId: str,
  roleName: str,
  roleId: str,
  sessionName: str,
  expiration: num,
});
const idempotencyRec = z.looseObject({
  accountId: str,
  clientToken: str,
  action: str,
  fingerprint: str,
  response: z.record(z.string(), z.unknown()),
});

const worldStateSchema = z.looseObject({
  format: z.literal('vpclink/sandbox-state'),
  version: z.literal(1),
  now: num,
  rng: z.tuple([num, num, num, num]),
  accounts: z.array(accountRec),
  vpcs: z.array(vpcRec),
  vSwitches: z.array(vSwitchRec),
  routeTables: z.array(routeTableRec),
  routeEntries: z.array(routeEntryRec),
  routerInterfaces: z.array(routerInterfaceRec),
  securityGroups: z.array(securityGroupRec),
  rules: z.array(ruleRec),
  instances: z.array(instanceRec),
  tasks: z.array(taskRec),
  nextTaskId: num,
  sessions: z.array(sessionRec),
  idempotency: z.array(idempotencyRec),
});

/** `"accounts"[0].accessKeys` style location of a zod issue. */
function fieldOf(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'the file';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? `"${String(p)}"` : `.${String(p)}`)).join('');
}

/** Checks a parsed JSON value; a string says what is wrong (field first). */
export function parseStateFileValue(value: unknown): WorldState | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const record = value as Record<string, unknown>;
  if (record.format !== 'vpclink/sandbox-state')
    return 'not a sandbox state file (no "format": "vpclink/sandbox-state")';
  if (record.version !== 1) return `unsupported state version ${JSON.stringify(record.version)} (this sandbox reads 1)`;
  const parsed = worldStateSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const more = parsed.error.issues.length > 1 ? ` (and ${parsed.error.issues.length - 1} more problems)` : '';
    return `${fieldOf(issue.path)}: ${issue.message}${more}`;
  }
  const state = parsed.data as unknown as WorldState;
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
