import { namespacedNameSchema } from '@/lib/k8s/names';
import { resumeMaintenance } from '@/server/day2/maintenance';
import { json, sessionRoute } from '@/server/route';
import { hubFor } from '@/server/watch/inventory-hub';

export const dynamic = 'force-dynamic';

/** Resume a maintenance recorded on the cluster that no console runs (an explicit request: viewing never resumes). */
export const POST = sessionRoute({ mutating: true, context: 'resume the maintenance', params: namespacedNameSchema }, async ({ session, kc }, host) =>
  json((await resumeMaintenance(kc, { session, hub: hubFor(session), host })).progress, 202),
);
