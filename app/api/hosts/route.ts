import { checkedEnrollmentOrRefuse, createHost } from '@/server/enroll';
import { Refusal } from '@/server/errors';
import { json, readJsonBody, sessionRoute } from '@/server/route';
import { hubFor } from '@/server/watch/inventory-hub';

export const dynamic = 'force-dynamic';

/** Enroll a host: the network Secret, the BMC Secret and the BareMetalHost, all or nothing. */
export const POST = sessionRoute({ mutating: true, context: 'enroll the host' }, async ({ request, session, kc }) => {
  const checked = await checkedEnrollmentOrRefuse(await readJsonBody(request), { kc, hub: hubFor(session) });
  const outcome = await createHost(kc, { ...checked, enrolledBy: session.username });
  if (!outcome.ok) throw new Refusal(outcome.status, outcome.error, { extra: { steps: outcome.steps } });
  return json(outcome, 201);
});
