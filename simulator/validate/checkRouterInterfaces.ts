/**
 * Router interfaces: placement on a VPC's vRouter, spec by role, the pairing rules that decide
 * whether ConnectRouterInterface can succeed (aliyun-api.md §3.4, via model/pairing.ts), one
 * connected pair per router pair and 5 interfaces per router (§3.1, §6).
 */
import type { RouterInterface, Vpc } from '../document/schema';
import { pairingProblems, type PairingProblem } from '../model/pairing';
import { isPairingConsistent } from '../model';
import type { ValidationContext } from './context';

/** Most router interfaces one router may have (aliyun-api.md §6). */
export const MAX_ROUTER_INTERFACES_PER_ROUTER = 5;

/** Two VPCs joined by a router-interface pair (or one end pointing at the other's router). */
export interface VpcConnection {
  readonly a: Vpc;
  readonly b: Vpc;
  /** The interface(s) that make the link, for messages. */
  readonly via: string;
}

/**
 * VPCs that route to each other: an interface on one VPC's vRouter whose opposite (the
 * interface in the document, else `oppositeRouterId`) is on another VPC's vRouter. Each
 * unordered pair once, `a` before `b` in document order.
 */
export function connectedVpcs(ctx: ValidationContext): VpcConnection[] {
  // Keyed by the two VPCs' document positions (distinct VPC IDs have distinct first positions).
  const out = new Map<number, VpcConnection>();
  const width = ctx.document.vpcs.length + 1;
  for (const ri of ctx.document.routerInterfaces) {
    const local = ctx.vpcOfRouter(ri.routerId);
    const opposite =
      ri.oppositeInterfaceId !== undefined ? ctx.index.routerInterfaces.get(ri.oppositeInterfaceId) : undefined;
    const remote = ctx.vpcOfRouter(opposite?.routerId ?? ri.oppositeRouterId);
    if (!local || !remote || local.vpcId === remote.vpcId) continue;
    const localIndex = ctx.vpcIndex.get(local.vpcId) ?? 0;
    const remoteIndex = ctx.vpcIndex.get(remote.vpcId) ?? 0;
    const localFirst = localIndex <= remoteIndex;
    const key = localFirst ? localIndex * width + remoteIndex : remoteIndex * width + localIndex;
    if (!out.has(key)) {
      out.set(key, {
        a: localFirst ? local : remote,
        b: localFirst ? remote : local,
        via: opposite ? `${ri.routerInterfaceId} ↔ ${opposite.routerInterfaceId}` : ri.routerInterfaceId,
      });
    }
  }
  return [...out.values()];
}

export function checkRouterInterfaces(ctx: ValidationContext): void {
  const { document } = ctx;
  const pointedAtBy = new Map<string, RouterInterface[]>();
  for (const ri of document.routerInterfaces) {
    if (ri.oppositeInterfaceId === undefined) continue;
    const list = pointedAtBy.get(ri.oppositeInterfaceId);
    if (list) list.push(ri);
    else pointedAtBy.set(ri.oppositeInterfaceId, [ri]);
  }
  const run: InterfacesRun = {
    pointedAtBy,
    perRouter: new Map(),
    reported: new Set(),
    connectedRouterPairs: new Map(),
  };
  // A loop over a module-level function, not a loop body: this function runs once per
  // validation, so its own code is optimized late; the per-interface one early.
  for (let i = 0; i < document.routerInterfaces.length; i++) checkRouterInterface(ctx, run, i);
}

/** What the check of every router interface shares in one run. */
interface InterfacesRun {
  /** The interfaces whose oppositeInterfaceId names each ID. */
  readonly pointedAtBy: ReadonlyMap<string, readonly RouterInterface[]>;
  /** Interfaces so far per router. */
  readonly perRouter: Map<string, number>;
  /** Pairing problems already reported (reportPairing). */
  readonly reported: Set<string>;
  /** The first connected pair between two routers: its interface that comes first in the document. */
  readonly connectedRouterPairs: Map<string, RouterInterface>;
}

