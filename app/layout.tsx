import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { QueryProvider } from '@/components/providers/query-provider';
import './globals.css';

export const metadata: Metadata = {
  title: 'Bare Metal Console',
  description: 'Scale a user-provisioned bare-metal OpenShift cluster with the Bare Metal Operator.',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header className="border-b border-slate-300 bg-slate-900 px-6 py-3 text-white">
          <p className="text-lg font-semibold">Bare Metal Console</p>
        </header>
        <QueryProvider>
          <main className="mx-auto max-w-6xl px-6 py-6">{children}</main>
        </QueryProvider>
      </body>
    </html>
  );
}
