'use client';

import { useRouter } from 'next/navigation';
import { callApi, useSession } from '@/components/auth/session-context';

export function SignOutButton() {
  const { csrfToken } = useSession();
  const router = useRouter();
  return (
    <button
      type="button"
      className="rounded border border-white px-2 py-1 text-sm"
      onClick={async () => {
        await callApi({ method: 'DELETE', path: '/api/session', csrfToken });
        router.replace('/sign-in');
        router.refresh();
      }}
    >
      Sign out
    </button>
  );
}
