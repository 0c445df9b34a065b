/**
 * Address plan: VPC blocks (CreateVpc), vSwitch blocks (CreateVSwitch), instance addresses, and
 * overlap between VPCs that route to each other (aliyun-api.md §6).
 */
import type { VSwitch, Vpc } from '../document/schema';
import {
  type Cidr,
  cidrContainsCidr,
  cidrContainsIp,
  cidrsEqual,
  cidrsOverlap,
  formatCidr,
  formatIpv4,
} from '../net/ipv4';
import { connectedVpcs, type VpcConnection } from './checkRouterInterfaces';
import {
  cidrInterval,
  freeAddress,
  freeBlock,
  isReservedAddress as isReservedAddressOf,
  type Interval,
  type LocatedCidr,
  RFC1918,
  scanIp as scanIpOf,
  sweepOverlaps,
  type ValidationContext,
} from './context';

// Module-local handles on the helpers used per instance: under a CommonJS transform (tsx, vitest)
// every use of an imported binding is a property read through an export getter.
const scanIp = scanIpOf;
const isReservedAddress = isReservedAddressOf;

/** Blocks CreateVpc refuses, with their subnets (aliyun-api.md §6). */
const VPC_FORBIDDEN: ReadonlyArray<{ readonly cidr: Cidr; readonly why: string }> = [
  { cidr: { base: 0x64400000, prefix: 10 }, why: 'the cloud-service range 100.64.0.0/10' },
  { cidr: { base: 0xe0000000, prefix: 4 }, why: 'the multicast range 224.0.0.0/4' },
  { cidr: { base: 0x7f000000, prefix: 8 }, why: 'the loopback range 127.0.0.0/8' },
  { cidr: { base: 0xa9fe0000, prefix: 16 }, why: 'the link-local range 169.254.0.0/16' },
];

/** Quota: vSwitches per VPC (aliyun-api.md §6). */
export const MAX_VSWITCHES_PER_VPC = 150;

export function checkVpcs(ctx: ValidationContext): void {
  for (let i = 0; i < ctx.document.vpcs.length; i++) {
    const vpc = ctx.document.vpcs[i]!;
    const blocks: LocatedCidr[] = [];
    const primary = checkVpcBlock(ctx, vpc, vpc.cidrBlock, `/vpcs/${i}/cidrBlock`, 'cidrBlock');
    if (primary) blocks.push({ cidr: primary, text: vpc.cidrBlock, path: `/vpcs/${i}/cidrBlock` });
    (vpc.secondaryCidrBlocks ?? []).forEach((text, j) => {
      const path = `/vpcs/${i}/secondaryCidrBlocks/${j}`;
      const block = checkVpcBlock(ctx, vpc, text, path, `secondaryCidrBlocks[${j}]`);
      if (!block) return;
      const clash = blocks.find((b) => cidrsOverlap(b.cidr, block));
      if (clash) {
        ctx.report(
          'VPC_SECONDARY_CIDR_OVERLAP',
          path,
          `${vpc.vpcId}: secondary CIDR block ${text} overlaps its block ${clash.text}`,
          {
            resourceId: vpc.vpcId,
            suggestion: suggestBlock(
              `change secondaryCidrBlocks[${j}] to`,
              block.prefix,
              blocks.map((b) => b.cidr),
            ),
          },
        );
        return;
      }
      blocks.push({ cidr: block, text, path });
    });
    if (!ctx.vpcCidrs.has(vpc.vpcId)) ctx.vpcCidrs.set(vpc.vpcId, blocks);
  }
}

function suggestBlock(prefixText: string, prefix: number, taken: readonly Cidr[]): string {
  for (const range of RFC1918) {
    const free = freeBlock(range, Math.max(prefix, range.prefix), taken);
    if (free) return `${prefixText} ${formatCidr(free)}, a private block that overlaps none of the others`;
  }
  return `${prefixText} a private block that overlaps none of the others`;
}

// Loops rather than find/some with a closure over the block: a closure made per call is optimized
// again after every full collection (node --trace-opt), as hiddenClasses.ts explains.

