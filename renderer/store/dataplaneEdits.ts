/**
 * Pure edits of the data-plane resources (network ACLs, prefix lists): each takes a document and
 * returns a new one, for the store's undoable `change`. No DOM, no React.
 */
import { findResource } from './edits';
import type { EgressAclEntry, IngressAclEntry, NetworkAcl, Topology } from '../../simulator/document/schema';

export type AclDirection = 'ingress' | 'egress';
export type AclEntry = IngressAclEntry | EgressAclEntry;

export function aclEntriesField(direction: AclDirection): 'ingressAclEntries' | 'egressAclEntries' {
  return direction === 'ingress' ? 'ingressAclEntries' : 'egressAclEntries';
}

/** The address field of an entry: ingress entries match the source, egress ones the destination (aliyun-dataplane.md §1.4). */
export function aclCidrField(direction: AclDirection): 'sourceCidrIp' | 'destinationCidrIp' {
  return direction === 'ingress' ? 'sourceCidrIp' : 'destinationCidrIp';
}

function mapAcl(doc: Topology, aclId: string, edit: (acl: NetworkAcl) => NetworkAcl): Topology {
  const acls = doc.networkAcls ?? [];
  if (!acls.some((a) => a.networkAclId === aclId)) return doc;
  return { ...doc, networkAcls: acls.map((a) => (a.networkAclId === aclId ? edit(a) : a)) };
}

function mapEntries(
  doc: Topology,
  aclId: string,
  direction: AclDirection,
  edit: (entries: readonly AclEntry[]) => AclEntry[],
): Topology {
  const field = aclEntriesField(direction);
  return mapAcl(doc, aclId, (acl) => ({ ...acl, [field]: edit(acl[field] ?? []) }));
}

/** Replaces fields of one entry; an `undefined` value removes the field. */
export function updateAclEntry(
  doc: Topology,
  aclId: string,
  direction: AclDirection,
  index: number,
  patch: Readonly<Record<string, unknown>>,
): Topology {
  return mapEntries(doc, aclId, direction, (entries) =>
    entries.map((e, i) => {
      if (i !== index) return e;
      const next: Record<string, unknown> = { ...e };
      for (const [k, v] of Object.entries(patch)) {
        if (v === undefined) delete next[k];
        else next[k] = v;
      }
      return next as AclEntry;
    }),
  );
}

/**
 * Appends a custom entry that drops SSH from everywhere: a harmless start (it only narrows what the
 * implied deny-all already denies) that the user edits into what they mean.
 */
export function addAclEntry(doc: Topology, aclId: string, direction: AclDirection): Topology {
  const entry = {
    policy: 'drop',
    protocol: 'tcp',
    port: '22/22',
    entryType: 'custom',
    [aclCidrField(direction)]: '0.0.0.0/0',
  } as unknown as AclEntry;
  return mapEntries(doc, aclId, direction, (entries) => [...entries, entry]);
}

export function removeAclEntry(doc: Topology, aclId: string, direction: AclDirection, index: number): Topology {
  return mapEntries(doc, aclId, direction, (entries) => entries.filter((_, i) => i !== index));
}

/** Moves an entry one place up (-1) or down (+1): order decides, the first match wins (§0 #3). */
export function moveAclEntry(
  doc: Topology,
  aclId: string,
  direction: AclDirection,
  index: number,
  delta: -1 | 1,
): Topology {
  return mapEntries(doc, aclId, direction, (entries) => {
    const to = index + delta;
    if (index < 0 || index >= entries.length || to < 0 || to >= entries.length) return [...entries];
    const next = [...entries];
    [next[index], next[to]] = [next[to]!, next[index]!];
    return next;
  });
}

/** The ACL a vSwitch is bound to (the first in document order, as the simulator applies). */
export function aclOfVSwitch(doc: Topology, vSwitchId: string): NetworkAcl | undefined {
  return (doc.networkAcls ?? []).find((a) => (a.resources ?? []).some((r) => r.resourceId === vSwitchId));
}

/** Binds a vSwitch to one ACL (one ACL per vSwitch, §1.5), or unbinds it when `aclId` is empty. */
export function bindVSwitchAcl(doc: Topology, vSwitchId: string, aclId: string): Topology {
  const acls = doc.networkAcls ?? [];
  return {
    ...doc,
    networkAcls: acls.map((acl) => {
      const others = (acl.resources ?? []).filter((r) => r.resourceId !== vSwitchId);
      const resources =
        acl.networkAclId === aclId ? [...others, { resourceId: vSwitchId, resourceType: 'VSwitch' as const }] : others;
      return { ...acl, resources };
    }),
  };
}

/** Replaces the CIDR of one prefix-list entry, appends one (`index` = -1) or removes one (`cidr` null). */
export function editPrefixListEntry(doc: Topology, prefixListId: string, index: number, cidr: string | null): Topology {
  const lists = doc.prefixLists ?? [];
  return {
    ...doc,
    prefixLists: lists.map((pl) => {
      if (pl.prefixListId !== prefixListId) return pl;
      let entries = [...pl.entries];
      if (index < 0) entries.push({ cidr: cidr ?? '' });
      else if (cidr === null) entries = entries.filter((_, i) => i !== index);
      else entries = entries.map((e, i) => (i === index ? { ...e, cidr } : e));
      return { ...pl, entries };
    }),
  };
}

/** A resource of the data-plane arrays the inspector has a form for (findResource finds it). */
export function findDataplaneResource(
  doc: Topology,
  id: string,
): { readonly array: 'networkAcls' | 'networkInterfaces' | 'prefixLists'; readonly index: number } | undefined {
  const ref = findResource(doc, id);
  return ref && (ref.array === 'networkAcls' || ref.array === 'networkInterfaces' || ref.array === 'prefixLists')
    ? { array: ref.array, index: ref.index }
    : undefined;
}
