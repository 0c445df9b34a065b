/**
 * A fast path for loading large valid documents (issue "Benchmarks": load + validate of a
 * 200-VPC, 20,000-rule estate within 3× of JSON.parse).
 *
 * zod's parse of such a document costs over twice the JSON.parse itself: every field goes through
 * a generic `_zod.run` with issue bookkeeping. This module compiles the SAME zod schema into plain
 * generated functions (one per object/array, leaf checks inlined) that accept exactly what the
 * schema accepts on the happy path and build the same
 * output (same values, same defaults, same key order: declared keys in shape order, then unknown
 * keys in input order). It is derived from the schema at start-up, so the two cannot drift:
 *
 * - any construct it does not know (a refinement, a regex, a union …) disables the fast path
 *   entirely (`compileFastParser` returns undefined) and loading uses zod alone;
 * - on any doubt while parsing (a wrong type, a missing field, `__proto__`), it gives up and the
 *   caller runs zod, which produces the issues with their messages. So bad documents get zod's
 *   exact diagnostics and good ones get the same value, faster.
 *
 * test/bench/fastParse.test.ts compares the two on generated estates, the examples and mutations.
 */
import type { z } from 'zod';
import type { $ZodCheck, $ZodCheckDef, $ZodType, $ZodTypeDef } from 'zod/v4/core';

const FAIL: unique symbol = Symbol('fast-parse-fail');
type Parser = (input: unknown) => unknown;

/** Thrown while compiling: the schema uses something the fast path does not model. */
class Unsupported extends Error {}

/**
 * A schema definition as zod publishes it for tools built on zod: every schema and check carries
 * `_zod.def`, typed in `zod/v4/core` (`$ZodType`, `$ZodCheck`) — the introspection zod's "For
 * library authors" page (zod.dev/library-authors) points tools to. Only that published shape is
 * read here; the per-type fields (`shape`, `element`, `entries` …) are looked up by name and any
 * type this module does not know disables the fast path (`Unsupported`).
 */
type AnyDef = $ZodTypeDef & { readonly checks?: readonly $ZodCheck[]; readonly [key: string]: unknown };

function defOf(schema: unknown): AnyDef {
  const def = (schema as Partial<$ZodType> | undefined)?._zod?.def as AnyDef | undefined;
  if (!def || typeof def.type !== 'string') throw new Unsupported('not a zod schema');
  return def;
}

function checksOf(def: AnyDef): Array<$ZodCheckDef & Record<string, unknown>> {
  return (def.checks ?? []).map((c) => c._zod.def as $ZodCheckDef & Record<string, unknown>);
}

function literalSource(value: unknown): string {
  if (typeof value === 'string' || typeof value === 'boolean' || value === null) return JSON.stringify(value);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw new Unsupported(`literal ${String(value)}`);
}

function numberSource(value: unknown): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Unsupported('non-numeric bound');
  return String(value);
}

/** An object schema's declared fields and what it does with other keys (both parser modes). */
function objectShapeOf(def: AnyDef): {
  readonly shape: Record<string, unknown>;
  readonly keys: readonly string[];
  readonly catchall: 'strip' | 'unknown';
} {
  if (checksOf(def).length) throw new Unsupported('object refinements');
  const shape = def.shape as Record<string, unknown>;
  const catchall = def.catchall === undefined ? 'strip' : defOf(def.catchall).type;
  if (catchall !== 'strip' && catchall !== 'unknown') throw new Unsupported(`object catchall ${catchall}`);
  return { shape, keys: Object.keys(shape), catchall };
}

/**
 * Generates JavaScript, one function per object/array/record/pipe, with leaf checks inlined —
 * the way zod's own JIT works, but without the per-field issue bookkeeping. Environments that
 * forbid `new Function` (a strict CSP) get the same parser built from closures ({@link ClosureBuilder}).
 */
