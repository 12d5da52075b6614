import type { StatusTone } from '@/lib/metal3/host-status';

const TONES: Record<StatusTone, { className: string; symbol: string; word: string }> = {
  ok: { className: 'bg-green-50 text-green-900 border-green-700', symbol: '●', word: 'OK' },
  progress: { className: 'bg-blue-50 text-blue-900 border-blue-700', symbol: '◐', word: 'In progress' },
  idle: { className: 'bg-slate-50 text-slate-900 border-slate-500', symbol: '○', word: 'Idle' },
  warning: { className: 'bg-amber-50 text-amber-950 border-amber-700', symbol: '▲', word: 'Warning' },
  error: { className: 'bg-red-50 text-red-900 border-red-700', symbol: '✖', word: 'Error' },
};

/** Status in words, with a shape as well as a colour: never colour alone. */
export function StatusBadge({ tone, label }: { tone: StatusTone; label: string }) {
  const style = TONES[tone];
  return (
    <span className={`inline-flex items-center gap-1 rounded border px-1.5 py-0.5 text-xs font-medium ${style.className}`}>
      <span aria-hidden="true">{style.symbol}</span>
      <span className="sr-only">{style.word}: </span>
      {label}
    </span>
  );
}
