/**
 * The custom nodes. Each is memo'd and reads its own record from the store by ID, so a change to
 * one resource re-renders one node (React Flow's own advice for large canvases).
 */
import { Handle, Position, type NodeProps, type Node } from '@xyflow/react';
import { memo } from 'react';
import type { Topology } from '../../simulator/document/schema';
import { useSim } from '../sim/simStore';
import type { FindingView } from '../sim/types';
import { documentStore, indexOf, useDoc } from '../state';
import { aclOfVSwitch } from '../store/dataplaneEdits';
import { useDropTarget } from './dropTarget';
import { regionLabel } from '../regions';
import { pathRole } from './highlight';
import { useShownCheck } from './shownCheck';
import { TransitRouterNode } from './TransitRouterNode';
import { useZoomBand } from './zoomBand';

export type CanvasNodeData = { readonly label: string };
export type CanvasNode = Node<CanvasNodeData>;

/** Zoomed far out (below band 3), text is unreadable: instances and vSwitches draw as plain boxes (far fewer DOM nodes on big estates). */
function useLowDetail(): boolean {
  return useZoomBand() < 3;
}

/**
 * Further out (below band 2: a large estate fitted to the window) a VPC's 12 px header is under
 * 3 px: the VPC draws as a box with its handles. Besides the DOM, this keeps panning smooth: with
 * the header's text, Chromium gave every VPC (and its name) a composited layer of its own while the
 * view moved (430 layers on L, 40-90 ms of layerisation per frame); as a box it stays in the diagram's layer.
 */
function useVpcBoxOnly(): boolean {
  return useZoomBand() < 2;
}

function useSelected(id: string): boolean {
  return useDoc((s) => s.selection.includes(id));
}

function usePathClass(id: string): string {
  // Recomputed when the check changes (every edit brings a new check); the index, for where a
  // blocker is anchored, is read then. Subscribing to the index itself re-rendered every node of
  // the diagram on every edit (a new document has a new index).
  const role = useShownCheck((s) => pathRole(s.check, [id], indexOf(documentStore.getState().doc)));
  return role ? ` path-${role}` : '';
}

const NO_FINDINGS: readonly FindingView[] = [];

export function FindingBadge({ id }: { readonly id: string }) {
  const findings = useSim((s) => s.findingsByResource.get(id) ?? NO_FINDINGS);
  if (findings.length === 0) return null;
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  const level = errors ? 'error' : warnings ? 'warning' : 'info';
  const count = errors || warnings || findings.length;
  return (
    <span
      className={`badge badge-${level}`}
      title={findings.map((f) => `${f.code}: ${f.message}`).join('\n')}
      data-testid={`badge-${id}`}
    >
      {level === 'error' ? '✖' : level === 'warning' ? '!' : 'i'} {count}
    </span>
  );
}

/**
 * The network ACL bound to a vSwitch (aliyun-dataplane.md §1.5: one per vSwitch). A button, so a
 * click or Enter selects the ACL and opens its entry table in the inspector.
 */
export function AclBadge({ vSwitchId }: { readonly vSwitchId: string }) {
  const acl = useDoc((s) => aclOfVSwitch(s.doc, vSwitchId));
  const role = useShownCheck((s) => (acl ? pathRole(s.check, [acl.networkAclId]) : null));
  if (!acl) return null;
  const label = acl.networkAclName ?? acl.networkAclId;
  return (
    <button
      className={`acl-badge nodrag nopan${role ? ` path-${role}` : ''}`}
      data-testid={`acl-badge-${vSwitchId}`}
      title={`Network ACL ${acl.networkAclId}: open its entries`}
      aria-label={`Network ACL ${label}`}
      onClick={(e) => {
        e.stopPropagation();
        documentStore.getState().select([acl.networkAclId]);
      }}
      // Enter/Space act on the badge, not on the vSwitch node around it (the canvas selects focused nodes with them).
      onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && e.stopPropagation()}
    >
      ACL {label}
    </button>
  );
}

/**
 * Furthest out (band 0: an L estate fitted to the window) a group's 12 px title is about 1 px high:
 * accounts and regions draw as their boxes, named by a tooltip (and by the node's aria-label, as at
 * any zoom). Their titles were a third of the elements styled and laid out in the first frame of L.
 */
function useGroupBoxOnly(): boolean {
  return useZoomBand() === 0;
}

