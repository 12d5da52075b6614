import { describe, expect, it } from 'vitest';
import { predictBudgets } from './budgets';
import { planDrainOf } from './plan';

const pod = (name: string, labels: Record<string, string>, namespace = 'demo-apps') => ({
  namespace,
  name,
  uid: name,
  phase: 'Running',
  controller: { kind: 'ReplicaSet', name: 'web-1', apiVersion: 'apps/v1' },
  mirror: false,
  usesEmptyDir: false,
  terminating: false,
  labels,
});
const budget = (name: string, selector: Record<string, string> | null, status: { disruptionsAllowed: number; currentHealthy: number; desiredHealthy: number }) => ({
  metadata: { name, namespace: 'demo-apps' },
  spec: { selector: selector ? { matchLabels: selector } : null },
  status,
});

describe('predictBudgets', () => {
  const plan = planDrainOf({ pods: [pod('web-a', { app: 'web' }), pod('web-b', { app: 'web' }), pod('cache-a', { app: 'cache' })], daemonSets: [] }, { force: false, deleteEmptyDirData: false });

  it('names a budget that allows no disruption now, and why, before anything is evicted', () => {
    expect(predictBudgets(plan, [budget('web-pdb', { app: 'web' }, { disruptionsAllowed: 0, currentHealthy: 2, desiredHealthy: 2 })])).toEqual([
      {
        namespace: 'demo-apps',
        name: 'web-pdb',
        pods: ['demo-apps/web-a', 'demo-apps/web-b'],
        disruptionsAllowed: 0,
        currentHealthy: 2,
        desiredHealthy: 2,
        blocks: true,
        text: 'web-pdb allows 0 disruptions now (2 healthy, 2 desired): 2 of its 2 pods here will wait until more of its pods are healthy elsewhere (scale the workload up, or make room on another node).',
      },
    ]);
  });

  it('says a budget with room enough will not block', () => {
    const [prediction] = predictBudgets(plan, [budget('cache-pdb', { app: 'cache' }, { disruptionsAllowed: 1, currentHealthy: 3, desiredHealthy: 2 })]);
    expect(prediction).toMatchObject({ blocks: false, text: 'cache-pdb allows 1 disruption now (3 healthy, 2 desired): enough for its 1 pod here.' });
  });

  it('ignores budgets that cover none of the pods, and a null selector (which selects nothing)', () => {
    expect(predictBudgets(plan, [budget('db-pdb', { app: 'db' }, { disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 1 }), budget('none', null, { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0 })])).toEqual([]);
  });
});
