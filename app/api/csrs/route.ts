import { NextResponse } from 'next/server';
import { sessionRoute } from '@/server/auth/route';
import { listCsrs } from '@/server/csr';
import { hubFor } from '@/server/watch/inventory-hub';

export const dynamic = 'force-dynamic';

/** Every CSR with the console's checks, computed here with the user's view of hosts and nodes. */
export const GET = sessionRoute({ mutating: false, context: 'list certificate signing requests' }, async ({ session }) =>
  NextResponse.json({ csrs: await listCsrs(hubFor(session)) }, { headers: { 'Cache-Control': 'no-store' } }),
);
