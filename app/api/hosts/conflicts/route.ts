import { NextResponse } from 'next/server';
import { conflictFieldErrors } from '@/lib/enroll/conflicts';
import { sessionRoute } from '@/server/auth/route';
import { findEnrollmentConflicts } from '@/server/enroll';
import { hubFor } from '@/server/watch/inventory-hub';

export const dynamic = 'force-dynamic';

/** The wizard asks as the user types: is the name, the boot MAC or a static IP already someone's? */
export const GET = sessionRoute({ mutating: false, context: 'check the enrollment for conflicts' }, async ({ request, session }) => {
  const query = new URL(request.url).searchParams;
  const conflicts = await findEnrollmentConflicts(hubFor(session), {
    name: query.get('name') ?? '',
    bootMACAddress: query.get('mac') ?? undefined,
    ips: query.getAll('ip'),
  });
  return NextResponse.json({ fields: conflictFieldErrors(conflicts), ips: conflicts.ips }, { headers: { 'Cache-Control': 'no-store' } });
});
