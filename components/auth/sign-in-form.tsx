'use client';

import { useRouter } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import { signInSchema } from '@/lib/auth/sign-in';
import { ApiError, callApi } from './session-context';

/**
 * The sign-in page's choices: "Sign in with <provider>" when single sign-on is configured (a link:
 * the server redirects to the provider), then the bearer token to paste (token mode) or the
 * kubeconfig identity (kubeconfig mode, local use). `failure` and `notice` are fixed sentences the
 * page chose, never text from its URL.
 */
export function SignInForm({
  mode,
  next,
  failure,
  notice,
  provider,
}: {
  mode: 'token' | 'kubeconfig';
  next: string;
  failure?: string;
  notice?: string;
  provider?: { name: string; href: string };
}) {
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
    <div className="max-w-xl space-y-6">
      {notice && (
        <p role="status" className="rounded border border-slate-300 bg-slate-50 p-3 text-sm">
          {notice}
        </p>
      )}
      {failure && (
        <p role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-800">
          {failure}
        </p>
      )}
      {provider && (
        <div className="space-y-2">
          {/* A plain link: the browser follows the redirects to the provider's login page and back. */}
          <a href={provider.href} className="inline-block rounded bg-slate-900 px-4 py-2 text-white">
            Sign in with {provider.name}
          </a>
          <p className="text-sm text-slate-600">You sign in on your identity provider&apos;s own page; the cluster then decides what you may do.</p>
        </div>
      )}
      {provider && <h2 className="text-lg font-medium">{mode === 'token' ? 'Or paste a bearer token' : 'Or use this console\'s identity'}</h2>}
      <form onSubmit={submit} className="space-y-4" noValidate>
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
    </div>
  );
}
