/** How the web host answers over HTTP: every reply carries the same security headers and no CORS. */
import type { ServerResponse } from 'node:http';
import type { HostError } from '../common/hostApi';
import type { CallResponse } from '../common/protocol';

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

const PLAIN_TEXT = { 'content-type': 'text/plain; charset=utf-8' } as const;

/** The headers of a reply of `length` bytes (a HEAD answers them without the body). */
export function replyHeaders(length: number, headers: Record<string, string>): Record<string, string> {
  return { ...SECURITY_HEADERS, 'cache-control': 'no-store', ...headers, 'content-length': String(length) };
}

export function send(
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, replyHeaders(Buffer.byteLength(body), headers));
  res.end(body);
}

/** A short plain-text answer (the page's errors: 401, 404, 405). */
export function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
): void {
  send(res, status, text, { ...headers, ...PLAIN_TEXT });
}

export function sendJson(res: ServerResponse, status: number, value: CallResponse): void {
  // Encoded once: a string body would be scanned for its byte length, then encoded again (8 MB at startup).
  send(res, status, Buffer.from(JSON.stringify(value)), { 'content-type': 'application/json; charset=utf-8' });
}

/** An API refusal in the host's error shape, so the page shows it like any failed call. */
export function refuse(res: ServerResponse, status: number, code: HostError['code'], message: string): void {
  sendJson(res, status, { ok: false, error: { code, message } });
}
