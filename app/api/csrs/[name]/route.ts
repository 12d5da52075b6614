import { NextResponse } from 'next/server';
import { csrDecisionSchema } from '@/lib/csr/view';
import { jsonError, sessionRoute } from '@/server/auth/route';
import { decideCsr } from '@/server/csr';
import { hubFor } from '@/server/watch/inventory-hub';

export const dynamic = 'force-dynamic';

/** Approve or deny one CSR (the checks run again here). */
export const POST = sessionRoute<{ name: string }>({ mutating: true, context: 'decide on a CSR' }, async ({ request, kc, session }, { name }) => {
  const parsed = csrDecisionSchema.safeParse(await request.json().catch(() => undefined));
  if (!parsed.success) return jsonError(400, 'Say approve or deny.');
  const result = await decideCsr(kc, { name, ...parsed.data, session, inventory: await hubFor(session).snapshot() });
  return NextResponse.json(result);
});
