/** The built UI's files, served to the page that proved it holds this run's token (webRoutes.ts). */
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { replyHeaders, send, sendText } from './httpReplies';
import { NO_UI_HTML } from './ui';

/** The page's Content-Security-Policy (no inline script, nothing from elsewhere). */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
  "connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; " +
  "form-action 'none'";

/** Content types of the UI's files; the Electron app protocol serves the same files. */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.wasm': 'application/wasm',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** Where the built UI is; `available` false = no sources to build it from (the page says so). */
export interface UiFiles {
  readonly dir: string;
  readonly available: boolean;
}

/** Serves `pathname` from the UI folder, never a file outside it; `extra` headers go on every answer (the cookie). */
export async function serveStatic(
  ui: UiFiles,
  pathname: string,
  req: IncomingMessage,
  res: ServerResponse,
  extra: Record<string, string>,
): Promise<void> {
  const isIndex = pathname === '/' || pathname === '/index.html';
  if (isIndex && !ui.available) {
    return send(res, 200, NO_UI_HTML, {
      ...extra,
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': CONTENT_SECURITY_POLICY,
    });
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(isIndex ? '/index.html' : pathname);
  } catch {
    return sendText(res, 400, 'bad path\n');
  }
  const file = normalize(join(ui.dir, decoded));
  if (decoded.includes('\0') || (file !== ui.dir && !file.startsWith(ui.dir + sep))) {
    return sendText(res, 404, 'not found\n');
  }
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) return sendText(res, 404, 'not found\n');
  const type = CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
  const body = await readFile(file);
  const headers: Record<string, string> = {
    ...extra,
    'content-type': type,
    'content-security-policy': CONTENT_SECURITY_POLICY,
  };
  if (!type.startsWith('text/html')) headers['cache-control'] = 'no-cache';
  if (req.method === 'HEAD') {
    res.writeHead(200, replyHeaders(Buffer.byteLength(body), headers));
    res.end();
    return;
  }
  send(res, 200, body, headers);
}
