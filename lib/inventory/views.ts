import { z } from '@/lib/zod';

/** The console's flows on a host as the action policies count them: running here, or recorded on the host (verified), or recorded by someone unverifiable. */
export const hostFlowsSchema = z.object({
  removal: z.boolean(),
  maintenance: z.enum(['none', 'active', 'unverified']),
  bmcChange: z.enum(['none', 'active', 'unverified']),
});
export type HostFlows = z.infer<typeof hostFlowsSchema>;
export const NO_FLOWS: HostFlows = { removal: false, maintenance: 'none', bmcChange: 'none' };

/** What the browser knows of a BareMetalHost: never credentials, never Secret data. */
export const hostViewSchema = z.object({
  name: z.string(),
  namespace: z.string(),
  uid: z.string(),
  resourceVersion: z.string(),
  createdAt: z.string().optional(),
  deleting: z.boolean(),
  state: z.string(),
  operationalStatus: z.string().optional(),
  errorType: z.string().optional(),
  errorMessage: z.string().optional(),
  errorCount: z.number().optional(),
  poweredOn: z.boolean().optional(),
  online: z.boolean(),
  externallyProvisioned: z.boolean(),
  bootMACAddress: z.string().optional(),
  /** MACs of the NICs inspection found. */
  nicMacs: z.array(z.string()),
  bmcAddress: z.string().optional(),
  /** Node name recorded when the console approved this host's client CSR. */
  recordedNodeName: z.string().optional(),
  /** Node name given at enrollment. */
  expectedNodeName: z.string().optional(),
  /** When BMO last finished provisioning the host (status.operationHistory.provision.end). */
  provisionedAt: z.string().optional(),
  /** The bulk enrollment (batch id, label LABELS.batch) the host was created by, when it was. */
  batch: z.string().optional(),
  /** The user who enrolled the host through the console, when it was. */
  enrolledBy: z.string().optional(),
  /** Addresses from the host's static NMState config (its network Secret); [] for DHCP. */
  staticIps: z.array(z.string()),
  /** Why the static IPs are unknown (e.g. the user may not read the network Secret). */
  staticIpsError: z.string().optional(),
  /** A removal of the host in a few words ("removing: blocked by web-pdb"), while one is recorded or runs. */
  removal: z.string().optional(),
  /**
   * What the day-2 action policies (lib/day2/actions.ts) read of the host beyond the fields above,
   * so the row's menu is disabled with the same reasons as the host page (lib/day2/facts.ts).
   */
  day2: z.object({
      /** Only the metal3 annotations the policies read (reboot.metal3.io, inspect.metal3.io, baremetalhost.metal3.io/detached), as set on the host. */
      annotations: z.record(z.string(), z.string()),
      /** spec.userData names the control plane's user data: a control-plane host. */
      controlPlaneUserData: z.boolean(),
      disableCertificateVerification: z.boolean().optional(),
      bootMode: z.string().optional(),
      /** The console's flows on the host: running in this console or recorded on it (and verified). */
      flows: hostFlowsSchema,
    }),
});

export type HostView = z.infer<typeof hostViewSchema>;

export const nodeViewSchema = z.object({
  name: z.string(),
  uid: z.string(),
  resourceVersion: z.string(),
  createdAt: z.string().optional(),
  ready: z.enum(['True', 'False', 'Unknown']),
  unschedulable: z.boolean(),
  roles: z.array(z.string()),
  kubeletVersion: z.string().optional(),
  internalIps: z.array(z.string()),
  /** Every address of the node, of any type (InternalIP, Hostname, ...). */
  addresses: z.array(z.string()),
});

export type NodeView = z.infer<typeof nodeViewSchema>;
