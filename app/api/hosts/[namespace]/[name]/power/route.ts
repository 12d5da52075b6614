import { powerRequestSchema } from '@/lib/day2/actions';
import { namespacedNameSchema } from '@/lib/k8s/names';
import { answerOutcome, describeRunningPods, setPower } from '@/server/day2/actions';
import { json, sessionRoute } from '@/server/route';
import { hubFor } from '@/server/watch/inventory-hub';

export const dynamic = 'force-dynamic';

/** What powering the host off or restarting it would stop: the pods still running on its Ready node, and the control-plane quorum (both confirmations read it). */
export const GET = sessionRoute({ mutating: false, context: 'read what a power-off stops', params: namespacedNameSchema }, async ({ session, kc }, host) =>
  json(await describeRunningPods(kc, { hub: hubFor(session), host })),
);

/** Power off or on (spec.online); a Ready node's pods must be confirmed (`confirmRunningPods`). */
export const POST = sessionRoute(
  { mutating: true, context: 'change the power', params: namespacedNameSchema, body: powerRequestSchema },
  async ({ session, kc, body }, host) => answerOutcome(await setPower(kc, { session, hub: hubFor(session), host, request: body })),
);
