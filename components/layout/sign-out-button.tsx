'use client';

import { useRouter } from 'next/navigation';
import { callApi, useSession } from '@/components/auth/session-context';
import { beginSignOut, endSignOut } from '@/components/auth/signing-out';

export function SignOutButton() {
  const { csrfToken } = useSession();
  const router = useRouter();
  return (
    <button
      type="button"
      className="rounded border border-white px-2 py-1 text-sm"
      onClick={async () => {
        beginSignOut();
        let answer: { logoutPath?: string };
        try {
          answer = await callApi<{ logoutPath?: string }>({ method: 'DELETE', path: '/api/session', csrfToken });
        } catch (error) {
          endSignOut();
          throw error;
        }
        // Single sign-on: on to the provider to end its session too; it sends the browser back to sign-in.
        if (answer.logoutPath) {
          window.location.assign(answer.logoutPath);
          return;
        }
        router.replace('/sign-in');
        router.refresh();
      }}
    >
      Sign out
    </button>
  );
}
