'use client';

import type { ActionOutcome } from '@/lib/day2/actions';
import { StatusBadge } from '@/components/ui/status-badge';

/** An outcome's result as a badge: its tone, and the word that says it without the colour. */
export const RESULT_TONE = { ok: 'ok', noop: 'idle', refused: 'warning', failed: 'error' } as const;
export const RESULT_WORD = { ok: 'Done', noop: 'Nothing to do', refused: 'Refused', failed: 'Failed' } as const;

/**
 * What an action answered: its result in words, BMO's part still to come, and whether its Event was
 * recorded (and why not). `named` says which host it was about, where several are shown (the inventory).
 */
export function OutcomeNote({ outcome, named = false }: { outcome: ActionOutcome; named?: boolean }) {
  return (
    <div role="status" className="space-y-1 rounded border border-slate-300 p-2 text-sm">
      <p>
        <StatusBadge tone={RESULT_TONE[outcome.result]} label={RESULT_WORD[outcome.result]} /> {named ? `Host ${outcome.host.name}: ` : ''}
        {outcome.message}
      </p>
      {outcome.event.recorded ? (
        outcome.event.note ? (
          <p className="text-slate-700">{outcome.event.note}</p>
        ) : (
          <p className="text-slate-700">Recorded as an Event on the host{outcome.action.startsWith('maintenance') || outcome.action.startsWith('power') || outcome.action === 'restart' ? ' and its node' : ''}.</p>
        )
      ) : (
        <p className="text-amber-900">{outcome.event.note ?? 'No Event was recorded.'}</p>
      )}
    </div>
  );
}
