import { describe, expect, it } from 'vitest';
import type { CsrView } from '@/lib/csr/view';
import { currentMilestone, hostTimeline } from './timeline';

function csr(name: string, kind: 'client' | 'serving', condition: CsrView['condition'], createdAt: string, decidedAt?: string): CsrView {
  return {
    name,
    createdAt,
    ...(decidedAt ? { decidedAt } : {}),
    signerName: '',
    username: '',
    groups: [],
    usages: [],
    request: { commonName: '', organizations: [], dnsNames: [], ipAddresses: [], otherNames: [] },
    condition,
    issued: condition === 'Approved',
    assessment: { kind, checks: [], passes: true },
  };
}

const base = {
  createdAt: '2026-11-21T10:00:00Z',
  externallyProvisioned: false,
  state: 'provisioned',
  nodeName: 'app5',
  eventTimes: new Map([
    ['Registered', '2026-11-21T10:00:05Z'],
    ['InspectionComplete', '2026-11-21T10:01:00Z'],
    ['ProvisioningComplete', '2026-11-21T10:05:00Z'],
  ]),
  csrs: [] as CsrView[],
};

describe('hostTimeline', () => {
  it('waits for the client CSR once provisioned, counting unpublished events as done', () => {
    const timeline = hostTimeline(base);
    expect(timeline.find((m) => m.id === 'provisioning')).toMatchObject({ done: true, at: undefined });
    expect(currentMilestone(timeline)?.id).toBe('client-csr');
  });

  it('offers to approve the pending client CSR', () => {
    const timeline = hostTimeline({ ...base, csrs: [csr('csr-abc', 'client', 'Pending', '2026-11-21T10:06:00Z')] });
    expect(currentMilestone(timeline)).toMatchObject({
      id: 'client-csr-approved',
      action: { label: 'Approve CSR csr-abc', href: '/csrs#csr-abc' },
    });
  });

  it('does not offer a CSR for the node name filed before the host was enrolled', () => {
    const timeline = hostTimeline({ ...base, csrs: [csr('csr-stale', 'client', 'Pending', '2026-11-21T09:59:00Z')] });
    expect(currentMilestone(timeline)).toMatchObject({ id: 'client-csr' });
    expect(currentMilestone(timeline)?.action).toBeUndefined();
  });

  it('reaches Node Ready with both CSRs approved and the node ready', () => {
    const timeline = hostTimeline({
      ...base,
      csrs: [
        csr('csr-a', 'client', 'Approved', '2026-11-21T10:06:00Z', '2026-11-21T10:07:00Z'),
        csr('csr-b', 'serving', 'Approved', '2026-11-21T10:07:05Z', '2026-11-21T10:08:00Z'),
      ],
      node: { createdAt: '2026-11-21T10:07:02Z', readySince: '2026-11-21T10:07:10Z' },
    });
    expect(currentMilestone(timeline)).toBeUndefined();
    expect(timeline.map((m) => m.at ?? '—')).toEqual([
      '2026-11-21T10:00:00Z',
      '2026-11-21T10:00:05Z',
      '2026-11-21T10:01:00Z',
      '—',
      '2026-11-21T10:05:00Z',
      '2026-11-21T10:06:00Z',
      '2026-11-21T10:07:00Z',
      '2026-11-21T10:07:02Z',
      '2026-11-21T10:07:05Z',
      '2026-11-21T10:08:00Z',
      '2026-11-21T10:07:10Z',
    ]);
  });

  it('points a stuck host at its error', () => {
    const timeline = hostTimeline({ ...base, state: 'registering', eventTimes: new Map(), error: 'registration error: MAC address conflicts' });
    expect(currentMilestone(timeline)).toMatchObject({ id: 'registered', action: { label: 'Fix: registration error: MAC address conflicts' } });
  });

  it('has no inspection, provisioning or CSRs for an externally provisioned host', () => {
    const timeline = hostTimeline({ ...base, externallyProvisioned: true, state: 'externally provisioned', node: { createdAt: '2026-11-21T09:00:00Z', readySince: '2026-11-21T09:01:00Z' } });
    expect(timeline.map((m) => m.id)).toEqual(['created', 'registered', 'externally-provisioned', 'node', 'ready']);
    expect(currentMilestone(timeline)).toBeUndefined();
  });
});
