import { approvePassingCsrs } from '@/server/csr';
import { json, sessionRoute } from '@/server/route';
import { hubFor } from '@/server/watch/inventory-hub';

export const dynamic = 'force-dynamic';

/** "Approve all that pass": every pending CSR whose checks all pass, oldest first. */
export const POST = sessionRoute({ mutating: true, context: 'approve the CSRs that pass' }, async ({ kc, session }) =>
  json(await approvePassingCsrs(kc, { hub: hubFor(session), decidedBy: session.username })),
);
