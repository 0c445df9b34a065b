/**
 * JSON nesting guard. JSON.parse itself copes with deep nesting, but every later recursive walk
 * of the value (JSON.stringify for a journal or a fingerprint, structuredClone, schema checks)
 * overflows the stack on a few thousand levels, which surfaced as a stack trace and exit 3
 * (issue 10, defect 5). Checked on the text, before parsing, without recursion. Lives beside the
 * loader (load.ts runs it) so the CLI, the app and the sandbox's state files share one guard.
 */

/** A topology document nests about eight levels; 64 leaves room for any tool's extra fields. */
const MAX_JSON_NESTING = 64;

/**
 * Null when `text` nests objects/arrays at most `max` levels, else a message naming where it
 * goes deeper (line and column of the bracket that crosses the limit).
 */
export function jsonNestingProblem(text: string, max = MAX_JSON_NESTING): string | null {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      depth++;
      if (depth > max) {
        const before = text.slice(0, i);
        const line = before.split('\n').length;
        const column = i - before.lastIndexOf('\n');
        return `JSON nested more than ${max} levels deep (line ${line}, column ${column}); a topology document needs far fewer`;
      }
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) depth--;
  }
  return null;
}
