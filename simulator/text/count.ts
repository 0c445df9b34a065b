/**
 * Counts in the words a user reads — `0 rules`, `1 rule`, `2 rules`, never `rule(s)` or `1 rules`
 * (issue 14: engine strings reach the app and the CLI as they are). One helper for the simulator,
 * the engines, the CLI, the host and the renderer; `many` for nouns whose plural is not `+s`.
 */
export function countOf(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** The verb agreeing with a count: `is`/`are` by default (`1 route is`, `2 routes are`). */
export function agreeing(count: number, one = 'is', many = 'are'): string {
  return count === 1 ? one : many;
}