class Generator {
  private readonly sources: string[] = [];
  readonly externals: unknown[] = [];
  /** ext[0]: the run's {@link RunState}, reset by the caller before each run. */
  constructor(
    private readonly adopt: boolean,
    state: RunState,
  ) {
    this.externals.push(state);
  }

  /** An expression that is true when `v` (a variable name) is acceptable as is, or undefined when `schema` needs a function. */
  private leafTest(def: AnyDef, v: string): string | undefined {
    switch (def.type) {
      case 'string': {
        const tests = [`typeof ${v} === "string"`];
        for (const c of checksOf(def)) {
          if (c.check === 'min_length') tests.push(`${v}.length >= ${numberSource(c.minimum)}`);
          else if (c.check === 'max_length') tests.push(`${v}.length <= ${numberSource(c.maximum)}`);
          else if (c.check === 'length_equals') tests.push(`${v}.length === ${numberSource(c.length)}`);
          else throw new Unsupported(`string check ${String(c.check)}`);
        }
        return tests.join(' && ');
      }
      case 'number': {
        const tests = [`typeof ${v} === "number"`, `Number.isFinite(${v})`];
        for (const c of checksOf(def)) {
          if (c.check === 'number_format' && c.format === 'safeint') tests.push(`Number.isSafeInteger(${v})`);
          else if (c.check === 'greater_than') tests.push(`${v} ${c.inclusive ? '>=' : '>'} ${numberSource(c.value)}`);
          else if (c.check === 'less_than') tests.push(`${v} ${c.inclusive ? '<=' : '<'} ${numberSource(c.value)}`);
          else throw new Unsupported(`number check ${String(c.check)}`);
        }
        return tests.join(' && ');
      }
      case 'boolean':
        if (checksOf(def).length) throw new Unsupported('boolean checks');
        return `typeof ${v} === "boolean"`;
      case 'unknown':
      case 'any':
        // Always true; notes an object or array it does not look into (RunState.opaque).
        return `(typeof ${v} !== "object" || ${v} === null || (ext[0].opaque = true))`;
      case 'literal':
        return '(' + (def.values as readonly unknown[]).map((x) => `${v} === ${literalSource(x)}`).join(' || ') + ')';
      case 'enum': {
        const values = Object.values(def.entries as Record<string, unknown>);
        if (values.length <= 16) return '(' + values.map((x) => `${v} === ${literalSource(x)}`).join(' || ') + ')';
        const slot = this.externals.push(new Set(values)) - 1;
        return `ext[${slot}].has(${v})`;
      }
      default:
        return undefined;
    }
  }

  /** For a leaf schema, statements that check `v` and assign it to `target` as it is; else undefined. */
  private leafInto(schema: unknown, v: string, target: string): string | undefined {
    const test = this.leafTest(defOf(schema), v);
    return test === undefined ? undefined : `if (!(${test})) return FAIL; ${target} = ${v};`;
  }

  /** Statements that check `v` and assign its parsed value to `target` (`return FAIL` on doubt). */
  private parseInto(schema: unknown, v: string, target: string): string {
    const leaf = this.leafInto(schema, v, target);
    if (leaf !== undefined) return leaf;
    const def = defOf(schema);
    const fn = this.function(schema);
    const call = `{ const parsed = f${fn}(${v}); if (parsed === FAIL) return FAIL; ${target} = parsed; }`;
    const fixed = def.type === 'pipe' ? pipeFixedPoints(def) : [];
    if (fixed.length === 0) return call;
    // A value the pipe gives back unchanged is its own result: no transform call (fixed points).
    return `if (${fixed.map((x) => `${v} === ${literalSource(x)}`).join(' || ')}) ${target} = ${v}; else ${call}`;
  }

