import { batchCheckRequestSchema } from '@/lib/bulk/batch';
import { MAX_BATCH_BODY_BYTES, checkBatch } from '@/server/batch';
import { json, sessionRoute } from '@/server/route';
import { hubFor } from '@/server/watch/inventory-hub';

export const dynamic = 'force-dynamic';

/** The server's verdict on each row of a batch (schema, across rows, with the cluster), and the apiserver's dry run of the rows asked for; nothing is stored. */
export const POST = sessionRoute(
  { mutating: true, context: 'check the batch', body: batchCheckRequestSchema, bodyMessage: 'The batch request is not valid; reload the page.', maxBodyBytes: MAX_BATCH_BODY_BYTES },
  async ({ kc, session, body }) => json({ rows: await checkBatch(kc, { hub: hubFor(session), request: body, enrolledBy: session.username }) }),
);
