import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyError, CloudError, redact } from '../../../cloud/client';

const KEY = 'FAKE5tAbCdEf123456';
const SIG = 'OLeaidS1JvxuMvnyHOwuJ%2BuX5qY%3D';
const TOKEN = 'CAIS1wJ1q6Ft5B2yfSjIr5bQ';

describe('redact: no secrets list needed for parameter values', () => {
  it.each([
    [
      'GET url',
      `https://vpc.cn-beijing.aliyuncs.com/?AccessKeyId=${KEY}&Action=DescribeVpcs&Signature=${SIG}&SecurityToken=${TOKEN}&Version=2016-04-28`,
    ],
    ['signature last', `https://h/?Action=X&AccessKeyId=${KEY}&Signature=${SIG}`],
    [
      'string-to-sign (encoded once)',
      `GET&%2F&AccessKeyId%3D${KEY}%26Action%3DX%26SecurityToken%3D${TOKEN}%26SignatureMethod%3DHMAC-SHA1`,
    ],
    ['string-to-sign (encoded twice)', `AccessKeyId%253D${KEY}%2526SecurityToken%253D${TOKEN}%2526Version%253D1`],
    ['JSON', `{"AccessKeyId":"${KEY}","SecurityToken":"${TOKEN}","AccessKeySecret":"${TOKEN}x"}`],
    ['config JSON', `{"access_key_id": "${KEY}", "access_key_secret": "${TOKEN}", "sts_token": "${TOKEN}"}`],
    ['JS inspect', `{ accessKeyId: '${KEY}', accessKeySecret: '${TOKEN}', securityToken: '${TOKEN}' }`],
    ['space separated', `AccessKeyId=${KEY} Signature=${SIG}`],
  ])('%s', (_label, text) => {
    const out = redact(text);
    expect(out).not.toContain(KEY);
    expect(out).not.toContain(TOKEN);
    expect(out).not.toContain(SIG);
    expect(out).not.toContain('OLeaidS1Jvxu');
    expect(out).toContain('***');
  });

  it('keeps the harmless parts readable', () => {
    const out = redact(
      `https://h/?AccessKeyId=${KEY}&Action=DescribeVpcs&SignatureMethod=HMAC-SHA1&SignatureNonce=abc&RegionId=cn-beijing`,
    );
    expect(out).toContain('Action=DescribeVpcs');
    expect(out).toContain('SignatureMethod=HMAC-SHA1');
    expect(out).toContain('RegionId=cn-beijing');
  });

  it('blanks exact secrets (and their encodings) wherever they appear', () => {
    const secret = 'my/secret+value=';
    const out = redact(
      `a ${secret} b ${encodeURIComponent(secret)} c ${encodeURIComponent(encodeURIComponent(secret))}`,
      [secret],
    );
    expect(out).toBe('a *** b *** c ***');
  });
});

