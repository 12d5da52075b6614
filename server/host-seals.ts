import 'server-only';
import type { KubeConfig } from '@kubernetes/client-node';
import { BareMetalHostKind } from '@/lib/k8s/kinds';
import type { BareMetalHost } from '@/lib/metal3/bare-metal-host';
import { ANNOTATIONS } from '@/lib/metal3/constants';
import { mac, verifyMac } from './auth/keys';
import { userMessageOf } from './errors';
import { patchObject } from './kube/objects';

/**
 * What the console writes on a BareMetalHost and later trusts, sealed: anyone who may annotate the
 * host could write these annotations, so each counts only with the console's seal, an HMAC-SHA256
 * under a key of its own purpose (server/auth/keys.ts) over the host's uid and the values it
 * vouches for. A copied annotation does not verify on another host (another uid), nor a changed
 * value; a console with another CONSOLE_SESSION_SECRET (or none, after a restart) verifies none.
 *
 * - The node a host became (`node-name` + `node-name-seal`), recorded when the console approved the
 *   node's client CSR: the inventory links host and node by it before any guess (IP, name), and
 *   the removal and day-2 policies take a recorded node that no longer exists as "nothing to drain".
 * - The enrollment (`enrollment-proof`), recorded once the console created the host: its uid, the
 *   submission's operation id, the expected node name (the CSR checks match a node client CSR to
 *   the host by it; automatic approval trusts only hosts that carry the proof) and the uids of the
 *   Secrets it created (`enrollment-secrets`: the removal deletes only these).
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

/** What a verified enrollment proof vouches for. */
export interface VerifiedEnrollment {
  operationId?: string;
  expectedNodeName?: string;
  /** The uids of the Secrets the enrollment created, in the order recorded. */
  secretUids?: readonly string[];
}

function enrollmentData(hostUid: string, vouched: VerifiedEnrollment): string {
  return [hostUid, vouched.operationId ?? '', vouched.expectedNodeName ?? '', (vouched.secretUids ?? []).join(',')].join('\n');
}

/** The enrollment proof of the host with uid `hostUid`, vouching for its operation id, expected node name and Secrets. */
export function enrollmentProof(hostUid: string, vouched: VerifiedEnrollment): string {
  return mac('enrollment-proof', enrollmentData(hostUid, vouched));
}

/**
 * Records the enrollment proof on a host the console just created, with the user's credentials,
 * pinned to its uid. A user who may create hosts but not patch them gets a host without proof: it
 * is enrolled, only never approved automatically, and its expected node name and Secrets are not
 * vouched for. Returns why it is missing, or undefined. Never throws a ClusterError.
 */
export async function recordEnrollmentProof(kc: KubeConfig, host: { namespace: string; name: string; uid: string } & VerifiedEnrollment): Promise<string | undefined> {
  try {
    await patchObject(kc, {
      kind: BareMetalHostKind,
      namespace: host.namespace,
      name: host.name,
      patch: {
        type: 'merge',
        body: {
          metadata: {
            uid: host.uid,
            annotations: {
              ...(host.secretUids?.length ? { [ANNOTATIONS.enrollmentSecrets]: host.secretUids.join(',') } : {}),
              [ANNOTATIONS.enrollmentProof]: enrollmentProof(host.uid, host),
            },
          },
        },
      },
      context: `record the enrollment proof on host ${host.name}`,
    });
    return undefined;
  } catch (error) {
    return `the console will not vouch for this host (automatic CSR approval, its expected node name): ${userMessageOf(error, 'record the enrollment proof')}`;
  }
}

/**
 * The host's operation id, expected node name and enrollment Secrets (as its annotations say)
 * when its enrollment proof vouches for exactly these values and this uid, else undefined (not
 * enrolled by this console, or changed since).
 */
export function verifiedEnrollment(host: Pick<BareMetalHost, 'metadata'>): VerifiedEnrollment | undefined {
  const { uid, annotations } = host.metadata;
  const candidate = annotations?.[ANNOTATIONS.enrollmentProof];
  if (!uid || !candidate) return undefined;
  const operationId = annotations?.[ANNOTATIONS.operationId];
  const expectedNodeName = annotations?.[ANNOTATIONS.expectedNodeName];
  const secrets = annotations?.[ANNOTATIONS.enrollmentSecrets];
  const vouched: VerifiedEnrollment = {
    ...(operationId ? { operationId } : {}),
    ...(expectedNodeName ? { expectedNodeName } : {}),
    ...(secrets ? { secretUids: secrets.split(',') } : {}),
  };
  return verifyMac('enrollment-proof', enrollmentData(uid, vouched), candidate) ? vouched : undefined;
}
