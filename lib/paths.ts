/** The console's own URLs of a host, built in one place. */
type HostRef = { namespace: string; name: string };

export const hostPath = (host: HostRef) => `/hosts/${encodeURIComponent(host.namespace)}/${encodeURIComponent(host.name)}`;
export const removalPath = (host: HostRef) => `${hostPath(host)}/removal`;
export const removalApiPath = (host: HostRef) => `/api${removalPath(host)}`;
