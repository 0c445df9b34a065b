/**
 * The two ends of a flow: the holder (an instance, or a secondary ENI) that sends or answers,
 * with its own problems (placement, address, status, unknown groups) as blockers.
 */
import { formatIpv4 } from '../../net/ipv4';
import type { Compiled, InstanceInfo } from '../compile';
import type { JsonPatchOperation } from '../jsonPatch';
import { flowText } from '../flow';
import type { FlowSpec } from '../types';
import { blocker, type BlockerDraft, named, type Recorder } from './recorder';

/** `placementProblems(nic).length === 0` without building them: placed in a vSwitch of a VPC, and addressed. */
export function isPlaced(nic: InstanceInfo): boolean {
  return nic.vSwitch !== null && nic.vSwitch.vpc !== null && nic.ip !== null;
}

/** Problems that make a holder impossible to route from or to. */
function placementProblems(nic: InstanceInfo): BlockerDraft[] {
  const out: BlockerDraft[] = [];
  const sw = nic.vSwitch;
  const placed = nic.kind === 'eni' ? nic.eni!.vSwitchId : nic.instance.vSwitchId;
  const address = nic.kind === 'eni' ? nic.eni!.privateIpAddress : nic.instance.privateIpAddress;
  if (sw === null) {
    out.push(
      blocker(
        'INSTANCE_NOT_PLACED',
        nic.id,
        `${nic.id} names vSwitch ${placed}, which is not in the document`,
        `set vSwitchId of ${nic.id} to a vSwitch of the document`,
      ),
    );
  } else if (sw.vpc === null) {
    out.push(
      blocker(
        'INSTANCE_NOT_PLACED',
        sw.id,
        `vSwitch ${sw.id} of ${nic.id} names VPC ${sw.vSwitch.vpcId}, which is not in the document`,
        `set vpcId of ${sw.id} to a VPC of the document`,
      ),
    );
  }
  if (nic.ip === null) {
    out.push(
      blocker(
        'INSTANCE_ADDRESS_INVALID',
        nic.id,
        `privateIpAddress of ${nic.id} is not an IPv4 address: ${JSON.stringify(address)}`,
        `write privateIpAddress of ${nic.id} as four decimal octets inside ${sw ? sw.vSwitch.cidrBlock : 'its vSwitch block'}`,
      ),
    );
  }
  return out;
}

function statusProblems(c: Compiled, nic: InstanceInfo, role: 'source' | 'destination'): BlockerDraft[] {
  const out: BlockerDraft[] = [];
  if (nic.kind === 'eni' && nic.owner === null) {
    const eni = nic.eni!;
    out.push(
      blocker(
        'NETWORK_INTERFACE_NOT_ATTACHED',
        nic.id,
        `ENI ${nic.id} is attached to ${eni.instanceId ? `${eni.instanceId}, which is not in the document` : 'no instance'}: it ${role === 'source' ? 'sends' : 'answers'} nothing`,
        `attach ${nic.id} to an instance (AttachNetworkInterface) and set its instanceId${eni.instanceId ? `, or add ${eni.instanceId} to the document` : ''}`,
      ),
    );
  } else if (!nic.running) {
    const owner = nic.owner!;
    const index = positionIn(c, c.document.instances, owner.instance);
    out.push(
      blocker(
        'INSTANCE_NOT_RUNNING',
        owner.id,
        `${owner.id} is ${owner.instance.status}, not Running: it ${role === 'source' ? 'sends' : 'answers'} nothing`,
        `start ${owner.id} (StartInstance)`,
        index >= 0 ? { fix: [{ op: 'replace', path: `/instances/${index}/status`, value: 'Running' }] } : {},
      ),
    );
  }
  if (nic.missingGroupIds.length > 0) {
    const array = nic.kind === 'eni' ? 'networkInterfaces' : 'instances';
    const docIndex =
      nic.kind === 'eni'
        ? positionIn(c, c.document.networkInterfaces ?? [], nic.eni!)
        : positionIn(c, c.document.instances, nic.instance);
    const ids = nic.kind === 'eni' ? nic.eni!.securityGroupIds : nic.instance.securityGroupIds;
    // Removing the unknown groups is a fix only if a known group remains (at least one is required).
    const ops: JsonPatchOperation[] = [];
    if (docIndex >= 0 && nic.groupIds.length > nic.missingGroupIds.length) {
      for (let i = ids.length - 1; i >= 0; i--)
        if (nic.missingGroupIds.includes(ids[i]!))
          ops.push({ op: 'remove', path: `/${array}/${docIndex}/securityGroupIds/${i}` });
    }
    const missing = nic.missingGroupIds.join(', ');
    out.push(
      blocker(
        'SECURITY_GROUP_UNKNOWN',
        nic.id,
        `${nic.id} is in security group${nic.missingGroupIds.length > 1 ? 's' : ''} ${missing}, not in the document: its rules cannot be evaluated`,
        `add ${missing} to the document (import it) or remove ${nic.missingGroupIds.length > 1 ? 'them' : 'it'} from securityGroupIds of ${nic.id}`,
        ops.length > 0 ? { fix: ops } : {},
      ),
    );
  }
  return out;
}

/** The source's ORIGINATED hop or the destination's DELIVERED hop, with its problems. True when fatal. */
/** Per index and document array, each element's first position (what indexOf gives), built once. */
const positions = new WeakMap<Compiled, Map<readonly unknown[], Map<unknown, number>>>();

/** indexOf without a scan per call: a diff traces thousands of pairs to the same stopped instances. */
function positionIn<T>(c: Compiled, list: readonly T[], item: T): number {
  let byList = positions.get(c);
  if (byList === undefined) positions.set(c, (byList = new Map()));
  let byItem = byList.get(list);
  if (byItem === undefined) {
    byItem = new Map();
    for (let i = 0; i < list.length; i++) if (!byItem.has(list[i])) byItem.set(list[i], i);
    byList.set(list, byItem);
  }
  return byItem.get(item) ?? -1;
}

export function endpointHop(
  c: Compiled,
  rec: Recorder,
  nic: InstanceInfo,
  ip: number | null,
  role: 'source' | 'destination',
  flow: FlowSpec,
): boolean {
  const problems = placementProblems(nic);
  const fatal = problems.length > 0;
  problems.push(...statusProblems(c, nic, role));
  // A hop that neither drops nor blocks changes nothing when the hops are not written down.
  if (problems.length === 0 && !rec.keepHops) return fatal;
  const label = named(nic.id, nic.name);
  const address = ip === null ? null : formatIpv4(ip);
  const of = nic.kind === 'eni' && nic.owner ? ` of ${nic.owner.id}` : '';
  let description: string;
  if (problems.length > 0) description = `${label}: ${problems.map((p) => p.message).join('; ')}`;
  else if (role === 'source')
    description = `${named(nic.id, nic.name, address ?? '')}${of} sends ${flowText(flow)} toward ${flow.to}`;
  else description = `${named(nic.id, nic.name, address ?? '')}${of} receives the request`;
  rec.add(
    {
      resourceType: nic.kind === 'eni' ? 'networkInterface' : 'instance',
      resourceId: nic.id,
      action: problems.length > 0 ? 'DROPPED' : role === 'source' ? 'ORIGINATED' : 'DELIVERED',
      description,
      causesDrop: problems.length > 0,
      address,
    },
    problems,
  );
  return fatal;
}
