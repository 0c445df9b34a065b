/**
 * Every user command as a registered action (after Excalidraw): name, label, shortcut test and
 * perform. The toolbar, the keyboard handler, the palette and the Electron menu all run these, so
 * a command behaves the same wherever it is invoked.
 */
import type { Topology } from '../../simulator/document/schema';
import { MENU_COMMANDS, type MenuCommandName } from '../../electron/common/commands';
import type { DocumentStore } from './documentStore';
import { addAccount, addInstance, addSecurityGroup, addVpc, addVSwitch, clearPositions, findResource } from './edits';
import { migratableLink } from './migration';
import { addVpcInNewAccount, addVpcWithInstance } from './quickAdd';

export interface KeyLike {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly shiftKey: boolean;
  readonly altKey: boolean;
}

/** What the UI shell provides (files, view, export). Absent in store tests. */
export interface AppActions {
  newDocument(): void;
  open(): void;
  save(): void;
  saveAs(): void;
  exportSvg(): void;
  exportPng(): void;
  exportDrawio(): void;
  exportTerraform(): void;
  fitView(): void;
  zoomIn(): void;
  zoomOut(): void;
  importAccounts(): void;
  /** Restarts the local sandbox seeded with the open document. */
  reseedSandbox(): void;
  /** Opens the Apply tab with a plan of the open document for the chosen target. */
  planApply(): void;
  /** Opens "Migrate to VPC peering…" for the pair of this router interface. */
  migrateToPeering(routerInterfaceId: string): void;
}

export interface CommandContext {
  readonly store: DocumentStore;
  readonly app?: AppActions;
}

export type CommandGroup = 'file' | 'edit' | 'view' | 'add' | 'export';

export interface Command {
  readonly name: string;
  readonly label: string;
  readonly group: CommandGroup;
  /** Shown in tooltips and menus, e.g. `Ctrl+Z`. */
  readonly shortcut?: string;
  readonly keyTest?: (e: KeyLike) => boolean;
  /** Runs even while a text field has focus (Save, Open …). */
  readonly global?: boolean;
  readonly enabled?: (ctx: CommandContext) => boolean;
  readonly perform: (ctx: CommandContext) => void;
}

const mod = (e: KeyLike) => e.ctrlKey || e.metaKey;
const key = (e: KeyLike, k: string) => e.key.toLowerCase() === k;

/** The parent a new resource goes into, from the selection (a VPC's vSwitch, an instance's vSwitch …). */
export function selectionParent(
  doc: Topology,
  selection: readonly string[],
  wanted: 'vpc' | 'vSwitch' | 'account',
): string | undefined {
  for (const id of selection) {
    const ref = findResource(doc, id);
    if (!ref) continue;
    switch (ref.array) {
      case 'instances': {
        const vsw = doc.vSwitches.find((s) => s.vSwitchId === doc.instances[ref.index].vSwitchId);
        if (wanted === 'vSwitch') return vsw?.vSwitchId;
        const vpc = vsw && doc.vpcs.find((v) => v.vpcId === vsw.vpcId);
        return wanted === 'vpc' ? vpc?.vpcId : vpc?.accountId;
      }
      case 'vSwitches': {
        const vsw = doc.vSwitches[ref.index];
        if (wanted === 'vSwitch') return vsw.vSwitchId;
        const vpc = doc.vpcs.find((v) => v.vpcId === vsw.vpcId);
        return wanted === 'vpc' ? vpc?.vpcId : vpc?.accountId;
      }
      case 'vpcs': {
        const vpc = doc.vpcs[ref.index];
        if (wanted === 'vpc') return vpc.vpcId;
        if (wanted === 'account') return vpc.accountId;
        return doc.vSwitches.find((s) => s.vpcId === vpc.vpcId)?.vSwitchId;
      }
      case 'accounts':
        if (wanted === 'account') return doc.accounts[ref.index].accountId;
        if (wanted === 'vpc') return doc.vpcs.find((v) => v.accountId === doc.accounts[ref.index].accountId)?.vpcId;
        break;
      case 'securityGroups':
      case 'routeTables':
        if (wanted === 'vpc') return (doc[ref.array][ref.index] as { vpcId: string }).vpcId;
        break;
      default:
        break;
    }
  }
  return undefined;
}

/** Region of the selection (regions are group nodes with IDs `region:<account>:<region>`). */
function selectedRegion(selection: readonly string[]): { accountId: string; regionId: string } | undefined {
  for (const id of selection) {
    const m = /^region:(.+):([^:]+)$/.exec(id);
    if (m) return { accountId: m[1], regionId: m[2] };
  }
  return undefined;
}

/** Runs an add edit as one undo step and selects what it created. */
function addAndSelect(c: CommandContext, label: string, add: (doc: Topology) => { doc: Topology; id: string }): void {
  let id = '';
  c.store.getState().change(label, (doc) => {
    const added = add(doc);
    id = added.id;
    return added.doc;
  });
  c.store.getState().select([id]);
}

