import type { CsrView } from '@/lib/csr/view';

export interface Milestone {
  id: string;
  label: string;
  /** When it happened, when known. */
  at?: string;
  /** Happened: it has a time, or a later milestone happened (some events are not always published). */
  done: boolean;
  /** What the administrator must do for the host to move on, when something is needed. */
  action?: { label: string; href: string };
}

export interface TimelineInput {
  createdAt?: string;
  externallyProvisioned: boolean;
  state: string;
  /** Error text while BMO reports an error. */
  error?: string;
  /** BMO's events for the host: the latest time of each reason. */
  eventTimes: ReadonlyMap<string, string>;
  /** status.operationHistory: when BMO ended each operation (preferred to events, which expire). */
  history?: { registered?: string; inspected?: string; provisioningStarted?: string; provisioned?: string };
  nodeName: string;
  /** Every CSR for that node (client and serving); those older than the host are not its own. */
  csrs: readonly CsrView[];
  node?: { createdAt?: string; readySince?: string };
}

function latest(csrs: readonly CsrView[], kind: 'client' | 'serving'): CsrView | undefined {
  return csrs.filter((c) => c.assessment.kind === kind).sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
}

function approvalStep(id: string, label: string, csr: CsrView | undefined): Milestone {
  if (!csr) return { id, label, done: false };
  if (csr.condition === 'Approved') return { id, label, at: csr.decidedAt ?? csr.createdAt, done: true };
  return {
    id,
    label,
    done: false,
    action:
      csr.condition === 'Pending'
        ? { label: `Approve CSR ${csr.name}`, href: `/csrs#${csr.name}` }
        : { label: `CSR ${csr.name} was ${csr.condition.toLowerCase()}: the host must request again`, href: `/csrs#${csr.name}` },
  };
}

/**
 * From enrollment to Node Ready: BMO's states (from its events), the node's two CSRs, the Node.
 * The first milestone without a time is the current one.
 */
export function hostTimeline(input: TimelineInput): Milestone[] {
  const steps = timelineSteps(input);
  let laterDone = false;
  for (let i = steps.length - 1; i >= 0; i--) {
    const step = steps[i]!;
    step.done = Boolean(step.at) || laterDone;
    laterDone = step.done;
  }
  if (input.error) {
    const current = steps.find((m) => !m.done);
    if (current) current.action = { label: `Fix: ${input.error}`, href: '#section-status' };
  }
  return steps;
}

function timelineSteps(input: TimelineInput): Milestone[] {
  const at = (reason: string) => input.eventTimes.get(reason);
  // A CSR filed for this node name before the host was enrolled belongs to something else (an earlier host, a forgery).
  const csrs = input.createdAt ? input.csrs.filter((c) => Date.parse(c.createdAt) >= Date.parse(input.createdAt!)) : input.csrs;
  const client = latest(csrs, 'client');
  const serving = latest(csrs, 'serving');
  const milestones: Milestone[] = [
    { id: 'created', label: 'Enrolled (BareMetalHost created)', at: input.createdAt, done: false },
    { id: 'registered', label: 'Registered with its BMC', at: input.history?.registered ?? at('Registered'), done: false },
  ];
  if (input.externallyProvisioned) {
    milestones.push({ id: 'externally-provisioned', label: 'Externally provisioned', at: input.state === 'externally provisioned' ? at('Registered') ?? input.createdAt : undefined, done: false });
  } else {
    milestones.push(
      { id: 'inspected', label: 'Inspected', at: input.history?.inspected ?? at('InspectionComplete'), done: false },
      { id: 'provisioning', label: 'Provisioning started', at: input.history?.provisioningStarted ?? at('ProvisioningStarted'), done: false },
      { id: 'provisioned', label: 'Provisioned', at: input.history?.provisioned ?? at('ProvisioningComplete'), done: false },
      { id: 'client-csr', label: `Client CSR created for node ${input.nodeName}`, at: client?.createdAt, done: false },
      approvalStep('client-csr-approved', 'Client CSR approved', client),
    );
  }
  milestones.push(
    { id: 'node', label: `Node ${input.nodeName} registered`, at: input.node?.createdAt, done: false },
    ...(input.externallyProvisioned
      ? []
      : [{ id: 'serving-csr', label: 'Serving CSR created', at: serving?.createdAt, done: false }, approvalStep('serving-csr-approved', 'Serving CSR approved', serving)]),
    { id: 'ready', label: `Node ${input.nodeName} Ready`, at: input.node?.readySince, done: false },
  );
  return milestones;
}

export function currentMilestone(milestones: readonly Milestone[]): Milestone | undefined {
  return milestones.find((m) => !m.done);
}
