import { sessionRoute } from '@/server/auth/route';
import { findRemoval } from '@/server/removal/flow';
import { sseResponse } from '@/server/sse';

export const dynamic = 'force-dynamic';

/**
 * The removal's live progress (Server-Sent Events, as the inventory's stream). Looking at a
 * removal recorded on the cluster but not running here (a restarted console) resumes it, with
 * the viewer's identity.
 */
export const GET = sessionRoute<{ namespace: string; name: string }>({ mutating: false, context: 'stream the removal' }, async ({ request, kc }, host) => {
  const flow = await findRemoval(kc, host);
  return sseResponse(request, (send) => {
    if (!flow) {
      send('none', {});
      return () => {};
    }
    return flow.subscribe((progress) => send('progress', progress));
  });
});
