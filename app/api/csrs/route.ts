import { listCsrs } from '@/server/csr';
import { json, sessionRoute } from '@/server/route';
import { hubFor } from '@/server/watch/inventory-hub';

export const dynamic = 'force-dynamic';

/** Every CSR with the console's checks, computed here with the user's view of hosts and nodes. */
export const GET = sessionRoute({ mutating: false, context: 'list certificate signing requests' }, async ({ session }) => json({ csrs: await listCsrs(hubFor(session)) }));