/**
 * Name, label and shortcut text of a command the Electron menu shows too: both read them from one
 * table (electron/common/commands.ts), so the menu and the app cannot disagree.
 */
function shared(name: MenuCommandName): Pick<Command, 'name' | 'label' | 'shortcut'> {
  const { label, shortcut } = MENU_COMMANDS[name];
  return { name, label, ...(shortcut ? { shortcut: shortcut.replace('CmdOrCtrl+', 'Ctrl+') } : {}) };
}

export const COMMANDS: readonly Command[] = [
  {
    ...shared('file.new'),
    group: 'file',
    global: true,
    keyTest: (e) => mod(e) && e.altKey && key(e, 'n'),
    perform: (c) => c.app?.newDocument(),
  },
  {
    ...shared('file.open'),
    group: 'file',
    global: true,
    keyTest: (e) => mod(e) && !e.shiftKey && key(e, 'o'),
    perform: (c) => c.app?.open(),
  },
  {
    ...shared('file.save'),
    group: 'file',
    global: true,
    keyTest: (e) => mod(e) && !e.shiftKey && key(e, 's'),
    perform: (c) => c.app?.save(),
  },
  {
    ...shared('file.saveAs'),
    group: 'file',
    global: true,
    keyTest: (e) => mod(e) && e.shiftKey && key(e, 's'),
    perform: (c) => c.app?.saveAs(),
  },
  { name: 'file.import', label: 'Import from accounts…', group: 'file', perform: (c) => c.app?.importAccounts() },
  { name: 'apply.plan', label: 'Apply…', group: 'file', perform: (c) => c.app?.planApply() },
  {
    name: 'sandbox.reseed',
    label: 'Reseed the sandbox from this document',
    group: 'file',
    perform: (c) => c.app?.reseedSandbox(),
  },
  {
    ...shared('edit.undo'),
    group: 'edit',
    keyTest: (e) => mod(e) && !e.shiftKey && key(e, 'z'),
    enabled: (c) => c.store.getState().past.length > 0,
    perform: (c) => c.store.getState().undo(),
  },
  {
    ...shared('edit.redo'),
    group: 'edit',
    keyTest: (e) => mod(e) && ((e.shiftKey && key(e, 'z')) || key(e, 'y')),
    enabled: (c) => c.store.getState().future.length > 0,
    perform: (c) => c.store.getState().redo(),
  },
  {
    ...shared('edit.delete'),
    group: 'edit',
    keyTest: (e) => !mod(e) && (e.key === 'Delete' || e.key === 'Backspace'),
    enabled: (c) => c.store.getState().selection.some((id) => findResource(c.store.getState().doc, id)),
    perform: (c) => void c.store.getState().requestDelete(),
  },
  {
    name: 'edit.copy',
    label: 'Copy',
    group: 'edit',
    shortcut: 'Ctrl+C',
    keyTest: (e) => mod(e) && !e.shiftKey && key(e, 'c'),
    enabled: (c) => c.store.getState().selection.length > 0,
    perform: (c) => void c.store.getState().copy(),
  },
  {
    name: 'edit.cut',
    label: 'Cut',
    group: 'edit',
    shortcut: 'Ctrl+X',
    keyTest: (e) => mod(e) && !e.shiftKey && key(e, 'x'),
    enabled: (c) => c.store.getState().selection.length > 0,
    perform: (c) => {
      if (c.store.getState().copy()) c.store.getState().requestDelete();
    },
  },
  {
    name: 'edit.paste',
    label: 'Paste',
    group: 'edit',
    shortcut: 'Ctrl+V',
    keyTest: (e) => mod(e) && !e.shiftKey && key(e, 'v'),
    enabled: (c) => c.store.getState().clipboard !== null,
    perform: (c) => void c.store.getState().paste(),
  },
  {
    ...shared('edit.selectAll'),
    group: 'edit',
    keyTest: (e) => mod(e) && key(e, 'a'),
    perform: (c) => c.store.getState().select(c.store.getState().doc.instances.map((i) => i.instanceId)),
  },
  {
    name: 'edit.deselect',
    label: 'Clear selection',
    group: 'edit',
    shortcut: 'Esc',
    keyTest: (e) => e.key === 'Escape',
    perform: (c) => c.store.getState().select([]),
  },
  {
    ...shared('view.fit'),
    group: 'view',
    keyTest: (e) => e.shiftKey && (e.key === '!' || e.key === '1'),
    perform: (c) => c.app?.fitView(),
  },
  {
    ...shared('view.zoomIn'),
    group: 'view',
    keyTest: (e) => mod(e) && (e.key === '=' || e.key === '+'),
    perform: (c) => c.app?.zoomIn(),
  },
  {
    ...shared('view.zoomOut'),
    group: 'view',
    keyTest: (e) => mod(e) && e.key === '-',
    perform: (c) => c.app?.zoomOut(),
  },
  {
    name: 'view.autoLayout',
    label: 'Auto layout',
    group: 'view',
    shortcut: 'Ctrl+Shift+L',
    keyTest: (e) => mod(e) && e.shiftKey && key(e, 'l'),
    enabled: (c) => Object.keys(c.store.getState().doc.layout?.positions ?? {}).length > 0,
    perform: (c) => c.store.getState().change('Auto layout', clearPositions),
  },
  {
    name: 'link.migrateToPeering',
    label: 'Migrate to VPC peering…',
    group: 'edit',
    shortcut: 'Ctrl+Shift+M',
    keyTest: (e) => mod(e) && e.shiftKey && key(e, 'm'),
    enabled: (c) => migratableLink(c.store.getState().doc, c.store.getState().selection) !== undefined,
    perform: (c) => {
      const { doc, selection } = c.store.getState();
      const id = migratableLink(doc, selection);
      if (id) c.app?.migrateToPeering(id);
    },
  },
  { ...shared('export.svg'), group: 'export', perform: (c) => c.app?.exportSvg() },
  { ...shared('export.png'), group: 'export', perform: (c) => c.app?.exportPng() },
  { ...shared('export.drawio'), group: 'export', perform: (c) => c.app?.exportDrawio() },
  { ...shared('export.terraform'), group: 'export', perform: (c) => c.app?.exportTerraform() },
  {
    name: 'add.account',
    label: 'Account',
    group: 'add',
    perform: (c) => {
      addAndSelect(c, 'Add account', (doc) => addAccount(doc));
    },
  },
  {
    name: 'add.vpc',
    label: 'VPC',
    group: 'add',
    perform: (c) => {
      const { accountId, regionId } = vpcPlacement(c);
      addAndSelect(c, 'Add VPC', (d) => addVpc(d, accountId, regionId));
    },
  },
  {
    name: 'add.vpcWithInstance',
    label: 'VPC with an instance',
    group: 'add',
    perform: (c) => {
      const { accountId, regionId } = vpcPlacement(c);
      addAndSelect(c, 'Add VPC with an instance', (d) => addVpcWithInstance(d, accountId, regionId));
    },
  },
  {
    name: 'add.vpcInNewAccount',
    label: 'VPC in a new account',
    group: 'add',
    perform: (c) => {
      addAndSelect(c, 'Add VPC in a new account', (d) => addVpcInNewAccount(d, vpcPlacement(c).regionId));
    },
  },
  {
    name: 'add.vSwitch',
    label: 'vSwitch',
    group: 'add',
    enabled: (c) => c.store.getState().doc.vpcs.length > 0,
    perform: (c) => {
      const { doc, selection } = c.store.getState();
      const vpcId = selectionParent(doc, selection, 'vpc') ?? doc.vpcs[0]?.vpcId;
      if (!vpcId) return;
      addAndSelect(c, 'Add vSwitch', (d) => addVSwitch(d, vpcId));
    },
  },
  {
    name: 'add.instance',
    label: 'ECS instance',
    group: 'add',
    enabled: (c) => c.store.getState().doc.vSwitches.length > 0,
    perform: (c) => {
      const { doc, selection } = c.store.getState();
      const vSwitchId = selectionParent(doc, selection, 'vSwitch') ?? doc.vSwitches[0]?.vSwitchId;
      if (!vSwitchId) return;
      addAndSelect(c, 'Add instance', (d) => addInstance(d, vSwitchId));
    },
  },
  {
    name: 'add.securityGroup',
    label: 'Security group',
    group: 'add',
    enabled: (c) => c.store.getState().doc.vpcs.length > 0,
    perform: (c) => {
      const { doc, selection } = c.store.getState();
      const vpcId = selectionParent(doc, selection, 'vpc') ?? doc.vpcs[0]?.vpcId;
      if (!vpcId) return;
      addAndSelect(c, 'Add security group', (d) => addSecurityGroup(d, vpcId));
    },
  },
];

