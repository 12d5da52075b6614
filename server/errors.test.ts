import { ApiException } from '@kubernetes/client-node';
import { describe, expect, it, vi } from 'vitest';
import { InvalidNameError } from '@/lib/k8s/names';
import { ClusterError, Refusal, clusterErrorFromStatus, errorPayload, toClusterError } from './errors';

const status = (reason: string, message: string) => JSON.stringify({ kind: 'Status', reason, message });

describe('clusterErrorFromStatus', () => {
  it('tells AlreadyExists from Conflict, though both are 409', () => {
    expect(clusterErrorFromStatus({ code: 409, body: status('AlreadyExists', 'exists'), context: 'create' }).reason).toBe('AlreadyExists');
    expect(clusterErrorFromStatus({ code: 409, body: status('Conflict', 'changed'), context: 'update' }).reason).toBe('Conflict');
  });

  it('says who may not do what for a 403', () => {
    const message =
      'baremetalhosts.metal3.io is forbidden: User "system:serviceaccount:demo:viewer" cannot list resource "baremetalhosts" in API group "metal3.io" in the namespace "openshift-machine-api"';
    const error = clusterErrorFromStatus({ code: 403, body: status('Forbidden', message), context: 'list baremetalhosts' });
    expect(error).toMatchObject({
      reason: 'Forbidden',
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
    [503, 'ServiceUnavailable'],
  ] as const)('maps %i to %s', (code, reason) => {
    expect(clusterErrorFromStatus({ code, body: status('', 'x'), context: 'c' }).reason).toBe(reason);
  });

  it("keeps Kubernetes' own reason when the Status names one", () => {
    expect(clusterErrorFromStatus({ code: 409, body: status('AlreadyExists', 'x'), context: 'c' }).reason).toBe('AlreadyExists');
    expect(clusterErrorFromStatus({ code: 410, body: status('Expired', 'too old'), context: 'c' }).reason).toBe('Gone');
  });

  it('tells an admission webhook denial from an RBAC refusal: its own words, at its fields, never "may not"', () => {
    const body = JSON.stringify({
      kind: 'Status',
      reason: 'Forbidden',
      code: 403,
      message: 'admission webhook "baremetalhost.metal3.io" denied the request: BMC type ipmi does not support UEFI secure boot',
      details: { causes: [{ field: 'spec.bootMode', message: 'not supported' }] },
    });
    const error = clusterErrorFromStatus({ code: 403, body, context: 'create host' });
    expect(error.admission).toEqual({ webhook: 'baremetalhost.metal3.io' });
    expect(error.reason).not.toBe('Forbidden');
    expect(error.status).toBe(422);
    expect(error.userMessage).toBe('Refused by the admission webhook baremetalhost.metal3.io: BMC type ipmi does not support UEFI secure boot');
    expect(error.causes).toEqual([{ field: 'spec.bootMode', message: 'not supported' }]);
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

describe('an admission webhook that does not answer', () => {
  it('is said in words, not as an internal error', () => {
    const body = JSON.stringify({
      kind: 'Status',
      reason: 'InternalError',
      code: 500,
      message:
        'Internal error occurred: failed calling webhook "baremetalhost.metal3.io": failed to call webhook: Post "https://127.0.0.1:40123/validate-metal3-io-v1alpha1-baremetalhost?timeout=10s": dial tcp 127.0.0.1:40123: connect: connection refused',
    });
    const error = clusterErrorFromStatus({ code: 500, body, context: 'create host' });
    expect(error).toMatchObject({ reason: 'ServiceUnavailable', status: 503 });
    expect(error.userMessage).toBe('The admission webhook baremetalhost.metal3.io is not answering, so the cluster accepts no change it checks (is the Bare Metal Operator running?).');
  });
});

describe('toClusterError', () => {
  it("maps client-node's ApiException like a raw answer", () => {
    const error = toClusterError(new ApiException(404, 'nope', status('NotFound', 'gone'), {}), 'get');
    expect(error).toBeInstanceOf(ClusterError);
    expect(error.reason).toBe('NotFound');
  });

  it('maps a refused connection to ServiceUnavailable', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(toClusterError(refused, 'list').reason).toBe('ServiceUnavailable');
  });
});

describe('errorPayload', () => {
  it('answers a Refusal with its status, message and fields', () => {
    expect(errorPayload(new Refusal(422, 'Fix the fields.', { fields: { name: 'taken' } }), 'c')).toEqual({ status: 422, body: { error: 'Fix the fields.', fields: { name: 'taken' } } });
  });

  it('answers a name that may not go into an API path with 400, before any cluster call', () => {
    expect(errorPayload(new InvalidNameError('..', 'Secret name', 'no'), 'c')).toEqual({ status: 400, body: { error: 'Secret name ".." is not valid: no.', reason: 'BadRequest' } });
  });

  it('never shows an unexpected error, and logs it', () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const payload = errorPayload(new TypeError('secret internals'), 'read things');
    expect(payload.status).toBe(500);
    expect(JSON.stringify(payload.body)).not.toContain('secret internals');
    expect(log).toHaveBeenCalled();
    log.mockRestore();
  });
});
