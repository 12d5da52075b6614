import type { NodeView } from '@/lib/inventory/views';

/** The roles (node-role.kubernetes.io/<role>) of a control-plane node, old and new name. */
export const CONTROL_PLANE_ROLES = ['master', 'control-plane'] as const;

export function isControlPlaneNode(node: Pick<NodeView, 'roles'>): boolean {
  return node.roles.some((role) => (CONTROL_PLANE_ROLES as readonly string[]).includes(role));
}

export interface QuorumVerdict {
  /** Control-plane nodes, and how many are Ready now. */
  total: number;
  ready: number;
  /** A majority of the members: what etcd needs to keep working (3 → 2, 5 → 3). */
  needed: number;
  /** Ready control-plane nodes once the affected ones stop (drained, powered off, removed). */
  afterwards: number;
  /** The affected nodes that are control-plane nodes. */
  affectedControlPlane: string[];
  ok: boolean;
  /** In words, for a refusal or a confirmation. */
  message: string;
}

/**
 * Would taking `affected` out (a drain, a power-off, a removal) leave fewer than a quorum of
 * control-plane nodes Ready? (SPEC §9: 3 → at least 2 must stay.) The quorum is a majority of the
 * control-plane nodes that exist now; a node that is already NotReady counts as not Ready.
 */
export function controlPlaneQuorum(nodes: readonly Pick<NodeView, 'name' | 'roles' | 'ready'>[], affected: readonly string[]): QuorumVerdict {
  const controlPlane = nodes.filter(isControlPlaneNode);
  const total = controlPlane.length;
  const ready = controlPlane.filter((n) => n.ready === 'True').length;
  const needed = Math.floor(total / 2) + 1;
  const affectedControlPlane = controlPlane.filter((n) => affected.includes(n.name)).map((n) => n.name);
  const afterwards = controlPlane.filter((n) => n.ready === 'True' && !affected.includes(n.name)).length;
  const ok = affectedControlPlane.length === 0 || afterwards >= needed;
  const nodesText = affectedControlPlane.length === 1 ? `control-plane node ${affectedControlPlane[0]}` : `control-plane nodes ${affectedControlPlane.join(', ')}`;
  const message =
    affectedControlPlane.length === 0
      ? 'No control-plane node is affected.'
      : ok
        ? `Taking out ${nodesText} leaves ${afterwards} of ${total} control-plane nodes Ready; etcd needs ${needed}.`
        : `Taking out ${nodesText} would leave ${afterwards} of ${total} control-plane nodes Ready, fewer than the ${needed} etcd needs to keep a quorum${ready < total ? ` (${total - ready} already not Ready)` : ''}.`;
  return { total, ready, needed, afterwards, affectedControlPlane, ok, message };
}