  /** Compiles a non-leaf schema to a generated function; returns its number. */
  function(schema: unknown): number {
    const def = defOf(schema);
    const index = this.sources.length;
    this.sources.push('');
    let body: string;
    switch (def.type) {
      case 'object':
        body = this.objectBody(def);
        break;
      case 'array': {
        const tests = ['Array.isArray(input)'];
        for (const c of checksOf(def)) {
          if (c.check === 'min_length') tests.push(`input.length >= ${numberSource(c.minimum)}`);
          else if (c.check === 'max_length') tests.push(`input.length <= ${numberSource(c.maximum)}`);
          else throw new Unsupported(`array check ${String(c.check)}`);
        }
        body = this.adopt
          ? `if (!(${tests.join(' && ')})) return FAIL;
          const n = input.length; let out;
          for (let i = 0; i < n; i++) { const x = input[i]; let r; ${this.parseInto(def.element, 'x', 'r')}
            if (out !== undefined) out[i] = r; else if (r !== x) { out = input.slice(0, i); out[i] = r; } }
          return out === undefined ? input : out;`
          : `if (!(${tests.join(' && ')})) return FAIL;
          const n = input.length; const out = new Array(n);
          for (let i = 0; i < n; i++) { const x = input[i]; ${this.parseInto(def.element, 'x', 'out[i]')} }
          return out;`;
        break;
      }
      case 'record': {
        const keyDef = defOf(def.keyType);
        if (keyDef.type !== 'string' || checksOf(keyDef).length) throw new Unsupported('record key');
        body = `if (typeof input !== "object" || input === null || Array.isArray(input)) return FAIL;
          const out = {}; let same = true;
          for (const k of Object.keys(input)) { if (k === "__proto__") return FAIL; const x = input[k]; ${this.parseInto(def.valueType, 'x', 'out[k]')} if (out[k] !== x) same = false; }
          return ${this.adopt ? 'same ? input : out' : 'out'};`;
        break;
      }
      case 'pipe': {
        const inDef = defOf(def.in);
        if (inDef.type !== 'transform') throw new Unsupported('pipe from a non-transform');
        const transform = this.externals.push(inDef.transform) - 1;
        body = `const ctx = { value: input, issues: [] }; ctx.addIssue = () => { ctx.issues.push(1); };
          const x = ext[${transform}](input, ctx);
          if (ctx.issues.length || x instanceof Promise) return FAIL;
          let out; ${this.parseInto(def.out, 'x', 'out')} return out;`;
        break;
      }
      case 'optional':
      case 'default':
        // Only meaningful as object fields (handled there); elsewhere leave it to zod.
        throw new Unsupported(`${def.type} outside an object`);
      default:
        throw new Unsupported(`type ${def.type}`);
    }
    this.sources[index] = `function f${index}(input) { ${body} }`;
    return index;
  }

  private objectBody(def: AnyDef): string {
    return this.adopt ? this.adoptingObjectBody(def) : this.copyingObjectBody(def);
  }

  private copyingObjectBody(def: AnyDef): string {
    const { shape, keys, catchall } = objectShapeOf(def);
    const lines = [
      'if (typeof input !== "object" || input === null || Array.isArray(input)) return FAIL;',
      'const out = {}; let v;',
    ];
    for (const key of keys) {
      if (key === '__proto__') throw new Unsupported('__proto__ in a shape');
      const k = JSON.stringify(key);
      const fieldDef = defOf(shape[key]);
      const present = `${k} in input`;
      if (fieldDef.type === 'optional') {
        lines.push(`if (${present}) { v = input[${k}]; ${this.parseInto(fieldDef.innerType, 'v', `out[${k}]`)} }`);
      } else if (fieldDef.type === 'default') {
        // Absent key: zod hands out the default itself (no inner parse); its getter clones
        // object defaults, so every document gets its own `[]`.
        const slot = this.externals.push(fieldDef) - 1;
        const parse = this.parseInto(fieldDef.innerType, 'v', `out[${k}]`);
        lines.push(`if (${present}) { v = input[${k}]; ${parse} } else out[${k}] = ext[${slot}].defaultValue;`);
      } else {
        lines.push(`if (!(${present})) return FAIL; v = input[${k}]; ${this.parseInto(shape[key], 'v', `out[${k}]`)}`);
      }
    }
    if (catchall === 'unknown') {
      // Unknown keys are kept, after the declared ones, in input order (as zod does).
      const cases = keys.map((key) => `case ${JSON.stringify(key)}:`).join(' ');
      lines.push(
        `for (const k in input) { switch (k) { ${cases} continue; case "__proto__": return FAIL; } ${opaqueNote('input[k]')} out[k] = input[k]; }`,
      );
    }
    lines.push('return out;');
    return lines.join('\n');
  }

