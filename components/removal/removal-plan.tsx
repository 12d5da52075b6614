'use client';

import Link from 'next/link';
import type { BudgetPrediction } from '@/lib/drain/budgets';
import { type DrainPlan, OPTION_NAMES, type PlannedPod } from '@/lib/drain/plan';
import { agree, plural } from '@/lib/format/plural';
import { removalPath } from '@/lib/paths';
import type { RemovalTarget } from '@/lib/removal/progress';

const GROUPS: { kind: PlannedPod['action']['kind']; title: string }[] = [
  { kind: 'refuse', title: 'Block the drain' },
  { kind: 'evict', title: 'Evicted (PodDisruptionBudgets apply)' },
  { kind: 'wait', title: 'Already terminating: waited for' },
  { kind: 'ignore', title: 'Ignored: DaemonSet-managed' },
  { kind: 'skip', title: 'Skipped: mirror pods' },
];

const allowedByText = (allowedBy: string) =>
  allowedBy
    .split(' and ')
    .map((key) => OPTION_NAMES[key as keyof typeof OPTION_NAMES])
    .join(' and ');

/** "1 pod blocks the drain", "3 pods block the drain". */
export const podsBlockText = (count: number) => `${plural(count, 'pod')} ${agree(count, 'blocks', 'block')} the drain`;

/** Every pod of the node grouped by what the drain does to it (SPEC §7), shared by removal and maintenance. */
export function DrainPlanPods({ node, plan }: { node?: string; plan: DrainPlan }) {
  return (
    <section aria-labelledby="pods-heading" className="space-y-2">
      <h3 id="pods-heading" className="font-semibold">
        Pods on {node}
      </h3>
      {GROUPS.map(({ kind, title }) => {
        const pods = plan.pods.filter((p) => p.action.kind === kind);
        if (pods.length === 0) return null;
        return (
          <div key={kind}>
            <h4 className="text-sm font-medium">
              {title} ({pods.length})
            </h4>
            <ul aria-label={title} className="list-disc pl-6 text-sm">
              {pods.map(({ pod, action }) => (
                <li key={`${pod.namespace}/${pod.name}`}>
                  {pod.namespace}/{pod.name}
                  {action.kind === 'refuse' ? ` — ${action.reason}; allowed by ${allowedByText(action.allowedBy)}` : 'warning' in action && action.warning ? ` — ${action.warning}` : ''}
                </li>
              ))}
            </ul>
          </div>
        );
      })}
    </section>
  );
}

/** The PodDisruptionBudgets that apply, which will block evictions, and the namespaces whose budgets could not be read. */
export function BudgetList({ budgets, unreadable }: { budgets: readonly BudgetPrediction[]; unreadable: readonly string[] }) {
  if (budgets.length === 0 && unreadable.length === 0) return null;
  return (
    <section aria-labelledby="budgets-heading" className="space-y-1">
      <h3 id="budgets-heading" className="font-semibold">
        PodDisruptionBudgets
      </h3>
      <ul aria-label="PodDisruptionBudgets" className="list-disc pl-6 text-sm">
        {budgets.map((budget) => (
          <li key={`${budget.namespace}/${budget.name}`} className={budget.blocks ? 'text-amber-900' : undefined}>
            {budget.blocks ? <strong>Will block: </strong> : null}
            {budget.namespace}/{budget.text}
          </li>
        ))}
        {unreadable.map((namespace) => (
          <li key={namespace}>The budgets of {namespace} could not be read: their evictions may be refused too.</li>
        ))}
      </ul>
    </section>
  );
}

/**
 * What removing the host will do, step by step, before anything happens: the record already on
 * it, the node (or why it cannot be told), control-plane consequences, each Secret's fate, every
 * pod grouped by what the drain does to it, and which PodDisruptionBudgets will hold evictions up.
 */
export function RemovalPlan({ host, target, plan, budgets }: { host: { namespace: string; name: string }; target: RemovalTarget; plan?: DrainPlan; budgets: BudgetPrediction[] }) {
  return (
    <>
      {target.recorded.state === 'verified' ? (
        <p role="status">
          A removal was started by {target.recorded.requestedBy}.{' '}
          <Link href={removalPath(host)} className="text-blue-800 underline">
            Follow the removal
          </Link>
        </p>
      ) : target.recorded.state === 'unverified' ? (
        <p role="status" className="rounded border border-amber-700 bg-amber-50 p-2">
          This host carries a removal record the console cannot verify ({target.recorded.reason}); it will never be acted on. Starting a removal replaces it.
        </p>
      ) : null}
      {target.linkProblem ? (
        <p role="alert" className="rounded border border-red-700 bg-red-50 p-2 text-red-900">
          The host&apos;s node cannot be told for sure, so the drain cannot be planned: {target.linkProblem}
        </p>
      ) : null}
      {target.controlPlane ? (
        <div role="alert" className="space-y-1 rounded border border-red-700 bg-red-50 p-3 text-red-900">
          <p className="font-medium">Host {host.name} is a control-plane host: its node is an etcd member and runs the cluster&apos;s control plane.</p>
          <p>{target.controlPlane.quorum}</p>
          {target.controlPlane.evicts.length > 0 ? (
            <p>
              Its drain evicts the metal3 machinery running there ({target.controlPlane.evicts.join(', ')}), including the Bare Metal Operator itself, until it is
              scheduled elsewhere.
            </p>
          ) : null}
        </div>
      ) : null}
      <ol aria-label="What the removal does" className="list-decimal space-y-1 pl-6 text-sm">
        {target.node ? (
          <li>
            Cordon and drain node <strong>{target.node}</strong>.
          </li>
        ) : (
          <li>The host has no node: the node steps are skipped.</li>
        )}
        {target.externallyProvisioned ? (
          <li>Externally provisioned: BMO did not install it and will not deprovision it.</li>
        ) : (
          <li>Remove spec.customDeploy and wait for BMO to deprovision the host (state {target.state || 'unknown'} → deprovisioning → available).</li>
        )}
        <li>Delete the BareMetalHost and wait until BMO lets it go; BMO powers the machine off.</li>
        {target.secrets.length === 0 ? <li>The host names no Secrets that still exist.</li> : null}
        {target.secrets.map((secret) => (
          <li key={secret.name}>
            {secret.fate === 'delete' ? 'Delete' : 'Keep'} the {secret.role === 'bmc' ? 'BMC' : 'network'} Secret {secret.name}: {secret.reason}.
          </li>
        ))}
        {target.node ? <li>Delete node {target.node} and verify it is absent.</li> : null}
      </ol>

      {plan ? <DrainPlanPods node={target.node} plan={plan} /> : null}
      <BudgetList budgets={budgets} unreadable={target.drain?.budgetsUnreadable ?? []} />
    </>
  );
}
