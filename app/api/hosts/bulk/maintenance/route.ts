import { bulkHostsSchema, bulkMaintenanceRequestSchema } from '@/lib/day2/actions';
import { bulkEndMaintenance, bulkStartMaintenance } from '@/server/day2/bulk';
import { json, sessionRoute } from '@/server/route';
import { hubFor } from '@/server/watch/inventory-hub';

export const dynamic = 'force-dynamic';

/** Start maintenance of a selection: `{hosts, reason, force, deleteEmptyDirData, gracePeriodSeconds?, timeoutSeconds?}` → `{results}`; drains run two at a time. */
export const POST = sessionRoute({ mutating: true, context: 'start maintenance of the selected hosts', body: bulkMaintenanceRequestSchema }, async ({ session, kc, body }) =>
  json({ results: await bulkStartMaintenance(kc, { session, hub: hubFor(session), request: body }) }),
);

/** End maintenance of a selection: `{hosts}` → `{results}`. */
export const DELETE = sessionRoute({ mutating: true, context: 'end maintenance of the selected hosts', body: bulkHostsSchema }, async ({ session, kc, body }) =>
  json({ results: await bulkEndMaintenance(kc, { session, hub: hubFor(session), hosts: body.hosts }) }),
);
