/**
 * A count and its noun, singular for exactly one: `plural(1, 'pod')` is "1 pod", `plural(3, 'pod')`
 * "3 pods". `many` is the plural when adding an s is wrong (`plural(2, 'is', 'are')` is "2 are").
 */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** The word alone, by count: `agree(1, 'stops', 'stop')` is "stops", any other count "stop" (for a verb that follows `plural`). */
export function agree(count: number, one: string, many: string): string {
  return count === 1 ? one : many;
}
