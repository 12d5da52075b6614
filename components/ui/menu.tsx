'use client';

import Link from 'next/link';
import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';

export type MenuItem =
  | { label: string; href: string }
  | { label: string; onSelect: () => void; disabledReason?: string; danger?: boolean };

/**
 * A menu button (WAI-ARIA APG menu button pattern): the button opens a list of actions; arrow
 * keys, Home and End move between them, Enter or Space runs one, Escape closes the menu and puts
 * focus back on the button, Tab leaves it. `id` is the button's, for focus to come back to. A disabled item stays in the list with its reason as
 * its description, so keyboard and screen-reader users learn why.
 */
export function MenuButton({ id: buttonId, label, buttonText, items }: { id?: string; label: string; buttonText: string; items: readonly MenuItem[] }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const id = useId();

  const entries = () => [...(list.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
  const focusAt = (index: number) => {
    const all = entries();
    all[(index + all.length) % all.length]?.focus();
  };

  useEffect(() => {
    if (!open) return;
    list.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const outside = (event: PointerEvent) => {
      if (!list.current?.contains(event.target as Node) && !button.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', outside);
    return () => document.removeEventListener('pointerdown', outside);
  }, [open]);

  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) button.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    const all = entries();
    const index = all.indexOf(document.activeElement as HTMLElement);
    const moves: Record<string, () => void> = {
      ArrowDown: () => focusAt(index + 1),
      ArrowUp: () => focusAt(index - 1),
      Home: () => focusAt(0),
      End: () => focusAt(all.length - 1),
      Escape: () => close(true),
      Tab: () => setOpen(false),
    };
    const move = moves[event.key];
    if (!move) return;
    if (event.key !== 'Tab') event.preventDefault();
    move();
  };

  return (
    <div className="relative inline-block">
      <button
        ref={button}
        id={buttonId}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        aria-label={label}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
            event.preventDefault();
            setOpen(true);
          }
        }}
        className="rounded border border-slate-400 px-2 py-0.5 text-xs"
      >
        {buttonText} <span aria-hidden="true">▾</span>
      </button>
      {open ? (
        <ul ref={list} id={id} role="menu" aria-label={label} onKeyDown={onKeyDown} className="absolute right-0 z-20 mt-1 w-80 max-w-[90vw] rounded border border-slate-400 bg-white py-1 text-sm shadow-lg">
          {items.map((item, index) => (
            <li key={item.label} role="none">
              {'href' in item ? (
                <Link href={item.href} role="menuitem" tabIndex={-1} onClick={() => setOpen(false)} className="block px-3 py-1.5 text-blue-900 hover:bg-slate-100 focus:bg-slate-100 focus:outline-none">
                  {item.label}
                </Link>
              ) : (
                <button
                  type="button"
                  role="menuitem"
                  tabIndex={-1}
                  aria-disabled={item.disabledReason ? true : undefined}
                  aria-label={item.disabledReason ? item.label : undefined}
                  aria-describedby={item.disabledReason ? `${id}-reason-${index}` : undefined}
                  onClick={() => {
                    if (item.disabledReason) return;
                    setOpen(false);
                    item.onSelect();
                  }}
                  className={`block w-full px-3 py-1.5 text-left hover:bg-slate-100 focus:bg-slate-100 focus:outline-none aria-disabled:cursor-not-allowed aria-disabled:text-slate-500 ${item.danger ? 'text-red-900' : ''}`}
                >
                  {item.label}
                  {item.disabledReason ? (
                    <span id={`${id}-reason-${index}`} className="block text-xs text-slate-600">
                      {item.disabledReason}
                    </span>
                  ) : null}
                </button>
              )}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
