import { CsrList } from '@/components/csrs/csr-list';
import { CertificateSigningRequestKind } from '@/lib/k8s/kinds';
import { accessFor } from '@/server/auth/access';
import { requirePageSession } from '@/server/auth/request';
import { kubeConfigFor } from '@/server/kube/identity';
import { listCsrs } from '@/server/csr';
import { hubFor } from '@/server/watch/inventory-hub';

export const dynamic = 'force-dynamic';

export default async function CsrPage() {
  const session = await requirePageSession('/csrs');
  const [csrs, decide] = await Promise.all([
    listCsrs(hubFor(session)),
    // Approving and denying write the approval subresource; without that right the buttons say why.
    // A review that cannot be asked leaves them enabled: the apiserver's answer to the decision decides.
    accessFor(session, kubeConfigFor(session), { verb: 'update', group: CertificateSigningRequestKind.group, resource: CertificateSigningRequestKind.plural, subresource: 'approval' }).catch((): { allowed: boolean; reason?: string } => ({ allowed: true })),
  ]);
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Certificate signing requests</h1>
      <p className="max-w-3xl text-slate-700">
        Without the Machine API nothing approves a new node&apos;s CSRs: each node makes a client CSR, then a serving CSR once it has
        registered. The console checks each against the host it belongs to before you approve it.
      </p>
      <CsrList initial={csrs} {...(decide.allowed ? {} : { decideBlocked: decide.reason ?? 'You may not approve or deny CSRs.' })} />
    </div>
  );
}
