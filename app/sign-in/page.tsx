import { SignInForm } from '@/components/auth/sign-in-form';
import { safeNextPath } from '@/lib/paths';
import { consoleEnv } from '@/server/env';

export const dynamic = 'force-dynamic';

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { next } = await searchParams;
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Sign in</h1>
      <SignInForm mode={consoleEnv().CONSOLE_AUTH_MODE} next={safeNextPath(next)} />
    </div>
  );
}
