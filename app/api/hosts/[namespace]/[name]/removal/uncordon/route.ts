import { NextResponse } from 'next/server';
import { jsonError, sessionRoute } from '@/server/auth/route';
import { RemovalRefusal, uncordonNode } from '@/server/removal/flow';

export const dynamic = 'force-dynamic';

/** After a cancelled removal: make the host's node schedulable again. */
export const POST = sessionRoute<{ namespace: string; name: string }>({ mutating: true, context: 'uncordon the node' }, async ({ kc }, host) => {
  try {
    await uncordonNode(kc, host);
    return NextResponse.json({ uncordoned: true });
  } catch (error) {
    if (error instanceof RemovalRefusal) return jsonError(409, error.message);
    throw error;
  }
});
