import { validateNmstate } from '@/lib/nmstate/validate';
import { z } from '@/lib/zod';
import { NMSTATECTL_MAX_BYTES } from '@/server/nmstate/nmstatectl';
import { foundNmstatectl, nmstateVerdict } from '@/server/nmstate/verdict';
import { json, sessionRoute } from '@/server/route';

export const dynamic = 'force-dynamic';

/**
 * The wizard's live check of a static network config by nmstate itself (`nmstatectl gc`), as the
 * user edits it: `{ problem?, line? }`, or `{ unchecked }` saying why only the console's rules
 * check configs on this server. The console's own rules run first (their first problem is the
 * answer, nmstatectl is not run). Reads nothing from the cluster and changes nothing; signed-in
 * users only (it runs a process), with the CSRF check of every POST.
 */
export const POST = sessionRoute(
  {
    mutating: true,
    context: 'check the network config with nmstate',
    body: z.object({ document: z.string().min(1, 'The network config is empty.') }),
    maxBodyBytes: NMSTATECTL_MAX_BYTES + 1024,
  },
  async ({ body }) => {
    // The console's own rules first, as the wizard applies them before asking: a document they
    // refuse (not YAML, no interfaces, …) never reaches a process.
    const own = validateNmstate(body.document).issues[0];
    if (own) return json({ problem: own.message, ...(own.line ? { line: own.line } : {}) });
    const found = await foundNmstatectl();
    if (!found.available) return json({ unchecked: `Only the console's rules check this config: ${found.message}` });
    return json(await nmstateVerdict(body.document));
  },
);
