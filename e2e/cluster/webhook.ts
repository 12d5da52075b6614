/**
 * BMO's real validating admission webhook in the test bed (TESTBED.md): every real cluster runs it,
 * and a dry run is only as good as the admission behind it. The same baremetal-operator process
 * serves it over TLS from a certificate of a test-bed CA made at each start; the apiserver calls it
 * through BMO's own ValidatingWebhookConfiguration with each service turned into a URL on 127.0.0.1.
 */
import type * as k8s from '@kubernetes/client-node';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { BareMetalHostKind, resourcePath } from '../../lib/k8s/kinds';
import { KubeRequestError, kubeRequest, waitFor } from './kube';
import { loopbackCertificates } from './loopback-tls';

/** What the apiserver names upstream's configuration once kustomize applied its namePrefix. */
export const WEBHOOK_CONFIGURATION_NAME = 'baremetal-operator-validating-webhook-configuration';
/** The name the apiserver quotes in a denial of a BareMetalHost. */
export const BMH_WEBHOOK_NAME = 'baremetalhost.metal3.io';

const VWC_PATH = '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations';

/**
 * Where BMO's process finds its serving certificate: controller-runtime reads
 * `$TMPDIR/k8s-webhook-server/serving-certs/tls.{crt,key}`, and BMO v0.13.2 has no flag for it.
 */
export function webhookTmpDir(stateDir: string): string {
  return join(stateDir, 'webhook');
}

/** A free TCP port on 127.0.0.1, for BMO's --webhook-port. */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no free port on 127.0.0.1'))));
    });
  });
}

/**
 * A fresh test-bed CA and a serving certificate for 127.0.0.1 (IP SAN) signed by it, written where
 * controller-runtime reads them; returns the CA (PEM) for the configuration's caBundle. The CA's
 * key is never written: nothing else is ever signed with it.
 */
export async function writeWebhookCertificates(stateDir: string): Promise<string> {
  const { caPem, certPem, keyPem } = await loopbackCertificates({ caName: 'bare-metal-console test bed webhook CA', days: 365 });
  const certDir = join(webhookTmpDir(stateDir), 'k8s-webhook-server', 'serving-certs');
  rmSync(webhookTmpDir(stateDir), { recursive: true, force: true });
  mkdirSync(certDir, { recursive: true, mode: 0o700 });
  writeFileSync(join(certDir, 'ca.crt'), `${caPem}\n`);
  writeFileSync(join(certDir, 'tls.crt'), `${certPem}\n`);
  writeFileSync(join(certDir, 'tls.key'), `${keyPem}\n`, { mode: 0o600 });
  return caPem;
}

/** The certificates of the last start; down() removes them with the rest of the cluster. */
export function removeWebhookCertificates(stateDir: string): void {
  rmSync(webhookTmpDir(stateDir), { recursive: true, force: true });
}

interface WebhookEntry {
  name: string;
  clientConfig: { service?: { name: string; namespace: string; path?: string; port?: number }; url?: string; caBundle?: string };
  [key: string]: unknown;
}

/**
 * Upstream's configuration (`config/base/webhook/manifests.yaml` of the pinned BMO module) with
 * each webhook's service turned into `https://127.0.0.1:<port><path>` and the test-bed CA;
 * failurePolicy, rules, sideEffects and the rest stay as upstream wrote them.
 */
export function webhookConfiguration(manifestPath: string, options: { port: number; caPem: string }): Record<string, unknown> {
  const documents = parseAllDocuments(readFileSync(manifestPath, 'utf8')).map((doc) => doc.toJS() as Record<string, unknown> | null);
  const upstream = documents.find((doc) => doc?.kind === 'ValidatingWebhookConfiguration');
  if (!upstream) throw new Error(`${manifestPath} holds no ValidatingWebhookConfiguration`);
  const caBundle = Buffer.from(options.caPem).toString('base64');
  const webhooks = (upstream.webhooks as WebhookEntry[]).map((webhook) => {
    const path = webhook.clientConfig.service?.path;
    if (!path) throw new Error(`webhook ${webhook.name} in ${manifestPath} names no service path`);
    return { ...webhook, clientConfig: { url: `https://127.0.0.1:${options.port}${path}`, caBundle } };
  });
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingWebhookConfiguration',
    metadata: { name: WEBHOOK_CONFIGURATION_NAME },
    webhooks,
  };
}

export async function registerWebhooks(kc: k8s.KubeConfig, configuration: Record<string, unknown>): Promise<void> {
  await kubeRequest(kc, { method: 'POST', path: VWC_PATH, body: configuration });
}

/**
 * A host that only the webhook refuses (a BMC driver that does not exist), created with
 * dryRun=All in `default`: the denial proves the apiserver has the configuration and BMO answers.
 */
const PROBE_HOST = {
  apiVersion: 'metal3.io/v1alpha1',
  kind: 'BareMetalHost',
  metadata: { name: 'testbed-webhook-probe', namespace: 'default' },
  spec: { online: false, bmc: { address: 'no-such-driver://127.0.0.1', credentialsName: 'none' } },
};

/** Is an error the apiserver's report of a denial by BMO's BareMetalHost webhook? */
export function isWebhookDenial(error: unknown, webhook = BMH_WEBHOOK_NAME): error is KubeRequestError {
  return error instanceof KubeRequestError && error.status?.message?.startsWith(`admission webhook "${webhook}" denied the request`) === true;
}

/**
 * Waits until the apiserver calls BMO's webhook and BMO answers (a few seconds after BMO starts);
 * fails at once if `serverAlive` says BMO exited (a port taken meanwhile, a bad certificate).
 */
export async function waitForWebhook(kc: k8s.KubeConfig, options: { serverAlive: () => boolean; serverLog: string; timeoutMs?: number }): Promise<void> {
  const outcome = await waitFor(
    "BMO's admission webhook to answer the apiserver",
    async () => {
      if (!options.serverAlive()) return 'exited' as const;
      try {
        await kubeRequest(kc, {
          method: 'POST',
          path: resourcePath(BareMetalHostKind, { namespace: 'default' }),
          query: { dryRun: 'All' },
          body: PROBE_HOST,
        });
      } catch (error) {
        if (isWebhookDenial(error)) return 'answered' as const;
        // BMO not listening yet: "failed calling webhook ... connection refused" (500).
        throw error;
      }
      // Admitted: the apiserver has not loaded the configuration yet.
      return undefined;
    },
    { timeoutMs: options.timeoutMs ?? 60_000, intervalMs: 100 },
  );
  if (outcome === 'exited') throw new Error(`baremetal-operator exited before its webhook answered; see ${options.serverLog}`);
}
