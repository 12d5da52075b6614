import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { headers } from 'next/headers';
import { SessionProvider } from '@/components/auth/session-context';
import { NonceProvider } from '@/components/providers/nonce';
import { SignOutButton } from '@/components/layout/sign-out-button';
import { QueryProvider } from '@/components/providers/query-provider';
import { sessionFromCookies } from '@/server/auth/request';
import './globals.css';

export const metadata: Metadata = {
  title: 'Bare Metal Console',
  description: 'Scale a user-provisioned bare-metal OpenShift cluster with the Bare Metal Operator.',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const session = await sessionFromCookies();
  const nonce = (await headers()).get('x-nonce') ?? undefined;
  const page = <main className="mx-auto max-w-[1600px] px-6 py-6">{children}</main>;
  return (
    <html lang="en">
      <body>
        <header className="flex items-center gap-6 border-b border-slate-300 bg-slate-900 px-6 py-3 text-white">
          <p className="text-lg font-semibold">Bare Metal Console</p>
          {session && (
            <>
              <nav aria-label="Main" className="flex gap-4">
                <Link href="/" className="underline">
                  Inventory
                </Link>
                <Link href="/csrs" className="underline">
                  CSRs
                </Link>
                <Link href="/setup" className="underline">
                  Provisioning setup
                </Link>
              </nav>
              <p className="ml-auto text-sm">
                Signed in as <span className="font-medium">{session.username}</span>
              </p>
            </>
          )}
          {session && (
            <SessionProvider value={{ username: session.username, csrfToken: session.csrf }}>
              <SignOutButton />
            </SessionProvider>
          )}
        </header>
        <NonceProvider nonce={nonce}>
          <QueryProvider>
            {session ? <SessionProvider value={{ username: session.username, csrfToken: session.csrf }}>{page}</SessionProvider> : page}
          </QueryProvider>
        </NonceProvider>
      </body>
    </html>
  );
}
