import { describe, expect, it } from 'vitest';
import { bareMetalHostSchema } from '@/lib/metal3/bare-metal-host';
import { nodeSchema } from '@/lib/k8s/node';
import { summarizeCluster } from './summary';

const host = (name: string, state?: string, operationalStatus?: string) =>
  bareMetalHostSchema.parse({
    metadata: { name },
    status: { ...(state !== undefined ? { provisioning: { state } } : {}), ...(operationalStatus ? { operationalStatus } : {}) },
  });

const node = (name: string, ready: 'True' | 'False' | 'Unknown' | undefined) =>
  nodeSchema.parse({
    metadata: { name },
    status: ready ? { conditions: [{ type: 'Ready', status: ready }] } : {},
  });

describe('summarizeCluster', () => {
  const now = new Date('2026-11-21T00:00:00Z');

  it('counts hosts per provisioning state, calling a host without a state "new"', () => {
    const summary = summarizeCluster({
      hosts: [host('a', 'provisioned'), host('b', 'provisioned'), host('c', 'externally provisioned'), host('d')],
      nodes: [],
      provisioning: { status: 'absent' },
      now,
    });
    expect(summary.hosts).toEqual({
      total: 4,
      byState: { provisioned: 2, 'externally provisioned': 1, new: 1 },
      errors: 0,
    });
  });

  it('counts hosts in error by operationalStatus, whatever their state', () => {
    const summary = summarizeCluster({
      hosts: [host('a', 'registering', 'error'), host('b', 'provisioned', 'OK')],
      nodes: [],
      provisioning: { status: 'absent' },
      now,
    });
    expect(summary.hosts.errors).toBe(1);
  });

  it('counts only nodes whose Ready condition is True as ready', () => {
    const summary = summarizeCluster({
      hosts: [],
      nodes: [node('a', 'True'), node('b', 'False'), node('c', 'Unknown'), node('d', undefined)],
      provisioning: { status: 'crd-missing' },
      now,
    });
    expect(summary.nodes).toEqual({ total: 4, ready: 1 });
    expect(summary.readAt).toBe('2026-11-21T00:00:00.000Z');
  });
});
