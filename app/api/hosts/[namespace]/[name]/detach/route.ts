import { detachRequestSchema } from '@/lib/day2/actions';
import { namespacedNameSchema } from '@/lib/k8s/names';
import { answerOutcome, setDetached } from '@/server/day2/actions';
import { sessionRoute } from '@/server/route';
import { hubFor } from '@/server/watch/inventory-hub';

export const dynamic = 'force-dynamic';

/** Detach (true) or attach (false): baremetalhost.metal3.io/detached. */
export const POST = sessionRoute(
  { mutating: true, context: 'detach or attach the host', params: namespacedNameSchema, body: detachRequestSchema },
  async ({ session, kc, body }, host) => answerOutcome(await setDetached(kc, { session, hub: hubFor(session), host, detached: body.detached })),
);
