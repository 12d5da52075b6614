import { notFound } from 'next/navigation';
import { HostPageView } from '@/components/hosts/host-page';
import { namespacedNameSchema } from '@/lib/k8s/names';
import { hostPath } from '@/lib/paths';
import { requirePageSession } from '@/server/auth/request';
import { readHostPage } from '@/server/hosts';
import { kubeConfigFor } from '@/server/kube/identity';
import { hubFor } from '@/server/watch/inventory-hub';

export const dynamic = 'force-dynamic';

/** A host's page: read once here with the user's credentials, then kept current by its live topic. */
export default async function HostPage({ params }: { params: Promise<{ namespace: string; name: string }> }) {
  const parsed = namespacedNameSchema.safeParse(await params);
  if (!parsed.success) notFound();
  const host = parsed.data;
  const session = await requirePageSession(hostPath(host));
  const initial = await readHostPage(kubeConfigFor(session), { session, hub: hubFor(session), host });
  return <HostPageView host={host} initial={initial} />;
}
