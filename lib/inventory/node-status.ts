import type { NodeView } from './views';

/** Readiness as `oc get nodes` prints it (apart from ./views, whose schemas the page does not load first). */
export function nodeStatusText(node: NodeView): string {
  const ready = node.ready === 'True' ? 'Ready' : 'NotReady';
  return node.unschedulable ? `${ready},SchedulingDisabled` : ready;
}
