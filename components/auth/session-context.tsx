'use client';

import { type ReactNode, createContext, useContext } from 'react';
import { signInPath } from '@/lib/paths';

interface SessionValue {
  username: string;
  csrfToken: string;
}

const SessionContext = createContext<SessionValue | undefined>(undefined);

export function SessionProvider({ value, children }: { value: SessionValue; children: ReactNode }) {
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside a signed-in page');
  return value;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields: Record<string, string> = {},
    /** The whole answer, for routes that report more than a message (e.g. what was rolled back). */
    readonly body: unknown = undefined,
  ) {
    super(message);
  }
}

/** fetch() for the console's own API: JSON in and out, the CSRF token on every mutating request. */
export async function callApi<T>(options: { method?: string; path: string; body?: unknown; csrfToken?: string }): Promise<T> {
  const method = options.method ?? 'GET';
  const response = await fetch(options.path, {
    method,
    cache: 'no-store',
    headers: {
      ...(options.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...(method !== 'GET' && options.csrfToken ? { 'X-CSRF-Token': options.csrfToken } : {}),
    },
    body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
  });
  const body = (await response.json().catch(() => ({}))) as { error?: string; fields?: Record<string, string> };
  // The session ended (signed out elsewhere, its token expired or was revoked at the provider):
  // sign in again and come back to this page. Not for the sign-in itself, whose 401 is about the token.
  if (response.status === 401 && options.path !== '/api/session') {
    window.location.assign(signInPath(`${window.location.pathname}${window.location.search}`));
  }
  if (!response.ok) throw new ApiError(response.status, body.error ?? `The console answered ${response.status}.`, body.fields, body);
  return body as T;
}
