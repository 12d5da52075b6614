import { checkedEnrollmentOrRefuse, dryRunEnrollment } from '@/server/enroll';
import { json, readJsonBody, sessionRoute } from '@/server/route';
import { hubFor } from '@/server/watch/inventory-hub';

export const dynamic = 'force-dynamic';

/** The apiserver's verdict on every object of an enrollment (`dryRun=All`); nothing is stored. */
export const POST = sessionRoute({ mutating: true, context: 'dry-run the enrollment' }, async ({ request, session, kc }) => {
  const checked = await checkedEnrollmentOrRefuse(await readJsonBody(request), { kc, hub: hubFor(session) });
  return json({ results: await dryRunEnrollment(kc, { ...checked, enrolledBy: session.username }) });
});
