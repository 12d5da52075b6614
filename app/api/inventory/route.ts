import { NextResponse } from 'next/server';
import { sessionRoute } from '@/server/auth/route';
import { hubFor } from '@/server/watch/inventory-hub';

export const dynamic = 'force-dynamic';

/** Hosts and nodes as the user may see them, from the watch cache (no LIST per request). */
export const GET = sessionRoute({ mutating: false, context: 'read the inventory' }, async ({ session }) => {
  return NextResponse.json(await hubFor(session).snapshot(), { headers: { 'Cache-Control': 'no-store' } });
});
