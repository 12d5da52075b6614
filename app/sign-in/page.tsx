import { SignInForm } from '@/components/auth/sign-in-form';
import { signInFailureMessage } from '@/components/auth/sign-in-failures';
import { safeNextPath } from '@/lib/paths';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { LOGIN_PATH, LOGOUT_COOKIE, LOGOUT_PATH, oidcSettings } from '@/server/auth/oidc';
import { consoleEnv } from '@/server/env';

export const dynamic = 'force-dynamic';

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { next, failure, 'signed-out': signedOut } = await searchParams;
  const nextPath = safeNextPath(next);
  const sso = oidcSettings();
  // A sign-out whose provider logout is still to do (the page that signed out was replaced first).
  const store = await cookies();
  if (sso && (store.has(LOGOUT_COOKIE) || store.has(`__Host-${LOGOUT_COOKIE}`))) redirect(LOGOUT_PATH);
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Sign in</h1>
      <SignInForm
        mode={consoleEnv().CONSOLE_AUTH_MODE}
        next={nextPath}
        failure={signInFailureMessage(failure)}
        notice={signedOut === '1' ? `You are signed out of the console${sso?.openid ? ` and of ${sso.providerName}` : ''}.` : undefined}
        provider={sso ? { name: sso.providerName, href: `${LOGIN_PATH}?next=${encodeURIComponent(nextPath)}` } : undefined}
      />
    </div>
  );
}
