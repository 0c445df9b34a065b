import { describe, expect, it } from 'vitest';
import { canonicalQuery, percentEncode, sign, stringToSign } from '../../../cloud/sandbox/signature';
import { Long, long, toJsonText } from '../../../cloud/sandbox/json';

describe('signature v1.0 (aliyun-api.md §1.6)', () => {
  it('example A: the ECS documentation vector', () => {
    const params = {
      AccessKeyId: 'testid',
      Action: 'DescribeRegions',
      Format: 'XML',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf',
      SignatureVersion: '1.0',
      Timestamp: '2016-02-23T12:46:24Z',
      Version: '2014-05-26',
    };
    const toSign = stringToSign('GET', params);
    expect(toSign).toBe(
      'GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1' +
        '%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0' +
        '%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26',
    );
    const signature = sign('testsecret', toSign);
    expect(signature).toBe('OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
    expect(percentEncode(signature)).toBe('OLeaidS1JvxuMvnyHOwuJ%2BuX5qY%3D');
  });

  it('example B: pop-core-shaped DescribeRouterInterfaces, GET and POST', () => {
    const params = new Map(
      Object.entries({
        Version: '2016-04-28',
        Timestamp: '2024-01-02T03:04:05Z',
        SignatureVersion: '1.0',
        SignatureNonce: '0123456789abcdef0123456789abcdef',
        SignatureMethod: 'HMAC-SHA1',
        RegionId: 'cn-beijing',
        PageSize: '50',
        Format: 'JSON',
        'Filter.1.Value.1': 'ri-abc123',
        'Filter.1.Key': 'RouterInterfaceId',
        Action: 'DescribeRouterInterfaces',
        AccessKeyId: 'testid',
        Signature: 'ignored: never part of the signed string',
      }),
    );
    expect(canonicalQuery(params)).toBe(
      'AccessKeyId=testid&Action=DescribeRouterInterfaces&Filter.1.Key=RouterInterfaceId&Filter.1.Value.1=ri-abc123' +
        '&Format=JSON&PageSize=50&RegionId=cn-beijing&SignatureMethod=HMAC-SHA1' +
        '&SignatureNonce=0123456789abcdef0123456789abcdef&SignatureVersion=1.0' +
        '&Timestamp=2024-01-02T03%3A04%3A05Z&Version=2016-04-28',
    );
    expect(sign('testsecret', stringToSign('GET', params))).toBe('RDlea3lPacgXpCxJUnpEFTeGjHY=');
    const post = sign('testsecret', stringToSign('POST', params));
    expect(post).toBe('fmLKLxW7VrH8p9p/hpxXl/WxWEg=');
    expect(percentEncode(post)).toBe('fmLKLxW7VrH8p9p%2FhpxXl%2FWxWEg%3D');
    // The method is upper-cased for signing (pop-core's lower-case `post` quirk, §1.1).
    expect(stringToSign('post', params)).toBe(stringToSign('POST', params));
  });

  it.each([
    ['a b', 'a%20b'],
    ['*', '%2A'],
    ['~', '~'],
    ["!'()", '%21%27%28%29'],
    ['é', '%C3%A9'],
    ['a+b/c=', 'a%2Bb%2Fc%3D'],
  ])('percent-encodes %j as %j (RFC 3986, §1.4)', (input, output) => {
    expect(percentEncode(input)).toBe(output);
  });

  it('sorts keys by code unit, so Value.10 comes before Value.2', () => {
    expect(canonicalQuery({ 'X.2': 'b', 'X.10': 'c', 'X.1': 'a' })).toBe('X.1=a&X.10=c&X.2=b');
  });
});

describe('response JSON with Long IDs', () => {
  it('writes 16-digit IDs beyond 2^53 literally, as numbers', () => {
    const text = toJsonText({
      OwnerId: long('1231579085529123'),
      OrderId: new Long('9007199254740993'),
      Name: 'x',
      Skip: undefined,
      List: [1, true, null],
    });
    expect(text).toBe('{"OwnerId":1231579085529123,"OrderId":9007199254740993,"Name":"x","List":[1,true,null]}');
  });

  it('keeps non-numeric sketch account IDs as strings', () => {
    expect(toJsonText({ OwnerId: long('acct-a') })).toBe('{"OwnerId":"acct-a"}');
  });
});
