import { restartRequestSchema } from '@/lib/day2/actions';
import { namespacedNameSchema } from '@/lib/k8s/names';
import { answerOutcome, restartHost } from '@/server/day2/actions';
import { sessionRoute } from '@/server/route';
import { hubFor } from '@/server/watch/inventory-hub';

export const dynamic = 'force-dynamic';

/** Restart (reboot.metal3.io with the mode); pending until BMO has powered the host off. */
export const POST = sessionRoute(
  { mutating: true, context: 'restart the host', params: namespacedNameSchema, body: restartRequestSchema },
  async ({ session, kc, body }, host) => answerOutcome(await restartHost(kc, { session, hub: hubFor(session), host, request: body })),
);
