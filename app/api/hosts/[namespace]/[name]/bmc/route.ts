import { bmcChangeRequestSchema } from '@/lib/day2/flows';
import { namespacedNameSchema } from '@/lib/k8s/names';
import { answerOutcome } from '@/server/day2/actions';
import { cancelBmcChange, startBmcChange } from '@/server/day2/bmc-change';
import { sessionRoute } from '@/server/route';
import { hubFor } from '@/server/watch/inventory-hub';

export const dynamic = 'force-dynamic';

/** Start the guided BMC address/credentials change (the password goes into a new Secret and nowhere else). */
export const POST = sessionRoute(
  { mutating: true, context: 'change the BMC address or credentials', params: namespacedNameSchema, body: bmcChangeRequestSchema, bodyMessage: 'Fix the fields marked below.' },
  async ({ session, kc, body }, host) => answerOutcome(await startBmcChange(kc, { session, hub: hubFor(session), host, request: body })),
);

/** Cancel: the record is cleared with the caller's rights first; a running change stops before its next step. */
export const DELETE = sessionRoute({ mutating: true, context: 'cancel the BMC change', params: namespacedNameSchema }, async ({ session, kc }, host) =>
  answerOutcome(await cancelBmcChange(kc, { session, hub: hubFor(session), host })),
);
