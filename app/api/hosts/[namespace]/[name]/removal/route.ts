import { namespacedNameSchema } from '@/lib/k8s/names';
import { removalOptionsSchema } from '@/lib/removal/progress';
import { cancelRemoval, startRemoval } from '@/server/removal/intents';
import { describeRemoval } from '@/server/removal/target';
import { json, sessionRoute } from '@/server/route';
import { hubFor } from '@/server/watch/inventory-hub';

export const dynamic = 'force-dynamic';

/**
 * What removing the host involves: its node, the node's pods (for the drain plan), its Secrets' fate, and any removal
 * already recorded. Reads only, with the caller's credentials (describeRemoval GETs and lists; a recorded removal is
 * described, never resumed): starting is the POST, resuming its own POST, cancelling the DELETE.
 */
export const GET = sessionRoute({ mutating: false, context: 'read the removal plan', params: namespacedNameSchema }, async ({ session, kc }, host) =>
  json(await describeRemoval(kc, { hub: hubFor(session), host })),
);

/** Start the removal with the dialog's options; the server checks the plan again. */
export const POST = sessionRoute(
  { mutating: true, context: 'start the removal', params: namespacedNameSchema, body: removalOptionsSchema, bodyMessage: 'Fix the options marked below.' },
  async ({ session, kc, body }, host) => json((await startRemoval(kc, { hub: hubFor(session), host, removal: body, session })).progress, 202),
);

/** Cancel: the record is cleared with the caller's rights first; a running flow stops before its next step. */
export const DELETE = sessionRoute({ mutating: true, context: 'cancel the removal', params: namespacedNameSchema }, async ({ session, kc }, host) =>
  json(await cancelRemoval(kc, { host, session })),
);
