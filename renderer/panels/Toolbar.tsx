/** The top bar: document title, file actions, undo/redo, layout, export. Every button is a registered command. */
import { useEffect, useRef, useState } from 'react';
import { Icon } from './icons';
import { COMMANDS_BY_NAME, runCommand } from '../store/commands';
import { isDirty } from '../store/documentStore';
import { appActions } from '../files';
import { documentStore, useDoc, useUi } from '../state';

function CommandButton({
  name,
  icon,
  text,
  testId,
}: {
  readonly name: string;
  readonly icon: string;
  readonly text?: string;
  readonly testId?: string;
}) {
  const command = COMMANDS_BY_NAME.get(name)!;
  // Re-render when enabling conditions may change (history, selection, layout).
  const enabled = useDoc(() => !command.enabled || command.enabled({ store: documentStore, app: appActions }));
  const undoLabel = useDoc((s) =>
    name === 'edit.undo'
      ? s.past[s.past.length - 1]?.label
      : name === 'edit.redo'
        ? s.future[s.future.length - 1]?.label
        : undefined,
  );
  const title = `${command.label}${undoLabel ? `: ${undoLabel}` : ''}${command.shortcut ? ` (${command.shortcut})` : ''}`;
  return (
    <button
      className="tb-button"
      title={title}
      aria-label={command.label}
      disabled={!enabled}
      data-testid={testId ?? `cmd-${name}`}
      onClick={() => runCommand(name, { store: documentStore, app: appActions })}
    >
      <Icon name={icon} />
      {text && <span className="tb-text">{text}</span>}
    </button>
  );
}

const EXPORT_ITEMS: readonly (readonly [string, string, string])[] = [
  ['export.svg', 'SVG image', 'the diagram as drawn'],
  ['export.png', 'PNG image', 'the diagram as drawn'],
  ['export.drawio', 'draw.io diagram', 'accounts, VPCs and links, editable in draw.io'],
  ['export.terraform', 'Terraform HCL', 'alicloud resources for the links, routes and rules'],
];

/** Export ▾: the four formats as one menu (keyboard: Enter opens, arrows move, Escape closes). */
function ExportMenu() {
  const [open, setOpen] = useState(false);
  const menu = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    menu.current?.querySelector<HTMLButtonElement>('[role=menuitem]')?.focus();
    const close = (e: MouseEvent) => {
      if (!menu.current?.parentElement?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);
  const move = (e: React.KeyboardEvent) => {
    const items = [...(menu.current?.querySelectorAll<HTMLButtonElement>('[role=menuitem]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'Escape') setOpen(false);
    if (e.key === 'ArrowDown') items[(at + 1) % items.length]?.focus();
    if (e.key === 'ArrowUp') items[(at - 1 + items.length) % items.length]?.focus();
    if (['Escape', 'ArrowDown', 'ArrowUp'].includes(e.key)) e.preventDefault();
  };
  return (
    <div className="tb-menu">
      <button
        className="tb-button"
        aria-haspopup="menu"
        aria-expanded={open}
        data-testid="export-menu"
        title="Export the diagram or the document"
        onClick={() => setOpen(!open)}
      >
        <Icon name="export" />
        <span className="tb-text">Export ▾</span>
      </button>
      {open && (
        <div className="tb-menu-list" role="menu" aria-label="Export" ref={menu} onKeyDown={move}>
          {EXPORT_ITEMS.map(([name, text, hint]) => (
            <button
              key={name}
              role="menuitem"
              className="tb-menu-item"
              data-testid={`cmd-${name}`}
              onClick={() => {
                setOpen(false);
                runCommand(name, { store: documentStore, app: appActions });
              }}
            >
              <span>{text}</span>
              <span className="dim small">{hint}</span>
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

export function Toolbar() {
  const title = useDoc((s) => s.meta.title);
  const path = useDoc((s) => s.meta.path);
  const dirty = useDoc((s) => isDirty(s));
  const mode = useUi((s) => s.startup?.mode);
  return (
    <header className="toolbar">
      <div className="brand" title="vpclink">
        <span className="brand-mark">⇄</span> vpclink
      </div>
      <div className="tb-group">
        <CommandButton name="file.new" icon="new" text="New" />
        <CommandButton name="file.open" icon="open" text="Open" />
        <CommandButton name="file.save" icon="save" text="Save" />
        <CommandButton name="file.saveAs" icon="saveAs" text="Save as" />
        <CommandButton name="file.import" icon="import" text="Import" />
      </div>
      <div className="tb-sep" />
      <div className="tb-group">
        <CommandButton name="edit.undo" icon="undo" />
        <CommandButton name="edit.redo" icon="redo" />
        <CommandButton name="edit.delete" icon="delete" />
      </div>
      <div className="tb-sep" />
      <div className="tb-group">
        <CommandButton name="view.fit" icon="fit" text="Fit" />
        <CommandButton name="view.autoLayout" icon="layout" text="Auto layout" />
      </div>
      <div className="tb-sep" />
      <div className="tb-group">
        <ExportMenu />
      </div>
      <div className="tb-sep" />
      <div className="tb-group">
        <CommandButton name="apply.plan" icon="apply" text="Apply…" />
      </div>
      <div className="doc-title" title={path ?? 'not saved to a file yet'} data-testid="doc-title">
        {dirty && (
          <span className="dirty-dot" title="unsaved changes">
            ●
          </span>
        )}
        <span className="doc-name">{title}</span>
        {mode === 'browser' && <span className="mode-pill">browser mode</span>}
      </div>
    </header>
  );
}
