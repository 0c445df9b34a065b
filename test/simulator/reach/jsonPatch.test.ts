// RFC 6902 as the Fix button needs it: the examples of RFC 6902 Appendix A, and structural sharing.
import { describe, expect, it } from 'vitest';
import { applyJsonPatch, JsonPatchError, type JsonPatch } from '../../../simulator/reach';

describe('applyJsonPatch (RFC 6902)', () => {
  it.each<[string, unknown, JsonPatch, unknown]>([
    [
      'A.1 add an object member',
      { foo: 'bar' },
      [{ op: 'add', path: '/baz', value: 'qux' }],
      { foo: 'bar', baz: 'qux' },
    ],
    [
      'A.2 add an array element',
      { foo: ['bar', 'baz'] },
      [{ op: 'add', path: '/foo/1', value: 'qux' }],
      { foo: ['bar', 'qux', 'baz'] },
    ],
    ['A.3 remove an object member', { baz: 'qux', foo: 'bar' }, [{ op: 'remove', path: '/baz' }], { foo: 'bar' }],
    [
      'A.4 remove an array element',
      { foo: ['bar', 'qux', 'baz'] },
      [{ op: 'remove', path: '/foo/1' }],
      { foo: ['bar', 'baz'] },
    ],
    [
      'A.5 replace a value',
      { baz: 'qux', foo: 'bar' },
      [{ op: 'replace', path: '/baz', value: 'boo' }],
      { baz: 'boo', foo: 'bar' },
    ],
    [
      'A.6 move a value',
      { foo: { bar: 'baz', waldo: 'fred' }, qux: { corge: 'grault' } },
      [{ op: 'move', from: '/foo/waldo', path: '/qux/thud' }],
      { foo: { bar: 'baz' }, qux: { corge: 'grault', thud: 'fred' } },
    ],
    [
      'A.8 test a value',
      { baz: 'qux', foo: ['a', 2, 'c'] },
      [
        { op: 'test', path: '/baz', value: 'qux' },
        { op: 'test', path: '/foo/1', value: 2 },
      ],
      { baz: 'qux', foo: ['a', 2, 'c'] },
    ],
    [
      'A.10 add a nested member',
      { foo: 'bar' },
      [{ op: 'add', path: '/child', value: { grandchild: {} } }],
      { foo: 'bar', child: { grandchild: {} } },
    ],
    ['A.14 ~ escaping', { '/': 9, '~1': 10 }, [{ op: 'test', path: '/~01', value: 10 }], { '/': 9, '~1': 10 }],
    [
      'A.16 add to the end of an array',
      { foo: ['bar'] },
      [{ op: 'add', path: '/foo/-', value: ['abc', 'def'] }],
      { foo: ['bar', ['abc', 'def']] },
    ],
    ['copy', { a: { b: 1 } }, [{ op: 'copy', from: '/a', path: '/c' }], { a: { b: 1 }, c: { b: 1 } }],
  ])('%s', (_name, doc, patch, expected) => {
    const before = JSON.stringify(doc);
    expect(applyJsonPatch(doc, patch)).toEqual(expected);
    expect(JSON.stringify(doc)).toBe(before); // never changes its input
  });

  it.each<[string, unknown, JsonPatch]>([
    ['A.9 a failed test', { baz: 'qux' }, [{ op: 'test', path: '/baz', value: 'bar' }]],
    ['A.12 add to a nonexistent target', { foo: 'bar' }, [{ op: 'add', path: '/baz/bat', value: 'qux' }]],
    ['remove a missing member', { foo: 'bar' }, [{ op: 'remove', path: '/nope' }]],
    ['an index out of range', { a: [1] }, [{ op: 'replace', path: '/a/3', value: 2 }]],
  ])('refuses %s', (_name, doc, patch) => {
    expect(() => applyJsonPatch(doc, patch)).toThrow(JsonPatchError);
  });

  it('shares every object the patch does not touch', () => {
    const doc = { left: { x: [1, 2] }, right: { y: { z: 1 } } };
    const next = applyJsonPatch(doc, [{ op: 'add', path: '/right/y/w', value: 2 }]);
    expect(next.left).toBe(doc.left);
    expect(next.right).not.toBe(doc.right);
    expect(next.right.y).toEqual({ z: 1, w: 2 });
  });
});
