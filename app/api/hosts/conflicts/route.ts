import { conflictFieldErrors, joinsAs } from '@/lib/enroll/conflicts';
import { findEnrollmentConflicts } from '@/server/enroll';
import { json, sessionRoute } from '@/server/route';
import { hubFor } from '@/server/watch/inventory-hub';

export const dynamic = 'force-dynamic';

/**
 * The wizard asks as the user types: is the name, the boot MAC, a static IP or the node a new worker
 * joins as (`joinsAs`: its expected node name, empty for its host name; absent for an existing
 * host) already someone's?
 */
export const GET = sessionRoute({ mutating: false, context: 'check the enrollment for conflicts' }, async ({ request, session }) => {
  const query = new URL(request.url).searchParams;
  const name = (query.get('name') ?? '').slice(0, 253);
  const node = query.get('joinsAs')?.slice(0, 253);
  const conflicts = await findEnrollmentConflicts(hubFor(session), {
    name,
    ...(node === undefined ? {} : { joinsAs: joinsAs({ kind: 'static', name, ...(node ? { expectedNodeName: node } : {}) }) }),
    bootMACAddress: query.get('mac')?.slice(0, 64) ?? undefined,
    ips: query.getAll('ip').slice(0, 64).map((ip) => ip.slice(0, 64)),
  });
  return json({ fields: conflictFieldErrors(conflicts), ips: conflicts.ips });
});