export const AccountNode = memo(function AccountNode({ id }: NodeProps<CanvasNode>) {
  const account = useDoc((s) => s.doc.accounts.find((a) => a.accountId === id));
  const selected = useSelected(id);
  const boxOnly = useGroupBoxOnly();
  const name = account?.name ?? `Account ${id}`;
  if (boxOnly)
    return <div className={`group-node account-node${selected ? ' selected' : ''}`} title={`${name} ${id}`} />;
  return (
    <div className={`group-node account-node${selected ? ' selected' : ''}`}>
      <div className="group-title">
        <span className="kind-tag">Account</span>
        <span className="group-name">{name}</span>
        {!account && (
          <span className="dim small" title="VPCs name this account but the document's accounts list does not">
            (not in the accounts list)
          </span>
        )}
        <FindingBadge id={id} />
        <span className="mono dim account-id" title={id}>
          {id}
        </span>
      </div>
    </div>
  );
});

export const RegionNode = memo(function RegionNode({ data }: NodeProps<CanvasNode>) {
  const boxOnly = useGroupBoxOnly();
  const label = regionLabel(String(data.label));
  if (boxOnly) return <div className="group-node region-node" title={label} />;
  return (
    <div className="group-node region-node">
      <div className="group-title region-title">
        <span className="region-pin">◉</span> {label}
      </div>
    </div>
  );
});

/** `.vpc-handle` (styles.css): 10 px square, centred on the middle of each side of the VPC's 1.5 px border box. */
const VPC_HANDLE = 10;
const VPC_BORDER = 1.5;

/**
 * Where a VPC's four handles are, as React Flow measures them (relative to the node, at any zoom),
 * given with the node: React Flow draws edges only between nodes whose handles it knows, so without
 * them every edge waited for a second pass after the nodes had been drawn and measured. They are
 * what the links end at (LinkLayer.tsx): React Flow's measurement of a node found at its given size
 * is dropped (givenSizes.ts), so a VPC drawn with a 1 or 2 px border (on a ping's path) has its
 * link ends within half a unit of the drawn handle.
 */
export function vpcHandles(width: number, height: number): NonNullable<Node['handles']> {
  const half = VPC_HANDLE / 2;
  const at = (id: string, position: Position, x: number, y: number) => ({
    id,
    type: 'source' as const,
    position,
    x,
    y,
    width: VPC_HANDLE,
    height: VPC_HANDLE,
  });
  return [
    at('l', Position.Left, VPC_BORDER - half, height / 2 - half),
    at('r', Position.Right, width - VPC_BORDER - half, height / 2 - half),
    at('t', Position.Top, width / 2 - half, VPC_BORDER - half),
    at('b', Position.Bottom, width / 2 - half, height - VPC_BORDER - half),
  ];
}

export const VpcNode = memo(function VpcNode({ id }: NodeProps<CanvasNode>) {
  const vpc = useDoc((s) => indexOf(s.doc).vpcs.get(id));
  const selected = useSelected(id);
  const path = usePathClass(id);
  const dropTarget = useDropTarget((s) => s.targetId === id);
  const boxOnly = useVpcBoxOnly();
  if (!vpc) return null;
  return (
    <div
      className={`group-node vpc-node${boxOnly ? ' handle-marks' : ''}${selected ? ' selected' : ''}${path}${dropTarget ? ' drop-target' : ''}`}
      data-testid={`vpc-${id}`}
      title={boxOnly ? `${vpc.name ?? vpc.vpcId} ${vpc.cidrBlock}` : undefined}
    >
      {!boxOnly && <VpcHandles />}
      {dropTarget && <div className="drop-hint">Drop to connect</div>}
      {!boxOnly && <VpcHeader vpc={vpc} />}
    </div>
  );
});

function VpcHandles() {
  return (
    <>
      <Handle type="source" position={Position.Left} id="l" className="vpc-handle" />
      <Handle type="source" position={Position.Right} id="r" className="vpc-handle" />
      <Handle type="source" position={Position.Top} id="t" className="vpc-handle" />
      <Handle type="source" position={Position.Bottom} id="b" className="vpc-handle" />
    </>
  );
}

function VpcHeader({ vpc }: { readonly vpc: Topology['vpcs'][number] }) {
  const id = vpc.vpcId;
  return (
    <div className="vpc-header">
      <div className="vpc-line">
        <span className="kind-tag vpc-tag">VPC</span>
        <span className="node-name">{vpc.name ?? vpc.vpcId}</span>
        <span className="cidr mono">{vpc.cidrBlock}</span>
        <FindingBadge id={id} />
      </div>
      <div className="sub vpc-sub">
        <span className="mono dim vpc-id">{vpc.vpcId}</span>
        <span className="vpc-region" title={regionLabel(vpc.regionId)} data-testid={`vpc-region-${id}`}>
          {vpc.regionId}
        </span>
      </div>
    </div>
  );
}

