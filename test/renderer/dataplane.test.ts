/**
 * The app's data-plane edits and lookups, on a whole document: ACL entry tables (order decides,
 * checked through the real simulator), vSwitch binding, prefix-list entries, ENI endpoints, and
 * the words of the verdict panel.
 */
import { describe, expect, it } from 'vitest';
import type { Topology } from '../../simulator/document/schema';
import { loadDocumentText } from '../../simulator/document/load';
import { createReachability } from '../../simulator/reach';
import { hopDecisionText, stopHop } from '../../renderer/panels/verdictDetails';
import {
  aclOfVSwitch,
  addAclEntry,
  bindVSwitchAcl,
  editPrefixListEntry,
  findDataplaneResource,
  moveAclEntry,
  removeAclEntry,
  updateAclEntry,
} from '../../renderer/store/dataplaneEdits';
import { resolveEndpoint } from '../../renderer/store/endpoints';
import { verdictLook } from '../../renderer/words';
import { example } from './helpers';

const A = 'i-m5e8s3ti3g1xtn0gmaus';
const VSW_B = 'vsw-2ze1vkm1i9p7s5q1wjb8f';
const ACL = 'nacl-b';
const ENI = 'eni-b2';

function dataplaneDoc(): Topology {
  const doc = example('cross-account');
  return {
    ...doc,
    networkAcls: [
      {
        networkAclId: ACL,
        vpcId: 'vpc-2zeo9pbx3kvs1gd7pu3gs',
        resources: [{ resourceId: VSW_B, resourceType: 'VSwitch' }],
        ingressAclEntries: [
          { policy: 'drop', protocol: 'icmp', port: '-1/-1', sourceCidrIp: '192.168.0.0/16' },
          { policy: 'accept', protocol: 'all', port: '-1/-1', sourceCidrIp: '0.0.0.0/0' },
        ],
        egressAclEntries: [{ policy: 'accept', protocol: 'all', port: '-1/-1', destinationCidrIp: '0.0.0.0/0' }],
      },
    ],
    networkInterfaces: [
      {
        networkInterfaceId: ENI,
        vSwitchId: VSW_B,
        privateIpAddress: '172.16.1.101',
        securityGroupIds: ['sg-2zeh6s0f7hcwt1xp6cgl'],
        type: 'Secondary',
        instanceId: 'i-2ze6pb1ti4wkxo4mnwo3',
        name: 'data',
        privateIpSets: [{ privateIpAddress: '172.16.1.102' }],
      },
    ],
    prefixLists: [
      {
        prefixListId: 'pl-1',
        accountId: '1231579085529123',
        regionId: 'cn-qingdao',
        entries: [{ cidr: '10.0.0.0/8' }],
      },
    ],
  };
}

/** Checks a ping on the document as a load parses it (what the app's worker gets). */
function ping(doc: Topology, to: string) {
  const loaded = loadDocumentText(JSON.stringify(doc));
  if (loaded.kind !== 'ok') throw new Error('the test document does not load');
  return createReachability(loaded.document).check({ from: A, to, protocol: 'icmp', port: null });
}

