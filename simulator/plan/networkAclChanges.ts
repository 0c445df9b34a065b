/**
 * The plan steps that make the live network ACLs match a document (aliyun-dataplane.md §1), and
 * the steps that remove the ACLs vpclink made (destroy, rollback). Pure and deterministic.
 *
 * apply, per ACL of the document (serialised per ACL: concurrent binds of one ACL are not
 * supported, §1.1): create the ACL the cloud lacks → wait Available → replace the custom entries
 * of each direction that differs (a full replace per direction, §0 #6; a new ACL's default
 * allow-all goes too, so a design's "no entries" means deny all) → wait Available; then release
 * vSwitches from the ACLs that hold them (one ACL per vSwitch, §1.5) → wait → bind → wait BINDED
 * (binding is asynchronous, §1.1). Finally the ACLs vpclink made for this document that it no
 * longer has are unbound and deleted (delete needs an unbound ACL, §1.1).
 *
 * Ownership: a created ACL's Description carries `vpclink:<document id> <document ACL id>`
 * (owner.ts), which is how a later run finds it (its live ID differs from the design's), how a
 * lost CreateNetworkAcl answer is resolved, and what destroy removes. A live ACL without that tag
 * is never created twice, deleted or looked up by tag; the document may still edit it by ID.
 */
import type { AclEntry, EgressAclEntry, IngressAclEntry, NetworkAcl, Topology, Vpc } from '../document/schema';
import { markedDescription } from './owner';
import { stepRef, type NetworkAclTarget, type Params, type PlanProblem, type PlanStep } from './types';

/** Vswitches per Associate/Unassociate call (N = 0..29, §1.5). */
const MAX_ACL_RESOURCES_PER_CALL = 30;

export interface NetworkAclPlan {
  readonly steps: PlanStep[];
  readonly problems: PlanProblem[];
  readonly touchedVpcIds: Set<string>;
}

/** The tag vpclink writes into a created ACL's Description: the owner marker and the document's ACL ID. */
export function aclOwnerTag(marker: string, documentAclId: string): string {
  return `${marker} ${documentAclId}`;
}