function checkRouterInterface(ctx: ValidationContext, run: InterfacesRun, i: number): void {
  const { pointedAtBy, perRouter, reported, connectedRouterPairs } = run;
  const ri = ctx.document.routerInterfaces[i]!;
  const id = ri.routerInterfaceId;

  // Placement: on a known vRouter, in that VPC's region and account.
  const vpc = ctx.vpcOfRouter(ri.routerId);
  if (!vpc) reportUnknownRouter(ctx, ri, i);
  else {
    if (ri.regionId !== vpc.regionId) reportPlacementMismatch(ctx, ri, i, vpc, 'regionId');
    if (ri.accountId !== vpc.accountId) reportPlacementMismatch(ctx, ri, i, vpc, 'accountId');
  }

  // Spec by role: the acceptor passes Negative (aliyun-api.md §3.2).
  if (ri.role === 'AcceptingSide' ? ri.spec !== 'Negative' : ri.role === 'InitiatingSide' && ri.spec === 'Negative') {
    reportSpec(ctx, ri, i);
  }

  // Quota: 5 interfaces per router (aliyun-api.md §3.1, §6).
  const count = (perRouter.get(ri.routerId) ?? 0) + 1;
  perRouter.set(ri.routerId, count);
  if (count === MAX_ROUTER_INTERFACES_PER_ROUTER + 1) reportQuota(ctx, ri, i, count);

  // Pairing, from this end; each problem once, reported on the interface whose field is wrong.
  if (ri.oppositeInterfaceId === id) reportPointsAtItself(ctx, ri, i, pointedAtBy);
  else if (!isPairingConsistent(ri, ctx.index)) {
    for (const problem of pairingProblems(ri, ctx.index)) reportPairing(ctx, ri, problem, pointedAtBy, reported);
  }

  // One connected pair per router pair (Forbidden.OnlyOneConnection, aliyun-api.md §3.4).
  const opposite =
    ri.oppositeInterfaceId !== undefined ? ctx.index.routerInterfaces.get(ri.oppositeInterfaceId) : undefined;
  if (
    opposite &&
    opposite.oppositeInterfaceId === id &&
    opposite !== ri &&
    (ctx.routerInterfaceIndex.get(opposite.routerInterfaceId) ?? 0) > i
  ) {
    const key = unorderedPairKey(ri.routerId, opposite.routerId);
    const firstPair = connectedRouterPairs.get(key);
    if (firstPair === undefined) connectedRouterPairs.set(key, ri);
    else reportDuplicateConnection(ctx, ri, i, opposite, firstPair);
  }
}

// The reports of checkRouterInterface, each its own function: the check stays small, and V8
// optimizes a function after a number of profiler ticks that grows with its bytecode size (about
// one more per 150 bytes), so the check with its reports inline (1,791 bytes) ran unoptimized
// through the first three validations of L, 800 interfaces each (`node --trace-opt-verbose`).

function reportUnknownRouter(ctx: ValidationContext, ri: RouterInterface, i: number): void {
  const id = ri.routerInterfaceId;
  const byVpcId = ctx.index.vpcs.get(ri.routerId);
  ctx.report(
    'DANGLING_REFERENCE',
    riPath(i, 'routerId'),
    `${id}: routerId ${ri.routerId} is not the vRouterId of any VPC in the document`,
    {
      resourceId: id,
      suggestion: byVpcId
        ? `change routerId to ${byVpcId.vRouterId}, the vRouterId of ${byVpcId.vpcId}: interfaces attach to the VPC's vRouter, not to the VPC ID (docs/aliyun-api.md §3.1)`
        : `set routerId to the vRouterId (vrt-…) of the VPC this interface belongs to, or add that VPC`,
    },
  );
}

