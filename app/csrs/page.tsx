import { CsrList } from '@/components/csrs/csr-list';
import { requirePageSession } from '@/server/auth/request';
import { listCsrs } from '@/server/csr';
import { hubFor } from '@/server/watch/inventory-hub';

export const dynamic = 'force-dynamic';

export default async function CsrPage() {
  const session = await requirePageSession('/csrs');
  const csrs = await listCsrs(hubFor(session));
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Certificate signing requests</h1>
      <p className="max-w-3xl text-slate-700">
        Without the Machine API nothing approves a new node&apos;s CSRs: each node makes a client CSR, then a serving CSR once it has
        registered. The console checks each against the host it belongs to before you approve it.
      </p>
      <CsrList initial={csrs} />
    </div>
  );
}