  /**
   * The adopting variant: the same checks, driven by the input's own keys (one `for…in`, whose
   * loads V8 serves from the object's enum cache, instead of an `in` test per declared field:
   * a security-group rule declares 18 fields and holds about 7). The results are held in locals;
   * when every field's result is the input's own value, no default is missing and the keys are
   * already in output order (declared keys in shape order, then unknown keys), the input object
   * itself is the result. Its input is a fresh JSON.parse value (FastParserOptions.adoptInput):
   * plain objects whose keys are their own, so `for…in` sees exactly the keys `in` would find.
   */
  private adoptingObjectBody(def: AnyDef): string {
    const { shape, keys, catchall } = objectShapeOf(def);
    const lines = [
      'if (typeof input !== "object" || input === null || Array.isArray(input)) return FAIL;',
      `let v; let same = true; let last = -1; let extra = false; let ${keys.map((_, i) => `r${i}, p${i} = false`).join(', ') || 'unused'};`,
    ];
    const cases: string[] = [];
    const after: string[] = [];
    const build = ['const out = {};'];
    keys.forEach((key, i) => {
      if (key === '__proto__') throw new Unsupported('__proto__ in a shape');
      const k = JSON.stringify(key);
      const fieldDef = defOf(shape[key]);
      const inner = fieldDef.type === 'optional' || fieldDef.type === 'default' ? fieldDef.innerType : shape[key];
      // A leaf's result is the input itself: no comparison to make.
      const parse =
        this.leafInto(inner, 'v', `r${i}`) ?? `${this.parseInto(inner, 'v', `r${i}`)} if (r${i} !== v) same = false;`;
      cases.push(`case ${k}: ${parse} p${i} = true; at = ${i}; break;`);
      if (fieldDef.type === 'optional') {
        build.push(`if (p${i}) out[${k}] = r${i};`);
      } else if (fieldDef.type === 'default') {
        // Absent key: zod hands out the default itself (no inner parse); its getter clones
        // object defaults, so every document gets its own `[]`.
        const slot = this.externals.push(fieldDef) - 1;
        after.push(`if (!p${i}) { same = false; r${i} = ext[${slot}].defaultValue; }`);
        build.push(`out[${k}] = r${i};`);
      } else {
        after.push(`if (!p${i}) return FAIL;`);
        build.push(`out[${k}] = r${i};`);
      }
    });
    const unknownKey =
      catchall === 'unknown'
        ? `case "__proto__": return FAIL; default: extra = true; ${opaqueNote('v')} continue;`
        : 'default: same = false; continue;';
    // Key order (and, for kept unknown keys, what they hold) decides whether the input can stand as is.
    lines.push(
      `for (const k in input) { let at; v = input[k]; switch (k) { ${cases.join('\n')} ${unknownKey} }
        if (extra || at < last) same = false; last = at; }`,
      ...after,
      'if (same) return input;',
      ...build,
    );
    if (catchall === 'unknown') {
      const cases = keys.map((key) => `case ${JSON.stringify(key)}:`).join(' ');
      lines.push(`for (const k in input) { switch (k) { ${cases} continue; } out[k] = input[k]; }`);
    }
    lines.push('return out;');
    return lines.join('\n');
  }