/** The interface's region or account is not that of the VPC whose vRouter it is on. */
function reportPlacementMismatch(
  ctx: ValidationContext,
  ri: RouterInterface,
  i: number,
  vpc: Vpc,
  field: 'regionId' | 'accountId',
): void {
  const id = ri.routerInterfaceId;
  const [code, what] =
    field === 'regionId' ? (['RI_REGION_MISMATCH', 'region'] as const) : (['RI_ACCOUNT_MISMATCH', 'account'] as const);
  ctx.report(
    code,
    riPath(i, field),
    `${id}: ${field} ${ri[field]} differs from ${vpc.vpcId}'s ${what} ${vpc[field]} (its router ${ri.routerId} is that VPC's vRouter)`,
    {
      resourceId: id,
      suggestion: `change ${field} to ${vpc[field]}`,
    },
  );
}

/** An acceptor with a bandwidth spec, or an initiator with spec Negative. */
function reportSpec(ctx: ValidationContext, ri: RouterInterface, i: number): void {
  const id = ri.routerInterfaceId;
  if (ri.role === 'AcceptingSide') {
    ctx.report(
      'RI_SPEC_INVALID',
      riPath(i, 'spec'),
      `${id} is the AcceptingSide but has spec ${ri.spec}; an acceptor's spec must be Negative (the initiator sets the bandwidth)`,
      {
        resourceId: id,
        suggestion: `change spec to Negative (put ${ri.spec} on the initiator instead)`,
      },
    );
  } else {
    ctx.report(
      'RI_SPEC_INVALID',
      riPath(i, 'spec'),
      `${id} is the InitiatingSide but has spec Negative; an initiator needs a bandwidth spec`,
      {
        resourceId: id,
        suggestion: 'change spec to a bandwidth spec, e.g. Mini.2 (2 Mbit/s) or Large.1 (1,000 Mbit/s)',
      },
    );
  }
}

function reportQuota(ctx: ValidationContext, ri: RouterInterface, i: number, count: number): void {
  const id = ri.routerInterfaceId;
  ctx.report(
    'RI_QUOTA_EXCEEDED',
    riPath(i, 'routerId'),
    `${id} is router ${ri.routerId}'s ${count}th router interface; a router has at most ${MAX_ROUTER_INTERFACES_PER_ROUTER}`,
    {
      resourceId: id,
      suggestion: `remove ${id} (and any further interfaces on ${ri.routerId}), or reach those peers through fewer connections`,
    },
  );
}

function reportPointsAtItself(
  ctx: ValidationContext,
  ri: RouterInterface,
  i: number,
  pointedAtBy: ReadonlyMap<string, readonly RouterInterface[]>,
): void {
  const id = ri.routerInterfaceId;
  const peer = (pointedAtBy.get(id) ?? []).find((p) => p !== ri);
  ctx.report(
    'RI_OPPOSITE_MISMATCH',
    riPath(i, 'oppositeInterfaceId'),
    `${id} points at itself (oppositeInterfaceId ${id}); an interface connects to an interface on another router`,
    {
      resourceId: id,
      suggestion: peer
        ? `on ${id} set ${peerDetails(peer)}`
        : `set oppositeInterfaceId on ${id} to its peer's interface ID`,
    },
  );
}

function reportDuplicateConnection(
  ctx: ValidationContext,
  ri: RouterInterface,
  i: number,
  opposite: RouterInterface,
  firstPair: RouterInterface,
): void {
  const id = ri.routerInterfaceId;
  const first = `${firstPair.routerInterfaceId} ↔ ${firstPair.oppositeInterfaceId!}`;
  ctx.report(
    'RI_DUPLICATE_CONNECTION',
    riPath(i, 'oppositeInterfaceId'),
    `${id} ↔ ${opposite.routerInterfaceId} is a second connection between routers ${ri.routerId} and ${opposite.routerId} (already joined by ${first}); ` +
      `the API allows one (Forbidden.OnlyOneConnection)`,
    {
      resourceId: id,
      suggestion: `delete ${id} and ${opposite.routerInterfaceId}; to get more bandwidth, raise the spec of the initiator of ${first}`,
    },
  );
}

