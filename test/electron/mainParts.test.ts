import { describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { APP_ORIGIN, appAssetHeaders, isAppUrl, resolveAppAsset } from '../../electron/main/appProtocol';
import { closeAction } from '../../electron/main/closeGuard';
import { buildMenuTemplate } from '../../electron/main/menu';
import { CONTENT_SECURITY_POLICY } from '../../electron/web/webStatic';

function flatten(items: readonly MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? flatten(i.submenu) : [])]);
}

describe('menu', () => {
  const send = vi.fn();
  const template = buildMenuTemplate({
    platform: 'linux',
    recentFiles: [
      { path: '/w/a.vpclink.json', title: 'a', openedAt: 'x', exists: true },
      { path: '/w/gone.vpclink.json', title: 'gone', openedAt: 'x', exists: false },
    ],
    send,
    quit: vi.fn(),
  });
  const items = flatten(template);
  const byLabel = (label: string) => items.find((i) => i.label === label)!;

  it('has File, Edit, View and Help with the document commands', () => {
    expect(template.map((m) => m.label)).toEqual(['&File', '&Edit', '&View', '&Help']);
    for (const label of [
      'New',
      'Open…',
      'Open Recent',
      'Save',
      'Save As…',
      'Export as SVG…',
      'Export as PNG…',
      'Quit',
      'Undo',
      'Redo',
      'Delete',
      'Fit to Window',
      'Zoom In',
      'Zoom Out',
    ]) {
      expect(byLabel(label), label).toBeDefined();
    }
    expect(items.filter((i) => i.role).map((i) => i.role)).toEqual(expect.arrayContaining(['cut', 'copy', 'paste']));
  });

  it('sends commands to the renderer, recent files with their path', () => {
    (byLabel('Save As…').click as () => void)();
    expect(send).toHaveBeenLastCalledWith('file.saveAs');
    (byLabel('Export as PNG…').click as () => void)();
    expect(send).toHaveBeenLastCalledWith('export.png');
    (byLabel('/w/a.vpclink.json').click as () => void)();
    expect(send).toHaveBeenLastCalledWith('file.openRecent', '/w/a.vpclink.json');
    expect(byLabel('/w/gone.vpclink.json').enabled).toBe(false);
  });

  it('starts with the app menu on macOS', () => {
    expect(buildMenuTemplate({ platform: 'darwin', recentFiles: [], send, quit: vi.fn() })[0]).toEqual({
      role: 'appMenu',
    });
  });
});

describe('closing with unsaved changes', () => {
  it.each([
    [false, undefined, { kind: 'close', discardAutosave: false }],
    [true, 0, { kind: 'save-then-close' }],
    [true, 1, { kind: 'close', discardAutosave: true }],
    [true, 2, { kind: 'stay' }],
    [true, undefined, { kind: 'stay' }],
  ] as const)('dirty=%s choice=%s → %j', (dirty, choice, expected) => {
    expect(closeAction(dirty, choice)).toEqual(expected);
  });
});

describe('the app protocol', () => {
  it('recognises only our own origin', () => {
    expect(APP_ORIGIN).toBe('vpclink-app://app');
    expect(isAppUrl('vpclink-app://app/index.html')).toBe(true);
    for (const url of [
      'file:///index.html',
      'vpclink-app://evil/index.html',
      'http://127.0.0.1/',
      'vpclink-app://user:pw@app/',
      '',
      null,
      'not a url',
    ]) {
      expect(isAppUrl(url), String(url)).toBe(false);
    }
  });

  it('maps URLs to files inside the UI folder only', () => {
    expect(resolveAppAsset('/ui', 'vpclink-app://app/')).toBe('/ui/index.html');
    expect(resolveAppAsset('/ui', 'vpclink-app://app/assets/a.js?x=1')).toBe('/ui/assets/a.js');
    expect(resolveAppAsset('/ui', 'vpclink-app://app/..%2f..%2fetc%2fpasswd')).toBeNull();
    expect(resolveAppAsset('/ui', 'vpclink-app://app/%00')).toBeNull();
    expect(resolveAppAsset('/ui', 'file:///ui/index.html')).toBeNull();
  });

  it('sends the CSP and nosniff with every asset', () => {
    expect(appAssetHeaders('/ui/index.html')).toEqual({
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
    });
    expect(appAssetHeaders('/ui/x.bin')['content-type']).toBe('application/octet-stream');
  });
});
