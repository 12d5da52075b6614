import { describe, expect, it } from 'vitest';
import { drainPodOf } from './pod';

const base = { metadata: { namespace: 'apps', name: 'p', uid: 'u1' }, status: { phase: 'Running' } };

describe('drainPodOf: a Pod as kubectl’s drain filters read it', () => {
  it('reads a plain pod', () => {
    expect(drainPodOf(base)).toEqual({ namespace: 'apps', name: 'p', uid: 'u1', phase: 'Running', mirror: false, usesEmptyDir: false, terminating: false });
  });

  it('takes the first ownerReference marked controller, with its apiVersion', () => {
    const pod = drainPodOf({
      ...base,
      metadata: {
        ...base.metadata,
        ownerReferences: [
          { apiVersion: 'v1', kind: 'ConfigMap', name: 'cm', uid: 'a' },
          { apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', uid: 'b', controller: true },
          { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'c', controller: true },
        ],
      },
    });
    expect(pod.controller).toEqual({ kind: 'DaemonSet', name: 'agent', apiVersion: 'apps/v1' });
  });

  it('has no controller when no ownerReference is marked so', () => {
    expect(drainPodOf({ ...base, metadata: { ...base.metadata, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'c', controller: false }] } }).controller).toBeUndefined();
  });

  it('takes a mirror annotation with an empty value for a mirror pod (kubectl checks presence)', () => {
    expect(drainPodOf({ ...base, metadata: { ...base.metadata, annotations: { 'kubernetes.io/config.mirror': '' } } }).mirror).toBe(true);
    expect(drainPodOf({ ...base, metadata: { ...base.metadata, annotations: { other: 'x' } } }).mirror).toBe(false);
  });

  it('takes an emptyDir volume, of any medium, and only a set one', () => {
    expect(drainPodOf({ ...base, spec: { volumes: [{ name: 'cfg', configMap: { name: 'c' } }, { name: 'tmp', emptyDir: { medium: 'Memory' } }] } }).usesEmptyDir).toBe(true);
    expect(drainPodOf({ ...base, spec: { volumes: [{ name: 'tmp', emptyDir: {} }] } }).usesEmptyDir).toBe(true);
    expect(drainPodOf({ ...base, spec: { volumes: [{ name: 'tmp', emptyDir: null }] } }).usesEmptyDir).toBe(false);
  });

  it('reads a deletionTimestamp as terminating, and a missing phase as empty', () => {
    expect(drainPodOf({ metadata: { ...base.metadata, deletionTimestamp: '2026-01-01T00:00:00Z' } })).toMatchObject({ terminating: true, phase: '' });
  });

  it('refuses what is not a pod', () => {
    expect(() => drainPodOf({ metadata: { name: 'p' } })).toThrow();
  });
});
