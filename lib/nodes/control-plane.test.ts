import { describe, expect, it } from 'vitest';
import { controlPlaneQuorum, isControlPlaneNode } from './control-plane';

const node = (name: string, roles: string[], ready: 'True' | 'False' | 'Unknown' = 'True') => ({ name, roles, ready });
const three = [node('controller1', ['master', 'worker']), node('controller2', ['control-plane']), node('controller3', ['master', 'worker']), node('app1', ['worker'])];

describe('control-plane quorum (SPEC §9)', () => {
  it('knows both names of the role', () => {
    expect(isControlPlaneNode({ roles: ['master', 'worker'] })).toBe(true);
    expect(isControlPlaneNode({ roles: ['control-plane'] })).toBe(true);
    expect(isControlPlaneNode({ roles: ['worker'] })).toBe(false);
  });

  it('lets one of three go while the other two are Ready, and says what stays', () => {
    expect(controlPlaneQuorum(three, ['controller1'])).toMatchObject({
      ok: true,
      total: 3,
      needed: 2,
      afterwards: 2,
      message: 'Taking out control-plane node controller1 leaves 2 of 3 control-plane nodes Ready; etcd needs 2.',
    });
  });

  it('refuses when another one is already not Ready', () => {
    const oneDown = three.map((n) => (n.name === 'controller3' ? { ...n, ready: 'False' as const } : n));
    expect(controlPlaneQuorum(oneDown, ['controller1'])).toMatchObject({
      ok: false,
      afterwards: 1,
      message: 'Taking out control-plane node controller1 would leave 1 of 3 control-plane nodes Ready, fewer than the 2 etcd needs to keep a quorum (1 already not Ready).',
    });
  });

  it('refuses two of three at once (a bulk action)', () => {
    expect(controlPlaneQuorum(three, ['controller1', 'controller2']).ok).toBe(false);
  });

  it('does not concern workers', () => {
    expect(controlPlaneQuorum(three, ['app1'])).toMatchObject({ ok: true, affectedControlPlane: [], message: 'No control-plane node is affected.' });
  });

  it('five members need three', () => {
    const five = [...three, node('controller4', ['master']), node('controller5', ['master'])];
    expect(controlPlaneQuorum(five, ['controller1', 'controller2'])).toMatchObject({ ok: true, needed: 3, afterwards: 3 });
  });
});
