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
    await nudgeWhile(
      client,
      options,
      waitFor(
        `host ${options.host} to be detached`,
        async () => ((await client.get<KubeObject & { status?: { operationalStatus?: string } }>(BareMetalHostKind, options.host, MACHINE_API_NAMESPACE))?.status?.operationalStatus === 'detached' ? true : undefined),
        { timeoutMs: 60_000, intervalMs: 500 },
      ),
    );
  }
  await nudgeWhile(client, options, deleteWorker(client, { host: options.host }));
}

/** The annotation tests touch to make BMO reconcile a host now (see nudgeWhile). */
export const NUDGE_ANNOTATION = 'bmconsole.test/nudge';

/**
 * Touches the host's annotations every `intervalMs` until `work` settles, then removes the touch;
 * resolves (or rejects) as `work` does. Why: BMO's controller re-queues a host it is still working
 * on with an exponential back-off (controller-runtime's rate limiter: 5 ms doubling, up to 16
 * min), and its test-mode fixture keeps ONE power state for every host (TESTBED.md), so a host
 * powering off is powered on again by the others' reconciles while it waits its turn. BMO
 * reconciles a host at once when its annotations change (updateEventHandler), as it would after
 * any change a user makes; the touch is nothing BMO or the console reads.
 */
export async function nudgeWhile<T>(client: ObjectClient, options: { host: string; namespace?: string; intervalMs?: number }, work: Promise<T>): Promise<T> {
  const namespace = options.namespace ?? MACHINE_API_NAMESPACE;
  let settled = false;
  const done = work.finally(() => {
    settled = true;
  });
  const touch = (value: string | null) =>
    client.mergePatch(BareMetalHostKind, { name: options.host, namespace, body: { metadata: { annotations: { [NUDGE_ANNOTATION]: value } } } }).catch(() => undefined);
  const loop = (async () => {
    for (let n = 0; !settled; n++) {
      await touch(String(n));
      await Promise.race([done.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 1000))]);
    }
    await touch(null);
  })();
  try {
    return await done;
  } finally {
    await loop;
  }
}
