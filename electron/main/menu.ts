/**
 * The application menu as data. Items that change the document are performed by the renderer
 * (its registered actions): the menu only sends a `menu.command` event. Their labels and shortcuts
 * come from the one table the renderer reads too (electron/common/commands.ts). Clipboard items
 * use Electron's roles so text fields keep working.
 */
import type { MenuItemConstructorOptions } from 'electron';
import { MENU_COMMANDS, type MenuCommandName } from '../common/commands';
import type { MenuCommand, RecentFile } from '../common/hostApi';

export interface MenuContext {
  readonly platform: string;
  readonly recentFiles: readonly RecentFile[];
  readonly send: (command: MenuCommand, path?: string) => void;
  readonly quit: () => void;
}

/** A shortcut without Ctrl, Cmd or Alt (Delete, Shift+1) is a key the user also types into fields. */
const typedKey = (shortcut: string) => !/(CmdOrCtrl|Ctrl|Cmd|Alt)\+/.test(shortcut);

export function buildMenuTemplate(context: MenuContext): MenuItemConstructorOptions[] {
  const { send } = context;
  const isMac = context.platform === 'darwin';
  // The renderer's key handler acts on every shortcut (in the browser mode there is no menu), and it
  // leaves a key to a focused text field unless the command is global (Save, Open …). So the menu
  // only displays the shortcut: `registerAccelerator: false` (Linux, Windows). macOS ignores that
  // flag and lets a menu shortcut fire even in a text field, so there a typed key is not shown.
  const item = (command: MenuCommandName): MenuItemConstructorOptions => {
    const { label, shortcut } = MENU_COMMANDS[command];
    const shown = shortcut && !(isMac && typedKey(shortcut)) ? shortcut : undefined;
    return {
      label,
      ...(shown ? { accelerator: shown, registerAccelerator: false } : {}),
      click: () => send(command),
    };
  };
  const recent: MenuItemConstructorOptions[] = context.recentFiles.length
    ? context.recentFiles.map((f) => ({
        label: f.path,
        enabled: f.exists,
        click: () => send('file.openRecent', f.path),
      }))
    : [{ label: 'No recent files', enabled: false }];
  return [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: '&File',
      submenu: [
        item('file.new'),
        item('file.open'),
        { label: 'Open Recent', submenu: recent },
        { type: 'separator' },
        item('file.save'),
        item('file.saveAs'),
        { type: 'separator' },
        item('export.svg'),
        item('export.png'),
        item('export.drawio'),
        item('export.terraform'),
        { type: 'separator' },
        { label: isMac ? 'Quit vpclink' : 'Quit', accelerator: 'CmdOrCtrl+Q', click: () => context.quit() },
      ],
    },
    {
      label: '&Edit',
      submenu: [
        item('edit.undo'),
        item('edit.redo'),
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        item('edit.delete'),
        item('edit.selectAll'),
      ],
    },
    {
      label: '&View',
      submenu: [
        item('view.fit'),
        item('view.zoomIn'),
        item('view.zoomOut'),
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    // macOS has About in the app menu (role appMenu); elsewhere Electron's about panel shows the
    // name and version from package.json.
    ...(isMac ? [] : [{ label: '&Help', submenu: [{ role: 'about' as const, label: 'About vpclink' }] }]),
  ];
}
