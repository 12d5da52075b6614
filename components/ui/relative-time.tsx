'use client';

import { formatExact, formatRelative } from '@/lib/format/age';
import { useNow } from './use-now';

/** "3 min ago", with the exact time (UTC) on hover and for assistive technology. */
export function RelativeTime({ iso }: { iso: string | undefined }) {
  const now = useNow();
  if (!iso) return <span>—</span>;
  const exact = formatExact(iso);
  return (
    <time dateTime={iso} title={exact} aria-label={`${formatRelative(iso, now)} (${exact})`} suppressHydrationWarning>
      {formatRelative(iso, now)}
    </time>
  );
}
