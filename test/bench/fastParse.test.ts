/**
 * The load fast path (simulator/document/fastParse.ts) must be indistinguishable from zod: same
 * value, same key order, and "unsure" (→ zod) whenever zod would reject.
 */
import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { generateTopology } from '../../bench/generate';
import { compileFastParser } from '../../simulator/document/fastParse';
import { loadDocumentValue } from '../../simulator/document/load';
import { topologySchema } from '../../simulator/document/schema';

// Generated code where `new Function` is allowed (Node, tests), closures under the app's CSP;
// each copying (loadDocumentValue) and adopting its input (loadDocumentText's own JSON.parse).
describe.each([
  ['generated', false],
  ['closures', false],
  ['generated', true],
  ['closures', true],
] as const)('fast load path (%s, adopting input: %s)', (mode, adoptInput) => {
  const fast = compileFastParser(topologySchema, mode, { adoptInput })!;

  function agree(input: unknown): void {
    const expected = topologySchema.safeParse(structuredClone(input));
    const actual = fast(structuredClone(input));
    if (actual.kind === 'ok') {
      expect(expected.success).toBe(true);
      // JSON text compares values AND key order (the order a saved document is written in).
      expect(JSON.stringify(actual.value)).toBe(JSON.stringify(expected.data));
    }
  }

  it('compiles for the topology schema', () => {
    expect(fast).toBeTypeOf('function');
  });

  it.each(readdirSync('examples').filter((f) => f.endsWith('.json')))(
    "gives zod's exact result for examples/%s",
    (file) => {
      const raw = JSON.parse(readFileSync(`examples/${file}`, 'utf8'));
      expect(fast(raw).kind).toBe('ok');
      agree(raw);
    },
  );

  it("gives zod's exact result for generated estates, with layout and unknown fields", () => {
    const doc = generateTopology('M', 4) as Record<string, unknown>;
    const withExtras = {
      ...doc,
      futureField: { nested: [1, 2] },
      layout: {
        positions: { 'vpc-a': { x: 1, y: 2.5, pinned: true } },
        collapsed: ['x'],
        viewport: { x: 0, y: 0, zoom: 1 },
      },
      accounts: (doc.accounts as object[]).map((a, i) => (i === 0 ? { extra: 'kept', ...a } : a)),
    };
    expect(fast(withExtras).kind).toBe('ok');
    agree(withExtras);
  });

  it('fills defaults like zod (fresh arrays per document) and normalises case-insensitive enums', () => {
    const raw = {
      format: 'vpclink/topology',
      version: 1,
      securityGroups: [
        {
          securityGroupId: 'sg-1',
          vpcId: 'vpc-1',
          innerAccessPolicy: 'drop',
          permissions: [{ direction: 'ingress', ipProtocol: 'tcp', portRange: '22/22', sourceCidrIp: '10.0.0.0/8' }],
        },
      ],
    };
    const a = fast(structuredClone(raw));
    const b = fast(structuredClone(raw));
    expect(a.kind).toBe('ok');
    if (a.kind !== 'ok' || b.kind !== 'ok') return;
    expect(a.value.vpcs).not.toBe(b.value.vpcs);
    expect(a.value.securityGroups[0]!.permissions[0]).toMatchObject({
      ipProtocol: 'TCP',
      policy: 'Accept',
      priority: 1,
    });
    expect(a.value.securityGroups[0]!.innerAccessPolicy).toBe('Drop');
    agree(raw);
  });

  it.each([
    [
      'a wrong type',
      (d: any) => {
        d.vpcs[0].cidrBlock = 5;
      },
    ],
    [
      'a missing required field',
      (d: any) => {
        delete d.instances[0].vSwitchId;
      },
    ],
    [
      'an empty id',
      (d: any) => {
        d.vpcs[1].vpcId = '';
      },
    ],
    [
      'an empty securityGroupIds',
      (d: any) => {
        d.instances[2].securityGroupIds = [];
      },
    ],
    [
      'a bad enum',
      (d: any) => {
        d.routerInterfaces[0].role = 'Initiator';
      },
    ],
    [
      'a fractional priority',
      (d: any) => {
        d.securityGroups[0].permissions[0].priority = 1.5;
      },
    ],
    [
      'a __proto__ key',
      (d: any) => {
        Object.defineProperty(d.vpcs[0], '__proto__', { value: { x: 1 }, enumerable: true });
      },
    ],
  ])("is unsure on %s, and loading still reports zod's issue", (_name, mutate) => {
    const raw = JSON.parse(JSON.stringify(generateTopology('S', 2)));
    mutate(raw);
    const zodResult = topologySchema.safeParse(structuredClone(raw));
    if (!zodResult.success) {
      expect(fast(raw).kind).toBe('unsure');
      const loaded = loadDocumentValue(raw);
      expect(loaded.kind).toBe('invalid');
    } else {
      agree(raw);
    }
  });

  it('agrees with zod on random mutations of a document (property)', () => {
    // A trimmed estate: every kind of resource, few of each, so 300 runs stay quick.
    const full = generateTopology('S', 3);
    const base = JSON.parse(
      JSON.stringify({
        ...full,
        instances: full.instances.slice(0, 6),
        securityGroups: full.securityGroups.slice(0, 4).map((g) => ({ ...g, permissions: g.permissions.slice(0, 6) })),
        routeTables: full.routeTables.map((t) => ({ ...t, routeEntries: t.routeEntries.slice(0, 2) })),
      }),
    ) as Record<string, unknown>;
    const values = fc.oneof(
      fc.constant(undefined),
      fc.constant(null),
      fc.string(),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant([]),
      fc.constant({}),
      fc.constantFrom(
        'TCP',
        'tcp',
        'Accept',
        'drop',
        'System',
        'Negative',
        'VRouter',
        'vpclink/topology',
        '-1/-1',
        'Available',
      ),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(), fc.nat(), values, fc.boolean()), { minLength: 1, maxLength: 4 }),
        (edits) => {
          const doc = structuredClone(base);
          for (const [a, b, value, remove] of edits) {
            // Walk to a random object in the document and set or delete one of its keys.
            let target: any = doc;
            for (let depth = 0; depth < 4; depth++) {
              const keys = Object.keys(target).filter((k) => typeof target[k] === 'object' && target[k] !== null);
              if (keys.length === 0) break;
              target = target[keys[(a + depth * b) % keys.length]!];
            }
            const keys = Object.keys(target);
            const key = keys.length ? keys[b % keys.length]! : 'extra';
            if (remove) delete target[key];
            else if (value === undefined) delete target[key];
            else target[key] = value;
          }
          agree(doc);
        },
      ),
      { numRuns: 300, seed: 42 },
    );
  }, 60_000);

  it('turns itself off for constructs it does not model', () => {
    expect(compileFastParser(z.object({ a: z.string().regex(/x/) }), mode)).toBeUndefined();
    expect(compileFastParser(z.object({ a: z.union([z.string(), z.number()]) }), mode)).toBeUndefined();
    expect(
      compileFastParser(
        z.object({ a: z.string() }).refine(() => true),
        mode,
      ),
    ).toBeUndefined();
    expect(compileFastParser(z.strictObject({ a: z.string() }), mode)).toBeUndefined();
  });

  it('matches zod for a plain (stripping) object', () => {
    const schema = z.object({ a: z.string(), b: z.number().int().optional() });
    const parser = compileFastParser(schema, mode, { adoptInput })!;
    expect(parser({ b: 2, a: 'x', c: true })).toEqual({ kind: 'ok', value: { a: 'x', b: 2 }, unreadObjects: false });
    const inOrder = { a: 'x', b: 2 };
    const result = parser(inOrder);
    expect(result).toEqual({ kind: 'ok', value: { a: 'x', b: 2 }, unreadObjects: false });
    if (result.kind === 'ok') expect(result.value === inOrder).toBe(adoptInput);
    expect(parser({ a: 1 }).kind).toBe('unsure');
  });

  // The fixed-point shortcut (pipeFixedPoints): a value is returned without calling the transform
  // only when the transform gives it back unchanged and without an issue.
  it.each([
    ['a value the transform keeps', 'TCP', (x: unknown) => x, { kind: 'ok', value: 'TCP' }],
    ['a value the transform normalises', 'tcp', (x: unknown) => String(x).toUpperCase(), { kind: 'ok', value: 'TCP' }],
    [
      'an enum value the transform maps to another',
      'UDP',
      (x: unknown) => (x === 'UDP' ? 'TCP' : x),
      { kind: 'ok', value: 'TCP' },
    ],
    [
      'an enum value the transform maps outside the enum',
      'TCP',
      (x: unknown) => (x === 'TCP' ? 'tcp' : x),
      { kind: 'unsure' },
    ],
    [
      'an enum value the transform rejects',
      'UDP',
      (x: unknown, ctx: z.RefinementCtx) => {
        if (x === 'UDP') ctx.addIssue({ code: 'custom', message: 'no' });
        return x;
      },
      { kind: 'unsure' },
    ],
  ] as const)('runs a preprocess like zod on %s', (_name, input, transform, expected) => {
    const schema = z.looseObject({ p: z.preprocess(transform, z.enum(['TCP', 'UDP'])) });
    const parser = compileFastParser(schema, mode, { adoptInput })!;
    const result = parser({ p: input });
    expect(result.kind === 'ok' ? { kind: 'ok', value: result.value.p } : result).toEqual(expected);
    expect(schema.safeParse({ p: input }).data?.p).toBe(expected.kind === 'ok' ? expected.value : undefined);
  });

  // The adopting parser reads an object by its own keys (one for…in): every way the keys can
  // differ from the shape's order, or miss a field, must still give zod's value.
  it.each([
    ['keys in shape order', { a: 'x', b: 1, c: [1] }],
    ['keys out of shape order', { b: 1, a: 'x' }],
    ['an unknown key first', { z: 1, a: 'x' }],
    ['an unknown key between declared ones', { a: 'x', z: 1, b: 2 }],
    ['an unknown key last', { a: 'x', b: 2, z: { deep: [] } }],
    ['a default to fill', { a: 'x', b: 2 }],
    ['a missing required field', { b: 2 }],
    ['a wrong type in an optional field', { a: 'x', b: 'two' }],
    ['a wrong type in a defaulted field', { a: 'x', c: 'not an array' }],
    ['an own __proto__ key', JSON.parse('{"a":"x","__proto__":{"b":1}}')],
  ])('reads an object like zod with %s', (_name, input) => {
    const schema = z.looseObject({ a: z.string(), b: z.number().optional(), c: z.array(z.number()).default([]) });
    const parser = compileFastParser(schema, mode, { adoptInput })!;
    const expected = schema.safeParse(structuredClone(input));
    const actual = parser(structuredClone(input));
    if (!expected.success) expect(actual.kind).toBe('unsure');
    else if (actual.kind === 'ok') expect(JSON.stringify(actual.value)).toBe(JSON.stringify(expected.data));
    else expect(Object.keys(input)).toContain('__proto__'); // unsure only on the key zod parses specially
  });

  it('says when unknown fields hold objects it did not read (their depth is unchecked)', () => {
    const schema = z.looseObject({ a: z.array(z.looseObject({ b: z.string() })), c: z.unknown().optional() });
    const parser = compileFastParser(schema, mode, { adoptInput })!;
    const unread = (input: unknown) => {
      const result = parser(input);
      return result.kind === 'ok' ? result.unreadObjects : 'unsure';
    };
    expect(unread({ a: [{ b: 'x', extra: 1 }], more: 'text' })).toBe(false);
    expect(unread({ a: [{ b: 'x', extra: [] }] })).toBe(true);
    expect(unread({ a: [{ extra: {}, b: 'x' }] })).toBe(true);
    expect(unread({ a: [], more: { deep: [] } })).toBe(true);
    expect(unread({ a: [], c: 5 })).toBe(false);
    expect(unread({ a: [], c: [[1]] })).toBe(true);
    expect(unread({ a: [{ b: 'x' }] })).toBe(false); // each run starts afresh
  });

  it('shares exactly the objects that are already their own result when adopting, none otherwise', () => {
    // A saved document (keys in schema order, as vpclink writes them), then three edits.
    const saved = loadDocumentValue(JSON.parse(JSON.stringify(generateTopology('S', 5))));
    if (saved.kind !== 'ok') throw new Error('the generated estate loads');
    const raw = JSON.parse(JSON.stringify(saved.document)) as any;
    raw.vpcs[0] = { cidrBlock: raw.vpcs[0].cidrBlock, ...raw.vpcs[0] }; // keys out of shape order
    delete raw.securityGroups[0].permissions[0].priority; // a default to fill
    raw.securityGroups[1].permissions[0].ipProtocol = 'tcp'; // a value to normalise
    const result = fast(raw);
    expect(result.kind).toBe('ok');
    if (result.kind !== 'ok') return;
    const doc = result.value as any;
    agree(JSON.parse(JSON.stringify(raw)));
    expect(doc === raw).toBe(false); // securityGroups changed below it
    expect(doc.vpcs[0] === raw.vpcs[0]).toBe(false);
    expect(doc.vpcs[1] === raw.vpcs[1]).toBe(adoptInput);
    expect(doc.instances === raw.instances).toBe(adoptInput);
    expect(doc.securityGroups[0].permissions[0] === raw.securityGroups[0].permissions[0]).toBe(false);
    expect(doc.securityGroups[0].permissions[1] === raw.securityGroups[0].permissions[1]).toBe(adoptInput);
    expect(doc.securityGroups[1].permissions[0].ipProtocol).toBe('TCP');
    expect(raw.securityGroups[1].permissions[0].ipProtocol).toBe('tcp'); // the input is never written
    expect(doc.securityGroups[2] === raw.securityGroups[2]).toBe(adoptInput);
  });
});
