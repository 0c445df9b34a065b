/**
 * Long values: pop-core parses bodies with json-bigint, so integers over 15 digits (16-digit
 * account IDs in `OwnerId`, `OrderId` …) arrive as BigNumber objects (aliyun-api.md §1.8).
 * vpclink carries every such ID as a decimal string.
 */

function isBigNumber(value: unknown): value is { toFixed(): string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    ((value as { _isBigNumber?: unknown })._isBigNumber === true ||
      (value as { isBigNumber?: unknown }).isBigNumber === true) &&
    typeof (value as { toFixed?: unknown }).toFixed === 'function'
  );
}

/**
 * A Long-ish value as decimal text: BigNumber → its digits (never exponent notation), number →
 * integer text, string → as is, bigint → digits. `undefined`/`null` → `''`. Anything else throws
 * (a response shape we do not understand is a bug to report, not to paper over).
 */
export function normaliseLong(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`normaliseLong: ${value} is not a finite number`);
    return Number.isInteger(value) ? value.toFixed(0) : String(value);
  }
  if (isBigNumber(value)) return value.toFixed();
  throw new TypeError(`normaliseLong: cannot read ${Object.prototype.toString.call(value)} as a Long`);
}

/** A deep copy of a parsed JSON body with every BigNumber replaced by its decimal string. */
export function normaliseLongs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normaliseLongs);
  if (isBigNumber(value)) return value.toFixed();
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = normaliseLongs(item);
    return out;
  }
  return value;
}

/**
 * JSON.parse that keeps long numbers exact, the way pop-core's json-bigint does: a number literal
 * longer than 15 characters (16-digit account and order IDs, beyond 2^53, aliyun-api.md §1.8)
 * becomes its decimal string; shorter ones stay numbers. The V3 path (openapi-core parses with
 * plain JSON.parse, which would round them) reads bodies as text and parses them here. A body that
 * is not JSON throws `{ name: 'SyntaxError', message, text }`, the shape classifyError reads.
 */
export function parseJsonKeepingLongs(text: string): unknown {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      // Copy the string literal as is, escapes included.
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      const match = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
      const literal = match ? match[0] : c;
      out += literal.length > 15 && !/[eE]/.test(literal) ? `"${literal}"` : literal;
      i += literal.length;
    } else {
      out += c;
      i++;
    }
  }
  try {
    return JSON.parse(out);
  } catch (error) {
    throw { name: 'SyntaxError', message: (error as Error).message, text };
  }
}
