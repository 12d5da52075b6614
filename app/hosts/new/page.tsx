import Link from 'next/link';
import { CreateAccessNotice } from '@/components/enroll/create-access-notice';
import { EnrollmentWizard } from '@/components/enroll/enrollment-wizard';
import { suggestWorkerName } from '@/lib/enroll/schema';
import { requirePageSession } from '@/server/auth/request';
import { enrollmentAccess } from '@/server/enroll';
import { settle } from '@/server/errors';
import { kubeConfigFor } from '@/server/kube/identity';
import { hubFor } from '@/server/watch/inventory-hub';

export const dynamic = 'force-dynamic';

export default async function NewHostPage() {
  const session = await requirePageSession('/hosts/new');
  const kc = kubeConfigFor(session);
  const [snapshot, createAccess] = await Promise.all([settle(hubFor(session).snapshot()), enrollmentAccess(session, kc)]);
  const hostNames = snapshot.ok ? snapshot.value.hosts.map((h) => h.name) : [];
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Enroll a host</h1>
      <p className="max-w-3xl text-slate-700">
        A new worker is installed by the Bare Metal Operator through its BMC&apos;s virtual media; an existing host is only added to the inventory.
        Everything is checked before anything is created, and created all or nothing. Many hosts at once:{' '}
        <Link href="/hosts/new/bulk" className="underline">
          enroll hosts in bulk
        </Link>
        .
      </p>
      <CreateAccessNotice access={createAccess} />
      {!snapshot.ok ? (
        <p role="alert" className="rounded border border-amber-700 bg-amber-50 p-2">
          The inventory cannot be read ({snapshot.message}), so names, MACs and IPs in use cannot be checked here; the cluster still refuses duplicate names.
        </p>
      ) : null}
      <EnrollmentWizard suggestedName={suggestWorkerName(hostNames)} createAccess={createAccess} />
    </div>
  );
}