/** The range CreateVpc refuses that the block overlaps, if any. */
function forbiddenRangeOf(block: Cidr): (typeof VPC_FORBIDDEN)[number] | undefined {
  for (let i = 0; i < VPC_FORBIDDEN.length; i++)
    if (cidrsOverlap(VPC_FORBIDDEN[i]!.cidr, block)) return VPC_FORBIDDEN[i];
  return undefined;
}

/** Whether the block is one of the three private ranges itself. */
function isPrivateRange(block: Cidr): boolean {
  for (let i = 0; i < RFC1918.length; i++) if (cidrsEqual(RFC1918[i]!, block)) return true;
  return false;
}

/** Whether the block lies inside one of the three private ranges. */
function inPrivateRange(block: Cidr): boolean {
  for (let i = 0; i < RFC1918.length; i++) if (cidrContainsCidr(RFC1918[i]!, block)) return true;
  return false;
}

/** The sweep intervals of located blocks, each carrying its block. */
function intervalsOf<T extends LocatedCidr>(list: readonly T[]): Array<Interval<T>> {
  const out: Array<Interval<T>> = [];
  for (let i = 0; i < list.length; i++) out.push(cidrInterval(list[i]!.cidr, list[i]!));
  return out;
}

function checkVpcBlock(ctx: ValidationContext, vpc: Vpc, text: string, path: string, field: string): Cidr | undefined {
  const block = ctx.checkCidrField(text, path, vpc.vpcId, field);
  if (!block) return undefined;
  const forbidden = forbiddenRangeOf(block);
  if (forbidden) {
    ctx.report(
      'VPC_CIDR_RESERVED',
      path,
      `${vpc.vpcId}: ${field} ${text} overlaps ${forbidden.why}, which CreateVpc refuses`,
      {
        resourceId: vpc.vpcId,
        suggestion: `change ${field} to a private block such as 192.168.0.0/16, 172.16.0.0/12 or 10.0.0.0/8 (or a subnet of one)`,
      },
    );
    return block;
  }
  // The hard lower bound /8 is UNCONFIRMED (aliyun-api.md §6); /28 is the documented upper one.
  if (block.prefix < 8 || block.prefix > 28) {
    ctx.report(
      'VPC_CIDR_MASK_OUT_OF_RANGE',
      path,
      `${vpc.vpcId}: ${field} ${text} has mask /${block.prefix}; a VPC block needs a mask from /8 to /28`,
      {
        resourceId: vpc.vpcId,
        suggestion:
          block.prefix > 28
            ? `widen ${field} to ${formatCidr({ base: (block.base & 0xfffffff0) >>> 0, prefix: 28 })} or larger`
            : `narrow ${field} to a /16, e.g. ${formatCidr({ base: block.base, prefix: 16 })}`,
      },
    );
  } else if (block.prefix < 16 && !isPrivateRange(block)) {
    // 10.0.0.0/8 and 172.16.0.0/12 themselves are CreateVpc's listed standard blocks (the
    // console offers them as presets), so only other wide masks draw the warning.
    ctx.report(
      'VPC_CIDR_MASK_NOT_RECOMMENDED',
      path,
      `${vpc.vpcId}: ${field} ${text} has mask /${block.prefix}; /16 to /28 is recommended`,
      {
        resourceId: vpc.vpcId,
        suggestion: `use a /16 such as ${formatCidr({ base: block.base, prefix: 16 })} unless the VPC needs more than 65,536 addresses`,
      },
    );
  }
  if (!inPrivateRange(block)) {
    ctx.report(
      'VPC_CIDR_NOT_PRIVATE',
      path,
      `${vpc.vpcId}: ${field} ${text} is not inside the private ranges 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16; instances in it cannot reach the public addresses it shadows`,
      {
        resourceId: vpc.vpcId,
        suggestion: `prefer a private block, e.g. ${formatCidr({ base: 0xc0a80000, prefix: Math.max(16, block.prefix) })}`,
      },
    );
  }
  return block;
}

