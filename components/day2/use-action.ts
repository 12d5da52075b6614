'use client';

import { useMutation } from '@tanstack/react-query';
import { ApiError, callApi, useSession } from '@/components/auth/session-context';
import { type ActionOutcome, actionOutcomeSchema } from '@/lib/day2/actions';

/**
 * One day-2 request from the browser: the CSRF token, the answer read as an ActionOutcome whether
 * the action was done, was already so, or was refused (a refusal's answer carries the outcome
 * too, with its Event). What BMO then does arrives through the live stream, never by polling.
 */
export function useDay2Action<B>(options: { method?: 'POST' | 'DELETE'; path: string; onDone?: (outcome: ActionOutcome) => void }) {
  const { csrfToken } = useSession();
  return useMutation<ActionOutcome, Error, B | undefined>({
    mutationFn: async (body) => {
      try {
        return actionOutcomeSchema.parse(await callApi({ method: options.method ?? 'POST', path: options.path, ...(body !== undefined ? { body } : {}), csrfToken }));
      } catch (error) {
        // A refusal answers the outcome as well (its message, and whether its Event was recorded).
        if (error instanceof ApiError) {
          const outcome = actionOutcomeSchema.safeParse(error.body);
          if (outcome.success) return outcome.data;
        }
        throw error;
      }
    },
    onSuccess: (outcome) => options.onDone?.(outcome),
  });
}

/** Field errors of a refused request (422 with `fields`), or none. */
export function fieldErrorsOf(error: Error | null): Record<string, string> {
  return error instanceof ApiError ? error.fields : {};
}

/** A fresh operation id (hex of 16 random bytes): a retried submission of the same form finds what its first try made. */
export function newOperationId(): string {
  return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
}