/** The document ACL ID that a live Description's tag for `marker` names, if any. */
export function taggedAclId(description: unknown, marker: string): string | undefined {
  if (typeof description !== 'string') return undefined;
  const escaped = marker.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?:^|[\\s[])${escaped} ([^\\s\\]]+)`).exec(description)?.[1];
}

/** The custom entries of one direction, as UpdateNetworkAclEntries takes them (`IngressAclEntries.N.*`). */
function entryParams(prefix: 'IngressAclEntries' | 'EgressAclEntries', entries: readonly AclEntry[]): Params {
  const out: Record<string, string> = {};
  entries.forEach((entry, i) => {
    const at = `${prefix}.${i + 1}`;
    out[`${at}.Policy`] = entry.policy;
    out[`${at}.Protocol`] = entry.protocol;
    out[`${at}.Port`] = entry.port;
    if (prefix === 'IngressAclEntries') out[`${at}.SourceCidrIp`] = (entry as IngressAclEntry).sourceCidrIp;
    else out[`${at}.DestinationCidrIp`] = (entry as EgressAclEntry).destinationCidrIp;
    if (entry.networkAclEntryName) out[`${at}.NetworkAclEntryName`] = entry.networkAclEntryName;
    if (entry.description) out[`${at}.Description`] = entry.description;
    if (entry.ipVersion) out[`${at}.IpVersion`] = entry.ipVersion;
    out[`${at}.EntryType`] = 'custom';
  });
  return out;
}

/** The address an entry matches: the source of an inbound entry, the destination of an outbound one. */
function peerOf(entry: AclEntry): string {
  const inbound = (entry as Partial<IngressAclEntry>).sourceCidrIp;
  return typeof inbound === 'string' ? inbound : (entry as EgressAclEntry).destinationCidrIp;
}

/** Custom entries only: service and system entries come with every ACL and cannot be written (§1.3). */
function custom(entries: readonly AclEntry[] | undefined): AclEntry[] {
  return (entries ?? []).filter((e) => e.entryType === undefined || e.entryType === 'custom');
}

/** What decides a match, in order, plus what a user reads (name, description); entry IDs do not count. */
function sameEntries(a: readonly AclEntry[], b: readonly AclEntry[]): boolean {
  const key = (e: AclEntry) =>
    [e.policy, e.protocol, e.port, peerOf(e), (e.ipVersion ?? 'IPv4').toLowerCase()].join('|');
  return a.length === b.length && a.every((e, i) => key(e) === key(b[i]!));
}

/**
 * Document ACL ID → the live ACL it is: the same ID in the same VPC (an imported document), or
 * the live ACL of that VPC whose tag names it (one vpclink created for this document).
 */
function matchNetworkAcls(desired: Topology, current: Topology, marker: string): Map<string, NetworkAcl> {
  const result = new Map<string, NetworkAcl>();
  const live = current.networkAcls ?? [];
  for (const acl of desired.networkAcls ?? []) {
    const found =
      live.find((l) => l.networkAclId === acl.networkAclId && l.vpcId === acl.vpcId) ??
      live.find((l) => l.vpcId === acl.vpcId && taggedAclId(l.description, marker) === acl.networkAclId);
    if (found) result.set(acl.networkAclId, found);
  }
  return result;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function resourceParams(vSwitchIds: readonly string[]): Params {
  return Object.fromEntries(
    vSwitchIds.flatMap((vsw, i) => [
      [`Resource.${i + 1}.ResourceId`, vsw],
      [`Resource.${i + 1}.ResourceType`, 'VSwitch'],
    ]),
  );
}

type Where = Pick<Vpc, 'accountId' | 'regionId'>;

function aclLabel(target: NetworkAclTarget): string {
  return typeof target.networkAclId === 'string'
    ? target.networkAclId
    : `the new ACL ${target.documentId ?? ''}`.trim();
}

/** A poll of DescribeNetworkAcls until the ACL is in the state `until` (and `settle` says). */
function waitStep(
  where: Where,
  target: NetworkAclTarget,
  id: string,
  after: string,
  until: 'Available' | 'Deleted',
  description: string,
  settle: { readonly bound?: readonly string[]; readonly unbound?: readonly string[] } = {},
): PlanStep {
  return {
    kind: 'waitNetworkAcl',
    id,
    accountId: where.accountId,
    regionId: where.regionId,
    product: 'vpc',
    action: 'DescribeNetworkAcls',
    params: { RegionId: where.regionId, NetworkAclId: target.networkAclId ?? '(looked up)' },
    dependsOn: [after],
    mutating: false,
    acl: target,
    until,
    ...settle,
    description,
  };
}

/** Unassociate (≤30 per call) then wait until none of them is listed; returns the waits. */
function pushUnbind(
  steps: PlanStep[],
  where: Where,
  target: NetworkAclTarget,
  idKey: string,
  vSwitchIds: readonly string[],
  dependsOn: readonly string[],
  why: string,
): string[] {
  const parts = chunks([...vSwitchIds].sort(), MAX_ACL_RESOURCES_PER_CALL);
  return parts.map((part, n) => {
    const suffix = parts.length > 1 ? `:${n + 1}` : '';
    const id = `unassociate-nacl:${idKey}${suffix}`;
    steps.push({
      kind: 'unassociateNetworkAcl',
      id,
      accountId: where.accountId,
      regionId: where.regionId,
      product: 'vpc',
      action: 'UnassociateNetworkAcl',
      params: { RegionId: where.regionId, NetworkAclId: target.networkAclId ?? '(looked up)', ...resourceParams(part) },
      dependsOn,
      mutating: true,
      acl: target,
      vSwitchIds: part,
      description: `Unbind ${part.join(', ')} from ${aclLabel(target)} (${why})`,
    });
    const wait = `wait-nacl-unbound:${idKey}${suffix}`;
    steps.push(
      waitStep(
        where,
        target,
        wait,
        id,
        'Available',
        `Wait until ${part.join(', ')} ${part.length > 1 ? 'are' : 'is'} unbound from ${aclLabel(target)}`,
        { unbound: part },
      ),
    );
    return wait;
  });
}

/** Delete (unbinding what is still bound first, §1.1) → wait gone. */
export function pushNetworkAclDeletion(
  steps: PlanStep[],
  where: Where,
  target: NetworkAclTarget,
  idKey: string,
  dependsOn: readonly string[],
  why: string,
): string {
  const id = `delete-nacl:${idKey}`;
  const label = typeof target.networkAclId === 'string' ? target.networkAclId : `the ACL tagged "${target.ownerTag}"`;
  steps.push({
    kind: 'deleteNetworkAcl',
    id,
    accountId: where.accountId,
    regionId: where.regionId,
    product: 'vpc',
    action: 'DeleteNetworkAcl',
    params: { RegionId: where.regionId, NetworkAclId: target.networkAclId ?? '(looked up)' },
    dependsOn,
    mutating: true,
    acl: target,
    description: `Delete ${label} in ${target.vpcId} (${why}); its vSwitches are unbound first`,
  });
  const wait = `wait-nacl-gone:${idKey}`;
  steps.push(waitStep(where, target, wait, id, 'Deleted', `Wait until ${label} is gone`));
  return wait;
}

/** One document ACL the plan handles: where it lives, how steps name it, and the last step of its chain. */
interface PlannedAcl {
  readonly where: Where;
  readonly target: NetworkAclTarget;
  /** The step the ACL's binds wait for (its creation or entry update), or none when it is already right. */
  readonly last: string | undefined;
}

/**
 * What the phases of planNetworkAcls share: the live state they read, the lookups built once from
 * it, and the steps, problems and touched VPCs they add to (in phase order, which is plan order).
 */
interface AclPlanContext {
  readonly marker: string;
  readonly desiredVpcs: ReadonlyMap<string, Vpc>;
  readonly liveVpcs: ReadonlyMap<string, Vpc>;
  readonly liveVSwitches: ReadonlySet<string>;
  readonly livePrefixLists: ReadonlySet<string>;
  readonly liveAcls: readonly NetworkAcl[];
  /** Document ACL ID → the live ACL it is (matchNetworkAcls). */
  readonly matches: ReadonlyMap<string, NetworkAcl>;
  /** Document ACL ID → its planned chain, filled by the first phase. */
  readonly planned: Map<string, PlannedAcl>;
  /** vSwitch → the document ACL that wants it, filled by the first phase. */
  readonly wantedBy: Map<string, string>;
  readonly steps: PlanStep[];
  readonly problems: PlanProblem[];
  readonly touchedVpcIds: Set<string>;
}

/** The apply steps for the document's network ACLs (see the file comment for the order). */
export function planNetworkAcls(desired: Topology, current: Topology, marker: string): NetworkAclPlan {
  const ctx: AclPlanContext = {
    marker,
    desiredVpcs: new Map(desired.vpcs.map((v) => [v.vpcId, v])),
    liveVpcs: new Map(current.vpcs.map((v) => [v.vpcId, v])),
    liveVSwitches: new Set(current.vSwitches.map((s) => s.vSwitchId)),
    livePrefixLists: new Set((current.prefixLists ?? []).map((p) => p.prefixListId)),
    liveAcls: current.networkAcls ?? [],
    matches: matchNetworkAcls(desired, current, marker),
    planned: new Map(),
    wantedBy: new Map(),
    steps: [],
    problems: [],
    touchedVpcIds: new Set(),
  };
  // The order of the phases is the order of the plan: an ACL must exist with its entries before
  // it takes vSwitches, and a vSwitch must leave its old ACL before it joins the new one (§1.5).
  for (const acl of desired.networkAcls ?? []) planDocumentAcl(ctx, acl);
  const releasedBy = planReleases(ctx);
  planBinds(ctx, releasedBy);
  planLeftoverDeletions(ctx);
  return { steps: ctx.steps, problems: ctx.problems, touchedVpcIds: ctx.touchedVpcIds };
}

/** One document ACL: create it if the cloud lacks it, set its entries if they differ, note the vSwitches it wants. */
function planDocumentAcl(ctx: AclPlanContext, acl: NetworkAcl): void {
  const vpc = ctx.desiredVpcs.get(acl.vpcId);
  if (!vpc) return; // validate reports it (DANGLING_REFERENCE)
  if (!ctx.liveVpcs.has(acl.vpcId)) {
    ctx.problems.push({
      code: 'VPC_NOT_LIVE',
      severity: 'error',
      resourceId: acl.vpcId,
      message:
        `network ACL ${acl.networkAclId} belongs to ${acl.vpcId}, which the current state ` +
        `(account ${vpc.accountId}, ${vpc.regionId}) does not have; vpclink does not create VPCs`,
    });
    return;
  }
  const where = { accountId: vpc.accountId, regionId: vpc.regionId };
  const existing = ctx.matches.get(acl.networkAclId);
  const ingress = custom(acl.ingressAclEntries);
  const egress = custom(acl.egressAclEntries);
  ctx.problems.push(...missingPrefixListProblems(acl, [...ingress, ...egress], ctx.livePrefixLists));
  const { target, last: created } = existing
    ? { target: existingAclTarget(acl, existing, ctx.marker), last: undefined }
    : pushCreation(ctx.steps, where, acl, aclOwnerTag(ctx.marker, acl.networkAclId));
  const update = pushEntryUpdate(ctx.steps, where, acl, target, created, {
    ingress: !existing || !sameEntries(ingress, custom(existing.ingressAclEntries)) ? ingress : undefined,
    egress: !existing || !sameEntries(egress, custom(existing.egressAclEntries)) ? egress : undefined,
  });
  if (!existing || update !== undefined) ctx.touchedVpcIds.add(acl.vpcId);
  ctx.planned.set(acl.networkAclId, { where, target, last: update ?? created });
  for (const r of acl.resources ?? []) {
    if (!ctx.liveVSwitches.has(r.resourceId)) {
      ctx.problems.push({
        code: 'NETWORK_ACL_VSWITCH_NOT_LIVE',
        severity: 'error',
        resourceId: r.resourceId,
        message:
          `network ACL ${acl.networkAclId} binds ${r.resourceId}, which the current state does not have; ` +
          `vpclink does not create vSwitches`,
      });
      continue;
    }
    ctx.wantedBy.set(r.resourceId, acl.networkAclId);
  }
}

/** Entries naming a prefix list the live state lacks: UpdateNetworkAclEntries would be refused. */
function missingPrefixListProblems(
  acl: NetworkAcl,
  entries: readonly AclEntry[],
  livePrefixLists: ReadonlySet<string>,
): PlanProblem[] {
  return entries
    .map(peerOf)
    .filter((cidr) => cidr.startsWith('pl-') && !livePrefixLists.has(cidr))
    .map((cidr): PlanProblem => ({
      code: 'PREFIX_LIST_NOT_LIVE',
      severity: 'error',
      resourceId: acl.networkAclId,
      message:
        `an entry of network ACL ${acl.networkAclId} names prefix list ${cidr}, which the current state does not ` +
        `have (UpdateNetworkAclEntries would be refused); vpclink does not create prefix lists`,
    }));
}

/**
 * How steps name a document ACL that is already live: by its live ID, with the owner tag only when
 * vpclink made it (an untagged ACL is never looked up by tag nor deleted, see the file comment).
 */
function existingAclTarget(acl: NetworkAcl, existing: NetworkAcl, marker: string): NetworkAclTarget {
  const ours = taggedAclId(existing.description, marker) === acl.networkAclId;
  return {
    networkAclId: existing.networkAclId,
    vpcId: acl.vpcId,
    documentId: acl.networkAclId,
    ...(ours ? { ownerTag: aclOwnerTag(marker, acl.networkAclId) } : {}),
  };
}

/** CreateNetworkAcl (tagged so a later run finds it) → wait Available; the target names the created ID. */
function pushCreation(
  steps: PlanStep[],
  where: Where,
  acl: NetworkAcl,
  tag: string,
): { target: NetworkAclTarget; last: string } {
  const createId = `create-nacl:${acl.networkAclId}`;
  steps.push({
    kind: 'createNetworkAcl',
    id: createId,
    accountId: where.accountId,
    regionId: where.regionId,
    product: 'vpc',
    action: 'CreateNetworkAcl',
    params: {
      RegionId: where.regionId,
      VpcId: acl.vpcId,
      ...(acl.networkAclName ? { NetworkAclName: acl.networkAclName } : {}),
      Description: markedDescription(acl.description, tag),
    },
    dependsOn: [],
    mutating: true,
    acl: { networkAclId: undefined, vpcId: acl.vpcId, documentId: acl.networkAclId, ownerTag: tag },
    description:
      `Create network ACL ${acl.networkAclName ?? acl.networkAclId} in ${acl.vpcId} ` +
      `(account ${where.accountId}, ${where.regionId})`,
  });
  const target = {
    networkAclId: stepRef(createId, 'NetworkAclId'),
    vpcId: acl.vpcId,
    documentId: acl.networkAclId,
    ownerTag: tag,
  };
  const last = `wait-nacl:${acl.networkAclId}`;
  steps.push(
    waitStep(where, target, last, createId, 'Available', `Wait until the new ACL ${acl.networkAclId} is Available`),
  );
  return { target, last };
}

/**
 * UpdateNetworkAclEntries for the directions given (a full replace per direction, §0 #6) → wait
 * Available. Returns the wait, or undefined when neither direction changes.
 */
function pushEntryUpdate(
  steps: PlanStep[],
  where: Where,
  acl: NetworkAcl,
  target: NetworkAclTarget,
  after: string | undefined,
  replace: { readonly ingress: readonly AclEntry[] | undefined; readonly egress: readonly AclEntry[] | undefined },
): string | undefined {
  const { ingress, egress } = replace;
  if (!ingress && !egress) return undefined;
  const updateId = `update-nacl-entries:${acl.networkAclId}`;
  const counts = [ingress ? `${ingress.length} inbound` : '', egress ? `${egress.length} outbound` : ''];
  steps.push({
    kind: 'updateNetworkAclEntries',
    id: updateId,
    accountId: where.accountId,
    regionId: where.regionId,
    product: 'vpc',
    action: 'UpdateNetworkAclEntries',
    params: {
      RegionId: where.regionId,
      NetworkAclId: target.networkAclId!,
      ...(ingress ? { UpdateIngressAclEntries: true, ...entryParams('IngressAclEntries', ingress) } : {}),
      ...(egress ? { UpdateEgressAclEntries: true, ...entryParams('EgressAclEntries', egress) } : {}),
    },
    dependsOn: after ? [after] : [],
    mutating: true,
    acl: target,
    description:
      `Set the ${counts.filter(Boolean).join(' and ')} entries of ${aclLabel(target)} ` +
      `(a full replace per direction; what is not listed is denied)`,
  });
  const wait = `wait-nacl-entries:${acl.networkAclId}`;
  steps.push(
    waitStep(
      where,
      target,
      wait,
      updateId,
      'Available',
      `Wait until ${aclLabel(target)} is Available with its new entries`,
    ),
  );
  return wait;
}

/**
 * Releases: every vSwitch bound live to an ACL that must not hold it any more, one call per ACL
 * (one ACL per vSwitch, §1.5). Returns vSwitch → the waits after which it is free.
 */
function planReleases(ctx: AclPlanContext): Map<string, string[]> {
  const docIdOfLive = new Map([...ctx.matches].map(([docId, live]) => [live.networkAclId, docId]));
  const releasedBy = new Map<string, string[]>();
  for (const live of ctx.liveAcls) {
    const docId = docIdOfLive.get(live.networkAclId);
    const vpc = ctx.liveVpcs.get(live.vpcId);
    if (!vpc) continue;
    const leaving = leavingVSwitches(ctx, live, docId);
    if (leaving.length === 0) continue;
    const own = docId !== undefined ? ctx.planned.get(docId) : undefined;
    const tagged = taggedAclId(live.description, ctx.marker);
    const target: NetworkAclTarget = own?.target ?? {
      networkAclId: live.networkAclId,
      vpcId: live.vpcId,
      ...(tagged !== undefined ? { ownerTag: aclOwnerTag(ctx.marker, tagged) } : {}),
    };
    // Taking a vSwitch from an ACL the user made by hand is allowed (the document says so) but said aloud.
    if (docId === undefined && tagged === undefined)
      for (const vsw of leaving)
        ctx.problems.push({
          code: 'NETWORK_ACL_REBOUND',
          severity: 'warning',
          resourceId: vsw,
          message:
            `${vsw} is bound live to network ACL ${live.networkAclId}, which vpclink did not make; the plan unbinds ` +
            `it so that ${ctx.wantedBy.get(vsw)} can hold it (one ACL per vSwitch)`,
        });
    const waits = pushUnbind(
      ctx.steps,
      { accountId: vpc.accountId, regionId: vpc.regionId },
      target,
      live.networkAclId,
      leaving,
      own?.last ? [own.last] : [],
      docId !== undefined && ctx.wantedBy.get(leaving[0]!) === undefined
        ? 'the document no longer binds it'
        : 'it moves',
    );
    for (const vsw of leaving) releasedBy.set(vsw, waits);
    ctx.touchedVpcIds.add(live.vpcId);
  }
  return releasedBy;
}

/**
 * The vSwitches a live ACL must let go. An ACL of the document keeps only what the document binds
 * to it (when the document plans it, or another document ACL wants the vSwitch); any other live
 * ACL lets go only of what a document ACL wants — vpclink does not unbind what nobody claims.
 */
function leavingVSwitches(ctx: AclPlanContext, live: NetworkAcl, docId: string | undefined): string[] {
  return (live.resources ?? [])
    .map((r) => r.resourceId)
    .filter((vsw) => {
      const wanter = ctx.wantedBy.get(vsw);
      if (docId !== undefined) return wanter !== docId && (ctx.planned.has(docId) || wanter !== undefined);
      return wanter !== undefined;
    });
}

/** Binds, after the ACL's own chain and the releases of the vSwitches it takes. */
function planBinds(ctx: AclPlanContext, releasedBy: ReadonlyMap<string, readonly string[]>): void {
  for (const [docId, acl] of ctx.planned) {
    const held = new Set((ctx.matches.get(docId)?.resources ?? []).map((r) => r.resourceId));
    const add = [...ctx.wantedBy].filter(([vsw, wanter]) => wanter === docId && !held.has(vsw)).map(([vsw]) => vsw);
    if (add.length === 0) continue;
    ctx.touchedVpcIds.add(acl.target.vpcId);
    pushBind(ctx.steps, docId, acl, add.sort(), releasedBy);
  }
}

/** AssociateNetworkAcl (≤30 per call, §1.5) → wait BINDED (binding is asynchronous, §1.1), calls in a chain. */
function pushBind(
  steps: PlanStep[],
  docId: string,
  { where, target, last }: PlannedAcl,
  vSwitchIds: readonly string[],
  releasedBy: ReadonlyMap<string, readonly string[]>,
): void {
  let previous = last;
  const parts = chunks(vSwitchIds, MAX_ACL_RESOURCES_PER_CALL);
  parts.forEach((part, n) => {
    const suffix = parts.length > 1 ? `:${n + 1}` : '';
    const id = `associate-nacl:${docId}${suffix}`;
    steps.push({
      kind: 'associateNetworkAcl',
      id,
      accountId: where.accountId,
      regionId: where.regionId,
      product: 'vpc',
      action: 'AssociateNetworkAcl',
      params: { RegionId: where.regionId, NetworkAclId: target.networkAclId!, ...resourceParams(part) },
      dependsOn: [...new Set([...(previous ? [previous] : []), ...part.flatMap((v) => releasedBy.get(v) ?? [])])],
      mutating: true,
      acl: target,
      vSwitchIds: part,
      description: `Bind ${part.join(', ')} to ${aclLabel(target)}`,
    });
    previous = `wait-nacl-bound:${docId}${suffix}`;
    const which = `${part.join(', ')} ${part.length > 1 ? 'are' : 'is'}`;
    steps.push(
      waitStep(
        where,
        target,
        previous,
        id,
        'Available',
        `Wait until ${which} BINDED to ${aclLabel(target)} (binding is asynchronous)`,
        { bound: part },
      ),
    );
  });
}

/** ACLs vpclink made for this document that it no longer has: deleted once the releases planned above are done. */
function planLeftoverDeletions(ctx: AclPlanContext): void {
  const matchedLive = new Set([...ctx.matches.values()].map((l) => l.networkAclId));
  for (const live of ctx.liveAcls) {
    const docId = taggedAclId(live.description, ctx.marker);
    const vpc = ctx.liveVpcs.get(live.vpcId);
    if (docId === undefined || matchedLive.has(live.networkAclId) || !vpc) continue;
    ctx.touchedVpcIds.add(live.vpcId);
    pushNetworkAclDeletion(
      ctx.steps,
      { accountId: vpc.accountId, regionId: vpc.regionId },
      { networkAclId: live.networkAclId, vpcId: live.vpcId, ownerTag: aclOwnerTag(ctx.marker, docId) },
      live.networkAclId,
      unbindWaitsOf(ctx.steps, live.networkAclId),
      'vpclink made it for this document, which no longer has it',
    );
  }
}

/** The waits pushUnbind planned for a live ACL (one per call: `wait-nacl-unbound:<id>` or `…:<id>:<n>`). */
function unbindWaitsOf(steps: readonly PlanStep[], networkAclId: string): string[] {
  return steps
    .filter(
      (s) => s.id === `wait-nacl-unbound:${networkAclId}` || s.id.startsWith(`wait-nacl-unbound:${networkAclId}:`),
    )
    .map((s) => s.id);
}

/** destroy: every live ACL vpclink made for this document (tagged), whatever the document says now. */
export function planNetworkAclTeardown(current: Topology, marker: string): NetworkAclPlan {
  const steps: PlanStep[] = [];
  const touchedVpcIds = new Set<string>();
  const liveVpcs = new Map(current.vpcs.map((v) => [v.vpcId, v]));
  for (const live of current.networkAcls ?? []) {
    const docId = taggedAclId(live.description, marker);
    const vpc = liveVpcs.get(live.vpcId);
    if (docId === undefined || !vpc) continue;
    touchedVpcIds.add(live.vpcId);
    pushNetworkAclDeletion(
      steps,
      { accountId: vpc.accountId, regionId: vpc.regionId },
      { networkAclId: live.networkAclId, vpcId: live.vpcId, ownerTag: aclOwnerTag(marker, docId) },
      live.networkAclId,
      [],
      'made by vpclink for this document',
    );
  }
  return { steps, problems: [], touchedVpcIds };
}

/**
 * Rules the plan would add that name a prefix list the live state does not have. A warning, not an
 * error: the import reads VPC prefix lists, and whether ECS prefix lists share their `pl-` IDs is
 * UNCONFIRMED (aliyun-dataplane.md §2.3), so the list may exist where vpclink cannot see it.
 */
export function rulePrefixListProblems(steps: readonly PlanStep[], current: Topology): PlanProblem[] {
  const live = new Set((current.prefixLists ?? []).map((p) => p.prefixListId));
  const problems: PlanProblem[] = [];
  for (const step of steps) {
    if (step.kind !== 'authorizeSecurityGroup') continue;
    for (const p of step.permissions)
      for (const list of [p.sourcePrefixListId, p.destPrefixListId])
        if (list !== undefined && !live.has(list))
          problems.push({
            code: 'PREFIX_LIST_NOT_LIVE',
            severity: 'warning',
            resourceId: step.securityGroupId,
            message:
              `a ${step.direction} rule for ${step.securityGroupId} names prefix list ${list}, which the import did ` +
              `not find (it may be an ECS prefix list); AuthorizeSecurityGroup fails if it does not exist`,
          });
  }
  return problems;
}

/**
 * ENIs and secondary IPs are read-only for vpclink (it does not manage ENIs): each one the
 * document has and the live state lacks is a problem, never a step.
 */
export function networkInterfaceProblems(desired: Topology, current: Topology): PlanProblem[] {
  const live = new Map((current.networkInterfaces ?? []).map((n) => [n.networkInterfaceId, n]));
  const problems: PlanProblem[] = [];
  for (const eni of desired.networkInterfaces ?? []) {
    const found = live.get(eni.networkInterfaceId);
    if (!found) {
      problems.push({
        code: 'NETWORK_INTERFACE_NOT_MANAGED',
        severity: 'warning',
        resourceId: eni.networkInterfaceId,
        message: `ENI ${eni.networkInterfaceId} (${eni.privateIpAddress}) is not in the current state; vpclink does not create ENIs, so flows to and from it stay as they are live`,
      });
      continue;
    }
    const ips = new Set([found.privateIpAddress, ...(found.privateIpSets ?? []).map((s) => s.privateIpAddress)]);
    const missing = [eni.privateIpAddress, ...(eni.privateIpSets ?? []).map((s) => s.privateIpAddress)].filter(
      (ip, i, all) => !ips.has(ip) && all.indexOf(ip) === i,
    );
    if (missing.length)
      problems.push({
        code: 'NETWORK_INTERFACE_NOT_MANAGED',
        severity: 'warning',
        resourceId: eni.networkInterfaceId,
        message: `ENI ${eni.networkInterfaceId} does not hold ${missing.join(', ')} live; vpclink does not assign private IPs, so the plan leaves ${missing.length > 1 ? 'them' : 'it'} out`,
      });
  }
  return problems;
}