export function checkVSwitches(ctx: ValidationContext): void {
  const perVpc = new Map<string, number>();
  // A loop over a module-level function: this one runs once per validation (optimized late).
  for (let i = 0; i < ctx.document.vSwitches.length; i++) checkVSwitch(ctx, perVpc, i);

  // Overlap inside each VPC: one sort + sweep per VPC, reported on the later vSwitch.
  for (const [vpcId, list] of ctx.vSwitchCidrs) {
    const overlapping = new Set<number>();
    sweepOverlaps(intervalsOf(list), (x, y) => {
      const [later, earlier] = x.vSwitchIndex > y.vSwitchIndex ? [x, y] : [y, x];
      if (overlapping.has(later.vSwitchIndex)) return;
      overlapping.add(later.vSwitchIndex);
      const vpcBlocks = ctx.vpcCidrs.get(vpcId) ?? [];
      const taken = list.map((s) => s.cidr);
      const free = vpcBlocks
        .map((b) => freeBlock(b.cidr, Math.max(later.cidr.prefix, b.cidr.prefix), taken))
        .find((f) => f !== undefined);
      ctx.report(
        'VSWITCH_CIDR_OVERLAP',
        later.path,
        `${later.vSwitchId}: cidrBlock ${later.text} overlaps ${earlier.vSwitchId}'s ${earlier.text} in ${vpcId}`,
        {
          resourceId: later.vSwitchId,
          suggestion: free
            ? `change cidrBlock of ${later.vSwitchId} to ${formatCidr(free)}, free in ${vpcId}`
            : `give ${later.vSwitchId} a block that no other vSwitch of ${vpcId} uses`,
        },
      );
    });
  }
}

/** One vSwitch: its VPC, zone, quota, route table and block; a usable block joins ctx.vSwitchCidrs. */
function checkVSwitch(ctx: ValidationContext, perVpc: Map<string, number>, i: number): void {
  const vsw = ctx.document.vSwitches[i]!;
  const at = `/vSwitches/${i}`;
  const id = vsw.vSwitchId;
  const vpc = ctx.index.vpcs.get(vsw.vpcId);
  if (!vpc) {
    ctx.reportMissingParent(`${at}/vpcId`, id, 'vpcId', vsw.vpcId);
  }
  const cidrPath = `${at}/cidrBlock`;
  const block = ctx.checkCidrField(vsw.cidrBlock, cidrPath, id, 'cidrBlock');
  ctx.noteVSwitchBlock(id, block);
  if (vpc) {
    // zoneId starts with `${regionId}-`, tested without building that text.
    if (!(vsw.zoneId.startsWith(vpc.regionId) && vsw.zoneId.charCodeAt(vpc.regionId.length) === 45)) {
      reportZoneNotInRegion(ctx, vsw, i, vpc);
    }
    const count = (perVpc.get(vpc.vpcId) ?? 0) + 1;
    perVpc.set(vpc.vpcId, count);
    if (count === MAX_VSWITCHES_PER_VPC + 1) reportVSwitchQuota(ctx, vsw, i, vpc, count);
  }
  checkVSwitchRouteTable(ctx, i);
  if (!block) return;
  if (block.prefix < 16 || block.prefix > 29) reportVSwitchMask(ctx, vsw, i, block);
  if (!vpc) return;
  const vpcBlocks = ctx.vpcCidrs.get(vpc.vpcId) ?? [];
  if (vpcBlocks.length > 0 && !containedInAny(vpcBlocks, block)) {
    reportVSwitchOutsideVpc(ctx, vsw, i, vpc, block, vpcBlocks);
    return;
  }
  const list = ctx.vSwitchCidrs.get(vpc.vpcId);
  const located = { cidr: block, text: vsw.cidrBlock, path: cidrPath, vSwitchIndex: i, vSwitchId: id };
  if (list) list.push(located);
  else ctx.vSwitchCidrs.set(vpc.vpcId, [located]);
}

/** Whether one of `blocks` contains `block` (a loop, not `some` with a closure made per vSwitch). */
function containedInAny(blocks: readonly LocatedCidr[], block: Cidr): boolean {
  for (let b = 0; b < blocks.length; b++) if (cidrContainsCidr(blocks[b]!.cidr, block)) return true;
  return false;
}

