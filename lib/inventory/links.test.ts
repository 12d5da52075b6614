import { describe, expect, it } from 'vitest';
import { linkInventory, orphanKind, uncertainLink } from './links';
import { hostView, nodeView } from './test-fixtures';

const summary = (rows: ReturnType<typeof linkInventory>) =>
  rows.map((r) => ({ host: r.host?.name, node: r.node?.name, link: r.link, problem: r.problem }));

describe('linkInventory', () => {
  it('links by the node name recorded on the host first', () => {
    const rows = linkInventory(
      [hostView('openshift-worker-0', { recordedNodeName: 'app1', staticIps: ['10.0.0.9'] })],
      [nodeView('app1'), nodeView('other', { internalIps: ['10.0.0.9'] })],
    );
    expect(summary(rows)).toContainEqual({ host: 'openshift-worker-0', node: 'app1', link: 'recorded', problem: undefined });
    expect(summary(rows)).toContainEqual({ host: undefined, node: 'other', link: undefined, problem: undefined });
  });

  it('does not guess another node when the recorded one is gone, and says when one matches the host', () => {
    const gone = linkInventory([hostView('openshift-worker-0', { recordedNodeName: 'app1' })], [nodeView('other')]);
    expect(gone.find((r) => r.host)).toMatchObject({ problem: 'Recorded node app1 does not exist.', recordedNodeGone: true });
    const doubtful = linkInventory([hostView('openshift-worker-0', { recordedNodeName: 'app1' })], [nodeView('openshift-worker-0')]);
    expect(summary(doubtful)).toContainEqual({
      host: 'openshift-worker-0',
      node: undefined,
      link: undefined,
      problem: 'Recorded node app1 does not exist, and node openshift-worker-0 matches this host by name: which node runs on it cannot be told for sure.',
    });
    expect(doubtful.find((r) => r.host)?.recordedNodeGone).toBeUndefined();
  });

  it('links by a node InternalIP equal to a static IP of the host when nothing is recorded', () => {
    const rows = linkInventory([hostView('openshift-worker-0', { staticIps: ['192.168.111.30'] })], [nodeView('app1', { internalIps: ['192.168.111.30'] })]);
    expect(summary(rows)).toEqual([{ host: 'openshift-worker-0', node: 'app1', link: 'ip', problem: undefined }]);
  });

  it.each([
    ['2001:db8::0023', '2001:db8::23'],
    ['2001:DB8::23', '2001:db8::23'],
    ['2001:db8:0:0:0:0:0:23', '2001:db8::23'],
    ['192.168.111.30', '::ffff:192.168.111.30'],
  ])('links by IP as addresses: static IP %s, InternalIP %s (SPEC §5)', (staticIp, internalIp) => {
    const rows = linkInventory([hostView('openshift-worker-3', { staticIps: [staticIp] })], [nodeView('worker-3', { internalIps: [internalIp] })]);
    expect(summary(rows)).toEqual([{ host: 'openshift-worker-3', node: 'worker-3', link: 'ip', problem: undefined }]);
  });

  it('does not take one node listing an address twice, in two forms, for two nodes', () => {
    const rows = linkInventory([hostView('h', { staticIps: ['fd00::7'] })], [nodeView('n', { internalIps: ['fd00::7', 'FD00::0007'] })]);
    expect(summary(rows)).toEqual([{ host: 'h', node: 'n', link: 'ip', problem: undefined }]);
  });

  it('links by equal names last', () => {
    const rows = linkInventory([hostView('controller1')], [nodeView('controller1', { internalIps: ['192.168.111.20'] })]);
    expect(summary(rows)).toEqual([{ host: 'controller1', node: 'controller1', link: 'name', problem: undefined }]);
  });

  it('prefers the IP rule over the name rule', () => {
    const rows = linkInventory(
      [hostView('worker-a', { staticIps: ['10.0.0.1'] })],
      [nodeView('worker-a', { internalIps: ['10.0.0.2'] }), nodeView('app7', { internalIps: ['10.0.0.1'] })],
    );
    expect(summary(rows)).toContainEqual({ host: 'worker-a', node: 'app7', link: 'ip', problem: undefined });
  });

  it('does not link by an IP two nodes share, and says the host’s node cannot be told (never "no node")', () => {
    const rows = linkInventory(
      [hostView('h', { staticIps: ['10.0.0.1'] })],
      [nodeView('a', { internalIps: ['10.0.0.1'] }), nodeView('b', { internalIps: ['10.0.0.1'] })],
    );
    expect(rows.every((r) => r.link === undefined)).toBe(true);
    const row = rows.find((r) => r.host)!;
    expect(uncertainLink(row)).toBe('Static IP 10.0.0.1 is an InternalIP of nodes a and b: which node runs on this host cannot be told for sure.');
    // A node that reports another host's address takes nothing from it by name either (a fresh review's attack).
    const spoofed = linkInventory([hostView('openshift-worker-0', { staticIps: ['192.168.111.30'] })], [nodeView('app1', { internalIps: ['192.168.111.30'] }), nodeView('openshift-worker-0', { internalIps: ['192.168.111.30'] })]);
    expect(uncertainLink(spoofed.find((r) => r.host)!)).toMatch(/^Static IP 192\.168\.111\.30 is an InternalIP of nodes app1 and openshift-worker-0/);
  });

  it('shows a conflict and links neither host when two hosts claim one node', () => {
    const rows = linkInventory(
      [hostView('host-a', { recordedNodeName: 'app1' }), hostView('host-b', { staticIps: ['10.0.0.5'] })],
      [nodeView('app1', { internalIps: ['10.0.0.5'] })],
    );
    const problem = 'Node app1 is claimed by hosts host-a and host-b; linked to neither.';
    expect(summary(rows)).toEqual([
      { host: 'host-a', node: undefined, link: undefined, problem },
      { host: 'host-b', node: undefined, link: undefined, problem },
      { host: undefined, node: 'app1', link: undefined, problem },
    ]);
  });

  it('says why a host could not be linked by IP when its network config could not be read', () => {
    const rows = linkInventory([hostView('w', { staticIpsError: 'alice may not get secrets in namespace openshift-machine-api.' })], [nodeView('app1')]);
    expect(rows[0]?.problem).toBe('Static IPs unknown: alice may not get secrets in namespace openshift-machine-api.');
  });

  it('calls out hosts without a node and nodes without a host', () => {
    const rows = linkInventory([hostView('new-host', { state: 'registering' })], [nodeView('lonely')]);
    expect(rows.map(orphanKind)).toEqual(['host without node', 'node without host']);
  });
});
