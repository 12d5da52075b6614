import { NextResponse } from 'next/server';
import { sessionRoute } from '@/server/auth/route';
import { createProvisioning, readSetupStatus } from '@/server/setup';

export const dynamic = 'force-dynamic';

export const GET = sessionRoute({ mutating: false, context: 'read the provisioning setup' }, async ({ kc }) =>
  NextResponse.json(await readSetupStatus(kc), { headers: { 'Cache-Control': 'no-store' } }),
);

/** Create the Provisioning CR (the body is ignored: there is exactly one valid CR for UPI). */
export const POST = sessionRoute({ mutating: true, context: 'create the Provisioning CR' }, async ({ kc }) =>
  NextResponse.json(await createProvisioning(kc)),
);
