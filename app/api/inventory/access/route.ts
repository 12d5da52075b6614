import { day2AccessQuerySchema } from '@/lib/day2/page';
import { day2AccessOf } from '@/server/day2/view';
import { Refusal } from '@/server/errors';
import { json, sessionRoute } from '@/server/route';

export const dynamic = 'force-dynamic';

/**
 * What the signed-in user may do to the hosts of `?namespace=` (the inventory's row menus and bulk
 * actions disable what RBAC refuses, with the reason): `{access: {<action>: {allowed, reason?}}, events, remove}`,
 * from SelfSubjectAccessReviews (cached 30 s per user). The apiserver's answer to the action itself still counts.
 */
export const GET = sessionRoute({ mutating: false, context: 'read what you may do to these hosts' }, async ({ request, session, kc }) => {
  const query = day2AccessQuerySchema.safeParse({ namespace: new URL(request.url).searchParams.get('namespace') ?? '' });
  if (!query.success) throw new Refusal(400, query.error.issues[0]?.message ?? 'Name a namespace.');
  const { access, events, remove } = await day2AccessOf(kc, { session, namespace: query.data.namespace });
  return json({ access, events, remove });
});
