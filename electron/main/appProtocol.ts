/**
 * The window loads the built renderer from a private scheme, `vpclink-app://app/…`, not from
 * file:// (every local file would share that origin) nor from a server. This gives the page one
 * exact origin, which the IPC sender check compares against, and a place to attach the CSP.
 */
import { extname, join, normalize, sep } from 'node:path';
import { CONTENT_SECURITY_POLICY, CONTENT_TYPES } from '../web/webStatic';

export const APP_SCHEME = 'vpclink-app';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_START_URL = `${APP_ORIGIN}/index.html`;

/** True for a URL of our own page (and nothing else: not file://, not another host of the scheme). */
export function isAppUrl(url: string | undefined | null): boolean {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    return (
      parsed.protocol === `${APP_SCHEME}:` &&
      parsed.host === APP_HOST &&
      parsed.username === '' &&
      parsed.password === ''
    );
  } catch {
    return false; // not a URL at all, so not one of the app's
  }
}

/** The file under `uiDir` a request URL names, or null when it names none or escapes the folder. */
export function resolveAppAsset(uiDir: string, url: string): string | null {
  if (!isAppUrl(url)) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url).pathname);
  } catch {
    return null; // a malformed %-escape names no file
  }
  if (pathname.includes('\0')) return null;
  if (pathname === '/' || pathname === '') pathname = '/index.html';
  const root = normalize(uiDir);
  const file = normalize(join(root, pathname));
  return file.startsWith(root + sep) ? file : null;
}

/** Response headers for an app asset: its type, the CSP, and no sniffing. */
export function appAssetHeaders(file: string): Record<string, string> {
  return {
    'content-type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
  };
}
