import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostEvent } from '../../electron/common/hostApi';
import { startWebHost, type WebHost } from '../../electron/web/server';
import { ROOT, rawRequest, tempDir } from './helpers';

let work: { dir: string; cleanup: () => Promise<void> };
let host: WebHost;

const INDEX =
  '<!doctype html><html><head><title>vpclink</title></head><body><script type="module" src="/app.js"></script></body></html>';

beforeAll(async () => {
  work = await tempDir();
  const ui = join(work.dir, 'ui');
  await mkdir(ui);
  await writeFile(join(ui, 'index.html'), INDEX);
  await writeFile(join(ui, 'app.js'), 'console.log("app")');
  await writeFile(join(work.dir, 'secret.txt'), 'not for the web');
  host = await startWebHost({
    rootDir: ROOT,
    cwd: work.dir,
    configDir: join(work.dir, 'config'),
    uiDir: ui,
    buildUi: false,
    sandbox: false,
    maxBodyBytes: 4096,
  });
});
afterAll(async () => {
  await host.close();
  await work.cleanup();
});

const call = (body: unknown, headers: Record<string, string> = {}) =>
  rawRequest(host.port, {
    method: 'POST',
    path: '/api/call',
    headers: { 'content-type': 'application/json', 'x-vpclink-token': host.token, ...headers },
    body: JSON.stringify(body),
  });

