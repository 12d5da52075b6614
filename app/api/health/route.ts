import { isStopping } from '@/server/health';
import { json } from '@/server/route';

export const dynamic = 'force-dynamic';

/** GET /api/health: `{ ok: true }` (200) while serving; 503 while shutting down. No session needed. */
export function GET(): Response {
  return isStopping() ? json({ ok: false, reason: 'shutting down' }, 503) : json({ ok: true });
}
