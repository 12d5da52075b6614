import 'server-only';
import type { KubeConfig } from '@kubernetes/client-node';
import { BareMetalHostKind } from '@/lib/k8s/kinds';
import type { BareMetalHost } from '@/lib/metal3/bare-metal-host';
import { ANNOTATIONS } from '@/lib/metal3/constants';
import { mac, verifyMac } from './auth/keys';
import { patchObject } from './kube/objects';

/**
 * The node a host became, as the console recorded it when it approved the node's client CSR. The
 * inventory links host and node by it before any guess (IP, name), and the removal and day-2
 * policies take a recorded node that no longer exists as "nothing to drain", so a name anyone who
 * may annotate the host could write is never taken as written: it counts only with the console's
 * seal (HMAC-SHA256 of `<host uid>\n<node name>` under the `node-name` key, server/auth/keys.ts).
 * A copied annotation does not verify on another host (another uid), nor a changed name.
 */

/** The annotations that record `nodeName` on the host with uid `hostUid`: the name and its seal. */
export function nodeNameAnnotations(hostUid: string, nodeName: string): Record<string, string> {
  return { [ANNOTATIONS.nodeName]: nodeName, [ANNOTATIONS.nodeNameSeal]: mac('node-name', `${hostUid}\n${nodeName}`) };
}

/**
 * Records `nodeName` on the host with its seal, in one merge patch pinned to the host's uid (a host
 * re-created under the same name answers 422, and keeps nothing). Errors: ClusterError as the
 * apiserver answers (403 without patch rights on the host).
 */
export async function recordNodeName(kc: KubeConfig, host: { namespace: string; name: string; uid: string }, nodeName: string): Promise<void> {
  await patchObject(kc, {
    kind: BareMetalHostKind,
    namespace: host.namespace,
    name: host.name,
    patch: { type: 'merge', body: { metadata: { uid: host.uid, annotations: nodeNameAnnotations(host.uid, nodeName) } } },
    context: `record node ${nodeName} on host ${host.name}`,
  });
}

/**
 * The host's recorded node name when its seal verifies, else undefined (no record, no seal, a seal
 * made for another host or name, or by a console with another CONSOLE_SESSION_SECRET).
 */
export function sealedNodeName(host: Pick<BareMetalHost, 'metadata'>): string | undefined {
  const name = host.metadata.annotations?.[ANNOTATIONS.nodeName];
  const candidate = host.metadata.annotations?.[ANNOTATIONS.nodeNameSeal];
  const uid = host.metadata.uid;
  if (!name || !candidate || !uid) return undefined;
  return verifyMac('node-name', `${uid}\n${name}`, candidate) ? name : undefined;
}
