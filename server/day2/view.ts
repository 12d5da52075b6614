import 'server-only';
import type { KubeConfig } from '@kubernetes/client-node';
import { DAY2_ACTIONS, type Day2Action, actionVerdicts } from '@/lib/day2/actions';
import type { StreamSnapshot } from '@/lib/inventory/stream';
import type { HostDay2 } from '@/lib/day2/page';
import { BareMetalHostKind, EventKind, NodeKind, PodKind, SecretKind } from '@/lib/k8s/kinds';
import { type HostDetails, hostDetailsWithUidSchema } from '@/lib/metal3/host-details';
import { type AccessQuestion, accessFor } from '../auth/access';
import type { Session } from '../auth/session';
import { bmcChangeViewOf, maintenanceViewOf } from './records';
import { day2FactsOf } from './target';

/**
 * The day-2 part of the host page for one viewer (lib/day2/page.ts): what their RBAC allows
 * (SelfSubjectAccessReview, cached 30 s by server/auth/access.ts), and the host's maintenance and
 * BMC change. A viewer who may not list pods everywhere does not see the pods of a drain (as the
 * removal's progress is gated).
 */

type HostRef = { namespace: string; name: string };

const questions = (namespace: string) => {
  const patchHost: AccessQuestion = { verb: 'patch', group: BareMetalHostKind.group, resource: BareMetalHostKind.plural, namespace };
  const patchNodes: AccessQuestion = { verb: 'patch', group: NodeKind.group, resource: NodeKind.plural };
  const listPods: AccessQuestion = { verb: 'list', group: PodKind.group, resource: PodKind.plural };
  const createSecrets: AccessQuestion = { verb: 'create', group: SecretKind.group, resource: SecretKind.plural, namespace };
  const byAction: Record<Day2Action, AccessQuestion[]> = {
    'power-off': [patchHost],
    'power-on': [patchHost],
    restart: [patchHost],
    reinspect: [patchHost],
    detach: [patchHost],
    attach: [patchHost],
    'bmc-change': [patchHost, createSecrets],
    // Evictions are asked of the apiserver pod by pod; listing pods and patching the node are what the console can ask first.
    'maintenance-start': [patchHost, patchNodes, listPods],
    'maintenance-end': [patchHost, patchNodes],
  };
  // A removal patches the host, deletes it, cordons and deletes its node; evictions are asked pod by pod.
  const remove: AccessQuestion[] = [patchHost, { ...patchHost, verb: 'delete' }, patchNodes, { ...patchNodes, verb: 'delete' }];
  return { byAction, listPods, remove, createEvents: { verb: 'create', group: EventKind.group, resource: EventKind.plural, namespace } satisfies AccessQuestion };
};

/** The viewer's rights per action: the first question refused gives the reason. */
export async function day2AccessOf(kc: KubeConfig, options: { session: Session; namespace: string }): Promise<Pick<HostDay2, 'access' | 'events' | 'remove'> & { mayListPods: boolean }> {
  const q = questions(options.namespace);
  const ask = (question: AccessQuestion) => accessFor(options.session, kc, question);
  const access = Object.fromEntries(
    await Promise.all(
      DAY2_ACTIONS.map(async (action) => {
        const answers = await Promise.all(q.byAction[action].map(ask));
        const refused = answers.find((answer) => !answer.allowed);
        return [action, refused ? { allowed: false, ...(refused.reason ? { reason: refused.reason } : {}) } : { allowed: true }] as const;
      }),
    ),
  ) as HostDay2['access'];
  const [events, pods, remove] = await Promise.all([ask(q.createEvents), ask(q.listPods), Promise.all(q.remove.map(ask))]);
  const removeRefused = remove.find((answer) => !answer.allowed);
  return {
    access,
    events: { allowed: events.allowed, ...(events.reason ? { reason: events.reason } : {}) },
    remove: removeRefused ? { allowed: false, ...(removeRefused.reason ? { reason: removeRefused.reason } : {}) } : { allowed: true },
    mayListPods: pods.allowed,
  };
}

/** The host page's day-2 part for this viewer, from the host as they read it (null once it is gone). */
export async function readHostDay2(kc: KubeConfig, options: { session: Session; host: HostRef; details: HostDetails | null; snapshot: StreamSnapshot }): Promise<HostDay2> {
  const { access, events, remove, mayListPods } = await day2AccessOf(kc, { session: options.session, namespace: options.host.namespace });
  const record = { ...options.host, ...(options.details?.metadata.uid ? { uid: options.details.metadata.uid } : {}), annotations: options.details?.metadata.annotations };
  let maintenance = maintenanceViewOf(record);
  if (!mayListPods && (maintenance.state === 'running' || maintenance.state === 'ended')) {
    maintenance = { ...maintenance, progress: { ...maintenance.progress, pods: [], podsHidden: 'You may not list pods in every namespace, so the drained pods are not shown.' } };
  }
  if (!mayListPods && maintenance.state === 'recorded' && maintenance.ended) {
    maintenance = { ...maintenance, ended: { ...maintenance.ended, pods: [], podsHidden: 'You may not list pods in every namespace, so the drained pods are not shown.' } };
  }
  const withUid = options.details?.metadata.uid ? hostDetailsWithUidSchema.safeParse(options.details) : undefined;
  const verdicts = withUid?.success ? actionVerdicts(day2FactsOf(withUid.data, options.snapshot).facts) : null;
  return { verdicts, access, events, remove, maintenance, bmcChange: bmcChangeViewOf(record) };
}
