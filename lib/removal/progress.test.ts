import { describe, expect, it } from 'vitest';
import { podStateText, removalOptionsSchema } from './progress';

describe('removal progress as the user reads it', () => {
  it('names the PodDisruptionBudget that blocks a pod', () => {
    expect(podStateText({ namespace: 'a', name: 'web-1', state: 'blocked', pdb: 'web-pdb' })).toBe('blocked by PodDisruptionBudget web-pdb');
    expect(podStateText({ namespace: 'a', name: 'web-1', state: 'failed', message: 'the drain timed out' })).toBe('failed: the drain timed out');
    expect(podStateText({ namespace: 'a', name: 'web-1', state: 'gone' })).toBe('gone');
  });
});

describe('removal options', () => {
  it.each([
    [{ gracePeriodSeconds: -1 }, 'gracePeriodSeconds', 'The grace period cannot be negative.'],
    [{ gracePeriodSeconds: 1.5 }, 'gracePeriodSeconds', 'The grace period is a whole number of seconds.'],
    [{ gracePeriodSeconds: 'soon' }, 'gracePeriodSeconds', 'The grace period is a number of seconds.'],
    [{ timeoutSeconds: 0 }, 'timeoutSeconds', 'The timeout is at least one second.'],
  ])('refuses %j at its field', (input, field, message) => {
    const result = removalOptionsSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([[field, message]]);
  });

  it('defaults to kubectl drain without options', () => {
    expect(removalOptionsSchema.parse({})).toEqual({ force: false, deleteEmptyDirData: false, deleteInventoryRecord: false });
  });
});
