import { describe, expect, it } from 'vitest';
import { ClusterError, Refusal } from '../errors';
import { retryOnConflict } from './records';

const conflict = () => new ClusterError({ reason: 'Conflict', status: 409, userMessage: 'the object has been modified' });

describe('retryOnConflict: a record guarded by resourceVersion is tried again when BMO wrote the host meanwhile', () => {
  it('tries again after a 409 Conflict, re-reading each time, and returns the first success', async () => {
    let calls = 0;
    const value = await retryOnConflict(async () => {
      calls += 1;
      if (calls < 3) throw conflict();
      return 'recorded';
    });
    expect([value, calls]).toEqual(['recorded', 3]);
  });

  it('gives up after five conflicts, with the apiserver’s answer', async () => {
    let calls = 0;
    await expect(
      retryOnConflict(async () => {
        calls += 1;
        throw conflict();
      }),
    ).rejects.toMatchObject({ reason: 'Conflict' });
    expect(calls).toBe(5);
  });

  it('never retries anything else (a 403, a refusal)', async () => {
    let calls = 0;
    await expect(
      retryOnConflict(async () => {
        calls += 1;
        throw new Refusal(409, 'A removal is recorded.');
      }),
    ).rejects.toBeInstanceOf(Refusal);
    await expect(
      retryOnConflict(async () => {
        calls += 1;
        throw new ClusterError({ reason: 'Forbidden', status: 403, userMessage: 'no' });
      }),
    ).rejects.toMatchObject({ reason: 'Forbidden' });
    expect(calls).toBe(2);
  });
});
