/**
 * How the network-ACL steps run (aliyun-dataplane.md §1): create with a ClientToken and the
 * owner tag in the Description, so a lost answer or an interrupted run is resolved by looking the
 * ACL up by its tag instead of creating a second; entries replaced as a whole (idempotent);
 * binds and unbinds that look first and only send what is still to do; waits that poll
 * DescribeNetworkAcls until the ACL is Available and its bindings settled (binding is
 * asynchronous, §1.1); delete that unbinds what is still bound first (Delete needs an unbound ACL).
 */
import type { CallParams } from '../client';
import type { NetworkAclStep } from '../../simulator/plan';
import { describeNetworkAcl, findNetworkAclByTag, type LiveNetworkAcl } from './lookup';
import { callWithRetry, poll, safeLookup, StepFailure, type StepResult, type StepRuntime } from './steps';

/** Codes that mean "this ACL does not exist" (InvalidNetworkAclId.NotFound is the sandbox's; UNCONFIRMED). */
const NOT_FOUND_ACL = new Set(['InvalidNetworkAclId.NotFound', 'ResourceNotFound.NetworkAcl']);
/** Refusals while an ACL or a binding is busy, which terraform retries (aliyun-dataplane.md §1.6). */
const ACL_BUSY = new Set([
  'IncorrectStatus',
  'IncorrectStatus.Vpc',
  'NetworkAclExistBinding',
  'OperationDenied.NetworkAclAttachmentInMiddleStatus',
  'ResourceStatus.Error',
  'NetworkStatus.Modifying',
  'TaskConflict',
  'DependencyViolation.NetworkAclAttachment',
]);
const PLACEHOLDER = '(looked up)';

/** The live ACL a step acts on: by ID when known, otherwise by the owner tag vpclink wrote. */
async function liveAcl(rt: StepRuntime, step: NetworkAclStep, id: unknown): Promise<LiveNetworkAcl | undefined> {
  const options = { timeoutMs: rt.timing.callTimeoutMs };
  if (typeof id === 'string' && id !== '' && id !== PLACEHOLDER)
    return safeLookup(rt, () => describeNetworkAcl(rt.client, step.regionId, id, options));
  const tag = step.acl.ownerTag;
  if (tag === undefined) return undefined;
  return safeLookup(rt, () => findNetworkAclByTag(rt.client, step.regionId, step.acl.vpcId, tag, options));
}

function resourceParams(vSwitchIds: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  vSwitchIds.forEach((vsw, i) => {
    out[`Resource.${i + 1}.ResourceId`] = vsw;
    out[`Resource.${i + 1}.ResourceType`] = 'VSwitch';
  });
  return out;
}

