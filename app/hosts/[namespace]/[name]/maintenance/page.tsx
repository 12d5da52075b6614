import Link from 'next/link';
import { notFound } from 'next/navigation';
import { MaintenancePageView } from '@/components/day2/maintenance-page';
import { maintenancePath } from '@/lib/day2/paths';
import { namespacedNameSchema } from '@/lib/k8s/names';
import { requirePageSession } from '@/server/auth/request';
import { readHostPage } from '@/server/hosts';
import { kubeConfigFor } from '@/server/kube/identity';
import { hubFor } from '@/server/watch/inventory-hub';

export const dynamic = 'force-dynamic';

/** A host's maintenance and its live progress (steps and pods), read once here, then kept current by the host topic. */
export default async function MaintenancePage({ params }: { params: Promise<{ namespace: string; name: string }> }) {
  const parsed = namespacedNameSchema.safeParse(await params);
  if (!parsed.success) notFound();
  const host = parsed.data;
  const session = await requirePageSession(maintenancePath(host));
  const initial = await readHostPage(kubeConfigFor(session), { session, hub: hubFor(session), host });
  return (
    <div className="space-y-4">
      <p>
        <Link href="/" className="text-blue-800 underline">
          Inventory
        </Link>{' '}
        / {host.namespace} / {host.name}
      </p>
      <h1 className="text-2xl font-semibold">Maintenance of host {host.name}</h1>
      <MaintenancePageView host={host} initial={initial} />
    </div>
  );
}
