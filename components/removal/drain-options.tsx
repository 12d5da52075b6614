'use client';

import { CheckboxField, TextField } from '@/components/ui/field';
import { type DrainOptions, OPTION_NAMES } from '@/lib/drain/plan';
import { parseNumberOrText } from '@/lib/format/number';

/** What the user typed for a drain, as oc adm drain names its options. */
export interface DrainOptionsDraft {
  drain: DrainOptions;
  grace: string;
  timeout: string;
}

export const emptyDrainOptions = (): DrainOptionsDraft => ({ drain: { force: false, deleteEmptyDirData: false }, grace: '', timeout: '' });

/** The draft as removalOptionsSchema (or maintenance's) reads it: numbers parsed, empty fields left out. */
export function drainOptionsInput(draft: DrainOptionsDraft) {
  return { ...draft.drain, gracePeriodSeconds: parseNumberOrText(draft.grace), timeoutSeconds: parseNumberOrText(draft.timeout) };
}

/** The drain's options (force, delete emptyDir data, grace period, timeout), shared by removal and maintenance. */
export function DrainOptionsFieldset({
  idPrefix,
  value,
  onChange,
  errors,
}: {
  idPrefix: string;
  value: DrainOptionsDraft;
  onChange: (next: DrainOptionsDraft) => void;
  errors: Record<string, string>;
}) {
  return (
    <fieldset className="grid grid-cols-2 gap-3">
      <legend className="font-semibold">Drain options (as oc adm drain)</legend>
      <CheckboxField
        id={`${idPrefix}-force`}
        label={OPTION_NAMES.force}
        checked={value.drain.force}
        onChange={(force) => onChange({ ...value, drain: { ...value.drain, force } })}
        hint="Also remove pods no controller will bring back."
      />
      <CheckboxField
        id={`${idPrefix}-emptydir`}
        label={OPTION_NAMES.deleteEmptyDirData}
        checked={value.drain.deleteEmptyDirData}
        onChange={(deleteEmptyDirData) => onChange({ ...value, drain: { ...value.drain, deleteEmptyDirData } })}
        hint="Also remove pods with emptyDir volumes; their data is lost."
      />
      <TextField id={`${idPrefix}-grace`} label="Grace period (seconds, optional)" value={value.grace} onChange={(grace) => onChange({ ...value, grace })} error={errors.gracePeriodSeconds} hint="Each pod's own when empty." />
      <TextField id={`${idPrefix}-timeout`} label="Drain timeout (seconds, optional)" value={value.timeout} onChange={(timeout) => onChange({ ...value, timeout })} error={errors.timeoutSeconds} hint="No limit when empty." />
      <p className="col-span-2 text-xs text-slate-600">DaemonSet-managed pods are always ignored (--ignore-daemonsets).</p>
    </fieldset>
  );
}