// The reports of checkVSwitch, each its own function: the check stays small, and V8 optimizes a
// function after a number of profiler ticks that grows with its bytecode size (about one more per
// 150 bytes): with its reports inline (1,192 bytes) the check of L's 2,000 vSwitches ran
// unoptimized through the first two or three validations (`node --trace-opt-verbose`).

function reportZoneNotInRegion(ctx: ValidationContext, vsw: VSwitch, i: number, vpc: Vpc): void {
  const id = vsw.vSwitchId;
  ctx.report(
    'VSWITCH_ZONE_NOT_IN_REGION',
    `/vSwitches/${i}/zoneId`,
    `${id}: zone ${vsw.zoneId} is not a zone of ${vpc.vpcId}'s region ${vpc.regionId}`,
    {
      resourceId: id,
      suggestion: `use a zone of ${vpc.regionId}, e.g. ${vpc.regionId}-a`,
    },
  );
}

function reportVSwitchQuota(ctx: ValidationContext, vsw: VSwitch, i: number, vpc: Vpc, count: number): void {
  const id = vsw.vSwitchId;
  ctx.report(
    'VSWITCH_QUOTA_EXCEEDED',
    `/vSwitches/${i}`,
    `${id} is ${vpc.vpcId}'s ${count}th vSwitch; a VPC has at most ${MAX_VSWITCHES_PER_VPC}`,
    {
      resourceId: id,
      suggestion: `merge vSwitches of ${vpc.vpcId}, or request a vSwitch quota increase before apply`,
    },
  );
}

function reportVSwitchMask(ctx: ValidationContext, vsw: VSwitch, i: number, block: Cidr): void {
  const id = vsw.vSwitchId;
  ctx.report(
    'VSWITCH_MASK_OUT_OF_RANGE',
    `/vSwitches/${i}/cidrBlock`,
    `${id}: cidrBlock ${vsw.cidrBlock} has mask /${block.prefix}; a vSwitch needs a mask from /16 to /29`,
    {
      resourceId: id,
      suggestion: `use a mask from /16 to /29, e.g. ${formatCidr({ base: (block.base & 0xffffff00) >>> 0, prefix: 24 })}`,
    },
  );
}

function reportVSwitchOutsideVpc(
  ctx: ValidationContext,
  vsw: VSwitch,
  i: number,
  vpc: Vpc,
  block: Cidr,
  vpcBlocks: readonly LocatedCidr[],
): void {
  const id = vsw.vSwitchId;
  const taken = (ctx.vSwitchCidrs.get(vpc.vpcId) ?? []).map((s) => s.cidr);
  const free = vpcBlocks
    .map((b) => freeBlock(b.cidr, Math.max(block.prefix, b.cidr.prefix), taken))
    .find((f) => f !== undefined);
  ctx.report(
    'VSWITCH_OUTSIDE_VPC',
    `/vSwitches/${i}/cidrBlock`,
    `${id}: cidrBlock ${vsw.cidrBlock} is outside ${vpc.vpcId}'s CIDR block${vpcBlocks.length > 1 ? 's' : ''} ${vpcBlocks.map((b) => b.text).join(', ')}`,
    {
      resourceId: id,
      suggestion: free
        ? `change cidrBlock to ${formatCidr(free)} (free inside ${vpc.vpcId}'s ${vpcBlocks.find((b) => cidrContainsCidr(b.cidr, free))!.text})`
        : `change cidrBlock to a free block inside ${vpcBlocks[0]!.text}`,
    },
  );
}

