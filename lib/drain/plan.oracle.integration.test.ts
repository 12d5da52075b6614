/**
 * Differential test: planDrain against kubectl's own drain filters (k8s.io/kubectl/pkg/drain at
 * v0.35.4, run by the test bed's `oracles` binary, e2e/cluster/go/oracles). Generated nodes of
 * pods (owners of every kind and apiVersion, controller or not, phases, mirror annotations,
 * emptyDir and other volumes, deletionTimestamps, DaemonSets that exist or are gone), each under
 * every combination of --force and --delete-emptydir-data, must get the same verdict per pod.
 *
 * `npm test` runs a fixed seed; `npm run fuzz:oracles` runs longer with a random, printed seed
 * (ORACLE_FUZZ_RUNS, ORACLE_FUZZ_SEED to replay).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ORACLE_FUZZ_RUNS as FUZZ_RUNS, ORACLE_RUNS as RUNS, ORACLE_SEED as SEED, runOracle as oracle } from '@/e2e/cluster/oracles';
import { type DrainOptions, type PlannedPod, planDrainOf } from './plan';
import { drainPodOf } from './pod';


/** One pod's PodDeleteStatus as kubectl computed it (oracles drain.go podVerdict). */
interface KubectlVerdict {
  namespace: string;
  name: string;
  delete: boolean;
  reason: 'Okay' | 'Skip' | 'Warning' | 'Error';
  message?: string;
}

interface KubectlResult {
  pods: KubectlVerdict[];
  deleted: string[];
  warnings: string;
  errors: string[];
}

// filters.go's messages.
const DAEMONSET_WARNING = 'ignoring DaemonSet-managed Pods';
const LOCAL_STORAGE_FATAL = 'Pods with local storage (use --delete-emptydir-data to override)';
const UNMANAGED_FATAL = 'cannot delete Pods that declare no controller (use --force to override)';
const UNMANAGED_WARNING = 'deleting Pods that declare no controller';
const NOT_FOUND = /^daemonsets\.apps "(.+)" not found$/;

const OPTION_COMBINATIONS: DrainOptions[] = [
  { force: false, deleteEmptyDirData: false },
  { force: true, deleteEmptyDirData: false },
  { force: false, deleteEmptyDirData: true },
  { force: true, deleteEmptyDirData: true },
];

const NAMESPACES = ['apps', 'infra'] as const;
const OWNER_NAMES = ['agent', 'logs', 'gone', 'web'] as const;
/** DaemonSets that may exist; "gone" never does. */
const DAEMONSETS = ['apps/agent', 'apps/logs', 'infra/agent', 'infra/logs', 'apps/web'];

const ownerReference = fc.record(
  {
    apiVersion: fc.constantFrom('apps/v1', 'apps/v1', 'extensions/v1beta1', 'apps.kruise.io/v1alpha1', 'batch/v1', 'v1'),
    kind: fc.constantFrom('DaemonSet', 'DaemonSet', 'ReplicaSet', 'StatefulSet', 'Job', 'Node', 'ConfigMap'),
    name: fc.constantFrom(...OWNER_NAMES),
    uid: fc.constantFrom('u1', 'u2'),
    controller: fc.constantFrom(true, true, false, undefined),
  },
  { requiredKeys: ['apiVersion', 'kind', 'name', 'uid'] },
);

const volume = fc.constantFrom<Record<string, unknown>>(
  { emptyDir: {} },
  { emptyDir: { medium: 'Memory', sizeLimit: '1Gi' } },
  { emptyDir: null },
  { hostPath: { path: '/var/log' } },
  { configMap: { name: 'settings' } },
  { persistentVolumeClaim: { claimName: 'data' } },
);

/** A Pod as the apiserver returns it, minus what the filters never read. */
const podShape = fc.record(
  {
    namespace: fc.constantFrom(...NAMESPACES),
    ownerReferences: fc.array(ownerReference, { maxLength: 2 }),
    phase: fc.constantFrom('Running', 'Running', 'Pending', 'Succeeded', 'Failed', 'Unknown'),
    mirror: fc.constantFrom(undefined, undefined, '', 'e3b0c44298fc1c14'),
    volumes: fc.array(volume, { maxLength: 2 }),
    deletionTimestamp: fc.constantFrom(undefined, undefined, '2026-11-30T09:00:00Z'),
  },
  { requiredKeys: ['namespace', 'ownerReferences', 'volumes'] },
);

const node = fc.record({
  pods: fc.array(podShape, { minLength: 1, maxLength: 8 }).map((shapes) =>
    shapes.map((shape, i) => ({
      metadata: {
        namespace: shape.namespace,
        name: `pod-${i}`,
        uid: `uid-${i}`,
        ...(shape.ownerReferences.length > 0 ? { ownerReferences: shape.ownerReferences } : {}),
        ...(shape.mirror !== undefined ? { annotations: { 'kubernetes.io/config.mirror': shape.mirror, 'example.com/other': 'x' } } : {}),
        ...(shape.deletionTimestamp ? { deletionTimestamp: shape.deletionTimestamp, deletionGracePeriodSeconds: 30 } : {}),
      },
      spec: { containers: [{ name: 'c', image: 'registry.example/c:1' }], volumes: shape.volumes.map((v, j) => ({ name: `v${j}`, ...v })) },
      ...(shape.phase ? { status: { phase: shape.phase } } : {}),
    })),
  ),
  daemonSets: fc.subarray(DAEMONSETS),
});

