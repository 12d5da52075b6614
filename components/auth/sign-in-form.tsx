'use client';

import { useRouter } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import { signInSchema } from '@/lib/auth/sign-in';
import { ApiError, callApi } from './session-context';

export function SignInForm({ mode, next }: { mode: 'token' | 'kubeconfig'; next: string }) {
  const router = useRouter();
  const [token, setToken] = useState('');
  const [fieldError, setFieldError] = useState<string>();
  const [formError, setFormError] = useState<string>();
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFieldError(undefined);
    setFormError(undefined);
    const body = mode === 'token' ? { token } : {};
    const parsed = signInSchema.safeParse(body);
    if (!parsed.success) {
      setFieldError(parsed.error.issues[0]?.message);
      return;
    }
    if (mode === 'token' && !token.trim()) {
      setFieldError('Paste a bearer token.');
      return;
    }
    setPending(true);
    try {
      await callApi({ method: 'POST', path: '/api/session', body: parsed.data });
      router.replace(next);
      router.refresh();
    } catch (error) {
      if (error instanceof ApiError && error.fields.token) setFieldError(error.fields.token);
      else setFormError((error as Error).message);
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={submit} className="max-w-xl space-y-4" noValidate>
      {mode === 'token' ? (
        <div className="space-y-1">
          <label htmlFor="token" className="block font-medium">
            Bearer token
          </label>
          <p id="token-help" className="text-sm text-slate-600">
            For example the output of <code>oc whoami -t</code>. It stays on the console&apos;s server.
          </p>
          <textarea
            id="token"
            name="token"
            rows={3}
            value={token}
            onChange={(e) => setToken(e.target.value)}
            aria-invalid={fieldError ? true : undefined}
            aria-describedby={fieldError ? 'token-help token-error' : 'token-help'}
            autoComplete="off"
            spellCheck={false}
            className="w-full rounded border border-slate-400 p-2 font-mono text-sm"
          />
          {fieldError && (
            <p id="token-error" role="alert" className="text-sm text-red-700">
              {fieldError}
            </p>
          )}
        </div>
      ) : (
        <p>This console uses its kubeconfig&apos;s identity (local use only).</p>
      )}
      {formError && (
        <p role="alert" className="text-sm text-red-700">
          {formError}
        </p>
      )}
      <button type="submit" disabled={pending} className="rounded bg-slate-900 px-4 py-2 text-white disabled:opacity-60">
        {pending ? 'Signing in…' : mode === 'token' ? 'Sign in' : 'Continue with the kubeconfig identity'}
      </button>
    </form>
  );
}
