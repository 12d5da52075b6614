import { BareMetalHostKind } from '../../lib/k8s/kinds';
import { MACHINE_API_NAMESPACE } from '../../lib/metal3/constants';
import { type KubeObject, type ObjectClient, waitFor } from './kube';
import { deleteWorker } from './seed';

/**
 * Deletes a test host that BMO never provisioned (available, externally provisioned) without the
 * power-off BMO does before it lets a host go: BMO's test-mode fixture keeps ONE power state for
 * all hosts (TESTBED.md), so that power-off fights the hosts that stay on and can take minutes.
 * A detached host is deleted without it (BMO checkInitiateDelete), so it is detached first, as an
 * administrator moving a host to another cluster does.
 */
export async function deleteDetached(client: ObjectClient, options: { host: string }): Promise<void> {
  const current = await client.get<KubeObject & { status?: { provisioning?: { state?: string } } }>(BareMetalHostKind, options.host, MACHINE_API_NAMESPACE);
  const state = current?.status?.provisioning?.state;
  if (current && (state === 'available' || state === 'externally provisioned' || state === 'provisioned')) {
    await client.mergePatch(BareMetalHostKind, { name: options.host, namespace: MACHINE_API_NAMESPACE, body: { metadata: { annotations: { 'baremetalhost.metal3.io/detached': '' } } } });
    await waitFor(
      `host ${options.host} to be detached`,
      async () => ((await client.get<KubeObject & { status?: { operationalStatus?: string } }>(BareMetalHostKind, options.host, MACHINE_API_NAMESPACE))?.status?.operationalStatus === 'detached' ? true : undefined),
      { timeoutMs: 60_000, intervalMs: 500 },
    );
  }
  await deleteWorker(client, { host: options.host });
}