/** Why the console's action for one pod disagrees with kubectl's verdict; undefined when they agree. */
function disagreement(kubectl: KubectlVerdict, planned: PlannedPod): string | undefined {
  const { action, pod } = planned;
  const says = `kubectl ${kubectl.delete ? 'removes' : 'keeps'} it (${kubectl.reason}${kubectl.message ? `: ${kubectl.message}` : ''}); the console plans ${JSON.stringify(action)}`;
  if (kubectl.delete) {
    const expected = pod.terminating ? 'wait' : 'evict';
    if (action.kind !== expected) return says;
    if (kubectl.reason === 'Warning' && kubectl.message === UNMANAGED_WARNING && !action.warning?.includes('no controller will recreate it')) return `${says}: the warning is missing`;
    return undefined;
  }
  switch (kubectl.reason) {
    case 'Skip':
      return action.kind === 'skip' ? undefined : says;
    case 'Warning':
      return kubectl.message === DAEMONSET_WARNING && action.kind === 'ignore' ? undefined : says;
    case 'Error': {
      if (action.kind !== 'refuse') return says;
      // kubectl names the first filter that stops the pod; the console names it first too.
      const first = action.reason.split('; ')[0];
      const gone = NOT_FOUND.exec(kubectl.message ?? '');
      if (gone) return first === `its DaemonSet ${gone[1]} is gone` && action.allowedBy.includes('force') ? undefined : says;
      if (kubectl.message === LOCAL_STORAGE_FATAL) return first === 'has emptyDir data, which would be lost' && action.allowedBy.includes('deleteEmptyDirData') ? undefined : says;
      if (kubectl.message === UNMANAGED_FATAL) return first === 'has no controller: it will not come back' && action.allowedBy.includes('force') ? undefined : says;
      return `${says}: an error the console does not know`;
    }
    default:
      return says;
  }
}

describe('planDrain agrees with kubectl drain (k8s.io/kubectl v0.35.4)', () => {
  it(
    `per pod, for generated nodes under every option combination (seed ${SEED}, ${RUNS} nodes)`,
    () => {
      if (FUZZ_RUNS) console.log(`[fuzz:oracles] drain: seed ${SEED}, ${RUNS} runs (replay: ORACLE_FUZZ_SEED=${SEED})`);
      fc.assert(
        fc.property(node, ({ pods, daemonSets }) => {
          const results = oracle<{ results: KubectlResult[] }>('drain', {
            cases: OPTION_COMBINATIONS.map((options) => ({ pods, daemonSets, options: { ...options, ignoreDaemonSets: true } })),
          }).results;
          const drainPods = pods.map(drainPodOf);
          for (const [i, options] of OPTION_COMBINATIONS.entries()) {
            const kubectl = results[i]!;
            const plan = planDrainOf({ pods: drainPods, daemonSets }, options);
            const problems = plan.pods.flatMap((planned, j) => {
              const why = disagreement(kubectl.pods[j]!, planned);
              return why ? [`${planned.pod.namespace}/${planned.pod.name}: ${why}`] : [];
            });
            const removed = plan.pods.filter((p) => p.action.kind === 'evict' || p.action.kind === 'wait').map((p) => `${p.pod.namespace}/${p.pod.name}`);
            if (plan.refused.length > 0 !== kubectl.errors.length > 0) problems.push(`drain stops: kubectl ${kubectl.errors.join(' | ') || 'no'}, console ${plan.refused.length}`);
            expect(problems, `options ${JSON.stringify(options)}, DaemonSets ${JSON.stringify(daemonSets)}`).toEqual([]);
            expect(removed.sort()).toEqual([...kubectl.deleted].sort());
          }
        }),
        { seed: SEED, numRuns: RUNS },
      );
    },
    RUNS * 400 + 60_000,
  );

  it('reads the findings of issue 10 as kubectl does: Failed DaemonSet pods are removed, orphaned or not, without force', () => {
    const failedOf = (name: string, owner: string) => ({
      metadata: { namespace: 'apps', name, uid: name, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: owner, uid: 'ds', controller: true }] },
      status: { phase: 'Failed' },
    });
    const pods = [failedOf('crashed-orphan', 'gone'), failedOf('crashed', 'agent')];
    const [kubectl] = oracle<{ results: KubectlResult[] }>('drain', {
      cases: [{ pods, daemonSets: ['apps/agent'], options: { force: false, deleteEmptyDirData: false, ignoreDaemonSets: true } }],
    }).results;
    expect(kubectl).toMatchObject({ deleted: ['apps/crashed', 'apps/crashed-orphan'], errors: [] });
    const plan = planDrainOf({ pods: pods.map(drainPodOf), daemonSets: ['apps/agent'] }, { force: false, deleteEmptyDirData: false });
    expect(plan.pods.map((p) => p.action.kind)).toEqual(['evict', 'evict']);
  });
});
