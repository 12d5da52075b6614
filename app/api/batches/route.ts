import { batchCreateRequestSchema } from '@/lib/bulk/batch';
import { MAX_BATCH_BODY_BYTES, startBatchCreate } from '@/server/batch';
import { json, sessionRoute } from '@/server/route';
import { hubFor } from '@/server/watch/inventory-hub';

export const dynamic = 'force-dynamic';

/**
 * Create the rows of a bulk enrollment (all, or the failed ones again): checked again here, then
 * created host by host, all or nothing each; progress follows on the live topic `batch:<id>`.
 */
export const POST = sessionRoute(
  { mutating: true, context: 'create the batch', body: batchCreateRequestSchema, bodyMessage: 'The batch request is not valid; reload the page.', maxBodyBytes: MAX_BATCH_BODY_BYTES },
  async ({ kc, session, body }) => json((await startBatchCreate(kc, { hub: hubFor(session), session, request: body })).progress, 202),
);
