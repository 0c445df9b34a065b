/**
 * How the VPC peering steps run (aliyun-links.md §1): create found by natural key (one connection
 * per pair of VPCs; a lost answer never becomes a second, billed connection), accept with the
 * accepter's credentials, waits that fail at once on a refused or withdrawn connection, delete
 * without Force (the plan removes the routes first).
 */
import type { CallParams } from '../client';
import type { PlanStep, VpcPeerKey } from '../../simulator/plan';
import { describeVpcPeerConnection, findVpcPeerConnectionByKey, type LiveVpcPeerConnection } from './lookup';
import {
  callWithRetry,
  createFoundByKey,
  deleteLookingFirst,
  MAX_NOT_FOUND_POLLS,
  poll,
  safeLookup,
  StepFailure,
  type StepResult,
  type StepRuntime,
} from './steps';

/** VpcPeer refusals worth retrying while the connection settles (aliyun-links.md §1.10: terraform's accepter retries them). */
const PCC_STATUS_RETRY = new Set(['IncorrectStatus.VpcPeer', 'IncorrectStatus']);
/** DeleteVpcPeerConnection refusals terraform's accepter retries (§1.10); a route still being deleted gives the second (§1.6). */
const DELETE_PCC_RETRY = new Set(['IncorrectStatus.VpcPeer', 'IncorrectStatus', 'OperationDenied.RouteEntryExist']);
/** A connection the accepter refused or let lapse (§1.4): no wait for Activated can end well. */
const PCC_REFUSED = new Set(['Rejected', 'Expired']);
/** Statuses that satisfy a wait for each target (a connection past `Accepting` has been accepted already, §1.4). */
const PCC_REACHED: Readonly<Record<'Accepting' | 'Activated', ReadonlySet<string>>> = {
  Accepting: new Set(['Accepting', 'Updating', 'Activated']),
  Activated: new Set(['Activated']),
};
const PCC_GONE_STATUS = new Set(['Deleting', 'Deleted']);
const PCC_NOT_FOUND = new Set(['ResourceNotFound.InstanceId']);
function pccLookup(rt: StepRuntime, key: VpcPeerKey): Promise<LiveVpcPeerConnection | undefined> {
  return safeLookup(rt, () => findVpcPeerConnectionByKey(rt.client, key, { timeoutMs: rt.timing.callTimeoutMs }));
}

function pccById(rt: StepRuntime, id: string): Promise<LiveVpcPeerConnection | undefined> {
  return safeLookup(rt, () => describeVpcPeerConnection(rt.client, id, { timeoutMs: rt.timing.callTimeoutMs }));
}

/** The live ID of the connection a step acts on: resolved from the plan, or looked up by natural key (rollback of a create whose answer was lost). */
async function resolvePccId(
  rt: StepRuntime,
  step: Extract<PlanStep, { peering: unknown }>,
  id: unknown,
): Promise<string | undefined> {
  if (typeof id === 'string' && id !== '' && id !== '(looked up)') return id;
  // Looked up in the requester's account, where the connection was created.
  if (step.accountId !== step.peering.key.accountId) return undefined;
  return (await pccLookup(rt, step.peering.key))?.instanceId;
}

/** Runs one VPC peering step. `params` have every `$ref` resolved. */
export async function runPeeringStep(
  rt: StepRuntime,
  step: Extract<PlanStep, { readonly peering: unknown }>,
  params: CallParams,
): Promise<StepResult> {
  switch (step.kind) {
    case 'createVpcPeerConnection':
      return createVpcPeerConnection(rt, step, params);
    case 'acceptVpcPeerConnection':
      return acceptVpcPeerConnection(rt, step, params);
    case 'modifyVpcPeerConnection':
      // Idempotent (setting the same bandwidth again is harmless): ambiguous failures just retry.
      await callWithRetry(rt, step, step.action, params, {
        extraRetryable: { codes: PCC_STATUS_RETRY, budgetMs: rt.timing.connectNotSetBudgetMs },
      });
      return { outputs: { InstanceId: String(params.InstanceId ?? '') } };
    case 'waitVpcPeerConnection':
      return waitVpcPeerConnection(rt, step, params);
    case 'deleteVpcPeerConnection':
      return deleteVpcPeerConnection(rt, step, params);
    default: {
      const never: never = step;
      throw new Error(`unknown peering step ${JSON.stringify(never)}`);
    }
  }
}

/** CreateVpcPeerConnection, recorded in the journal before the call (without ID) and after (with it). */
async function createVpcPeerConnection(
  rt: StepRuntime,
  step: Extract<PlanStep, { readonly kind: 'createVpcPeerConnection' }>,
  params: CallParams,
): Promise<StepResult> {
  // The natural key, not the ClientToken alone, decides "already made": a lost answer must
  // never become a second, billed connection (§1.5).
  const key = step.peering.key;
  const lookup = async () => (await pccLookup(rt, key))?.instanceId;
  return createFoundByKey(rt, step, params, {
    idField: 'InstanceId',
    lookup,
    // "Already exists" after a lost success is our own connection (the API allows one per pair of VPCs, §1.9).
    alreadyExists: 'ResourceAlreadyExist.VpcPeer',
    created: { kind: 'vpcPeerConnection', key },
  });
}

