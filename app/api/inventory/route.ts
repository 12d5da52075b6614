import { snapshotJson } from '@/server/json-text';
import { json, sessionRoute } from '@/server/route';
import { hubFor } from '@/server/watch/inventory-hub';

export const dynamic = 'force-dynamic';

/** Hosts and nodes as the user may see them, from the watch cache (no LIST per request). */
export const GET = sessionRoute({ mutating: false, context: 'read the inventory' }, async ({ session }) => json(snapshotJson(await hubFor(session).snapshot())));
