/** Shared test helpers for the host: temp dirs, raw HTTP requests (full control over Host/Origin). */
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { defaultCloudWiring } from '../../electron/web/cloudEngines';
import { HostFailure } from '../../electron/web/errors';
import { startWebHost, type WebHost } from '../../electron/web/server';

export const ROOT = resolve(__dirname, '../..');

export async function tempDir(prefix = 'vpclink-host-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

export function rawRequest(
  port: number,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<RawResponse> {
  return new Promise((resolvePromise, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        agent: false,
        method: options.method ?? 'GET',
        path: options.path,
        headers: { host: `127.0.0.1:${port}`, ...options.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolvePromise({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

/** The HostError a handler call rejects with (fails the test when it resolves or throws something else). */
export async function failureOf(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HostFailure) return error.error;
    throw error;
  }
  throw new Error('expected a HostFailure');
}

/** Calls one host API method over HTTP (`POST /api/call`) and returns its value, or throws its error (code, field). */
export async function callHost<T>(
  host: { readonly port: number; readonly token: string },
  method: string,
  ...args: unknown[]
): Promise<T> {
  const res = await rawRequest(host.port, {
    method: 'POST',
    path: '/api/call',
    headers: { 'content-type': 'application/json', 'x-vpclink-token': host.token },
    body: JSON.stringify({ method, args }),
  });
  const body = JSON.parse(res.body);
  if (!body.ok) throw Object.assign(new Error(body.error.message), body.error);
  return body.value as T;
}

/** The web host with the real cloud wiring (the in-process sandbox as the default target), config under `dir`. */
export function startCloudHost(dir: string): Promise<WebHost> {
  const wiring = defaultCloudWiring({ XDG_CONFIG_HOME: join(dir, 'config'), HOME: dir }, { homeDir: dir });
  return startWebHost({
    rootDir: ROOT,
    cwd: dir,
    configDir: join(dir, 'config'),
    uiDir: dir,
    buildUi: false,
    startSandbox: wiring.startSandbox,
    engines: wiring.engines,
  });
}