describe('ACL entry tables in the app', () => {
  it('order decides: moving the accept-all above the drop makes the ping reachable, and back', () => {
    const doc = dataplaneDoc();
    const before = ping(doc, ENI);
    expect('verdict' in before && before.verdict).toBe('unreachable');
    const moved = moveAclEntry(doc, ACL, 'ingress', 1, -1);
    expect(moved.networkAcls![0]!.ingressAclEntries!.map((e) => e.policy)).toEqual(['accept', 'drop']);
    const after = ping(moved, ENI);
    expect('verdict' in after && after.verdict).toBe('reachable');
    expect(moveAclEntry(moved, ACL, 'ingress', 0, 1)).toEqual(doc);
    // Out of range is no change.
    expect(moveAclEntry(doc, ACL, 'ingress', 0, -1).networkAcls).toEqual(doc.networkAcls);
  });

  it('names the entry that decided and says the drop was explicit', () => {
    const result = ping(dataplaneDoc(), '172.16.1.102');
    if (!('verdict' in result)) throw new Error('input error');
    const aclHop = result.forward.hops.find((h) => h.resourceType === 'networkAcl' && h.causesDrop)!;
    expect(hopDecisionText(aclHop)).toBe(`${ACL} ingress entry #0: drop icmp -1/-1 from 192.168.0.0/16`);
    expect(result.blockers[0]).toMatchObject({ code: 'NACL_INGRESS_DENIED', cause: 'EXPLICIT_DROP' });
  });

  it('edits, adds and removes entries; binds and unbinds a vSwitch', () => {
    const doc = dataplaneDoc();
    const edited = updateAclEntry(doc, ACL, 'ingress', 0, { policy: 'accept', networkAclEntryName: 'ok' });
    expect(edited.networkAcls![0]!.ingressAclEntries![0]).toMatchObject({
      policy: 'accept',
      networkAclEntryName: 'ok',
    });
    const added = addAclEntry(doc, ACL, 'egress');
    expect(added.networkAcls![0]!.egressAclEntries![1]).toMatchObject({
      destinationCidrIp: '0.0.0.0/0',
      port: '22/22',
    });
    expect(removeAclEntry(added, ACL, 'egress', 1)).toEqual(doc);
    const unbound = bindVSwitchAcl(doc, VSW_B, '');
    expect(aclOfVSwitch(unbound, VSW_B)).toBeUndefined();
    expect(aclOfVSwitch(bindVSwitchAcl(unbound, VSW_B, ACL), VSW_B)?.networkAclId).toBe(ACL);
    const unboundPing = ping(unbound, ENI);
    expect('verdict' in unboundPing && unboundPing.verdict).toBe('reachable');
  });

  it('edits prefix-list entries and finds the optional resources', () => {
    const doc = dataplaneDoc();
    const added = editPrefixListEntry(doc, 'pl-1', -1, '172.16.0.0/16');
    expect(added.prefixLists![0]!.entries.map((e) => e.cidr)).toEqual(['10.0.0.0/8', '172.16.0.0/16']);
    expect(editPrefixListEntry(added, 'pl-1', 1, null)).toEqual(doc);
    expect(findDataplaneResource(doc, ENI)).toEqual({ array: 'networkInterfaces', index: 0 });
    expect(findDataplaneResource(doc, 'pl-1')).toEqual({ array: 'prefixLists', index: 0 });
    expect(findDataplaneResource(doc, A)).toBeUndefined();
  });
});

describe('ENI endpoints and the undetermined verdict', () => {
  it.each([
    { text: ENI, allowIp: false, expected: { kind: 'eni', networkInterfaceId: ENI } },
    { text: 'data', allowIp: true, expected: { kind: 'eni', networkInterfaceId: ENI } },
    { text: '172.16.1.102', allowIp: false, expected: { kind: 'ip', address: '172.16.1.102' } },
    { text: '192.168.1.100', allowIp: false, expected: { kind: 'ip', address: '192.168.1.100' } },
  ])('$text resolves', ({ text, allowIp, expected }) => {
    expect(resolveEndpoint(dataplaneDoc(), text, allowIp)).toEqual(expected);
  });

  it('a source address nothing holds is refused', () => {
    const r = resolveEndpoint(dataplaneDoc(), '172.16.1.200', false);
    expect(r.kind === 'unknown' && r.message).toMatch(/source must be an instance/);
  });

  it('undetermined is its own look, never green and never "not reachable"', () => {
    expect(verdictLook('undetermined')).toEqual({ text: 'Undetermined', icon: '?', className: 'verdict-unknown' });
    expect(verdictLook('unreachable').text).toBe('Not reachable');
    const doc = dataplaneDoc();
    const nat: Topology = {
      ...doc,
      routeTables: doc.routeTables.map((t, i) =>
        i === 0
          ? {
              ...t,
              routeEntries: [
                ...(t.routeEntries ?? []),
                {
                  destinationCidrBlock: '10.0.0.0/8',
                  nextHopType: 'NatGateway',
                  nextHopId: 'ngw-1',
                  status: 'Available',
                },
              ],
            }
          : t,
      ),
    };
    const result = ping(nat, '10.1.2.3');
    if (!('verdict' in result)) throw new Error('input error');
    expect(result.blockers.map((b) => b.code)).toEqual(['NEXT_HOP_NOT_SIMULATED']);
    expect(result.verdict).toBe('undetermined');
    expect(stopHop(result.forward, result.return)?.resourceId).toBe('vtb-m5e64ujkb7xn5i2ukwzd1');
  });
});
