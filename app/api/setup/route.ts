import { json, sessionRoute } from '@/server/route';
import { createProvisioning, readSetupStatus } from '@/server/setup';

export const dynamic = 'force-dynamic';

export const GET = sessionRoute({ mutating: false, context: 'read the provisioning setup' }, async ({ kc }) => json(await readSetupStatus(kc)));

/** Create the Provisioning CR (the body is ignored: there is exactly one valid CR for UPI). */
export const POST = sessionRoute({ mutating: true, context: 'create the Provisioning CR' }, async ({ kc }) => json(await createProvisioning(kc)));
