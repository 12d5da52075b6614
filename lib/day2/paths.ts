import { hostPath } from '@/lib/paths';

/** The day-2 API of a host (app/api/hosts/[namespace]/[name]/…) and of a selection (app/api/hosts/bulk/…), built in one place. */
type HostRef = { namespace: string; name: string };

const api = (host: HostRef, action: string) => `/api${hostPath(host)}/${action}`;

export const day2ApiPaths = {
  power: (host: HostRef) => api(host, 'power'),
  restart: (host: HostRef) => api(host, 'restart'),
  inspect: (host: HostRef) => api(host, 'inspect'),
  detach: (host: HostRef) => api(host, 'detach'),
  maintenance: (host: HostRef) => api(host, 'maintenance'),
  maintenanceResume: (host: HostRef) => api(host, 'maintenance/resume'),
  bmc: (host: HostRef) => api(host, 'bmc'),
  bmcResume: (host: HostRef) => api(host, 'bmc/resume'),
};

export const bulkApiPaths = {
  power: '/api/hosts/bulk/power',
  restart: '/api/hosts/bulk/restart',
  maintenance: '/api/hosts/bulk/maintenance',
} as const;

/** The host's maintenance progress page. */
export const maintenancePath = (host: HostRef) => `${hostPath(host)}/maintenance`;

/** What the viewer may do to the hosts of a namespace (SelfSubjectAccessReview per action): app/api/inventory/access. */
export const day2AccessPath = (namespace: string) => `/api/inventory/access?namespace=${encodeURIComponent(namespace)}`;
