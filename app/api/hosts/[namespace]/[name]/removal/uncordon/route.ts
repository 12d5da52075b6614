import { NextResponse } from 'next/server';
import { jsonError, sessionRoute } from '@/server/auth/route';
import { RemovalRefusal, uncordonNode } from '@/server/removal/flow';
import { hubFor } from '@/server/watch/inventory-hub';

export const dynamic = 'force-dynamic';

/** After a cancelled removal: make the host's node schedulable again. */
export const POST = sessionRoute<{ namespace: string; name: string }>({ mutating: true, context: 'uncordon the node' }, async ({ session, kc }, host) => {
  try {
    await uncordonNode(kc, { hub: hubFor(session), host });
    return NextResponse.json({ uncordoned: true });
  } catch (error) {
    if (error instanceof RemovalRefusal) return jsonError(409, error.message);
    throw error;
  }
});