/** Where a new VPC goes: the selected region, or the selected thing's account (and its VPCs' region). */
function vpcPlacement(c: CommandContext): { accountId: string | undefined; regionId: string | undefined } {
  const { doc, selection } = c.store.getState();
  const region = selectedRegion(selection);
  const accountId = region?.accountId ?? selectionParent(doc, selection, 'account');
  const regionId =
    region?.regionId ??
    doc.vpcs.find((v) => v.vpcId === selectionParent(doc, selection, 'vpc'))?.regionId ??
    doc.vpcs.find((v) => v.accountId === accountId)?.regionId;
  return { accountId, regionId };
}

export const COMMANDS_BY_NAME: ReadonlyMap<string, Command> = new Map(COMMANDS.map((c) => [c.name, c]));

export function runCommand(name: string, ctx: CommandContext): boolean {
  const command = COMMANDS_BY_NAME.get(name);
  if (!command || (command.enabled && !command.enabled(ctx))) return false;
  command.perform(ctx);
  return true;
}

/** The command a key press triggers, if any. `inTextField`: only global commands fire. */
export function commandForKey(e: KeyLike, inTextField: boolean): Command | undefined {
  return COMMANDS.find((c) => c.keyTest && (!inTextField || c.global) && c.keyTest(e));
}