function checkVSwitchRouteTable(ctx: ValidationContext, i: number): void {
  const vsw = ctx.document.vSwitches[i]!;
  if (vsw.routeTableId === undefined) return;
  const table = ctx.index.routeTables.get(vsw.routeTableId);
  if (table && !table.implied && table.vpcId === vsw.vpcId && table.routeTableType !== 'System') return;
  const path = `/vSwitches/${i}/routeTableId`;
  if (!table || table.implied) {
    ctx.report(
      'DANGLING_REFERENCE',
      path,
      `${vsw.vSwitchId}: routeTableId ${vsw.routeTableId} is not a route table in the document`,
      {
        resourceId: vsw.vSwitchId,
        suggestion: `add custom route table ${vsw.routeTableId} for ${vsw.vpcId}, or remove routeTableId to use the system table`,
      },
    );
  } else if (table.vpcId !== vsw.vpcId) {
    ctx.report(
      'VSWITCH_ROUTE_TABLE_OTHER_VPC',
      path,
      `${vsw.vSwitchId} (in ${vsw.vpcId}) names route table ${vsw.routeTableId} of ${table.vpcId}`,
      {
        resourceId: vsw.vSwitchId,
        suggestion: `attach ${vsw.vSwitchId} to a custom route table of ${vsw.vpcId}, or remove routeTableId to use ${vsw.vpcId}'s system table`,
      },
    );
  } else if (table.routeTableType === 'System') {
    ctx.report(
      'VSWITCH_ROUTE_TABLE_NOT_CUSTOM',
      path,
      `${vsw.vSwitchId} names ${vsw.routeTableId}, the system table of ${vsw.vpcId}; routeTableId is for custom tables`,
      {
        resourceId: vsw.vSwitchId,
        suggestion: 'remove routeTableId (absent means the system table)',
      },
    );
  }
}

/** Overlap between VPCs joined by router interfaces: VPC blocks, then vSwitch blocks. */
export function checkConnectedOverlap(ctx: ValidationContext): void {
  // A loop over module-level functions, the reports apart: this function runs once per
  // validation, and a check with its reports inline (1,069 bytes) ran unoptimized through the
  // first four validations of L (V8's ticks before optimizing grow with the bytecode size).
  const connections = connectedVpcs(ctx);
  for (let c = 0; c < connections.length; c++) checkConnectionOverlap(ctx, connections[c]!);
}

function checkConnectionOverlap(ctx: ValidationContext, connection: VpcConnection): void {
  const { a, b } = connection;
  const aBlocks = ctx.vpcCidrs.get(a.vpcId) ?? [];
  const bBlocks = ctx.vpcCidrs.get(b.vpcId) ?? [];
  let blocksClash = false;
  for (let j = 0; j < bBlocks.length; j++) {
    const block = bBlocks[j]!;
    let clash: LocatedCidr | undefined;
    for (let k = 0; k < aBlocks.length && !clash; k++)
      if (cidrsOverlap(aBlocks[k]!.cidr, block.cidr)) clash = aBlocks[k];
    if (!clash) continue;
    blocksClash = true;
    reportCidrOverlap(ctx, connection, block, clash, aBlocks, bBlocks);
  }
  const aSw = ctx.vSwitchCidrs.get(a.vpcId) ?? [];
  const bSw = ctx.vSwitchCidrs.get(b.vpcId) ?? [];
  if (aSw.length === 0 || bSw.length === 0) return;
  // A listed vSwitch lies inside a block of its VPC (checkVSwitches drops the others), so
  // when both VPCs have blocks and none of them overlap, no vSwitches can: skip the sweep.
  if (aBlocks.length > 0 && bBlocks.length > 0 && !blocksClash) return;
  checkPeerVSwitchOverlap(ctx, connection, aSw, bSw);
}

function reportCidrOverlap(
  ctx: ValidationContext,
  { a, b, via }: VpcConnection,
  block: LocatedCidr,
  clash: LocatedCidr,
  aBlocks: readonly LocatedCidr[],
  bBlocks: readonly LocatedCidr[],
): void {
  const taken = [...aBlocks, ...bBlocks].map((x) => x.cidr);
  ctx.report(
    'CIDR_OVERLAP',
    block.path,
    `${b.vpcId}: ${block.text} overlaps ${a.vpcId}'s ${clash.text}, and the two VPCs are connected (${via}); the overlapping addresses cannot be routed between them`,
    {
      resourceId: b.vpcId,
      suggestion:
        `${suggestBlock(`re-address ${b.vpcId}, e.g.`, block.cidr.prefix, taken)}; or keep it and route only the peer's non-overlapping vSwitch CIDR blocks (a route ` +
        `cannot be equal to or inside a local vSwitch block, docs/aliyun-api.md §6)`,
    },
  );
}