describe('classifyError: messages from pop-core-shaped errors', () => {
  const url = `https://vpc.cn-beijing.aliyuncs.com/?AccessKeyId=${KEY}&Action=CreateRouteEntry&SecurityToken=${TOKEN}&Signature=${SIG}`;

  it('an API error keeps code, request ID and status, and drops the URL secrets', () => {
    const raw = Object.assign(new Error(`Request was denied due to user flow control., URL: ${url}`), {
      name: 'Throttling.UserError',
      code: 'Throttling.User',
      data: {
        RequestId: 'R-42',
        HostId: 'vpc.aliyuncs.com',
        Code: 'Throttling.User',
        Message: `Request was denied due to user flow control. ${url}`,
      },
      url,
      entry: { url, response: { statusCode: 400 } },
    });
    const error = classifyError(raw, 'CreateRouteEntry');
    expect(error).toMatchObject({
      code: 'Throttling.User',
      retryable: true,
      ambiguous: false,
      requestId: 'R-42',
      httpStatus: 400,
    });
    for (const s of [KEY, TOKEN, SIG]) expect(JSON.stringify(error) + error.message).not.toContain(s);
  });

  it.each([
    [
      'ECONNREFUSED',
      { code: 'ECONNREFUSED', message: `connect ECONNREFUSED 127.0.0.1:1POST ${url} failed.` },
      'CONNECTION_REFUSED',
      true,
      false,
    ],
    ['ECONNRESET', { code: 'ECONNRESET', message: `socket hang upPOST ${url} failed.` }, 'CONNECTION_LOST', true, true],
    [
      'ENOTFOUND',
      { code: 'ENOTFOUND', message: `getaddrinfo ENOTFOUND vpc.xx.aliyuncs.comPOST ${url} failed.` },
      'ENDPOINT_NOT_FOUND',
      false,
      false,
    ],
    [
      'read timeout',
      { name: 'RequestTimeoutError', message: `ReadTimeout(3000). POST ${url} failed.` },
      'REQUEST_TIMEOUT',
      true,
      true,
    ],
    [
      'connect timeout',
      { name: 'RequestTimeoutError', message: `ConnectTimeout: Connect ${url} failed.` },
      'REQUEST_TIMEOUT',
      true,
      true,
    ],
    [
      'json-bigint SyntaxError',
      { name: 'SyntaxError', message: "Unexpected '<'", at: 1, text: '<html>502 Bad Gateway</html>' },
      'NON_JSON_RESPONSE',
      true,
      true,
    ],
    ['unknown', new TypeError(`weird thing at ${url}`), 'UNEXPECTED_ERROR', false, true],
  ])('%s', (_label, raw, code, retryable, ambiguous) => {
    const error = classifyError(raw, 'CreateRouteEntry');
    expect(error).toBeInstanceOf(CloudError);
    expect(error).toMatchObject({ code, retryable, ambiguous, action: 'CreateRouteEntry' });
    for (const s of [KEY, TOKEN, SIG, 'OLeaidS1Jvxu']) expect(error.message).not.toContain(s);
  });

  it('a CloudError passes through, re-redacted only when secrets are given', () => {
    const original = new CloudError({ code: 'X', action: 'A', message: 'about key-abcdefgh' });
    expect(classifyError(original, 'A')).toBe(original);
    expect(classifyError(original, 'A', ['key-abcdefgh']).message).toBe('about ***');
  });

  it('the constructor redacts too, so a careless caller cannot leak a URL', () => {
    expect(new CloudError({ code: 'X', action: 'A', message: url }).message).not.toContain(KEY);
  });
});

describe('redact: property — signed query strings never leak their credentials', () => {
  const encode = (t: string) =>
    encodeURIComponent(t).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const keyChars = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'.split(''));
  const b64Chars = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/='.split(''));
  const key = fc.array(keyChars, { minLength: 16, maxLength: 30 }).map((c) => 'LTAI' + c.join(''));
  const b64 = (min: number, max: number) =>
    fc.array(b64Chars, { minLength: min, maxLength: max }).map((c) => c.join(''));
  const otherParams = fc.array(
    fc.tuple(
      fc.constantFrom('Action', 'RegionId', 'PageSize', 'Format', 'Version', 'SignatureNonce', 'Timestamp'),
      fc.string({ maxLength: 12 }),
    ),
    { maxLength: 6 },
  );

  it('GET URLs and echoed strings-to-sign, any parameter order', () => {
    fc.assert(
      fc.property(
        key,
        b64(20, 40),
        b64(40, 120),
        otherParams,
        fc.boolean(),
        (accessKeyId, signature, token, others, asStringToSign) => {
          const params: Array<[string, string]> = [
            ['AccessKeyId', accessKeyId],
            ['SecurityToken', token],
            ['Signature', signature],
            ...others,
          ];
          params.sort((a, b) => (a[0] < b[0] ? -1 : 1));
          const canonical = params.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&');
          const text = asStringToSign
            ? `server string to sign is:POST&%2F&${encode(canonical)}`
            : `msg, URL: https://vpc.cn-beijing.aliyuncs.com/?${canonical}`;
          const out = redact(text);
          for (const secret of [accessKeyId, encode(token), encode(encode(token)), encode(signature)]) {
            if (secret.length >= 8) expect(out).not.toContain(secret);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
