import { type HostView, NO_FLOWS, type NodeView } from './views';

/** Small builders for unit tests of inventory logic. */
export function hostView(name: string, overrides: Partial<HostView> = {}): HostView {
  return {
    name,
    namespace: 'openshift-machine-api',
    uid: `host-${name}`,
    resourceVersion: '1',
    deleting: false,
    state: 'provisioned',
    online: true,
    externallyProvisioned: false,
    nicMacs: [],
    staticIps: [],
    day2: { annotations: {}, controlPlaneUserData: false, flows: NO_FLOWS },
    ...overrides,
  };
}

export function nodeView(name: string, overrides: Partial<NodeView> = {}): NodeView {
  return {
    name,
    uid: `node-${name}`,
    resourceVersion: '1',
    ready: 'True',
    unschedulable: false,
    roles: ['worker'],
    internalIps: [],
    addresses: [],
    ...overrides,
  };
}