type LocatedVSwitchBlock = LocatedCidr & { readonly vSwitchIndex: number; readonly vSwitchId: string };

function checkPeerVSwitchOverlap(
  ctx: ValidationContext,
  { a, b, via }: VpcConnection,
  aSw: readonly LocatedVSwitchBlock[],
  bSw: readonly LocatedVSwitchBlock[],
): void {
  const reported = new Set<number>();
  const inA = new Set(aSw);
  sweepOverlaps(
    [...aSw, ...bSw].map((s) => cidrInterval(s.cidr, s)),
    (x, y) => {
      if (inA.has(x) === inA.has(y)) return; // same VPC: VSWITCH_CIDR_OVERLAP's business
      const later = x.vSwitchIndex > y.vSwitchIndex ? x : y;
      const earlier = later === x ? y : x;
      if (reported.has(later.vSwitchIndex)) return;
      reported.add(later.vSwitchIndex);
      const ownVpcId = inA.has(later) ? a.vpcId : b.vpcId;
      const taken = [...aSw, ...bSw].map((s) => s.cidr);
      const free = (ctx.vpcCidrs.get(ownVpcId) ?? [])
        .map((blk) => freeBlock(blk.cidr, Math.max(later.cidr.prefix, blk.cidr.prefix), taken))
        .find((f) => f !== undefined);
      ctx.report(
        'PEER_VSWITCH_CIDR_OVERLAP',
        later.path,
        `${later.vSwitchId}: ${later.text} overlaps ${earlier.vSwitchId}'s ${earlier.text} in the connected VPC (${via}); instances in the overlap cannot reach each other`,
        {
          resourceId: later.vSwitchId,
          suggestion: free
            ? `re-address ${later.vSwitchId} to ${formatCidr(free)} (free in ${ownVpcId} and in the connected VPC)`
            : `re-address ${later.vSwitchId} to a block that overlaps no vSwitch of the connected VPC`,
        },
      );
    },
  );
}

export function checkInstances(ctx: ValidationContext): void {
  const instances = ctx.document.instances;
  // Addresses first (a duplicate is reported on the later instance, whichever comes first).
  const run = instancesRun;
  run.addresses = new Float64Array(instances.length);
  // Loops over module-level functions, not closures made per run (hiddenClasses.ts).
  try {
    for (let i = 0; i < instances.length; i++) claimInstanceAddress(ctx, run, i);
    for (let i = 0; i < instances.length; i++) checkInstance(ctx, run, i);
  } finally {
    run.usedByVpc.clear();
  }
}

/** What the check of every instance shares in one run. */
interface InstancesRun {
  /** Each instance's address as a number (-1: not an address). */
  addresses: Float64Array;
  /** The first instance holding each address, per VPC. */
  readonly usedByVpc: Map<string, Map<number, string>>;
}

/**
 * One run state for the process, emptied after each run: a new one per run made the second
 * run deoptimize claimInstanceAddress (`node --trace-deopt`: "code dependencies"), as in
 * checkSecurityGroups.ts (`groupsRun`).
 */
const instancesRun: InstancesRun = { addresses: new Float64Array(0), usedByVpc: new Map() };

function claimInstanceAddress(ctx: ValidationContext, run: InstancesRun, i: number): void {
  const instance = ctx.document.instances[i]!;
  let ip = scanIp(instance.privateIpAddress);
  if (ip < 0) {
    const parsed = ctx.parseIp(instance.privateIpAddress);
    if (parsed.ok) ip = parsed.value;
  }
  run.addresses[i] = ip;
  const vsw = ctx.index.vSwitches.get(instance.vSwitchId);
  if (!vsw || ip < 0) return;
  let used = run.usedByVpc.get(vsw.vpcId);
  if (!used) run.usedByVpc.set(vsw.vpcId, (used = new Map()));
  if (!used.has(ip)) used.set(ip, instance.instanceId);
}

