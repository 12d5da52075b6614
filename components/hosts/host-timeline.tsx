import Link from 'next/link';
import { RelativeTime } from '@/components/ui/relative-time';
import { type Milestone, currentMilestone } from '@/lib/join/timeline';

/** The host's way from enrollment to Node Ready; the current step is marked in words and style. */
export function HostTimeline({ milestones }: { milestones: Milestone[] }) {
  const current = currentMilestone(milestones);
  return (
    <ol aria-label="Timeline" className="space-y-1 text-sm">
      {milestones.map((milestone) => {
        const isCurrent = milestone === current;
        return (
          <li
            key={milestone.id}
            aria-current={isCurrent ? 'step' : undefined}
            className={isCurrent ? 'rounded border-l-4 border-blue-700 bg-blue-50 px-2 py-1 font-medium' : 'px-2 py-1'}
          >
            <span aria-hidden="true">{milestone.done ? '✔' : isCurrent ? '➜' : '○'} </span>
            <span className="sr-only">{milestone.done ? 'Done: ' : isCurrent ? 'Current step: ' : 'Not yet: '}</span>
            {milestone.label}
            {milestone.at && (
              <span className="ml-2 text-xs text-slate-600">
                <RelativeTime iso={milestone.at} />
              </span>
            )}
            {milestone.done && !milestone.at && <span className="ml-2 text-xs text-slate-600">(time not reported)</span>}
            {milestone.action && (
              <Link href={milestone.action.href} className="ml-3 text-blue-800 underline">
                {milestone.action.label}
              </Link>
            )}
          </li>
        );
      })}
    </ol>
  );
}
