/**
 * The commands the Electron menu shows, as plain data: one label and one shortcut each, read by
 * the menu (electron/main/menu.ts) and by the renderer's registered actions
 * (renderer/store/commands.ts), so the two cannot disagree. The renderer performs every one of
 * them; the menu only sends `menu.command` with the name.
 *
 * Shortcuts are written in Electron's accelerator syntax and work in the browser mode too, where
 * the page cannot take keys the browser reserves: so New is Ctrl+Alt+N (Ctrl+N opens a browser
 * window). The renderer's key handler is the one place that acts on a shortcut; the menu only
 * displays it (electron/main/menu.ts says why).
 *
 * Plain data with no imports: the one module of electron/common the renderer may import as a value
 * (build/importRules.mjs).
 */
export interface MenuCommandSpec {
  readonly label: string;
  /** Electron accelerator syntax (`CmdOrCtrl+Shift+S`); absent = no shortcut. */
  readonly shortcut?: string;
}

const TABLE = {
  'file.new': { label: 'New', shortcut: 'CmdOrCtrl+Alt+N' },
  'file.open': { label: 'Open…', shortcut: 'CmdOrCtrl+O' },
  'file.save': { label: 'Save', shortcut: 'CmdOrCtrl+S' },
  'file.saveAs': { label: 'Save As…', shortcut: 'CmdOrCtrl+Shift+S' },
  'export.svg': { label: 'Export as SVG…' },
  'export.png': { label: 'Export as PNG…' },
  'export.drawio': { label: 'Export as draw.io…' },
  'export.terraform': { label: 'Export as Terraform HCL…' },
  'edit.undo': { label: 'Undo', shortcut: 'CmdOrCtrl+Z' },
  'edit.redo': { label: 'Redo', shortcut: 'CmdOrCtrl+Shift+Z' },
  'edit.delete': { label: 'Delete', shortcut: 'Delete' },
  'edit.selectAll': { label: 'Select All Instances', shortcut: 'CmdOrCtrl+A' },
  'view.fit': { label: 'Fit to Window', shortcut: 'Shift+1' },
  'view.zoomIn': { label: 'Zoom In', shortcut: 'CmdOrCtrl+=' },
  'view.zoomOut': { label: 'Zoom Out', shortcut: 'CmdOrCtrl+-' },
} as const satisfies Readonly<Record<string, MenuCommandSpec>>;

export type MenuCommandName = keyof typeof TABLE;

export const MENU_COMMANDS: Readonly<Record<MenuCommandName, MenuCommandSpec>> = TABLE;
