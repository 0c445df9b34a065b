import { describe, expect, it } from 'vitest';
import { HOST_METHODS } from '../../electron/common/protocol';
import { ARG_SCHEMAS, parseCall } from '../../electron/web/schemas';
import { dispatchCall } from '../../electron/web/dispatch';
import type { HostApi } from '../../electron/common/hostApi';
import { fail } from '../../electron/web/errors';

describe('parseCall: payload validation at the host boundary', () => {
  it('has a schema for every method of the contract', () => {
    expect(Object.keys(ARG_SCHEMAS).sort()).toEqual([...HOST_METHODS].sort());
  });

  const rejected: Array<[string, unknown, string]> = [
    ['not an object', 'openFile', 'request'],
    ['an array', ['openFile'], 'request'],
    ['unknown method', { method: 'deleteEverything', args: [] }, 'method'],
    ['method not a string', { method: 42, args: [] }, 'method'],
    ['prototype key as method', { method: '__proto__', args: [] }, 'method'],
    ['extra top-level field', { method: 'getStartup', args: [], evil: 1 }, 'evil'],
    ['missing argument', { method: 'openFile', args: [] }, 'args'],
    ['too many arguments', { method: 'getStartup', args: [1] }, 'args'],
    ['path not a string', { method: 'openFile', args: [42] }, 'args[0]'],
    ['empty path', { method: 'openFile', args: [''] }, 'args[0]'],
    ['NUL in path', { method: 'saveFile', args: ['/tmp/a\0b', '{}'] }, 'args[0]'],
    ['args not an array', { method: 'openFile', args: { path: '/x' } }, 'args'],
    [
      'bad export format',
      { method: 'exportFile', args: [{ format: 'gif', dataBase64: 'AA==', suggestedName: 'a' }] },
      'args[0].format',
    ],
    [
      'export data not base64',
      { method: 'exportFile', args: [{ format: 'png', dataBase64: 'not base64!', suggestedName: 'a' }] },
      'args[0].dataBase64',
    ],
    [
      'unknown field in an object argument',
      { method: 'setDocumentState', args: [{ path: null, title: 't', dirty: false, x: 1 }] },
      'args[0]',
    ],
    [
      'dirty not boolean',
      { method: 'setDocumentState', args: [{ path: null, title: 't', dirty: 'yes' }] },
      'args[0].dirty',
    ],
    [
      'unknown credential kind',
      { method: 'setAccountCredentialSource', args: ['123', { kind: 'password', value: 'x' }] },
      'args[1].kind',
    ],
    [
      'malformed role ARN',
      { method: 'setAccountCredentialSource', args: ['123', { kind: 'role', roleArn: 'arn:aws:iam::1:role/x' }] },
      'args[1].roleArn',
    ],
    ['bad run mode', { method: 'startApply', args: ['sandbox', '{}', { mode: 'yolo' }] }, 'args[2].mode'],
    [
      'no accounts to import',
      { method: 'importAccounts', args: [{ targetId: 'sandbox', accountIds: [] }] },
      'args[0].accountIds',
    ],
    [
      'bad region',
      { method: 'importAccounts', args: [{ targetId: 'sandbox', accountIds: ['1'], regions: ['Beijing'] }] },
      'args[0].regions[0]',
    ],
  ];
  it.each(rejected)('rejects %s naming the field', (_name, raw, field) => {
    const parsed = parseCall(raw);
    expect(parsed.kind).toBe('invalid');
    if (parsed.kind === 'invalid') {
      expect(parsed.error.code).toBe('BAD_REQUEST');
      expect(parsed.error.field).toBe(field);
    }
  });

  it('never echoes a typed-in secret in the error', () => {
    const parsed = parseCall({
      method: 'setAccountCredentialSource',
      args: ['1', { kind: 'accessKey', accessKeyId: 'FAKEshort', accessKeySecret: 'Q7xZ' }],
    });
    expect(parsed).toMatchObject({ kind: 'invalid', error: { field: 'args[1].accessKeySecret' } });
    expect(JSON.stringify(parsed)).not.toContain('Q7xZ');
  });

  const accepted: unknown[] = [
    { method: 'getStartup', args: [] },
    { method: 'getStartup' },
    { method: 'openFile', args: ['/tmp/x.vpclink.json'] },
    { method: 'autosave', args: [null, '{}'] },
    {
      method: 'setAccountCredentialSource',
      args: ['123', { kind: 'role', roleArn: 'acs:ram::1231579085529123:role/vpclink', sourceProfile: 'default' }],
    },
    { method: 'setAccountCredentialSource', args: ['123', { kind: 'environment' }] },
    { method: 'startApply', args: ['sandbox', '{}', { mode: 'rollback', runId: 'run-1' }] },
    {
      method: 'importAccounts',
      args: [{ targetId: 'sandbox', accountIds: ['1'], regions: ['cn-beijing', 'cn-qingdao'] }],
    },
  ];
  it.each(accepted)('accepts %j', (raw) => {
    expect(parseCall(raw).kind).toBe('ok');
  });
});

describe('dispatchCall', () => {
  const api = {
    async listRecentFiles() {
      return [];
    },
    async discardAutosave() {},
    async openFile(path: string) {
      fail('NOT_FOUND', `${path}: no such file`);
    },
    async listTargets() {
      throw new TypeError('boom');
    },
  } as unknown as HostApi;

  it('answers ok with the value, null for void, a HostError for expected failures and INTERNAL for bugs', async () => {
    expect(await dispatchCall(api, { method: 'listRecentFiles', args: [] })).toEqual({ ok: true, value: [] });
    expect(await dispatchCall(api, { method: 'discardAutosave', args: [null] })).toEqual({ ok: true, value: null });
    expect(await dispatchCall(api, { method: 'openFile', args: ['/x'] })).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: '/x: no such file' },
    });
    const bug = await dispatchCall(api, { method: 'listTargets', args: [] });
    expect(bug).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(await dispatchCall(api, { method: 'openFile', args: [1] })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', field: 'args[0]' },
    });
    expect(await dispatchCall(api, { method: 'openFile', args: [] })).toEqual({
      ok: false,
      error: { code: 'BAD_REQUEST', field: 'args', message: 'openFile takes 1 argument, got 0' },
    });
  });
});
