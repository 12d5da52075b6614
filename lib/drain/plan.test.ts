import { describe, expect, it } from 'vitest';
import { type DrainOptions, type DrainPod, type PodAction, planDrain, planDrainOf, refusalText } from './plan';

function pod(name: string, overrides: Partial<DrainPod> = {}): DrainPod {
  return {
    namespace: 'apps',
    name,
    uid: name,
    phase: 'Running',
    controller: { kind: 'ReplicaSet', name: 'web-123' },
    mirror: false,
    usesEmptyDir: false,
    terminating: false,
    ...overrides,
  };
}

const NONE: DrainOptions = { force: false, deleteEmptyDirData: false };
const BOTH: DrainOptions = { force: true, deleteEmptyDirData: true };
const daemonSets = new Set(['apps/node-agent']);
const exists = (namespace: string, name: string) => daemonSets.has(`${namespace}/${name}`);

const cases: [string, DrainPod, DrainOptions, PodAction['kind'], string?][] = [
  ['a ReplicaSet pod is evicted', pod('web'), NONE, 'evict'],
  ['a DaemonSet pod is ignored', pod('agent', { controller: { kind: 'DaemonSet', name: 'node-agent' } }), NONE, 'ignore'],
  ['a DaemonSet pod is ignored even with every option', pod('agent', { controller: { kind: 'DaemonSet', name: 'node-agent' } }), BOTH, 'ignore'],
  ['a pod of a DaemonSet that is gone is refused without force', pod('orphan', { controller: { kind: 'DaemonSet', name: 'gone' } }), NONE, 'refuse', 'force'],
  ['a pod of a DaemonSet that is gone is deleted with force', pod('orphan', { controller: { kind: 'DaemonSet', name: 'gone' } }), { force: true, deleteEmptyDirData: false }, 'delete'],
  ['a mirror pod is skipped silently', pod('etcd', { mirror: true, controller: { kind: 'Node', name: 'n' } }), NONE, 'skip'],
  ['an emptyDir pod is refused without deleteEmptyDirData', pod('cache', { usesEmptyDir: true }), NONE, 'refuse', 'deleteEmptyDirData'],
  ['an emptyDir pod is evicted with deleteEmptyDirData', pod('cache', { usesEmptyDir: true }), { force: false, deleteEmptyDirData: true }, 'evict'],
  ['a bare pod is refused without force', pod('debug', { controller: undefined }), NONE, 'refuse', 'force'],
  ['a bare pod is evicted with force', pod('debug', { controller: undefined }), { force: true, deleteEmptyDirData: false }, 'evict'],
  ['a bare emptyDir pod needs both options', pod('scratch', { controller: undefined, usesEmptyDir: true }), NONE, 'refuse', 'force and deleteEmptyDirData'],
  ['a bare emptyDir pod with force only is still refused', pod('scratch', { controller: undefined, usesEmptyDir: true }), { force: true, deleteEmptyDirData: false }, 'refuse', 'deleteEmptyDirData'],
  ['a bare emptyDir pod with emptyDir only is still refused', pod('scratch', { controller: undefined, usesEmptyDir: true }), { force: false, deleteEmptyDirData: true }, 'refuse', 'force'],
  ['a bare emptyDir pod with both is evicted', pod('scratch', { controller: undefined, usesEmptyDir: true }), BOTH, 'evict'],
  ['a Succeeded bare pod is always removable', pod('job', { controller: undefined, phase: 'Succeeded' }), NONE, 'evict'],
  ['a Failed emptyDir pod is always removable', pod('job', { phase: 'Failed', usesEmptyDir: true }), NONE, 'evict'],
  ['a terminating pod is only waited for', pod('leaving', { terminating: true, controller: undefined }), NONE, 'wait'],
];

describe('planDrain: one pod', () => {
  it.each(cases)('%s', (_, subject, options, kind, allowedBy) => {
    const [planned] = planDrain([subject], options, exists).pods;
    expect(planned?.action.kind).toBe(kind);
    if (allowedBy) expect(planned?.action).toMatchObject({ allowedBy });
  });

  it('warns about what an allowed eviction loses', () => {
    const [planned] = planDrain([pod('scratch', { controller: undefined, usesEmptyDir: true })], BOTH, exists).pods;
    expect(planned?.action).toEqual({ kind: 'evict', warning: 'its emptyDir data will be lost; no controller will recreate it' });
  });
});

describe('planDrain: a node', () => {
  const node = [
    pod('web-1'),
    pod('agent', { controller: { kind: 'DaemonSet', name: 'node-agent' } }),
    pod('cache', { usesEmptyDir: true }),
    pod('debug-shell', { controller: undefined }),
    pod('static', { mirror: true }),
  ];

  it('refuses before anything is evicted, naming every refused pod and the option that allows it', () => {
    const plan = planDrain(node, NONE, exists);
    expect(plan.refused.map((p) => [p.pod.name, p.action.kind === 'refuse' ? p.action.allowedBy : ''])).toEqual([
      ['cache', 'deleteEmptyDirData'],
      ['debug-shell', 'force'],
    ]);
    expect(plan.ignoredDaemonSetPods).toEqual(['apps/agent']);
  });

  it('plans evictions of everything but DaemonSet and mirror pods with force and deleteEmptyDirData', () => {
    const plan = planDrain(node, BOTH, exists);
    expect(plan.refused).toEqual([]);
    expect(plan.pods.filter((p) => p.action.kind === 'evict').map((p) => p.pod.name)).toEqual(['web-1', 'cache', 'debug-shell']);
  });
});

describe('planDrainOf and refusalText', () => {
  it('plans from the pods and the DaemonSets that exist, and names each refusal with its option', () => {
    const plan = planDrainOf(
      { pods: [pod('web'), pod('cache', { usesEmptyDir: true }), pod('agent', { controller: { kind: 'DaemonSet', name: 'node-agent' } })], daemonSets: ['apps/node-agent'] },
      NONE,
    );
    expect(plan.pods.map((p) => p.action.kind)).toEqual(['evict', 'refuse', 'ignore']);
    expect(refusalText(plan.refused)).toBe('apps/cache (has emptyDir data, which would be lost; allowed by deleteEmptyDirData)');
  });
});
