import { namespacedNameSchema } from '@/lib/k8s/names';
import { resumeRemoval } from '@/server/removal/intents';
import { json, sessionRoute } from '@/server/route';
import { hubFor } from '@/server/watch/inventory-hub';

export const dynamic = 'force-dynamic';

/** Resume a removal recorded on the cluster that no console runs (an explicit request: viewing never resumes). */
export const POST = sessionRoute({ mutating: true, context: 'resume the removal', params: namespacedNameSchema }, async ({ session, kc }, host) =>
  json((await resumeRemoval(kc, { hub: hubFor(session), host, session })).progress, 202),
);
