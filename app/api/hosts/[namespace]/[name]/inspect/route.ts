import { namespacedNameSchema } from '@/lib/k8s/names';
import { answerOutcome, reinspectHost } from '@/server/day2/actions';
import { sessionRoute } from '@/server/route';
import { hubFor } from '@/server/watch/inventory-hub';

export const dynamic = 'force-dynamic';

/** Re-inspect (inspect.metal3.io): available hosts, or an inspection error retried now. */
export const POST = sessionRoute({ mutating: true, context: 're-inspect the host', params: namespacedNameSchema }, async ({ session, kc }, host) =>
  answerOutcome(await reinspectHost(kc, { session, hub: hubFor(session), host })),
);