describe('the URL', () => {
  it('is http://127.0.0.1:PORT/?token=… with a 32-byte random token per run', async () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`);
    expect(Buffer.from(host.token, 'base64url')).toHaveLength(32);
    const other = await startWebHost({
      rootDir: ROOT,
      cwd: work.dir,
      configDir: join(work.dir, 'config'),
      uiDir: join(work.dir, 'ui'),
      buildUi: false,
      sandbox: false,
    });
    try {
      expect(other.token).not.toBe(host.token);
    } finally {
      await other.close();
    }
  });
});

describe('the API guards', () => {
  it('answers a good request', async () => {
    const res = await call({ method: 'listExamples', args: [] });
    expect(res.status).toBe(200);
    const body = JSON.parse(res.body);
    expect(body.ok).toBe(true);
    expect(body.value.map((e: { name: string }) => e.name)).toContain('cross-account');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('rejects a request without the token', async () => {
    const res = await rawRequest(host.port, {
      method: 'POST',
      path: '/api/call',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'listExamples', args: [] }),
    });
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('rejects a wrong token, including one that shares the prefix', async () => {
    expect((await call({ method: 'listExamples', args: [] }, { 'x-vpclink-token': 'x'.repeat(43) })).status).toBe(401);
    expect(
      (await call({ method: 'listExamples', args: [] }, { 'x-vpclink-token': host.token.slice(0, -1) })).status,
    ).toBe(401);
    expect((await call({ method: 'listExamples', args: [] }, { 'x-vpclink-token': host.token + 'a' })).status).toBe(
      401,
    );
  });

  it('does not accept the token in the query string or the session cookie for /api', async () => {
    const page = await rawRequest(host.port, { path: `/?token=${host.token}` });
    const cookie = String(page.headers['set-cookie']).split(';')[0]!;
    const viaQuery = await rawRequest(host.port, {
      method: 'POST',
      path: `/api/call?token=${host.token}`,
      headers: { 'content-type': 'application/json' },
      body: '{"method":"listExamples","args":[]}',
    });
    expect(viaQuery.status).toBe(401);
    const viaCookie = await rawRequest(host.port, {
      method: 'POST',
      path: '/api/call',
      headers: { 'content-type': 'application/json', cookie },
      body: '{"method":"listExamples","args":[]}',
    });
    expect(viaCookie.status).toBe(401);
  });

  it('refuses a foreign Host header even with the token (DNS rebinding)', async () => {
    for (const hostHeader of [
      `evil.example:${host.port}`,
      `127.0.0.1:${host.port + 1}`,
      '127.0.0.1',
      `127.0.0.1.nip.io:${host.port}`,
    ]) {
      const res = await call({ method: 'listExamples', args: [] }, { host: hostHeader });
      expect(res.status, hostHeader).toBe(403);
      expect(JSON.parse(res.body).error.code).toBe('FORBIDDEN');
    }
    expect((await call({ method: 'listExamples', args: [] }, { host: `localhost:${host.port}` })).status).toBe(200);
  });

  it('refuses another Origin and cross-site fetches; accepts its own origin', async () => {
    expect((await call({ method: 'listExamples', args: [] }, { origin: 'http://evil.example' })).status).toBe(403);
    expect((await call({ method: 'listExamples', args: [] }, { origin: `http://localhost:${host.port}` })).status).toBe(
      403,
    );
    expect((await call({ method: 'listExamples', args: [] }, { origin: 'null' })).status).toBe(403);
    expect((await call({ method: 'listExamples', args: [] }, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await call({ method: 'listExamples', args: [] }, { origin: `http://127.0.0.1:${host.port}` })).status).toBe(
      200,
    );
  });

  it('validates the body: JSON only, size-limited, payload checked per method', async () => {
    const notJson = await rawRequest(host.port, {
      method: 'POST',
      path: '/api/call',
      headers: { 'content-type': 'application/json', 'x-vpclink-token': host.token },
      body: '{nope',
    });
    expect(notJson.status).toBe(400);
    const form = await rawRequest(host.port, {
      method: 'POST',
      path: '/api/call',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-vpclink-token': host.token },
      body: 'method=listExamples',
    });
    expect(form.status).toBe(415);
    const big = await call({ method: 'autosave', args: [null, 'x'.repeat(5000)] });
    expect(big.status).toBe(413);
    const bad = await call({ method: 'openFile', args: [7] });
    expect(bad.status).toBe(200);
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', field: 'args[0]' } });
    const get = await rawRequest(host.port, { path: '/api/call', headers: { 'x-vpclink-token': host.token } });
    expect(get.status).toBe(405);
  });

  it('a host error travels as ok:false with its code', async () => {
    const res = await call({ method: 'chooseFile', args: [{ purpose: 'open', path: 'no-such.vpclink.json' }] });
    expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

describe('the page', () => {
  it('needs the token once, then a strict session cookie lets assets load', async () => {
    expect((await rawRequest(host.port, { path: '/' })).status).toBe(401);
    expect((await rawRequest(host.port, { path: '/?token=wrong' })).status).toBe(401);
    expect((await rawRequest(host.port, { path: '/app.js' })).status).toBe(401);
    const page = await rawRequest(host.port, { path: `/?token=${host.token}` });
    expect(page.status).toBe(200);
    const setCookie = String(page.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).not.toContain(host.token);
    expect(page.headers['content-security-policy']).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; " +
        "form-action 'none'",
    );
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    // The served page carries no token (the renderer keeps it in sessionStorage for a reload).
    expect(page.body).not.toContain(host.token);
    const cookie = setCookie.split(';')[0]!;
    const asset = await rawRequest(host.port, { path: '/app.js', headers: { cookie } });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toContain('text/javascript');
    expect(asset.body).toBe('console.log("app")');
    expect((await rawRequest(host.port, { path: '/', headers: { cookie } })).status).toBe(200);
    expect(
      (await rawRequest(host.port, { path: '/app.js', headers: { cookie: 'vpclink_session=forged' } })).status,
    ).toBe(401);
  });

  it('serves nothing outside the UI folder', async () => {
    const page = await rawRequest(host.port, { path: `/?token=${host.token}` });
    const cookie = String(page.headers['set-cookie']).split(';')[0]!;
    for (const path of ['/..%2fsecret.txt', '/%2e%2e/secret.txt', '/../secret.txt', '/nothing.js', '/%00']) {
      const res = await rawRequest(host.port, { path, headers: { cookie } });
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.body).not.toContain('not for the web');
    }
    expect((await rawRequest(host.port, { method: 'POST', path: '/', headers: { cookie } })).status).toBe(405);
  });
});

describe('events (SSE)', () => {
  it('streams host events to a subscriber with the token, and refuses one without', async () => {
    expect((await rawRequest(host.port, { path: '/api/events' })).status).toBe(401);
    const received: HostEvent[] = [];
    const stream = await new Promise<import('node:http').IncomingMessage>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: host.port, path: '/api/events', headers: { 'x-vpclink-token': host.token } },
        resolve,
      );
      req.on('error', reject);
      req.end();
    });
    expect(stream.statusCode).toBe(200);
    expect(stream.headers['content-type']).toContain('text/event-stream');
    let buffer = '';
    const got = new Promise<void>((resolve) => {
      stream.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        let at;
        while ((at = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, at);
          buffer = buffer.slice(at + 2);
          if (block.startsWith('data: ')) received.push(JSON.parse(block.slice(6)));
          if (received.length === 1) resolve();
        }
      });
    });
    // Wait until the server has subscribed the stream, then cause an event through the API.
    await new Promise<void>((resolve) => stream.once('data', () => resolve()));
    const saved = JSON.parse(
      (await call({ method: 'autosave', args: [null, '{"format":"vpclink/topology","version":1}'] })).body,
    );
    await got;
    expect(received[0]).toEqual({ kind: 'autosave.saved', path: null, savedAt: saved.value.savedAt });
    stream.destroy();
    await call({ method: 'discardAutosave', args: [null] });
  });
});

describe('closing', () => {
  it('stops listening and ends open event streams', async () => {
    const local = await startWebHost({
      rootDir: ROOT,
      cwd: work.dir,
      configDir: join(work.dir, 'config'),
      uiDir: join(work.dir, 'ui'),
      buildUi: false,
      sandbox: false,
    });
    let closing: Promise<void> | undefined;
    const ended = new Promise<void>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: local.port, path: '/api/events', headers: { 'x-vpclink-token': local.token } },
        (res) => {
          res.once('data', () => {
            closing = local.close();
          });
          res.on('end', () => resolve());
          res.resume();
        },
      );
      req.on('error', reject);
      req.end();
    });
    await ended;
    await closing;
    await expect(rawRequest(local.port, { path: '/' })).rejects.toThrow(/ECONNREFUSED/);
    expect(await readFile(join(work.dir, 'secret.txt'), 'utf8')).toBe('not for the web');
  });
});
