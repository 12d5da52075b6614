import { namespacedNameSchema } from '@/lib/k8s/names';
import { uncordonAfterRemoval } from '@/server/removal/intents';
import { json, sessionRoute } from '@/server/route';
import { hubFor } from '@/server/watch/inventory-hub';

export const dynamic = 'force-dynamic';

/**
 * After a cancelled removal: make the host's node schedulable again. `{ uncordoned: <node>, changed }`:
 * `changed` is false when the node was not cordoned (nothing done, nothing recorded as done).
 */
export const POST = sessionRoute({ mutating: true, context: 'uncordon the node', params: namespacedNameSchema }, async ({ session, kc }, host) =>
  json(await uncordonAfterRemoval(kc, { hub: hubFor(session), host, session }).then(({ node, changed }) => ({ uncordoned: node, changed }))),
);
