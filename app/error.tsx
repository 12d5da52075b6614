'use client';

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="space-y-3">
      <h1 className="text-xl font-semibold">The console could not read the cluster</h1>
      <p>{error.message}</p>
      <button type="button" onClick={reset} className="rounded bg-slate-900 px-3 py-1.5 text-white">
        Try again
      </button>
    </div>
  );
}
