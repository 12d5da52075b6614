import { describe, expect, it } from 'vitest';
import type { PodDisruptionBudget } from './budgets';
import { EvictionPacer, allowedNow, coveringBudget } from './pacing';

const budget = (status: { disruptionsAllowed: number; disruptedPods?: Record<string, string>; observedGeneration?: number }, generation = 1): PodDisruptionBudget => ({
  metadata: { name: 'web-pdb', namespace: 'apps', generation },
  spec: { selector: { matchLabels: { app: 'web' } } },
  status: { observedGeneration: 1, ...status },
});
const KEY = 'apps/web-pdb';

describe('allowedNow: what the Eviction API lets through', () => {
  it('is the status’s disruptionsAllowed while the status is current', () => {
    expect(allowedNow(budget({ disruptionsAllowed: 2 }))).toBe(2);
  });

  it('is zero while the disruption controller has not caught up with a changed budget (the API refuses then)', () => {
    expect(allowedNow(budget({ disruptionsAllowed: 2, observedGeneration: 1 }, 2))).toBe(0);
  });
});

describe('coveringBudget', () => {
  it('finds the budget of the pod’s namespace whose selector takes its labels', () => {
    const web = budget({ disruptionsAllowed: 1 });
    expect(coveringBudget({ namespace: 'apps', labels: { app: 'web' } }, [web])).toBe(web);
    expect(coveringBudget({ namespace: 'other', labels: { app: 'web' } }, [web])).toBeUndefined();
    expect(coveringBudget({ namespace: 'apps', labels: { app: 'cache' } }, [web])).toBeUndefined();
  });
});

describe('EvictionPacer: never more evictions in flight than the budget allows', () => {
  it('lets as many go as the budget allows, then holds the rest', () => {
    const pacer = new EvictionPacer();
    pacer.observe(budget({ disruptionsAllowed: 2 }));
    expect(pacer.mayEvict(KEY)).toBe(true);
    pacer.requesting(KEY, 'web-1');
    expect(pacer.mayEvict(KEY)).toBe(true);
    pacer.requesting(KEY, 'web-2');
    expect(pacer.mayEvict(KEY)).toBe(false);
  });

  it('keeps counting an admitted eviction until the budget’s status shows the pod among its disrupted pods', () => {
    const pacer = new EvictionPacer();
    pacer.observe(budget({ disruptionsAllowed: 1 }));
    pacer.requesting(KEY, 'web-1');
    pacer.admitted(KEY, 'web-1');
    // An unrelated status write (still the old disruptionsAllowed) does not free the slot.
    pacer.observe(budget({ disruptionsAllowed: 1 }));
    expect(pacer.mayEvict(KEY)).toBe(false);
    pacer.observe(budget({ disruptionsAllowed: 0, disruptedPods: { 'web-1': '2026-01-01T00:00:00Z' } }));
    expect(pacer.inFlight(KEY)).toBe(0);
    expect(pacer.mayEvict(KEY)).toBe(false);
    // The replacement is healthy elsewhere: the controller allows one more.
    pacer.observe(budget({ disruptionsAllowed: 1 }));
    expect(pacer.mayEvict(KEY)).toBe(true);
  });

  it('frees the slot of a refused eviction at once', () => {
    const pacer = new EvictionPacer();
    pacer.observe(budget({ disruptionsAllowed: 1 }));
    pacer.requesting(KEY, 'web-1');
    pacer.refused(KEY, 'web-1');
    expect(pacer.mayEvict(KEY)).toBe(true);
  });

  it('takes a relisted budget as showing every eviction admitted before the list', () => {
    const pacer = new EvictionPacer();
    pacer.observe(budget({ disruptionsAllowed: 1 }));
    pacer.requesting(KEY, 'web-1');
    pacer.admitted(KEY, 'web-1');
    pacer.requesting(KEY, 'web-2');
    pacer.observe(budget({ disruptionsAllowed: 2 }), { relisted: true });
    expect(pacer.inFlight(KEY)).toBe(1);
  });

  it('says whether a budget changed since a mark, so a refused pod asks again only after news', () => {
    const pacer = new EvictionPacer();
    pacer.observe(budget({ disruptionsAllowed: 0 }));
    const mark = pacer.mark();
    expect(pacer.changedSince(KEY, mark)).toBe(false);
    pacer.observe(budget({ disruptionsAllowed: 1 }));
    expect(pacer.changedSince(KEY, mark)).toBe(true);
  });

  it('lets anything go under a budget it has not seen, or one that was deleted', () => {
    const pacer = new EvictionPacer();
    expect(pacer.mayEvict(KEY)).toBe(true);
    pacer.observe(budget({ disruptionsAllowed: 0 }));
    expect(pacer.mayEvict(KEY)).toBe(false);
    pacer.forget(KEY);
    expect(pacer.mayEvict(KEY)).toBe(true);
  });
});
