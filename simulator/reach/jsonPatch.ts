/**
 * RFC 6902 JSON Patch: the `fix` of a blocker, and how the app's Fix button applies it.
 *
 * Hand-written rather than a library (fast-json-patch, rfc6902) because the app needs
 * structural sharing: applying a patch copies only the objects on the changed paths, so the
 * reachability of the next document reuses every untouched array (Reachability.update relies on
 * identity). The operations are the six of RFC 6902 §4; pointers follow RFC 6901.
 */

export type JsonPatchOperation =
  | { readonly op: 'add'; readonly path: string; readonly value: unknown }
  | { readonly op: 'remove'; readonly path: string }
  | { readonly op: 'replace'; readonly path: string; readonly value: unknown }
  | { readonly op: 'test'; readonly path: string; readonly value: unknown }
  | { readonly op: 'move'; readonly from: string; readonly path: string }
  | { readonly op: 'copy'; readonly from: string; readonly path: string };

export type JsonPatch = readonly JsonPatchOperation[];

/** A patch that does not apply (a path that is not there, a failed test): RFC 6902 §5. */
export class JsonPatchError extends Error {
  constructor(
    readonly operation: JsonPatchOperation,
    message: string,
  ) {
    super(`${operation.op} ${operation.path}: ${message}`);
    this.name = 'JsonPatchError';
  }
}

/** `/a/b~1c/0` → ['a', 'b/c', '0'] (RFC 6901 §4: ~1 before ~0). */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new Error(`not a JSON Pointer: ${JSON.stringify(pointer)}`);
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

type Json = unknown;

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function arrayIndex(token: string, length: number, allowEnd: boolean, op: JsonPatchOperation): number {
  if (allowEnd && token === '-') return length;
  if (!/^(0|[1-9]\d*)$/.test(token)) throw new JsonPatchError(op, `"${token}" is not an array index`);
  const index = Number(token);
  if (index > length || (!allowEnd && index === length)) throw new JsonPatchError(op, `index ${index} is out of range`);
  return index;
}

function get(doc: Json, tokens: readonly string[], op: JsonPatchOperation): Json {
  let node = doc;
  for (const token of tokens) {
    if (Array.isArray(node)) node = node[arrayIndex(token, node.length, false, op)];
    else if (isObject(node) && Object.prototype.hasOwnProperty.call(node, token)) node = node[token];
    else throw new JsonPatchError(op, `no value at "${token}"`);
  }
  return node;
}

/** Copies the containers along `tokens` and lets `change` edit the (copied) parent of the last one. */
function edit(
  doc: Json,
  tokens: readonly string[],
  op: JsonPatchOperation,
  change: (parent: Json[] | Record<string, Json>, last: string) => void,
): Json {
  if (tokens.length === 0) throw new JsonPatchError(op, 'cannot edit the document root in place');
  const copy = (node: Json, depth: number): Json => {
    const token = tokens[depth]!;
    if (Array.isArray(node)) {
      const next = node.slice();
      if (depth === tokens.length - 1) change(next, token);
      else {
        const i = arrayIndex(token, node.length, false, op);
        next[i] = copy(node[i], depth + 1);
      }
      return next;
    }
    if (isObject(node)) {
      const next = { ...node };
      if (depth === tokens.length - 1) change(next, token);
      else {
        if (!Object.prototype.hasOwnProperty.call(node, token)) throw new JsonPatchError(op, `no value at "${token}"`);
        next[token] = copy(node[token], depth + 1);
      }
      return next;
    }
    throw new JsonPatchError(op, `cannot descend into a ${node === null ? 'null' : typeof node} at "${token}"`);
  };
  return copy(doc, 0);
}

function add(doc: Json, tokens: readonly string[], value: Json, op: JsonPatchOperation): Json {
  if (tokens.length === 0) return value;
  return edit(doc, tokens, op, (parent, last) => {
    if (Array.isArray(parent)) parent.splice(arrayIndex(last, parent.length, true, op), 0, value);
    else parent[last] = value;
  });
}

function remove(doc: Json, tokens: readonly string[], op: JsonPatchOperation): Json {
  return edit(doc, tokens, op, (parent, last) => {
    if (Array.isArray(parent)) parent.splice(arrayIndex(last, parent.length, false, op), 1);
    else if (Object.prototype.hasOwnProperty.call(parent, last)) delete parent[last];
    else throw new JsonPatchError(op, `no value at "${last}"`);
  });
}

function deepEqual(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}

/**
 * Applies a patch without changing `doc`: the result shares every object the patch does not
 * touch. Throws JsonPatchError when an operation does not apply (the whole patch is refused).
 */
export function applyJsonPatch<T>(doc: T, patch: JsonPatch): T {
  let current: Json = doc;
  for (const op of patch) {
    const tokens = parsePointer(op.path);
    switch (op.op) {
      case 'add':
        current = add(current, tokens, op.value, op);
        break;
      case 'remove':
        current = remove(current, tokens, op);
        break;
      case 'replace':
        get(current, tokens, op);
        current =
          tokens.length === 0
            ? op.value
            : edit(current, tokens, op, (parent, last) => {
                if (Array.isArray(parent)) parent[arrayIndex(last, parent.length, false, op)] = op.value;
                else parent[last] = op.value;
              });
        break;
      case 'test':
        if (!deepEqual(get(current, tokens, op), op.value)) throw new JsonPatchError(op, 'test failed');
        break;
      case 'move': {
        const from = parsePointer(op.from);
        const value = get(current, from, op);
        current = add(remove(current, from, op), tokens, value, op);
        break;
      }
      case 'copy':
        current = add(current, tokens, get(current, parsePointer(op.from), op), op);
        break;
    }
  }
  return current as T;
}
