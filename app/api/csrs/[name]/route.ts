import { csrDecisionSchema } from '@/lib/csr/view';
import { pathSegmentNameSchema } from '@/lib/k8s/names';
import { decideCsr } from '@/server/csr';
import { json, sessionRoute } from '@/server/route';
import { hubFor } from '@/server/watch/inventory-hub';

export const dynamic = 'force-dynamic';

/** Approve or deny one CSR (the checks run again here). */
export const POST = sessionRoute(
  { mutating: true, context: 'decide on a CSR', params: pathSegmentNameSchema, body: csrDecisionSchema, bodyMessage: 'Say approve or deny.' },
  async ({ kc, session, body }, { name }) => json(await decideCsr(kc, { name, ...body, decidedBy: session.username, hub: hubFor(session) })),
);