/** JSON Pointer of a field of router interface `i`: built only when a finding is reported. */
function riPath(i: number, field: keyof RouterInterface): string {
  return `/routerInterfaces/${i}/${field}`;
}

function roleWord(ri: RouterInterface): string {
  return ri.role === 'InitiatingSide' ? 'initiator' : 'acceptor';
}

/** The four opposite fields of `peer` as a suggestion for the end that lacks them. */
function peerDetails(peer: RouterInterface): string {
  return (
    `oppositeInterfaceId: ${peer.routerInterfaceId}, oppositeRouterId: ${peer.routerId}, oppositeRouterType: VRouter, ` +
    `oppositeInterfaceOwnerId: ${peer.accountId}, oppositeRegionId: ${peer.regionId}`
  );
}

/** A pairing problem as reported: on which interface, under which kind, at which field. */
interface PairingFinding {
  readonly from: RouterInterface;
  readonly opposite: RouterInterface | undefined;
  readonly problem: PairingProblem;
  readonly subject: RouterInterface;
  readonly kind: string;
  readonly field: string;
  /** `/routerInterfaces/<subject's index>/<field>`. */
  readonly path: string;
}

function reportPairing(
  ctx: ValidationContext,
  from: RouterInterface,
  problem: PairingProblem,
  pointedAtBy: ReadonlyMap<string, readonly RouterInterface[]>,
  reported: Set<string>,
): void {
  const finding = pairingFinding(ctx, from, problem);
  if (!finding) return;
  // Symmetric problems are reported once per pair.
  const { kind, subject, field, opposite } = finding;
  const pairKey = unorderedPairKey(from.routerInterfaceId, opposite?.routerInterfaceId ?? '');
  const key =
    kind === 'ROLES_NOT_COMPLEMENTARY' || kind === 'SAME_ROUTER'
      ? `${kind}\u0000${pairKey}`
      : `${subject.routerInterfaceId}\u0000${kind}\u0000${field}`;
  if (reported.has(key)) return;
  reported.add(key);
  switch (kind) {
    case 'OPPOSITE_NOT_SET':
      return reportOppositeNotSet(ctx, finding, pointedAtBy);
    case 'OPPOSITE_UNKNOWN':
      return reportOppositeUnknown(ctx, finding);
    case 'TAKEN':
      return reportTaken(ctx, finding);
    case 'OPPOSITE_POINTS_ELSEWHERE':
      return reportPointsElsewhere(ctx, finding);
    case 'OPPOSITE_ROUTER_MISMATCH':
    case 'OPPOSITE_REGION_MISMATCH':
    case 'OPPOSITE_OWNER_MISMATCH':
    case 'OPPOSITE_ROUTER_TYPE_MISMATCH':
      return reportOppositeFieldMismatch(ctx, finding);
    case 'ROLES_NOT_COMPLEMENTARY':
      return reportRoleConflict(ctx, finding);
    case 'SAME_ROUTER':
      return reportSameRouter(ctx, finding);
    default:
      ctx.report('RI_OPPOSITE_MISMATCH', finding.path, problem.message, { resourceId: subject.routerInterfaceId });
  }
}

/** Which interface a problem is reported on and as what; undefined when another report covers it. */
function pairingFinding(
  ctx: ValidationContext,
  from: RouterInterface,
  problem: PairingProblem,
): PairingFinding | undefined {
  const { index } = ctx;
  let subject = index.routerInterfaces.get(problem.routerInterfaceId) ?? from;
  let kind: string = problem.kind;
  let field: string = problem.field ?? 'oppositeInterfaceId';
  const opposite =
    from.oppositeInterfaceId !== undefined ? index.routerInterfaces.get(from.oppositeInterfaceId) : undefined;

  // O points at itself: reported once, on O, as such.
  if (problem.kind === 'OPPOSITE_POINTS_ELSEWHERE' && opposite?.oppositeInterfaceId === opposite?.routerInterfaceId)
    return undefined;
  // `from` → O, but O points at Z that points back at O: O is taken, `from` is the odd one.
  if (problem.kind === 'OPPOSITE_POINTS_ELSEWHERE' && opposite?.oppositeInterfaceId !== undefined) {
    const third = index.routerInterfaces.get(opposite.oppositeInterfaceId);
    if (third && third.oppositeInterfaceId === opposite.routerInterfaceId) {
      subject = from;
      kind = 'TAKEN';
      field = 'oppositeInterfaceId';
    }
  }
  const subjectIndex = ctx.routerInterfaceIndex.get(subject.routerInterfaceId) ?? 0;
  return { from, opposite, problem, subject, kind, field, path: `/routerInterfaces/${subjectIndex}/${field}` };
}

