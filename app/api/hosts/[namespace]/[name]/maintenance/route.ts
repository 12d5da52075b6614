import { maintenanceRequestSchema } from '@/lib/day2/flows';
import { namespacedNameSchema } from '@/lib/k8s/names';
import { answerOutcome } from '@/server/day2/actions';
import { describeMaintenance, endMaintenance, startMaintenance } from '@/server/day2/maintenance';
import { json, sessionRoute } from '@/server/route';
import { hubFor } from '@/server/watch/inventory-hub';

export const dynamic = 'force-dynamic';

/** What a maintenance of the host involves: its node, the node's pods (the drain plan), the quorum, what is recorded. */
export const GET = sessionRoute({ mutating: false, context: 'read the maintenance plan', params: namespacedNameSchema }, async ({ session, kc }, host) =>
  json(await describeMaintenance(kc, { hub: hubFor(session), host })),
);

/** Start maintenance with a reason and the drain's options; the server checks the plan again. */
export const POST = sessionRoute(
  { mutating: true, context: 'start the maintenance', params: namespacedNameSchema, body: maintenanceRequestSchema, bodyMessage: 'Fix the fields marked below.' },
  async ({ session, kc, body }, host) => answerOutcome(await startMaintenance(kc, { session, hub: hubFor(session), host, request: body })),
);

/** End maintenance: the record is cleared with the caller's rights first, a running drain stops, the node is uncordoned. */
export const DELETE = sessionRoute({ mutating: true, context: 'end the maintenance', params: namespacedNameSchema }, async ({ session, kc }, host) =>
  answerOutcome(await endMaintenance(kc, { session, hub: hubFor(session), host })),
);
