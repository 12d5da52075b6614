'use client';

import { type ReactNode, useEffect, useId, useRef } from 'react';

/**
 * A modal dialog for one day-2 action (the browser's own <dialog>: focus moves in and back, Escape
 * closes it): its title, what it will do and the consequences, the equivalent oc command, and the
 * buttons. Rendered only while open, so its content reads fresh data each time.
 *
 * `onClose` is called only when the user closes it (Escape, the browser's own close): a dialog
 * closed because `open` went false (the parent opened another dialog in its place, as power off's
 * "Start maintenance first" does) must not answer with an `onClose` that would close that other one.
 */
export function ActionDialog({ title, open, onClose, children }: { title: string; open: boolean; onClose: () => void; children: ReactNode }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  // Whether the parent still wants it open, for the close event (which comes after the render that closed it).
  const wanted = useRef(open);
  useEffect(() => {
    wanted.current = open;
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);
  return (
    <dialog ref={dialog} aria-labelledby={titleId} onClose={() => (wanted.current ? onClose() : undefined)} className="m-auto max-h-[90vh] w-full max-w-3xl overflow-auto rounded p-6 backdrop:bg-black/40">
      {open ? (
        <div className="space-y-4">
          <h2 id={titleId} className="text-xl font-semibold">
            {title}
          </h2>
          {children}
        </div>
      ) : null}
    </dialog>
  );
}

/** The oc command(s) that do the same, as an administrator would type them (or another command, with its label): a figure named by its caption. */
export function OcCommand({ command, label }: { command: string; label?: string }) {
  const id = useId();
  return (
    <figure aria-labelledby={id} className="space-y-1">
      <figcaption id={id} className="text-sm font-medium">
        {label ?? `Equivalent oc command${command.includes('\n') ? 's' : ''}`}
      </figcaption>
      {/* Wrapped, never scrolled: a scrolling region would need keyboard focus of its own. */}
      <pre className="whitespace-pre-wrap break-all rounded bg-slate-900 p-2 text-xs text-slate-50">{command}</pre>
    </figure>
  );
}

/** The dialog's buttons: the action (disabled with the reason shown beside it) and a way out that changes nothing. */
export function DialogButtons({
  confirmLabel,
  pendingLabel,
  pending,
  blockedReason,
  onConfirm,
  onCancel,
  cancelLabel = 'Cancel',
  danger = false,
}: {
  confirmLabel: string;
  pendingLabel: string;
  pending: boolean;
  blockedReason?: string;
  onConfirm: () => void;
  onCancel: () => void;
  cancelLabel?: string;
  danger?: boolean;
}) {
  const reasonId = useId();
  return (
    <div className="flex flex-wrap items-center gap-3">
      <button
        type="button"
        onClick={onConfirm}
        disabled={Boolean(blockedReason) || pending}
        aria-describedby={blockedReason ? reasonId : undefined}
        className={`rounded px-4 py-2 text-white disabled:opacity-60 ${danger ? 'bg-red-800' : 'bg-slate-900'}`}
      >
        {pending ? pendingLabel : confirmLabel}
      </button>
      <button type="button" onClick={onCancel} className="rounded border border-slate-400 px-4 py-2">
        {cancelLabel}
      </button>
      {blockedReason ? (
        <p id={reasonId} className="text-sm text-slate-700">
          {blockedReason}
        </p>
      ) : null}
    </div>
  );
}
