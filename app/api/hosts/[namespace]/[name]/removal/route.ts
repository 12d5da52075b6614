import { NextResponse } from 'next/server';
import { fieldErrors } from '@/lib/validation';
import { removalOptionsSchema } from '@/lib/removal/progress';
import { jsonError, sessionRoute } from '@/server/auth/route';
import { RemovalRefusal, cancelRemoval, readRemovalTarget, startRemoval } from '@/server/removal/flow';
import { hubFor } from '@/server/watch/inventory-hub';

export const dynamic = 'force-dynamic';

type Params = { namespace: string; name: string };

/** What removing the host involves: its node, the node's pods (for the drain plan) and any removal already recorded. */
export const GET = sessionRoute<Params>({ mutating: false, context: 'read the removal plan' }, async ({ session, kc }, host) =>
  NextResponse.json(await readRemovalTarget(kc, hubFor(session), host), { headers: { 'Cache-Control': 'no-store' } }),
);

/** Start (or retry) the removal with the dialog's options; the server checks the plan again. */
export const POST = sessionRoute<Params>({ mutating: true, context: 'start the removal' }, async ({ request, session, kc }, host) => {
  const parsed = removalOptionsSchema.safeParse(await request.json().catch(() => undefined));
  if (!parsed.success) return jsonError(422, 'Fix the options marked below.', { fields: fieldErrors(parsed.error) });
  try {
    const flow = await startRemoval(kc, { hub: hubFor(session), host, removal: parsed.data, requestedBy: session.username });
    return NextResponse.json(flow.progress, { status: 202 });
  } catch (error) {
    if (error instanceof RemovalRefusal) return jsonError(422, error.message);
    throw error;
  }
});

/** Cancel: the flow stops before its next step; the node stays cordoned until the user uncordons it. */
export const DELETE = sessionRoute<Params>({ mutating: true, context: 'cancel the removal' }, async ({ kc }, host) => {
  const progress = await cancelRemoval(kc, host);
  return progress ? NextResponse.json(progress) : jsonError(404, `No removal of host ${host.name} is in progress.`);
});
