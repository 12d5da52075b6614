'use client';

import Link from 'next/link';
import { OcCommand } from '@/components/day2/action-dialog';
import { useNow } from '@/components/ui/use-now';
import { guidanceInputOf } from '@/lib/day2/facts';
import { type GuidanceOffer, hostGuidance } from '@/lib/day2/guidance';
import type { HostDetails } from '@/lib/metal3/host-details';

/** The offers the actions panel can carry out itself (it opens the matching confirmation). */
export type PanelOffer = Extract<GuidanceOffer, { kind: 'bmc-change' | 'reinspect' | 'remove' | 'attach' | 'power-cycle' }>['kind'];

/**
 * What happened to the host, in words, and the way out (lib/day2/guidance.ts): the console's own
 * actions as buttons (the panel opens their confirmation), links (another host, the wizard
 * pre-filled), and oc commands where only an administrator at a terminal can help. Re-read every
 * 30 s, so a host that stays too long in a state is called out without a reload.
 */
export function HostGuidance({ host, onOffer, removeButton }: { host: HostDetails; onOffer: (kind: PanelOffer) => void; removeButton: (label: string) => React.ReactNode }) {
  const now = useNow(30_000);
  const guidance = hostGuidance(guidanceInputOf(host, now));
  if (!guidance) return null;
  const error = guidance.tone === 'error';
  return (
    <section
      aria-labelledby="guidance-heading"
      role={error ? 'alert' : 'status'}
      className={`space-y-2 rounded border p-3 ${error ? 'border-red-700 bg-red-50 text-red-950' : 'border-amber-700 bg-amber-50 text-amber-950'}`}
    >
      <h3 id="guidance-heading" className="font-semibold">
        <span aria-hidden="true">{error ? '✖ ' : '▲ '}</span>
        {guidance.title}
      </h3>
      <p>{guidance.explanation}</p>
      <div className="flex flex-wrap items-start gap-3">
        {guidance.offers.map((offer) => {
          switch (offer.kind) {
            case 'link':
              return (
                <Link key={offer.label} href={offer.href} className="rounded border border-slate-600 bg-white px-3 py-1.5 text-blue-900 underline">
                  {offer.label}
                </Link>
              );
            case 'oc':
              return (
                <div key={offer.label} className="w-full">
                  <OcCommand label={offer.label} command={offer.command} />
                </div>
              );
            case 'remove':
              return <span key={offer.label}>{removeButton(offer.label)}</span>;
            default:
              return (
                <button key={offer.label} type="button" onClick={() => onOffer(offer.kind)} className="rounded bg-slate-900 px-3 py-1.5 text-white">
                  {offer.label}
                </button>
              );
          }
        })}
      </div>
    </section>
  );
}
