/**
 * The application menu as data. Items that change the document are performed by the renderer
 * (its registered actions): the menu only sends a `menu.command` event. Clipboard items use
 * Electron's roles so text fields keep working.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand, RecentFile } from '../common/hostApi';

export interface MenuContext {
  readonly platform: string;
  readonly recentFiles: readonly RecentFile[];
  readonly send: (command: MenuCommand, path?: string) => void;
  readonly quit: () => void;
}

export function buildMenuTemplate(context: MenuContext): MenuItemConstructorOptions[] {
  const { send } = context;
  const item = (label: string, command: MenuCommand, accelerator?: string): MenuItemConstructorOptions => ({
    label,
    ...(accelerator ? { accelerator } : {}),
    click: () => send(command),
  });
  const recent: MenuItemConstructorOptions[] = context.recentFiles.length
    ? context.recentFiles.map((f) => ({
        label: f.path,
        enabled: f.exists,
        click: () => send('file.openRecent', f.path),
      }))
    : [{ label: 'No recent files', enabled: false }];
  const isMac = context.platform === 'darwin';
  return [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: '&File',
      submenu: [
        item('New', 'file.new', 'CmdOrCtrl+N'),
        item('Open…', 'file.open', 'CmdOrCtrl+O'),
        { label: 'Open Recent', submenu: recent },
        { type: 'separator' },
        item('Save', 'file.save', 'CmdOrCtrl+S'),
        item('Save As…', 'file.saveAs', 'CmdOrCtrl+Shift+S'),
        { type: 'separator' },
        item('Export as SVG…', 'file.exportSvg'),
        item('Export as PNG…', 'file.exportPng'),
        { type: 'separator' },
        { label: isMac ? 'Quit vpclink' : 'Quit', accelerator: 'CmdOrCtrl+Q', click: () => context.quit() },
      ],
    },
    {
      label: '&Edit',
      submenu: [
        item('Undo', 'edit.undo', 'CmdOrCtrl+Z'),
        item('Redo', 'edit.redo', isMac ? 'Shift+Cmd+Z' : 'Ctrl+Y'),
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        item('Delete', 'edit.delete'),
        item('Select All', 'edit.selectAll', 'CmdOrCtrl+A'),
      ],
    },
    {
      label: '&View',
      submenu: [
        item('Fit to Window', 'view.fit', 'CmdOrCtrl+1'),
        item('Zoom In', 'view.zoomIn', 'CmdOrCtrl+='),
        item('Zoom Out', 'view.zoomOut', 'CmdOrCtrl+-'),
        item('Actual Size', 'view.zoomReset', 'CmdOrCtrl+0'),
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { label: '&Help', submenu: [item('About vpclink', 'help.about')] },
  ];
}
