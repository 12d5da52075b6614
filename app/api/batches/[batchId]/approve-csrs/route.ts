import { batchIdSchema } from '@/lib/bulk/batch';
import { z } from '@/lib/zod';
import { approveBatchCsrs } from '@/server/batch';
import { json, sessionRoute } from '@/server/route';
import { hubFor } from '@/server/watch/inventory-hub';

export const dynamic = 'force-dynamic';

/** Approve every pending CSR of this batch's hosts that passes its checks (SPEC §6); no other CSR is touched. */
export const POST = sessionRoute({ mutating: true, context: "approve the batch's CSRs", params: z.object({ batchId: batchIdSchema }) }, async ({ kc, session }, { batchId }) =>
  json(await approveBatchCsrs(kc, { hub: hubFor(session), batchId, decidedBy: session.username })),
);