function reportOppositeNotSet(
  ctx: ValidationContext,
  { subject, path }: PairingFinding,
  pointedAtBy: ReadonlyMap<string, readonly RouterInterface[]>,
): void {
  const sid = subject.routerInterfaceId;
  const peer = (pointedAtBy.get(sid) ?? []).filter((p) => p !== subject)[0];
  if (peer) {
    ctx.report(
      'RI_OPPOSITE_NOT_SET',
      path,
      `${sid} (${subject.role}) has no oppositeInterfaceId: it was ` +
        `never given the ${roleWord(peer)}'s details (${peer.routerInterfaceId} on ${peer.routerId}, account ` +
        `${peer.accountId}), so ${peer.role === 'InitiatingSide' ? `ConnectRouterInterface on ${peer.routerInterfaceId} fails` : 'the connection cannot be made'} ` +
        `and the link stays Idle`,
      {
        resourceId: sid,
        suggestion: `on ${sid} set ${peerDetails(peer)} (console: add the ${roleWord(peer)}'s information on the ${roleWord(subject)}; API: ModifyRouterInterfaceAttribute, docs/aliyun-api.md §3.3)`,
      },
    );
  } else {
    ctx.report(
      'RI_OPPOSITE_NOT_SET',
      path,
      `${sid} (${subject.role}) has no oppositeInterfaceId: it was never given its peer's details, and no interface in the document points at it, so it can never connect`,
      {
        resourceId: sid,
        suggestion: `add the peer interface to the document and set oppositeInterfaceId, oppositeRouterId, oppositeRouterType and oppositeInterfaceOwnerId on both ends, or delete ${sid}`,
      },
    );
  }
}

function reportOppositeUnknown(ctx: ValidationContext, { subject, path, problem }: PairingFinding): void {
  const sid = subject.routerInterfaceId;
  ctx.report(
    'RI_OPPOSITE_NOT_IN_DOCUMENT',
    path,
    `${sid} points at ${problem.actual}, which is not in the document; vpclink cannot check the pairing${subject.status === undefined ? ` and treats ${sid} as Idle` : ''}`,
    {
      resourceId: sid,
      suggestion:
        `add ${problem.actual} (the interface on ${subject.oppositeRouterId ?? 'the peer router'}, region ${subject.oppositeRegionId}) to the document — import ` +
        `the peer account too — or correct oppositeInterfaceId`,
    },
  );
}

function reportTaken(ctx: ValidationContext, { subject, path, from, opposite }: PairingFinding): void {
  const sid = subject.routerInterfaceId;
  ctx.report(
    'RI_OPPOSITE_MISMATCH',
    path,
    `${sid} points at ${opposite!.routerInterfaceId}, but ${opposite!.routerInterfaceId} is paired with ${opposite!.oppositeInterfaceId} (they point at each ` +
      `other); an interface connects to exactly one interface`,
    {
      resourceId: sid,
      suggestion: `point ${sid} at a new interface of its own on ${from.oppositeRouterId ?? opposite!.routerId}, or delete ${sid}`,
    },
  );
}

function reportPointsElsewhere(ctx: ValidationContext, { subject, path, problem }: PairingFinding): void {
  const sid = subject.routerInterfaceId;
  ctx.report(
    'RI_OPPOSITE_MISMATCH',
    path,
    `${sid} points at ${subject.oppositeInterfaceId}, not back at ${problem.expected}, which points at it`,
    {
      resourceId: sid,
      suggestion: `change oppositeInterfaceId on ${sid} to ${problem.expected}`,
    },
  );
}

