/**
 * A second, UI-only source of BareMetalHost error states (TESTBED.md): the same BMO binary in
 * `--demo-mode`, whose demo provisioner picks a host's fate from its name
 * (pkg/provisioner/demo/demo.go at v0.13.2: `demo-registration-error`, `demo-preparing-error`,
 * `demo-validation-error`, ...). It watches only DEMO_BMO_NAMESPACE, so the test-mode BMO and it
 * never manage the same host; it serves no webhook (the test-mode BMO's webhook checks every
 * namespace). Started and stopped by the tests that need it; its log is beside the test bed's.
 */
import { NamespaceKind } from '../../lib/k8s/kinds';
import { type ObjectClient } from './kube';
import { binary, testbedPaths } from './paths';
import { startDaemon, stopDaemon } from './processes';

export const DEMO_BMO_NAMESPACE = 'metal3-demo';
const NAME = 'baremetal-operator-demo';

/** The demo provisioner's host names and the state each ends in (demo.go). */
export const DEMO_HOSTS = {
  registrationError: 'demo-registration-error',
  preparingError: 'demo-preparing-error',
  /** Fails provisioning ("validation failed"): a provisioning error, then BMO deprovisions it and tries again. */
  validationError: 'demo-validation-error',
} as const;

/** Starts the demo BMO (its namespace made if missing); returns the function that stops it. */
export async function startDemoBmo(client: ObjectClient): Promise<() => Promise<void>> {
  await client.ensure(NamespaceKind, { metadata: { name: DEMO_BMO_NAMESPACE } });
  const { stateDir, kubeconfig } = testbedPaths();
  startDaemon(stateDir, {
    name: NAME,
    command: binary('baremetal-operator'),
    args: ['--demo-mode', `--namespace=${DEMO_BMO_NAMESPACE}`, '--webhook-port=0', '--metrics-addr=0', '--health-addr=0'],
    env: { KUBECONFIG: kubeconfig },
  });
  return () => stopDaemon(stateDir, NAME);
}
