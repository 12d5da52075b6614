import { checkedEnrollmentOrRefuse, dryRunEnrollment, networkCheckedBy } from '@/server/enroll';
import { json, readJsonBody, sessionRoute } from '@/server/route';
import { hubFor } from '@/server/watch/inventory-hub';

export const dynamic = 'force-dynamic';

/** The apiserver's verdict on every object of an enrollment (`dryRun=All`), and who checked its network config; nothing is stored. */
export const POST = sessionRoute({ mutating: true, context: 'dry-run the enrollment' }, async ({ request, session, kc }) => {
  const checked = await checkedEnrollmentOrRefuse(await readJsonBody(request), { kc, hub: hubFor(session) });
  const [results, network] = await Promise.all([dryRunEnrollment(kc, { ...checked, enrolledBy: session.username }), networkCheckedBy(checked.enrollment)]);
  return json({ results, ...(network ? { network } : {}) });
});