  link(root: number): Parser {
    const source = `"use strict";\n${this.sources.join('\n')}\nreturn f${root};`;
    // eslint-disable-next-line no-new-func -- generated from the schema, never from input
    return new Function('FAIL', 'ext', source)(FAIL, this.externals) as Parser;
  }
}

/** A statement noting, when `value` is an object or array kept unread, that the run holds one (RunState.opaque). */
function opaqueNote(value: string): string {
  return `{ const u = ${value}; if (typeof u === "object" && u !== null) ext[0].opaque = true; }`;
}

/**
 * The values a pipe from a transform into a literal or an enum gives back unchanged, found when
 * compiling by running the transform on each value the enum accepts (a case-insensitive enum maps
 * `TCP` to `TCP`: every document written by vpclink holds only such values). The parsers return
 * those inputs as they are without calling the transform each time (twice per security-group
 * rule). This takes the transform for a function of its input, as zod's preprocess is meant to be
 * (a transform that reads anything else cannot be compiled ahead of time by any parser).
 */
function pipeFixedPoints(def: AnyDef): readonly unknown[] {
  const inDef = defOf(def.in);
  const outDef = defOf(def.out);
  if (inDef.type !== 'transform' || checksOf(outDef).length) return [];
  const values =
    outDef.type === 'literal'
      ? (outDef.values as readonly unknown[])
      : outDef.type === 'enum'
        ? Object.values(outDef.entries as Record<string, unknown>)
        : [];
  const transform = inDef.transform as (input: unknown, ctx: unknown) => unknown;
  return values.filter((value) => {
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean' && value !== null) {
      return false;
    }
    if (typeof value === 'number' && !Number.isFinite(value)) return false;
    const issues: number[] = [];
    try {
      const ctx = { value, issues, addIssue: () => void issues.push(1) };
      return transform(value, ctx) === value && issues.length === 0;
    } catch {
      return false;
    }
  });
}

function finiteBound(value: unknown): number {
  numberSource(value); // the same refusals as the generated code
  return value as number;
}

type Test = (v: unknown) => boolean;

/** A min/max length check of a string or an array as a closure; undefined for any other check. */
function lengthBoundTest(c: Record<string, unknown>): ((x: { readonly length: number }) => boolean) | undefined {
  if (c.check === 'min_length') {
    const min = finiteBound(c.minimum);
    return (x) => x.length >= min;
  }
  if (c.check === 'max_length') {
    const max = finiteBound(c.maximum);
    return (x) => x.length <= max;
  }
  return undefined;
}

/**
 * The closure mode: the same parser as {@link Generator}, built from closures instead of source
 * text, for pages whose CSP forbids `new Function` (the app's: electron/web/webStatic.ts). Slower
 * than generated code, still several times faster than zod there (zod itself runs jitless
 * under such a CSP). Every rule mirrors the generated one line for line.
 */
class ClosureBuilder {
  constructor(
    private readonly adopt: boolean,
    private readonly state: RunState,
  ) {}

