import { describe, expect, it } from 'vitest';
import { linkInventory, uncertainLink } from '@/lib/inventory/links';
import { nodeView } from '@/lib/inventory/test-fixtures';
import { toHostView } from '@/lib/inventory/to-view';
import { NO_FLOWS } from '@/lib/inventory/views';
import { bareMetalHostSchema } from '@/lib/metal3/bare-metal-host';
import { hostDetailsSchema } from '@/lib/metal3/host-details';
import { actionVerdicts } from './actions';
import { hostFactsOf, hostFactsOfView } from './facts';

/** A control-plane host with a restart pending, detached, in a three-node control plane with one node already NotReady. */
const raw = {
  metadata: {
    name: 'master-1',
    namespace: 'openshift-machine-api',
    uid: 'u1',
    resourceVersion: '7',
    annotations: { 'reboot.metal3.io': '{"mode":"hard"}', 'baremetalhost.metal3.io/detached': '', 'baremetal-console.openshift.io/node-name': 'master-1', other: 'not carried' },
  },
  spec: { online: true, bmc: { address: 'redfish://10.0.0.1/redfish/v1/Systems/1', credentialsName: 'master-1-bmc' }, userData: { name: 'controller-user-data-managed' } },
  status: { provisioning: { state: 'externally provisioned' }, operationalStatus: 'detached', poweredOn: false },
};
const nodes = [
  nodeView('master-0', { roles: ['control-plane'] }),
  nodeView('master-1', { roles: ['worker'] }),
  nodeView('master-2', { roles: ['control-plane'], ready: 'False' }),
];

describe('an inventory row and the host page read the same facts', () => {
  it('gives the same verdict for every action from the stream’s view as from the BareMetalHost', () => {
    const view = toHostView(bareMetalHostSchema.parse(raw), { ips: [] });
    const row = linkInventory([view], nodes).find((r) => r.host)!;
    const fromView = hostFactsOfView({ host: view, ...(row.node ? { node: row.node } : {}), nodes });
    const fromHost = hostFactsOf({ host: hostDetailsSchema.parse(raw), ...(row.node ? { node: row.node } : {}), nodes, ...NO_FLOWS });
    // The view carries only the annotations the policies read; everything else is the same.
    expect({ ...fromView, annotations: {} }).toEqual({ ...fromHost, annotations: {} });
    expect(fromView.node?.controlPlane).toBe(true);
    expect(actionVerdicts(fromView)).toEqual(actionVerdicts(fromHost));
    expect(view.day2.annotations).toEqual({ 'reboot.metal3.io': '{"mode":"hard"}', 'baremetalhost.metal3.io/detached': '' });
  });

  it('counts a recorded node that no longer exists as certain (nothing to drain), and another unlinked host’s problem as uncertain', () => {
    const gone = toHostView(bareMetalHostSchema.parse(raw), { ips: [] }, { recordedNodeName: 'master-1' });
    const [row] = linkInventory([gone], []);
    expect(row?.problem).toBe('Recorded node master-1 does not exist.');
    expect(uncertainLink(row!)).toBeUndefined();
    const unknown = toHostView(bareMetalHostSchema.parse({ ...raw, metadata: { ...raw.metadata, annotations: {} } }), { ips: [], error: 'forbidden' });
    const [other] = linkInventory([unknown], []);
    expect(uncertainLink(other!)).toBe('Static IPs unknown: forbidden');
  });

  it('doubts a recorded node that no longer exists while another node matches the host', () => {
    const gone = toHostView(bareMetalHostSchema.parse(raw), { ips: ['10.0.0.5'] }, { recordedNodeName: 'old-name' });
    const row = linkInventory([gone], [nodeView('renamed', { internalIps: ['10.0.0.5'] })]).find((r) => r.host);
    expect(uncertainLink(row!)).toBe('Recorded node old-name does not exist, and node renamed matches this host by IP: which node runs on it cannot be told for sure.');
  });
});
