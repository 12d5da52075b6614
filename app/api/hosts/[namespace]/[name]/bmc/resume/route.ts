import { namespacedNameSchema } from '@/lib/k8s/names';
import { resumeBmcChange } from '@/server/day2/bmc-change';
import { json, sessionRoute } from '@/server/route';
import { hubFor } from '@/server/watch/inventory-hub';

export const dynamic = 'force-dynamic';

/** Resume a BMC change recorded on the host that no console runs (an explicit request). */
export const POST = sessionRoute({ mutating: true, context: 'resume the BMC change', params: namespacedNameSchema }, async ({ session, kc }, host) =>
  json((await resumeBmcChange(kc, { session, hub: hubFor(session), host })).progress, 202),
);