  private leafTest(def: AnyDef): Test | undefined {
    switch (def.type) {
      case 'string': {
        const tests = checksOf(def).map((c): ((s: string) => boolean) => {
          const bound = lengthBoundTest(c);
          if (bound) return bound;
          if (c.check === 'length_equals') {
            const length = finiteBound(c.length);
            return (s) => s.length === length;
          }
          throw new Unsupported(`string check ${String(c.check)}`);
        });
        if (tests.length === 0) return (v) => typeof v === 'string';
        return (v) => typeof v === 'string' && tests.every((t) => t(v));
      }
      case 'number': {
        const tests = checksOf(def).map((c): ((n: number) => boolean) => {
          if (c.check === 'number_format' && c.format === 'safeint') return (n) => Number.isSafeInteger(n);
          if (c.check === 'greater_than') {
            const bound = finiteBound(c.value);
            return c.inclusive ? (n) => n >= bound : (n) => n > bound;
          }
          if (c.check === 'less_than') {
            const bound = finiteBound(c.value);
            return c.inclusive ? (n) => n <= bound : (n) => n < bound;
          }
          throw new Unsupported(`number check ${String(c.check)}`);
        });
        return (v) => typeof v === 'number' && Number.isFinite(v) && tests.every((t) => t(v));
      }
      case 'boolean':
        if (checksOf(def).length) throw new Unsupported('boolean checks');
        return (v) => typeof v === 'boolean';
      case 'unknown':
      case 'any':
        return (v) => {
          if (typeof v === 'object' && v !== null) this.state.opaque = true;
          return true;
        };
      case 'literal':
      case 'enum': {
        const values =
          def.type === 'literal'
            ? (def.values as readonly unknown[])
            : Object.values(def.entries as Record<string, unknown>);
        for (const value of values) literalSource(value); // the same refusals as the generated code
        // includes() is SameValueZero, not ===: the same here, since NaN is never a value (literalSource).
        return (v) => values.includes(v);
      }
      default:
        return undefined;
    }
  }

  parser(schema: unknown): Parser {
    const def = defOf(schema);
    const test = this.leafTest(def);
    if (test !== undefined) return (v) => (test(v) ? v : FAIL);
    switch (def.type) {
      case 'object':
        return this.objectParser(def);
      case 'array': {
        const tests = checksOf(def).map((c): ((a: readonly unknown[]) => boolean) => {
          const bound = lengthBoundTest(c);
          if (bound) return bound;
          throw new Unsupported(`array check ${String(c.check)}`);
        });
        const element = this.parser(def.element);
        const adopt = this.adopt;
        return (input) => {
          if (!Array.isArray(input) || !tests.every((t) => t(input))) return FAIL;
          const n = input.length;
          const out = new Array<unknown>(n);
          let same = true;
          for (let i = 0; i < n; i++) {
            const r = element(input[i]);
            if (r === FAIL) return FAIL;
            out[i] = r;
            if (r !== input[i]) same = false;
          }
          return adopt && same ? input : out;
        };
      }
      case 'record': {
        const keyDef = defOf(def.keyType);
        if (keyDef.type !== 'string' || checksOf(keyDef).length) throw new Unsupported('record key');
        const value = this.parser(def.valueType);
        const adopt = this.adopt;
        return (input) => {
          if (typeof input !== 'object' || input === null || Array.isArray(input)) return FAIL;
          const out: Record<string, unknown> = {};
          let same = true;
          for (const k of Object.keys(input)) {
            if (k === '__proto__') return FAIL;
            const r = value((input as Record<string, unknown>)[k]);
            if (r === FAIL) return FAIL;
            out[k] = r;
            if (r !== (input as Record<string, unknown>)[k]) same = false;
          }
          return adopt && same ? input : out;
        };
      }
      case 'pipe': {
        const inDef = defOf(def.in);
        if (inDef.type !== 'transform') throw new Unsupported('pipe from a non-transform');
        const transform = inDef.transform as (input: unknown, ctx: unknown) => unknown;
        const out = this.parser(def.out);
        const fixed = pipeFixedPoints(def);
        return (input) => {
          if (fixed.includes(input)) return input; // its own result (pipeFixedPoints)
          const issues: number[] = [];
          const ctx = { value: input, issues, addIssue: () => void issues.push(1) };
          const x = transform(input, ctx);
          if (issues.length || x instanceof Promise) return FAIL;
          return out(x);
        };
      }
      case 'optional':
      case 'default':
        throw new Unsupported(`${def.type} outside an object`);
      default:
        throw new Unsupported(`type ${def.type}`);
    }
  }

