import type { KubeObject } from '../kube';

/**
 * kwok keeps a Node Ready (its "kubelet" runs) only while the Node carries this label. A label,
 * not an annotation: kwok filters annotations client-side and never lets go of a node whose
 * annotation is removed, while the apiserver ends a label-selected watch with DELETED, which
 * makes kwok release the node's lease so the node goes NotReady.
 */
export const KWOK_NODE_LABEL = 'kwok.x-k8s.io/node';
export const KWOK_NODE_LABEL_VALUE = 'fake';

export const KUBELET_VERSION = 'v1.35.4';

/** A Node as a freshly booted RHCOS kubelet registers it. */
export function nodeManifest(options: { name: string; ip: string; roles: string[] }): KubeObject {
  return {
    metadata: {
      name: options.name,
      labels: {
        'kubernetes.io/hostname': options.name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'node.openshift.io/os_id': 'rhcos',
        ...Object.fromEntries(options.roles.map((role) => [`node-role.kubernetes.io/${role}`, ''])),
        [KWOK_NODE_LABEL]: KWOK_NODE_LABEL_VALUE,
      },
    },
    spec: {},
    status: {
      addresses: [
        { type: 'InternalIP', address: options.ip },
        { type: 'Hostname', address: options.name },
      ],
      capacity: { cpu: '32', memory: '131072Mi', pods: '250', 'ephemeral-storage': '500Gi' },
      allocatable: { cpu: '31500m', memory: '130048Mi', pods: '250', 'ephemeral-storage': '480Gi' },
      nodeInfo: {
        kubeletVersion: KUBELET_VERSION,
        osImage: 'Red Hat Enterprise Linux CoreOS',
        operatingSystem: 'linux',
        architecture: 'amd64',
        containerRuntimeVersion: 'cri-o://1.35.0',
        kernelVersion: '5.14.0',
        machineID: '',
        systemUUID: '',
        bootID: '',
        kubeProxyVersion: '',
      },
    },
  };
}