/** Accept (the accepter's side): skipped when already accepted; a refused connection fails at once. */
async function acceptVpcPeerConnection(
  rt: StepRuntime,
  step: Extract<PlanStep, { readonly kind: 'acceptVpcPeerConnection' }>,
  params: CallParams,
): Promise<StepResult> {
  const id = String(params.InstanceId ?? '');
  // Runs with the ACCEPTER's credentials (the plan puts the step in its account, §1.4).
  const accepted = async () => {
    const live = await pccById(rt, id);
    if (live && (PCC_REFUSED.has(live.status) || PCC_GONE_STATUS.has(live.status)))
      // Refused or withdrawn meanwhile: no retry can accept it (§1.4); say so now, not after the budget.
      throw new StepFailure({
        code: 'PEERING_REFUSED',
        message: `${step.description}: ${id} is ${live.status}; it can no longer be accepted`,
        action: step.action,
      });
    return live && (live.status === 'Updating' || live.status === 'Activated') ? { RequestId: 'looked-up' } : undefined;
  };
  if (rt.resumed && (await accepted())) return { outputs: { InstanceId: id }, skipped: 'already accepted' };
  await callWithRetry(rt, step, step.action, params, {
    // The request may not have reached the accepter's side yet, or still be Creating: retry a while.
    extraRetryable: {
      codes: new Set([...PCC_STATUS_RETRY, 'ResourceNotFound.InstanceId']),
      budgetMs: rt.timing.connectNotSetBudgetMs,
    },
    resolveAmbiguous: accepted,
    // terraform's accepter ignores IncorrectStatus.VpcPeer (already accepted, §1.10); we look first.
    refusalsToCheck: PCC_STATUS_RETRY,
    resolveRefusal: async (e) => (PCC_STATUS_RETRY.has(e.code) ? accepted() : undefined),
  });
  return { outputs: { InstanceId: id } };
}

/** Polls the connection until it reaches the step's status; refused or withdrawn fails at once. */
async function waitVpcPeerConnection(
  rt: StepRuntime,
  step: Extract<PlanStep, { readonly kind: 'waitVpcPeerConnection' }>,
  params: CallParams,
): Promise<StepResult> {
  const until = step.until;
  let missing = 0;
  const value = await poll(rt, step, until, async () => {
    const id = await resolvePccId(rt, step, params.InstanceId);
    const live = id !== undefined ? await pccById(rt, id) : undefined;
    if (until === 'Deleted') return live ? { done: false, status: live.status } : { done: true, value: '' };
    if (!live) {
      // Eventual consistency right after a create; for long, it is gone.
      if (++missing >= MAX_NOT_FOUND_POLLS)
        throw new StepFailure({
          code: 'RESOURCE_NOT_FOUND',
          message: `${step.description}: ${id ?? 'the peering connection'} is not found (deleted meanwhile?)`,
          action: step.action,
        });
      return { done: false, status: 'not found' };
    }
    missing = 0;
    if (PCC_REFUSED.has(live.status) || PCC_GONE_STATUS.has(live.status))
      throw new StepFailure({
        code: 'PEERING_REFUSED',
        message:
          `${step.description}: ${live.instanceId} is ${live.status}` +
          (PCC_REFUSED.has(live.status)
            ? ` (the accepter, account ${step.peering.key.acceptingAccountId}, did not accept it)`
            : '') +
          `; it will not become ${until}`,
        action: step.action,
      });
    return PCC_REACHED[until].has(live.status)
      ? { done: true, value: live.instanceId }
      : { done: false, status: live.status };
  });
  return { outputs: value ? { InstanceId: value } : {} };
}

/** Delete without Force, retrying while it settles or a route is still being deleted (§1.6). */
async function deleteVpcPeerConnection(
  rt: StepRuntime,
  step: Extract<PlanStep, { readonly kind: 'deleteVpcPeerConnection' }>,
  params: CallParams,
): Promise<StepResult> {
  const id = await resolvePccId(rt, step, params.InstanceId);
  if (id === undefined) return { outputs: {}, skipped: 'the peering connection does not exist' };
  // Never Force: it would delete routes vpclink was not asked to delete (§1.6); the plan removes them first.
  return deleteLookingFirst(rt, step, params, {
    idParam: 'InstanceId',
    id,
    live: () => pccById(rt, id),
    retryWhile: DELETE_PCC_RETRY,
    // terraform treats ResourceNotFound.InstanceId as already gone (§1.10).
    notFound: PCC_NOT_FOUND,
  });
}
