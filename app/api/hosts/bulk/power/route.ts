import { bulkPowerRequestSchema } from '@/lib/day2/actions';
import { bulkSetPower } from '@/server/day2/bulk';
import { json, sessionRoute } from '@/server/route';
import { hubFor } from '@/server/watch/inventory-hub';

export const dynamic = 'force-dynamic';

/** Power a selection of hosts off or on: `{hosts: [{namespace, name}], online, confirmRunningPods}` → `{results: ActionOutcome[]}`, one per host, in order. */
export const POST = sessionRoute({ mutating: true, context: 'change the power of the selected hosts', body: bulkPowerRequestSchema }, async ({ session, kc, body }) =>
  json({ results: await bulkSetPower(kc, { session, hub: hubFor(session), request: body }) }),
);
