import { NextResponse } from 'next/server';
import { jsonError, sessionRoute } from '@/server/auth/route';
import { checkEnrollmentRequest, createHost } from '@/server/enroll';
import { hubFor } from '@/server/watch/inventory-hub';

export const dynamic = 'force-dynamic';

/** Enroll a host: the network Secret, the BMC Secret and the BareMetalHost, all or nothing. */
export const POST = sessionRoute({ mutating: true, context: 'enroll the host' }, async ({ request, session, kc }) => {
  const checked = await checkEnrollmentRequest(await request.json().catch(() => undefined), { kc, hub: hubFor(session) });
  if (!checked.ok) return jsonError(422, 'Fix the fields marked below.', { fields: checked.fields });
  const outcome = await createHost(kc, { ...checked.request, enrolledBy: session.username });
  if (!outcome.ok) return jsonError(outcome.status, outcome.error, { steps: outcome.steps });
  return NextResponse.json(outcome, { status: 201 });
});
