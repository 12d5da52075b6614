import { InventoryView } from '@/components/inventory/inventory-view';
import { batchIdSchema } from '@/lib/bulk/batch';
import { BareMetalHostKind, SecretKind } from '@/lib/k8s/kinds';
import { MACHINE_API_NAMESPACE } from '@/lib/metal3/constants';
import { accessFor } from '@/server/auth/access';
import { linkInventory } from '@/lib/inventory/links';
import { firstScreen } from '@/lib/inventory/first-screen';
import { setupProblems } from '@/lib/metal3/provisioning';
import { requirePageSession } from '@/server/auth/request';
import { ClusterError, settle } from '@/server/errors';
import { kubeConfigFor } from '@/server/kube/identity';
import { readSetupStatus } from '@/server/setup';
import { hubFor } from '@/server/watch/inventory-hub';

export const dynamic = 'force-dynamic';

export default async function InventoryPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { batch: batchParam } = await searchParams;
  // ?batch=<id> (from a batch page) filters to one bulk enrollment; anything but a batch id is ignored.
  const batch = batchIdSchema.safeParse(batchParam).data;
  const session = await requirePageSession(batch ? `/?batch=${batch}` : '/');
  let snapshot;
  try {
    snapshot = await hubFor(session).snapshot();
  } catch (error) {
    if (!(error instanceof ClusterError)) throw error;
    return (
      <div className="space-y-3">
        <h1 className="text-2xl font-semibold">Inventory</h1>
        <p role="alert" className="rounded border border-red-700 bg-red-50 p-3 text-red-900">
          The inventory cannot be shown: {error.userMessage}
        </p>
      </div>
    );
  }
  // The first screen now; the stream sends everything once the page is up.
  const initial = { ...firstScreen(linkInventory(snapshot.hosts, snapshot.nodes)), partial: { hosts: snapshot.hosts.length, nodes: snapshot.nodes.length } };
  const setup = await settle(readSetupStatus(kubeConfigFor(session)));
  // Enrolling creates Secrets and a BareMetalHost in openshift-machine-api: without those rights the links say why.
  const enrollAccess = await Promise.all(
    [BareMetalHostKind, SecretKind].map((kind) => accessFor(session, kubeConfigFor(session), { verb: 'create', group: kind.group, resource: kind.plural, namespace: MACHINE_API_NAMESPACE }).catch(() => ({ allowed: true, reason: undefined }))),
  );
  const enrollBlocked = enrollAccess.find((answer) => !answer.allowed);
  const problems = setup.ok ? setupProblems(setup.value) : [`the setup could not be read (${setup.message})`];
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Inventory</h1>
      <InventoryView initial={initial} setupProblems={problems} {...(batch ? { batch } : {})} {...(enrollBlocked ? { enrollBlocked: enrollBlocked.reason ?? 'You may not create hosts.' } : {})} />
    </div>
  );
}