const MISMATCHED_WHAT: Readonly<Record<string, string>> = {
  OPPOSITE_ROUTER_MISMATCH: 'router',
  OPPOSITE_REGION_MISMATCH: 'region',
  OPPOSITE_OWNER_MISMATCH: 'account',
  OPPOSITE_ROUTER_TYPE_MISMATCH: 'router type',
};

/** An opposite* field that disagrees with what the opposite interface is. */
function reportOppositeFieldMismatch(
  ctx: ValidationContext,
  { subject, path, problem, kind, field, opposite }: PairingFinding,
): void {
  const sid = subject.routerInterfaceId;
  const raw = (subject as Record<string, unknown>)[field];
  const shown =
    raw === undefined
      ? `is not set${problem.actual !== undefined ? ` (counts as ${problem.actual})` : ''}`
      : `is ${String(raw)}`;
  ctx.report(
    'RI_OPPOSITE_MISMATCH',
    path,
    `${sid}: ${field} ${shown}, but its opposite ${opposite?.routerInterfaceId ?? subject.oppositeInterfaceId}'s ${MISMATCHED_WHAT[kind]} is ${problem.expected}`,
    {
      resourceId: sid,
      suggestion: `${raw === undefined ? 'add' : 'change'} ${field}: ${problem.expected} on ${sid}`,
    },
  );
}

/** The two ends of a pair in document order: a pair's problem is reported on the later one. */
function inDocumentOrder(
  ctx: ValidationContext,
  { from, opposite }: PairingFinding,
): { readonly earlier: RouterInterface; readonly later: RouterInterface; readonly laterIndex: number } {
  const other = opposite!;
  const later =
    (ctx.routerInterfaceIndex.get(other.routerInterfaceId) ?? 0) >
    (ctx.routerInterfaceIndex.get(from.routerInterfaceId) ?? 0)
      ? other
      : from;
  const earlier = later === other ? from : other;
  return { earlier, later, laterIndex: ctx.routerInterfaceIndex.get(later.routerInterfaceId) ?? 0 };
}

function reportRoleConflict(ctx: ValidationContext, finding: PairingFinding): void {
  const { earlier, later, laterIndex } = inDocumentOrder(ctx, finding);
  const fixRole =
    later.role === 'InitiatingSide'
      ? 'AcceptingSide (spec Negative)'
      : 'InitiatingSide (with a bandwidth spec such as Mini.2)';
  ctx.report(
    'RI_ROLE_CONFLICT',
    `/routerInterfaces/${laterIndex}/role`,
    `${earlier.routerInterfaceId} and ${later.routerInterfaceId} are both ${later.role}; one end must be InitiatingSide, the other AcceptingSide`,
    {
      resourceId: later.routerInterfaceId,
      suggestion: `make ${later.routerInterfaceId} ${fixRole}`,
    },
  );
}

function reportSameRouter(ctx: ValidationContext, finding: PairingFinding): void {
  const { earlier, later, laterIndex } = inDocumentOrder(ctx, finding);
  ctx.report(
    'RI_SAME_ROUTER',
    `/routerInterfaces/${laterIndex}/routerId`,
    `${earlier.routerInterfaceId} and ${later.routerInterfaceId} are both on router ${later.routerId}; an interface cannot connect to its own router`,
    {
      resourceId: later.routerInterfaceId,
      suggestion: `move ${later.routerInterfaceId} to the other VPC's vRouter (routerId), and point ${earlier.routerInterfaceId}'s oppositeRouterId at it`,
    },
  );
}

/**
 * One key for a pair whichever way round it is named: the two texts in sorted order (what
 * `[a, b].sort().join()` gives: code-unit order) without the array and the sort.
 */
function unorderedPairKey(a: string, b: string): string {
  return a <= b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
}