export const VSwitchNode = memo(function VSwitchNode({ id }: NodeProps<CanvasNode>) {
  const vsw = useDoc((s) => indexOf(s.doc).vSwitches.get(id));
  const selected = useSelected(id);
  const path = usePathClass(id);
  const low = useLowDetail();
  if (!vsw) return null;
  if (low)
    return (
      <div
        className={`group-node vswitch-node${selected ? ' selected' : ''}${path}`}
        title={`${vsw.name ?? id} ${vsw.cidrBlock}`}
      />
    );
  return (
    <div className={`group-node vswitch-node${selected ? ' selected' : ''}${path}`}>
      <div className="vswitch-header">
        <span className="kind-tag vsw-tag">vSwitch</span>
        <span className="node-name">{vsw.name ?? vsw.vSwitchId}</span>
        <AclBadge vSwitchId={id} />
        <FindingBadge id={id} />
      </div>
      <div className="vswitch-sub">
        <span className="cidr-left mono">{vsw.cidrBlock}</span>
        <span className="dim">{vsw.zoneId}</span>
      </div>
    </div>
  );
});

export const InstanceNode = memo(function InstanceNode({ id }: NodeProps<CanvasNode>) {
  const instance = useDoc((s) => indexOf(s.doc).instances.get(id));
  const selected = useSelected(id);
  const path = usePathClass(id);
  const endpoint = useSim((s) => (s.query.from === id ? 'source' : s.query.to === id ? 'destination' : null));
  const low = useLowDetail();
  if (!instance) return null;
  if (low)
    return (
      <div
        className={`instance-node lod${selected ? ' selected' : ''}${path}${endpoint ? ` endpoint-${endpoint}` : ''}`}
        data-testid={`instance-${id}`}
        title={`${instance.name ?? id} ${instance.privateIpAddress}`}
      />
    );
  return (
    <div className={`instance-node${selected ? ' selected' : ''}${path}`} data-testid={`instance-${id}`}>
      <div className="instance-line">
        <span className="instance-icon">▣</span>
        <span className="node-name">{instance.name ?? instance.instanceId}</span>
        {endpoint && <span className={`endpoint-tag ${endpoint}`}>{endpoint === 'source' ? 'SRC' : 'DST'}</span>}
        <EniTag instanceId={id} />
        <FindingBadge id={id} />
      </div>
      <div className="instance-ip mono">{instance.privateIpAddress}</div>
      <InstanceGroups instanceId={id} />
    </div>
  );
});

/**
 * The names of an instance's security groups, read only where they are drawn: zoomed out, where
 * an instance is a plain box, the hundreds that mount at once as the view zooms in do not join them.
 */
function InstanceGroups({ instanceId }: { readonly instanceId: string }) {
  const groups = useDoc((s) => {
    const index = indexOf(s.doc);
    const instance = index.instances.get(instanceId);
    return instance ? instance.securityGroupIds.map((g) => index.securityGroups.get(g)?.name ?? g).join(', ') : '';
  });
  return (
    <div className="instance-sg dim" title={groups}>
      {groups}
    </div>
  );
}

/** The secondary ENIs of an instance: a tag on it, their addresses in the tooltip (aliyun-dataplane.md §3). */
function EniTag({ instanceId }: { readonly instanceId: string }) {
  const text = useDoc((s) =>
    (s.doc.networkInterfaces ?? [])
      .filter((n) => n.instanceId === instanceId && n.type !== 'Primary')
      .map((n) => {
        const ips = [n.privateIpAddress, ...(n.privateIpSets ?? []).map((p) => p.privateIpAddress)];
        return `${n.name ?? n.networkInterfaceId} ${[...new Set(ips)].join(', ')}`;
      })
      .join(' · '),
  );
  if (!text) return null;
  const count = text.split(' · ').length;
  return (
    <span className="eni-tag" title={`Secondary ENIs: ${text}`} data-testid={`eni-tag-${instanceId}`}>
      +{count} ENI
    </span>
  );
}

/** Module scope (React Flow re-mounts every node when this object changes identity). */
export const NODE_TYPES = {
  account: AccountNode,
  region: RegionNode,
  vpc: VpcNode,
  vSwitch: VSwitchNode,
  instance: InstanceNode,
  transitRouter: TransitRouterNode,
};