function suggestInstanceAddress(ctx: ValidationContext, run: InstancesRun, vSwitchId: string, vpcId: string): string {
  const block = ctx.vSwitchBlock(vSwitchId);
  const used = run.usedByVpc.get(vpcId);
  const free = block ? freeAddress(block, new Set(used?.keys() ?? [])) : undefined;
  return free !== undefined
    ? `change privateIpAddress to ${formatIpv4(free)} (free in ${vSwitchId}'s ${formatCidr(block!)})`
    : `change privateIpAddress to a free address of ${vSwitchId}`;
}

function checkInstance(ctx: ValidationContext, run: InstancesRun, i: number): void {
  const instance = ctx.document.instances[i]!;
  const vsw = ctx.index.vSwitches.get(instance.vSwitchId);
  if (!vsw) {
    ctx.reportMissingParent(`/instances/${i}/vSwitchId`, instance.instanceId, 'vSwitchId', instance.vSwitchId);
  }
  const ip = run.addresses[i]!;
  if (ip < 0) reportMalformedAddress(ctx, run, i, vsw);
  else if (vsw) {
    const block = ctx.vSwitchBlock(vsw.vSwitchId);
    if (block && !cidrContainsIp(block, ip)) reportAddressInVSwitch(ctx, run, i, 'INSTANCE_IP_OUTSIDE_VSWITCH', vsw);
    else if (block && isReservedAddress(block, ip)) reportAddressInVSwitch(ctx, run, i, 'INSTANCE_IP_RESERVED', vsw);
    else {
      const owner = run.usedByVpc.get(vsw.vpcId)?.get(ip);
      if (owner !== undefined && owner !== instance.instanceId) {
        reportAddressInVSwitch(ctx, run, i, 'INSTANCE_IP_DUPLICATE', vsw, owner);
      }
    }
  }
  checkInstanceGroups(ctx, i, vsw?.vpcId);
}

// The address findings of checkInstance, apart from it: the check stays small, and V8 optimizes
// a function after a number of profiler ticks that grows with its bytecode size (about one more
// per 150 bytes), so the check with its reports inline ran unoptimized through the first two
// validations of L (`node --trace-opt-verbose`).

function reportMalformedAddress(ctx: ValidationContext, run: InstancesRun, i: number, vsw: VSwitch | undefined): void {
  const instance = ctx.document.instances[i]!;
  const id = instance.instanceId;
  const parsed = ctx.parseIp(instance.privateIpAddress);
  ctx.report(
    'IP_MALFORMED',
    `/instances/${i}/privateIpAddress`,
    `${id}: privateIpAddress ${JSON.stringify(instance.privateIpAddress)} is not an IPv4 address (${parsed.ok ? '' : parsed.error})`,
    {
      resourceId: id,
      suggestion: vsw
        ? suggestInstanceAddress(ctx, run, vsw.vSwitchId, vsw.vpcId)
        : 'write four decimal octets, e.g. 192.168.1.10',
    },
  );
}

/** An address its vSwitch cannot give the instance: outside it, reserved, or held by `owner`. */
function reportAddressInVSwitch(
  ctx: ValidationContext,
  run: InstancesRun,
  i: number,
  code: 'INSTANCE_IP_OUTSIDE_VSWITCH' | 'INSTANCE_IP_RESERVED' | 'INSTANCE_IP_DUPLICATE',
  vsw: VSwitch,
  owner?: string,
): void {
  const instance = ctx.document.instances[i]!;
  const id = instance.instanceId;
  const address = `${id}: privateIpAddress ${instance.privateIpAddress}`;
  ctx.report(
    code,
    `/instances/${i}/privateIpAddress`,
    code === 'INSTANCE_IP_OUTSIDE_VSWITCH'
      ? `${address} is outside its vSwitch ${vsw.vSwitchId} (${vsw.cidrBlock})`
      : code === 'INSTANCE_IP_RESERVED'
        ? `${address} is a reserved address of ${vsw.vSwitchId} (${vsw.cidrBlock} reserves its first and last three addresses)`
        : `${address} is already used by ${owner} in ${vsw.vpcId}`,
    {
      resourceId: id,
      suggestion: suggestInstanceAddress(ctx, run, vsw.vSwitchId, vsw.vpcId),
    },
  );
}

/** Security groups per ENI (aliyun-api.md §5.5, §6). */
export const MAX_SECURITY_GROUPS_PER_INSTANCE = 5;
export const MAX_RULES_PER_INSTANCE = 1000;

