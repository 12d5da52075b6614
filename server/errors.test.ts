import { ApiException } from '@kubernetes/client-node';
import { describe, expect, it, vi } from 'vitest';
import { ClusterError, clusterErrorFromStatus, toClusterError } from './errors';

const status = (reason: string, message: string) => JSON.stringify({ kind: 'Status', reason, message });

describe('clusterErrorFromStatus', () => {
  it('tells AlreadyExists from Conflict, though both are 409', () => {
    expect(clusterErrorFromStatus({ code: 409, body: status('AlreadyExists', 'exists'), context: 'create' }).kind).toBe('AlreadyExists');
    expect(clusterErrorFromStatus({ code: 409, body: status('Conflict', 'changed'), context: 'update' }).kind).toBe('Conflict');
  });

  it('says who may not do what for a 403', () => {
    const message =
      'baremetalhosts.metal3.io is forbidden: User "system:serviceaccount:demo:viewer" cannot list resource "baremetalhosts" in API group "metal3.io" in the namespace "openshift-machine-api"';
    const error = clusterErrorFromStatus({ code: 403, body: status('Forbidden', message), context: 'list baremetalhosts' });
    expect(error).toMatchObject({
      kind: 'Forbidden',
      status: 403,
      userMessage: 'system:serviceaccount:demo:viewer may not list baremetalhosts in namespace openshift-machine-api.',
    });
  });

  it('keeps a 403 message it cannot read as it is', () => {
    expect(clusterErrorFromStatus({ code: 403, body: status('Forbidden', 'no'), context: 'c' }).userMessage).toBe('no');
  });

  it.each([
    [401, 'Unauthorized'],
    [404, 'NotFound'],
    [422, 'Invalid'],
    [429, 'TooManyRequests'],
    [503, 'Unavailable'],
  ] as const)('maps %i to %s', (code, kind) => {
    expect(clusterErrorFromStatus({ code, body: status('', 'x'), context: 'c' }).kind).toBe(kind);
  });

  it("names the PodDisruptionBudget of an eviction's 429, which only its causes carry", () => {
    const body = JSON.stringify({
      kind: 'Status',
      reason: 'TooManyRequests',
      message: "Cannot evict pod as it would violate the pod's disruption budget.",
      details: { causes: [{ reason: 'DisruptionBudget', message: 'The disruption budget web-pdb needs 2 healthy pods and has 2 currently' }] },
    });
    expect(clusterErrorFromStatus({ code: 429, body, context: 'evict' }).userMessage).toBe(
      "Cannot evict pod as it would violate the pod's disruption budget. The disruption budget web-pdb needs 2 healthy pods and has 2 currently",
    );
  });

  it('shows an unknown failure generically and logs it', () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const error = clusterErrorFromStatus({ code: 500, body: 'internal detail', context: 'list nodes' });
    expect(error.userMessage).toBe("list nodes failed. The console's log has the details.");
    expect(error.userMessage).not.toContain('internal detail');
    expect(log).toHaveBeenCalled();
    log.mockRestore();
  });
});

describe('toClusterError', () => {
  it("maps client-node's ApiException like a raw answer", () => {
    const error = toClusterError(new ApiException(404, 'nope', status('NotFound', 'gone'), {}), 'get');
    expect(error).toBeInstanceOf(ClusterError);
    expect(error.kind).toBe('NotFound');
  });

  it('maps a refused connection to Unavailable', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(toClusterError(refused, 'list').kind).toBe('Unavailable');
  });
});
