/**
 * JSON text for responses. The real API writes account and order IDs as JSON numbers (Long), and
 * pop-core parses them with json-bigint into BigNumber objects (aliyun-api.md §1.8). A 16-digit ID
 * can exceed 2^53, so JSON.stringify cannot write it exactly: a {@link Long} is written as its
 * digits, literally.
 */
export class Long {
  constructor(readonly digits: string) {}
}

/** A Long when the ID is all digits (a real UID), else the text (sketch documents allow any ID). */
export function long(id: string): Long | string {
  return /^[0-9]{1,20}$/.test(id) ? new Long(id.replace(/^0+(?=\d)/, '')) : id;
}

export function toJsonText(value: unknown): string {
  if (value instanceof Long) return value.digits;
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'object': {
      if (Array.isArray(value))
        return `[${value.map((item) => (item === undefined ? 'null' : toJsonText(item))).join(',')}]`;
      const parts: string[] = [];
      for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
        if (item === undefined) continue;
        parts.push(`${JSON.stringify(key)}:${toJsonText(item)}`);
      }
      return `{${parts.join(',')}}`;
    }
    default:
      return 'null';
  }
}