/** Lists up to this long find repeats by scanning (no Set per instance). */
const SCAN_LIMIT = 16;

function checkInstanceGroups(ctx: ValidationContext, i: number, vpcId: string | undefined): void {
  const instance = ctx.document.instances[i]!;
  const id = instance.instanceId;
  const ids = instance.securityGroupIds;
  const seen = ids.length > SCAN_LIMIT ? new Set<string>() : undefined;
  let distinct = 0;
  // The first group of each type; `mixed` once a second type shows up.
  let firstType: string | undefined;
  let mixed = false;
  let firstNormal: string | undefined;
  let firstEnterprise: string | undefined;
  let rules = 0;
  for (let j = 0; j < ids.length; j++) {
    const groupId = ids[j]!;
    if (seen ? seen.has(groupId) : ids.indexOf(groupId) < j) {
      ctx.report(
        'INSTANCE_SECURITY_GROUP_REPEATED',
        `/instances/${i}/securityGroupIds/${j}`,
        `${id} lists security group ${groupId} twice`,
        {
          resourceId: id,
          suggestion: `remove the second ${groupId} from securityGroupIds`,
        },
      );
      continue;
    }
    seen?.add(groupId);
    distinct++;
    const group = ctx.index.securityGroups.get(groupId);
    if (!group) {
      ctx.report(
        'DANGLING_REFERENCE',
        `/instances/${i}/securityGroupIds/${j}`,
        `${id}: security group ${groupId} is not in the document`,
        {
          resourceId: id,
          suggestion: `add security group ${groupId}${vpcId ? ` (vpcId ${vpcId})` : ''}, or use one of the document's groups`,
        },
      );
      continue;
    }
    rules += group.permissions.length;
    const type = group.securityGroupType;
    if (firstType === undefined) firstType = type;
    else if (type !== firstType) mixed = true;
    if (type === 'normal' && firstNormal === undefined) firstNormal = groupId;
    if (type === 'enterprise' && firstEnterprise === undefined) firstEnterprise = groupId;
    if (vpcId !== undefined && group.vpcId !== vpcId) {
      ctx.report(
        'INSTANCE_SECURITY_GROUP_OTHER_VPC',
        `/instances/${i}/securityGroupIds/${j}`,
        `${id} is in ${vpcId} but its security group ${groupId} belongs to ${group.vpcId}`,
        {
          resourceId: id,
          suggestion: `replace ${groupId} with a security group of ${vpcId} (create one with the same rules if needed)`,
        },
      );
    }
  }
  if (mixed) {
    ctx.report(
      'INSTANCE_SECURITY_GROUP_TYPE_MIX',
      `/instances/${i}/securityGroupIds`,
      `${id} mixes basic group ${firstNormal} and enterprise group ${firstEnterprise}; an ENI's groups must all be basic or all enterprise`,
      {
        resourceId: id,
        suggestion: `keep only the basic groups or only the enterprise groups on ${id}`,
      },
    );
  }
  if (distinct > MAX_SECURITY_GROUPS_PER_INSTANCE) {
    ctx.report(
      'INSTANCE_SECURITY_GROUP_QUOTA',
      `/instances/${i}/securityGroupIds`,
      `${id} is in ${distinct} security groups; the default quota is ${MAX_SECURITY_GROUPS_PER_INSTANCE} per ENI`,
      {
        resourceId: id,
        suggestion: `merge groups to at most ${MAX_SECURITY_GROUPS_PER_INSTANCE}, or raise the quota (10 or 16 by ticket) before apply`,
      },
    );
  }
  if (rules > MAX_RULES_PER_INSTANCE) {
    ctx.report(
      'INSTANCE_RULE_QUOTA',
      `/instances/${i}/securityGroupIds`,
      `the security groups of ${id} hold ${rules} rules together; an ENI allows ${MAX_RULES_PER_INSTANCE}`,
      {
        resourceId: id,
        suggestion: 'consolidate rules (one CIDR block instead of many addresses) or move the instance to fewer groups',
      },
    );
  }
}
