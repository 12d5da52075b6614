import Link from 'next/link';
import { BulkEnrollment } from '@/components/bulk/bulk-enrollment';
import { CreateAccessNotice } from '@/components/enroll/create-access-notice';
import { requirePageSession } from '@/server/auth/request';
import { enrollmentAccess } from '@/server/enroll';
import { kubeConfigFor } from '@/server/kube/identity';

export const dynamic = 'force-dynamic';

export default async function BulkEnrollmentPage() {
  const session = await requirePageSession('/hosts/new/bulk');
  const kc = kubeConfigFor(session);
  const createAccess = await enrollmentAccess(session, kc);
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Enroll hosts in bulk</h1>
      <p className="max-w-3xl text-slate-700">
        A rack of new workers at once, from a CSV or the YAML you would give <code>oc create -f</code>. Every row is checked as the enrollment wizard checks one host, against the other rows and
        against the cluster, before anything is created; each host is then created all or nothing, and the batch is followed to Ready. One host at a time: <Link href="/hosts/new" className="underline">the enrollment wizard</Link>.
      </p>
      <CreateAccessNotice access={createAccess} />
      <BulkEnrollment createAccess={createAccess} />
    </div>
  );
}
