/** The console's own URLs of a host, built in one place. */
type HostRef = { namespace: string; name: string };

export const hostPath = (host: HostRef) => `/hosts/${encodeURIComponent(host.namespace)}/${encodeURIComponent(host.name)}`;
export const removalPath = (host: HostRef) => `${hostPath(host)}/removal`;
export const removalApiPath = (host: HostRef) => `/api${removalPath(host)}`;

const PROBE_ORIGIN = 'http://console.invalid';

/**
 * Where sign-in may send the user afterwards: a path of this console only. Anything a browser
 * could resolve to another origin (`//evil.example`, `/\evil.example`, control characters, an
 * absolute URL) becomes `/`.
 */
export function safeNextPath(next: unknown): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//')) return '/';
  // Browsers read a backslash as a slash in URLs, and drop tabs and newlines.
  if (/[\\\u0000-\u001f\u007f]/.test(next)) return '/';
  try {
    const url = new URL(next, PROBE_ORIGIN);
    return url.origin === PROBE_ORIGIN ? `${url.pathname}${url.search}${url.hash}` : '/';
  } catch {
    return '/';
  }
}

/** The sign-in page, coming back to `next` afterwards. */
export const signInPath = (next: string) => `/sign-in?next=${encodeURIComponent(safeNextPath(next))}`;
