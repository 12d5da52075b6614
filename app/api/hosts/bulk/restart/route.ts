import { bulkRestartRequestSchema } from '@/lib/day2/actions';
import { bulkRestart } from '@/server/day2/bulk';
import { json, sessionRoute } from '@/server/route';
import { hubFor } from '@/server/watch/inventory-hub';

export const dynamic = 'force-dynamic';

/** Restart a selection of hosts: `{hosts, mode}` → `{results: ActionOutcome[]}`. */
export const POST = sessionRoute({ mutating: true, context: 'restart the selected hosts', body: bulkRestartRequestSchema }, async ({ session, kc, body }) =>
  json({ results: await bulkRestart(kc, { session, hub: hubFor(session), request: body }) }),
);