  private objectParser(def: AnyDef): Parser {
    const { shape, keys, catchall } = objectShapeOf(def);
    const fields = keys.map((key) => {
      if (key === '__proto__') throw new Unsupported('__proto__ in a shape');
      const fieldDef = defOf(shape[key]);
      if (fieldDef.type === 'optional')
        return { key, kind: 'optional', parse: this.parser(fieldDef.innerType) } as const;
      if (fieldDef.type === 'default')
        return { key, kind: 'default', parse: this.parser(fieldDef.innerType), def: fieldDef } as const;
      return { key, kind: 'required', parse: this.parser(shape[key]) } as const;
    });
    const declared = new Map(keys.map((key, i) => [key, i]));
    const { adopt, state } = this;
    return (input) => {
      if (typeof input !== 'object' || input === null || Array.isArray(input)) return FAIL;
      const record = input as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      let same = true;
      for (const field of fields) {
        if (field.key in record) {
          const r = field.parse(record[field.key]);
          if (r === FAIL) return FAIL;
          out[field.key] = r;
          if (r !== record[field.key]) same = false;
        } else if (field.kind === 'default') {
          out[field.key] = field.def.defaultValue;
          same = false;
        } else if (field.kind === 'required') return FAIL;
      }
      // The input stands as the result (adopting mode) when its keys are already in output order.
      let last = -1;
      let extra = false;
      for (const k in record) {
        const at = declared.get(k);
        if (at !== undefined) {
          if (extra || at < last) same = false;
          last = at;
          continue;
        }
        if (catchall !== 'unknown') {
          same = false;
          continue;
        }
        if (k === '__proto__') return FAIL;
        extra = true;
        const value = record[k];
        if (typeof value === 'object' && value !== null) state.opaque = true;
        out[k] = value;
      }
      return adopt && same ? input : out;
    };
  }
}

/** How the parser is built: generated code when `new Function` is allowed, else closures. */
export type FastParseMode = 'generated' | 'closures';

/** What one run of a parser noticed beyond its result. */
interface RunState {
  /** An unknown field (kept as is) or an `unknown` value holds an object or array the parser did not read. */
  opaque: boolean;
}

function compile(schema: unknown, mode: FastParseMode, adopt: boolean, state: RunState): Parser {
  if (mode === 'closures') return new ClosureBuilder(adopt, state).parser(schema);
  const generator = new Generator(adopt, state);
  const root = generator.function(schema);
  try {
    return generator.link(root);
  } catch {
    return new ClosureBuilder(adopt, state).parser(schema); // no eval here (CSP)
  }
}

export type FastParser<T> = (input: unknown) =>
  | {
      readonly kind: 'ok';
      readonly value: T;
      /**
       * The value holds objects or arrays the schema does not describe (unknown fields), which the
       * parser kept without reading: it cannot vouch for their nesting depth (jsonDepth.ts).
       */
      readonly unreadObjects: boolean;
    }
  | { readonly kind: 'unsure' };

export interface FastParserOptions {
  /**
   * Return the input's own objects and arrays wherever they already are the result (every field
   * valid, no default missing, keys in output order), copying only the rest. Only for input the
   * caller owns and nobody else holds, such as a fresh JSON.parse result (load.ts): the result
   * shares it. Without it (the default) the result never shares an object with the input.
   */
  readonly adoptInput?: boolean;
}

/**
 * Compiles `schema` into a fast parser, or returns undefined when the schema uses a construct
 * the fast path does not model (then use zod alone).
 */
export function compileFastParser<S extends z.ZodType>(
  schema: S,
  mode: FastParseMode = 'generated',
  options: FastParserOptions = {},
): FastParser<z.output<S>> | undefined {
  const state: RunState = { opaque: false };
  let run: Parser;
  try {
    run = compile(schema, mode, options.adoptInput === true, state);
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
  return (input) => {
    state.opaque = false;
    const value = run(input);
    return value === FAIL
      ? { kind: 'unsure' }
      : { kind: 'ok', value: value as z.output<S>, unreadObjects: state.opaque };
  };
}
