import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { debounce, throttle } from './debounce';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** Calls `schedule` every 50 ms for `ms`, then lets everything due run; returns how many runs happened meanwhile and after. */
async function steady(limiter: (fn: () => Promise<void>, ms: number) => { schedule: () => void }, ms: number) {
  let runs = 0;
  const { schedule } = limiter(async () => void runs++, 200);
  for (let t = 0; t < ms; t += 50) {
    schedule();
    await vi.advanceTimersByTimeAsync(50);
  }
  const during = runs;
  await vi.advanceTimersByTimeAsync(1_000);
  return { during, after: runs - during };
}

describe('a steady stream of changes', () => {
  it('holds a debounced view back until it pauses', async () => {
    expect(await steady(debounce, 2_000)).toEqual({ during: 0, after: 1 });
  });

  it('lets a throttled view through every interval, and once more at the end', async () => {
    const { during, after } = await steady(throttle, 2_000);
    expect(during).toBeGreaterThanOrEqual(9);
    expect(during).toBeLessThanOrEqual(11);
    expect(after).toBeLessThanOrEqual(1);
  });
});