/** Runs one network-ACL step. `params` have every `$ref` resolved. */
export async function runNetworkAclStep(
  rt: StepRuntime,
  step: NetworkAclStep,
  params: CallParams,
): Promise<StepResult> {
  const busy = { codes: ACL_BUSY, budgetMs: rt.timing.deleteRetryBudgetMs };
  switch (step.kind) {
    case 'createNetworkAcl': {
      const tag = step.acl.ownerTag;
      if (tag === undefined) throw new Error(`plan: ${step.id} creates an ACL without an owner tag`);
      const base = {
        kind: 'networkAcl' as const,
        stepId: step.id,
        accountId: step.accountId,
        regionId: step.regionId,
        vpcId: step.acl.vpcId,
        ownerTag: tag,
      };
      if (rt.resumed) {
        const existing = await liveAcl(rt, step, undefined);
        if (existing) {
          await rt.recordCreated({ ...base, networkAclId: existing.networkAclId });
          return {
            outputs: { NetworkAclId: existing.networkAclId },
            note: 'found by its owner tag (created by the interrupted run)',
          };
        }
      }
      await rt.recordCreated(base);
      const response = await callWithRetry(rt, step, step.action, params, {
        extraRetryable: busy,
        resolveAmbiguous: async () => {
          const found = await liveAcl(rt, step, undefined);
          return found ? { NetworkAclId: found.networkAclId } : undefined;
        },
      });
      const id = typeof response.NetworkAclId === 'string' ? response.NetworkAclId : '';
      if (!id)
        throw new StepFailure({
          code: 'UNEXPECTED_RESPONSE',
          message: 'CreateNetworkAcl returned no NetworkAclId',
          action: step.action,
        });
      await rt.recordCreated({ ...base, networkAclId: id });
      return { outputs: { NetworkAclId: id } };
    }

    case 'updateNetworkAclEntries':
      // A full replace per direction (§0 #6): sending it again is harmless, so ambiguous failures just retry.
      await callWithRetry(rt, step, step.action, params, { extraRetryable: busy });
      return { outputs: {} };

    case 'associateNetworkAcl':
    case 'unassociateNetworkAcl': {
      const binding = step.kind === 'associateNetworkAcl';
      const pending = async (): Promise<string[] | undefined> => {
        const live = await liveAcl(rt, step, params.NetworkAclId);
        if (!live) return binding ? step.vSwitchIds.slice() : [];
        return step.vSwitchIds.filter((vsw) => live.resources.has(vsw) !== binding);
      };
      // Always look first: a resumed run, a concurrent change or the other ACL's own plan may have done it.
      const todo = await pending();
      if (todo !== undefined && todo.length === 0)
        return { outputs: {}, skipped: binding ? 'already bound' : 'already unbound' };
      const send = todo === undefined || todo.length === step.vSwitchIds.length ? step.vSwitchIds : todo;
      const sendParams: CallParams = {
        ...Object.fromEntries(Object.entries(params).filter(([key]) => !key.startsWith('Resource.'))),
        ...resourceParams(send),
      };
      await callWithRetry(rt, step, step.action, sendParams, {
        extraRetryable: busy,
        resolveAmbiguous: async () => {
          const left = await pending();
          return left !== undefined && left.length === 0 ? { RequestId: 'looked-up' } : undefined;
        },
        resolveRefusal: async (error) => {
          if (binding || !(NOT_FOUND_ACL.has(error.code) || error.code === 'InvalidVSwitchId.NotFound'))
            return undefined;
          const left = await pending();
          return left !== undefined && left.length === 0 ? { RequestId: 'gone' } : undefined;
        },
      });
      return { outputs: {} };
    }

    case 'waitNetworkAcl': {
      const bound = step.bound ?? [];
      const unbound = step.unbound ?? [];
      await poll(rt, step, step.until === 'Deleted' ? 'gone' : 'Available', async () => {
        const live = await liveAcl(rt, step, params.NetworkAclId);
        if (step.until === 'Deleted') return live ? { done: false, status: live.status } : { done: true, value: true };
        if (!live) return { done: false, status: 'not found' };
        if (live.status !== 'Available') return { done: false, status: live.status };
        const binding = bound.find((vsw) => live.resources.get(vsw) !== 'BINDED');
        if (binding !== undefined)
          return { done: false, status: `${binding} ${live.resources.get(binding) ?? 'not bound'}` };
        const unbinding = unbound.find((vsw) => live.resources.has(vsw));
        if (unbinding !== undefined) return { done: false, status: `${unbinding} ${live.resources.get(unbinding)}` };
        return { done: true, value: true };
      });
      return { outputs: {} };
    }

    case 'deleteNetworkAcl': {
      const live = await liveAcl(rt, step, params.NetworkAclId);
      if (!live) return { outputs: {}, skipped: 'the ACL does not exist' };
      const id = live.networkAclId;
      const deleteParams: CallParams = { ...params, NetworkAclId: id };
      if (live.resources.size > 0) {
        // DeleteNetworkAcl needs an unbound ACL (§1.1). Unbind the settled bindings (≤30 per call);
        // one still BINDING or UNBINDING is waited for first (the API refuses a change meanwhile, §1.6).
        await poll(rt, step, 'its vSwitches unbound', async () => {
          const now = await liveAcl(rt, step, id);
          if (!now || now.resources.size === 0) return { done: true, value: true };
          const settled = [...now.resources].filter(([, status]) => status === 'BINDED').map(([vsw]) => vsw);
          if (settled.length === now.resources.size)
            await callWithRetry(
              rt,
              step,
              'UnassociateNetworkAcl',
              { RegionId: step.regionId, NetworkAclId: id, ...resourceParams(settled.sort().slice(0, 30)) },
              {
                extraRetryable: busy,
                // Unbound meanwhile (a lost answer, a concurrent run): the next probe looks again.
                resolveRefusal: async (error) =>
                  error.code === 'InvalidVSwitchId.NotFound' ? { RequestId: 'looked-up' } : undefined,
              },
            );
          return { done: false, status: `${now.resources.size} vSwitch(es) still bound` };
        });
      }
      await callWithRetry(rt, step, step.action, deleteParams, {
        extraRetryable: busy,
        resolveAmbiguous: async () => ((await liveAcl(rt, step, id)) ? undefined : { RequestId: 'looked-up' }),
        resolveRefusal: async (error) => (NOT_FOUND_ACL.has(error.code) ? { RequestId: 'gone' } : undefined),
      });
      return { outputs: { NetworkAclId: id } };
    }

    default: {
      const never: never = step;
      throw new Error(`unknown network ACL step ${JSON.stringify(never)}`);
    }
  }
}
