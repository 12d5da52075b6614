/** Age as kubectl prints it: 45s, 12m, 5h, 3d (the largest whole unit; two below 10 of it). */
export function formatAge(createdAt: string | undefined, now: number): string {
  if (!createdAt) return '';
  const seconds = Math.max(0, Math.floor((now - Date.parse(createdAt)) / 1000));
  if (Number.isNaN(seconds)) return '';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return `${minutes}m${seconds % 60 ? `${seconds % 60}s` : ''}`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return `${hours}h${minutes % 60 ? `${minutes % 60}m` : ''}`;
  if (hours < 48) return `${hours}h`;
  const days = Math.floor(hours / 24);
  if (days < 8) return `${days}d${hours % 24 ? `${hours % 24}h` : ''}`;
  return `${days}d`;
}

/**
 * A time relative to now, as people say it: "just now", "45 s ago", "3 min ago", "2 h ago",
 * "3 days ago" (or "in 5 min" for the future); '' for a missing or unreadable time.
 */
export function formatRelative(iso: string | undefined, now: number): string {
  if (!iso) return '';
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return '';
  const seconds = Math.round((now - at) / 1000);
  const future = seconds < 0;
  const s = Math.abs(seconds);
  if (s < 5) return 'just now';
  const amount = s < 60 ? `${s} s` : s < 3600 ? `${Math.floor(s / 60)} min` : s < 48 * 3600 ? `${Math.floor(s / 3600)} h` : `${Math.floor(s / 86400)} days`;
  return future ? `in ${amount}` : `${amount} ago`;
}

/** The exact time for a tooltip, in UTC so every viewer reads the same: "2026-11-30 09:15:44 UTC". */
export function formatExact(iso: string | undefined): string {
  if (!iso) return '';
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? '' : `${at.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
