import { namespacedNameSchema } from '@/lib/k8s/names';
import { removalKey, removals } from '@/server/removal/flow';
import { authorizeRemovalView, recordedRemovalOf } from '@/server/removal/intents';
import { sessionRoute } from '@/server/route';
import { sseResponse } from '@/server/sse';

export const dynamic = 'force-dynamic';

/**
 * The removal's live progress (Server-Sent Events), for viewers who may read the host and the
 * node's pods. Reading never acts: a removal recorded on the cluster but not running here is only
 * described (event `recorded`); resuming it is an explicit POST.
 */
export const GET = sessionRoute({ mutating: false, context: 'stream the removal', params: namespacedNameSchema }, async ({ request, session, kc }, host) => {
  const flow = removals.known(removalKey(host));
  if (flow) {
    await authorizeRemovalView(kc, { session, host, drainsNode: flow.progress.intent.node !== undefined });
    return sseResponse(request, session, (send) => flow.subscribe((progress) => send('progress', progress)));
  }
  const recorded = await recordedRemovalOf(kc, host);
  return sseResponse(request, session, (send) => {
    send('recorded', recorded);
    return () => {};
  });
});
