import { describe, expect, it } from 'vitest';
import type { CsrView } from '@/lib/csr/view';
import { hostView, nodeView } from '@/lib/inventory/test-fixtures';
import { hostStep, stepCounts } from './follow';

const csr = (name: string, options: { kind: 'client' | 'serving'; node: string; condition?: CsrView['condition']; createdAt?: string }): CsrView => ({
  name,
  createdAt: options.createdAt ?? '2026-01-01T01:00:00Z',
  signerName: options.kind === 'client' ? 'kubernetes.io/kube-apiserver-client-kubelet' : 'kubernetes.io/kubelet-serving',
  username: '',
  groups: [],
  usages: [],
  request: { commonName: `system:node:${options.node}`, organizations: ['system:nodes'], dnsNames: [], ipAddresses: [], otherNames: [] },
  condition: options.condition ?? 'Pending',
  issued: false,
  assessment: { kind: options.kind, nodeName: options.node, checks: [], passes: true },
});

const provisioned = hostView('w1', { state: 'provisioned', createdAt: '2026-01-01T00:00:00Z' });
const step = (host = provisioned, options: Partial<Parameters<typeof hostStep>[1]> = {}) => hostStep(host, { nodeName: 'n1', csrs: [], ...options });

describe('hostStep', () => {
  it("follows BMO's states, an error first", () => {
    expect(step(hostView('w1', { state: 'registering' })).step).toBe('registering');
    expect(step(hostView('w1', { state: '' })).step).toBe('registering');
    expect(step(hostView('w1', { state: 'inspecting' })).step).toBe('inspecting');
    expect(step(hostView('w1', { state: 'ready' })).step).toBe('available');
    expect(step(hostView('w1', { state: 'provisioning', errorType: 'provisioning error', errorMessage: 'boom' }))).toMatchObject({ step: 'error', detail: 'provisioning error: boom' });
    expect(step(hostView('w1', { state: 'deprovisioning' })).step).toBe('other');
  });

  it('then the client CSR, the node, the serving CSR and readiness', () => {
    expect(step()).toMatchObject({ step: 'provisioned', pendingCsrs: [] });
    expect(step(provisioned, { csrs: [csr('c1', { kind: 'client', node: 'n1' })] })).toMatchObject({ step: 'client-csr', pendingCsrs: ['c1'] });
    const node = nodeView('n1', { ready: 'True' });
    const client = csr('c1', { kind: 'client', node: 'n1', condition: 'Approved' });
    expect(step(provisioned, { node, csrs: [client] })).toMatchObject({ step: 'serving-csr', pendingCsrs: [] });
    expect(step(provisioned, { node, csrs: [client, csr('s1', { kind: 'serving', node: 'n1' })] })).toMatchObject({ step: 'serving-csr', pendingCsrs: ['s1'] });
    const serving = csr('s1', { kind: 'serving', node: 'n1', condition: 'Approved' });
    expect(step(provisioned, { node: nodeView('n1', { ready: 'False' }), csrs: [client, serving] }).step).toBe('node-not-ready');
    expect(step(provisioned, { node, csrs: [client, serving] })).toMatchObject({ step: 'ready', detail: 'Node n1 Ready' });
  });

  it("ignores CSRs of that node name made before the host, and other nodes' CSRs", () => {
    const old = csr('old', { kind: 'client', node: 'n1', createdAt: '2025-12-31T00:00:00Z' });
    expect(step(provisioned, { csrs: [old, csr('x', { kind: 'client', node: 'n2' })] })).toMatchObject({ step: 'provisioned', pendingCsrs: [] });
  });

  it('counts every step, zeros included', () => {
    const counts = stepCounts([{ step: 'ready' }, { step: 'ready' }, { step: 'error' }]);
    expect(counts.find((c) => c.step === 'ready')?.count).toBe(2);
    expect(counts.find((c) => c.step === 'registering')?.count).toBe(0);
  });
});
