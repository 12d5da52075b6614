import { describe, expect, it } from 'vitest';
import { type DrainOptions, type DrainPod, type PodAction, daemonSetsToLookUp, planDrain, planDrainOf, refusalText } from './plan';

function pod(name: string, overrides: Partial<DrainPod> = {}): DrainPod {
  return {
    namespace: 'apps',
    name,
    uid: name,
    phase: 'Running',
    controller: { kind: 'ReplicaSet', name: 'web-123', apiVersion: 'apps/v1' },
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

const FORCE: DrainOptions = { force: true, deleteEmptyDirData: false };
const EMPTYDIR: DrainOptions = { force: false, deleteEmptyDirData: true };
const ds = (name: string, apiVersion = 'apps/v1') => ({ controller: { kind: 'DaemonSet', name, apiVersion } });

const cases: [string, DrainPod, DrainOptions, PodAction['kind'], string?][] = [
  ['a ReplicaSet pod is evicted', pod('web'), NONE, 'evict'],
  ['a DaemonSet pod is ignored', pod('agent', { controller: { kind: 'DaemonSet', name: 'node-agent' } }), NONE, 'ignore'],
  ['a DaemonSet pod is ignored even with every option', pod('agent', { controller: { kind: 'DaemonSet', name: 'node-agent' } }), BOTH, 'ignore'],
  ['a pod of a DaemonSet that is gone is refused without force', pod('orphan', { controller: { kind: 'DaemonSet', name: 'gone' } }), NONE, 'refuse', 'force'],
  ['a pod of a DaemonSet that is gone is evicted with force, as kubectl evicts it', pod('orphan', { controller: { kind: 'DaemonSet', name: 'gone' } }), FORCE, 'evict'],
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
  ['a terminating pod is only waited for', pod('leaving', { terminating: true }), NONE, 'wait'],
  // Issue 10's drain half: kubectl looks at the phase before it looks the DaemonSet up.
  ['a Failed pod of a DaemonSet that is gone is removable without force', pod('crashed', { phase: 'Failed', ...ds('gone') }), NONE, 'evict'],
  ['a Failed pod of a DaemonSet that exists is removed, not left on the node', pod('crashed', { phase: 'Failed', ...ds('node-agent') }), NONE, 'evict'],
  ['a Succeeded pod of a DaemonSet that exists is removed', pod('done', { phase: 'Succeeded', ...ds('node-agent') }), NONE, 'evict'],
  // No --skip-wait-for-delete-timeout: terminating pods go through every filter, as in kubectl.
  ['a terminating bare pod is refused without force', pod('leaving', { terminating: true, controller: undefined }), NONE, 'refuse', 'force'],
  ['a terminating bare pod is waited for with force', pod('leaving', { terminating: true, controller: undefined }), FORCE, 'wait'],
  ['a terminating emptyDir pod is refused without deleteEmptyDirData', pod('leaving', { terminating: true, usesEmptyDir: true }), NONE, 'refuse', 'deleteEmptyDirData'],
  ['a terminating pod of a DaemonSet that exists is ignored', pod('leaving', { terminating: true, ...ds('node-agent') }), NONE, 'ignore'],
  ['a terminating pod of a DaemonSet that is gone is refused without force', pod('leaving', { terminating: true, ...ds('gone') }), NONE, 'refuse', 'force'],
  // Mirror pods are skipped before any phase is looked at.
  ['a Failed mirror pod is skipped', pod('static', { mirror: true, phase: 'Failed', controller: undefined }), NONE, 'skip'],
  ['a mirror pod of a DaemonSet that exists is ignored (the DaemonSet filter comes first)', pod('static', { mirror: true, ...ds('node-agent') }), NONE, 'ignore'],
  ['a mirror pod of a DaemonSet that is gone is refused without force', pod('static', { mirror: true, ...ds('gone') }), NONE, 'refuse', 'force'],
  ['a mirror pod of a DaemonSet that is gone is skipped with force', pod('static', { mirror: true, ...ds('gone') }), FORCE, 'skip'],
  // Only an apps/v1 DaemonSet is one to kubectl.
  ['a pod of an OpenKruise DaemonSet is an ordinary controlled pod', pod('kruise', ds('node-agent', 'apps.kruise.io/v1alpha1')), NONE, 'evict'],
  ['a pod of a DaemonSet that is gone and an emptyDir needs both options', pod('orphan', { usesEmptyDir: true, ...ds('gone') }), NONE, 'refuse', 'force and deleteEmptyDirData'],
  ['… and with force only, still deleteEmptyDirData', pod('orphan', { usesEmptyDir: true, ...ds('gone') }), FORCE, 'refuse', 'deleteEmptyDirData'],
  ['… and with deleteEmptyDirData only, still force', pod('orphan', { usesEmptyDir: true, ...ds('gone') }), EMPTYDIR, 'refuse', 'force'],
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

  it('warns that a DaemonSet is gone when force removes its pod', () => {
    const [planned] = planDrain([pod('orphan', ds('gone'))], FORCE, exists).pods;
    expect(planned?.action).toEqual({ kind: 'evict', warning: 'its DaemonSet gone is gone' });
  });

  it('names every reason a pod is refused, not only kubectl’s first', () => {
    const [planned] = planDrain([pod('scratch', { controller: undefined, usesEmptyDir: true })], NONE, exists).pods;
    expect(planned?.action).toEqual({
      kind: 'refuse',
      reason: 'has emptyDir data, which would be lost; has no controller: it will not come back',
      allowedBy: 'force and deleteEmptyDirData',
    });
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

describe('daemonSetsToLookUp', () => {
  it('names the apps/v1 DaemonSets of unfinished pods only, once each', () => {
    expect(
      daemonSetsToLookUp([
        pod('a', ds('node-agent')),
        pod('b', ds('node-agent')),
        pod('c', { phase: 'Failed', ...ds('crashed') }),
        pod('d', ds('kruise', 'apps.kruise.io/v1alpha1')),
        pod('e'),
      ]),
    ).toEqual(['apps/node-agent']);
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
