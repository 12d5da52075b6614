import { NextResponse } from 'next/server';
import { sessionRoute } from '@/server/auth/route';
import { type DecisionResult, decideCsr, listCsrs } from '@/server/csr';
import { ClusterError } from '@/server/errors';
import { hubFor } from '@/server/watch/inventory-hub';

export const dynamic = 'force-dynamic';

/** "Approve all that pass": every pending CSR whose checks all pass, oldest first. */
export const POST = sessionRoute({ mutating: true, context: 'approve the CSRs that pass' }, async ({ kc, session }) => {
  const hub = hubFor(session);
  const inventory = await hub.snapshot();
  const passing = (await listCsrs(hub))
    .filter((csr) => csr.condition === 'Pending' && csr.assessment.passes)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const results: (DecisionResult | { name: string; error: string })[] = [];
  for (const csr of passing) {
    try {
      results.push(await decideCsr(kc, { name: csr.name, decision: 'approve', session, inventory }));
    } catch (error) {
      if (!(error instanceof ClusterError)) throw error;
      results.push({ name: csr.name, error: error.userMessage });
    }
  }
  return NextResponse.json({ results });
});
