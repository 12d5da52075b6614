import { NextResponse } from 'next/server';
import { jsonError, sessionRoute } from '@/server/auth/route';
import { checkEnrollmentRequest, dryRunEnrollment } from '@/server/enroll';
import { hubFor } from '@/server/watch/inventory-hub';

export const dynamic = 'force-dynamic';

/** The apiserver's verdict on every object of an enrollment (`dryRun=All`); nothing is stored. */
export const POST = sessionRoute({ mutating: true, context: 'dry-run the enrollment' }, async ({ request, session, kc }) => {
  const checked = await checkEnrollmentRequest(await request.json().catch(() => undefined), { kc, hub: hubFor(session) });
  if (!checked.ok) return jsonError(422, 'Fix the fields marked below.', { fields: checked.fields });
  return NextResponse.json({ results: await dryRunEnrollment(kc, { ...checked.request, enrolledBy: session.username }) }, { headers: { 'Cache-Control': 'no-store' } });
});
