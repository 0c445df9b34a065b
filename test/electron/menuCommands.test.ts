// The Electron menu and the renderer read one command table (electron/common/commands.ts): every
// item the menu shows is a command the renderer performs, with the same label, and the shortcut
// the menu displays is the key the renderer acts on.
import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { MENU_COMMANDS, type MenuCommandName } from '../../electron/common/commands';
import { buildMenuTemplate } from '../../electron/main/menu';
import { COMMANDS_BY_NAME, commandForKey, type KeyLike } from '../../renderer/store/commands';

function flatten(items: readonly MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? flatten(i.submenu) : [])]);
}

/** The key event an Electron accelerator describes (Ctrl on Linux and Windows). */
function keyOf(accelerator: string): KeyLike {
  const parts = accelerator.split('+');
  const key = parts.pop()!;
  return {
    key: key.length === 1 ? key.toLowerCase() : key,
    ctrlKey: parts.includes('CmdOrCtrl') || parts.includes('Ctrl'),
    metaKey: false,
    shiftKey: parts.includes('Shift'),
    altKey: parts.includes('Alt'),
  };
}

const NAMES = Object.keys(MENU_COMMANDS) as MenuCommandName[];

describe('one command table for the menu and the renderer', () => {
  for (const platform of ['linux', 'darwin']) {
    const send = vi.fn();
    const items = flatten(buildMenuTemplate({ platform, recentFiles: [], send, quit: vi.fn() }));

    it(`${platform}: each table command is one menu item that sends its name, with the table's label`, () => {
      for (const name of NAMES) {
        const item = items.find((i) => i.label === MENU_COMMANDS[name].label);
        expect(item, name).toBeDefined();
        (item!.click as () => void)();
        expect(send).toHaveBeenLastCalledWith(name);
      }
    });

    it(`${platform}: a shown shortcut is the table's and is left to the renderer's key handler`, () => {
      for (const item of items.filter((i) => i.accelerator && i.label !== 'Quit' && i.label !== 'Quit vpclink')) {
        const name = NAMES.find((n) => MENU_COMMANDS[n].label === item.label)!;
        expect(item.accelerator, String(item.label)).toBe(MENU_COMMANDS[name].shortcut);
        expect(item.registerAccelerator, String(item.label)).toBe(false);
      }
    });

    it(`${platform}: no dead item: every clickable item sends a command the renderer has, or has a role`, () => {
      send.mockClear();
      for (const item of items.filter((i) => i.click && !String(i.label).startsWith('Quit'))) {
        (item.click as () => void)();
        const [command] = send.mock.lastCall!;
        expect(COMMANDS_BY_NAME.has(command), String(command)).toBe(true);
      }
    });
  }

  it('macOS does not show a shortcut the user also types into text fields (Delete, Shift+1)', () => {
    const items = flatten(buildMenuTemplate({ platform: 'darwin', recentFiles: [], send: vi.fn(), quit: vi.fn() }));
    expect(items.find((i) => i.label === 'Delete')!.accelerator).toBeUndefined();
    expect(items.find((i) => i.label === 'Fit to Window')!.accelerator).toBeUndefined();
    expect(items.find((i) => i.label === 'Save')!.accelerator).toBe('CmdOrCtrl+S');
  });

  it('About opens the about panel (Help menu; the app menu on macOS)', () => {
    const linux = flatten(buildMenuTemplate({ platform: 'linux', recentFiles: [], send: vi.fn(), quit: vi.fn() }));
    expect(linux.find((i) => i.label === 'About vpclink')).toMatchObject({ role: 'about' });
    const mac = buildMenuTemplate({ platform: 'darwin', recentFiles: [], send: vi.fn(), quit: vi.fn() });
    expect(mac[0]).toEqual({ role: 'appMenu' });
  });

  it.each(NAMES.filter((n) => MENU_COMMANDS[n].shortcut))('the renderer runs %s on its shortcut', (name) => {
    const command = COMMANDS_BY_NAME.get(name)!;
    expect(command.label).toBe(MENU_COMMANDS[name].label);
    expect(command.shortcut).toBe(MENU_COMMANDS[name].shortcut!.replace('CmdOrCtrl+', 'Ctrl+'));
    expect(commandForKey(keyOf(MENU_COMMANDS[name].shortcut!), false)?.name).toBe(name);
  });
});
