/**
 * npm run bench:bulk — bulk enrollment of a 100-host CSV (BENCH_HOSTS) in headless Chromium against
 * the built console: how long the browser takes to read and check every row, how long the
 * server's check and dry run take, and how long the console takes to create the batch, against
 * `kubectl create -f` of the same objects (other names, MACs and IPs) in the same run, as a ratio.
 *
 * It starts its own local cluster (stopping a running one of this TESTBED_NAME) and stops it
 * afterwards: 2 × 100 hosts are left provisioning. BENCH_REUSE_CLUSTER=1 uses a running cluster
 * instead and leaves the hosts in it. The browser's and the server's checks run first; then
 * kubectl creates its hosts, BMO is left to provision them, and the console creates its own, so
 * both creates meet a cluster that is not busy with the other's hosts.
 */
import { chromium } from '@playwright/test';
import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import { bulkCsv } from '../../lib/bulk/columns';
import { readBulkCsv } from '../../lib/bulk/csv';
import { checkRow } from '../../lib/bulk/rows';
import { enrollmentObjects } from '../../lib/enroll/manifests';
import { BareMetalHostKind, resourcePath } from '../../lib/k8s/kinds';
import { MACHINE_API_NAMESPACE } from '../../lib/metal3/constants';
import { adminKubeConfig, kubeRequest, waitFor } from '../cluster/kube';
import { REPO_ROOT, binary, testbedPaths } from '../cluster/paths';
import { down, isRunning, up } from '../cluster/testbed';
import { figure, log, runBench } from './harness';

const HOSTS = Number(process.env.BENCH_HOSTS ?? 100);
const PORT = Number(process.env.BENCH_PORT ?? 3310);
const BASE = `http://127.0.0.1:${PORT}`;


/** The batch's rows: every other host on a static network, the rest DHCP; `prefix` keeps the two sets apart. */
function rows(prefix: 'c' | 'k'): Record<string, string>[] {
  const block = prefix === 'c' ? 1 : 2;
  return Array.from({ length: HOSTS }, (_, i) => ({
    name: `bench-${prefix}-${String(i).padStart(3, '0')}`,
    bmc_address: `redfish-virtualmedia+https://192.168.111.1:8000/redfish/v1/Systems/bench-${prefix}-${i}`,
    bmc_username: 'admin',
    bmc_password: `pw-${prefix}-${i},"x"`,
    disable_certificate_verification: 'true',
    boot_mac: `52:54:00:0${block}:${(i >> 8).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`,
    root_device: '/dev/sda',
    network: i % 2 === 0 ? 'static' : 'dhcp',
    ...(i % 2 === 0 ? { interface: 'eno1', ip: `10.${block}.${i >> 8}.${(i & 255) + 10 > 254 ? 1 : (i & 255) + 10}/16`, gateway: `10.${block}.0.1`, dns: `10.${block}.0.1` } : {}),
  }));
}

/** The objects kubectl creates: what the console would make of the same CSV, passwords in, one multi-document file. */
function kubectlFile(): string {
  const read = readBulkCsv(bulkCsv(rows('k')), () => crypto.randomUUID());
  if (!read.ok) throw new Error(JSON.stringify(read.problems));
  const documents = read.rows.flatMap((row) => {
    const verdict = checkRow(row);
    if (!verdict.ok) throw new Error(`${row.cells.name}: ${JSON.stringify(verdict.problems)}`);
    return enrollmentObjects(verdict.enrollment, { operationId: row.id, enrolledBy: 'bench', batchId: crypto.randomUUID() }).map((object) => `---\n${stringify(object.manifest)}`);
  });
  const file = join(tmpdir(), `bench-bulk-${process.pid}.yaml`);
  writeFileSync(file, documents.join(''));
  return file;
}

function startConsole(kubeconfig: string): ChildProcess {
  return spawn(process.execPath, ['node_modules/next/dist/bin/next', 'start', '--hostname', '127.0.0.1', '--port', String(PORT)], {
    cwd: REPO_ROOT,
    env: { ...process.env, KUBECONFIG: kubeconfig, CONSOLE_AUTH_MODE: 'kubeconfig', NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

runBench({ name: 'bulk', limitMs: 40 * 60_000, parameters: { hosts: HOSTS } }, async ({ onCleanup }) => {
  const reuse = Boolean(process.env.BENCH_REUSE_CLUSTER) && (await isRunning());
  if (reuse) log('reusing the running cluster (BENCH_REUSE_CLUSTER)');
  else {
    log('starting a local cluster');
    await down({ quiet: true });
    onCleanup(() => down({ quiet: true }));
    await up();
  }
  const paths = testbedPaths();
  const kc = adminKubeConfig();
  log('building the console');
  execFileSync(process.execPath, ['node_modules/next/dist/bin/next', 'build'], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
  const server = startConsole(paths.kubeconfig);
  onCleanup(() => void server.kill('SIGTERM'));
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
  onCleanup(() => browser.close());
  await waitFor('the console to answer', async () => ((await fetch(`${BASE}/sign-in`).catch(() => undefined))?.ok ? true : undefined), { timeoutMs: 60_000 });
  const signIn = await fetch(`${BASE}/api/session`, { method: 'POST', headers: { Origin: BASE, 'Content-Type': 'application/json' }, body: '{}' });
  if (!signIn.ok) throw new Error(`sign-in failed: ${signIn.status} ${await signIn.text()}`);
  const [cookieName = '', cookieValue = ''] = (signIn.headers.get('set-cookie')?.split(';')[0] ?? '').split('=');
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  await context.addCookies([{ name: cookieName, value: cookieValue, url: BASE }]);
  const page = await context.newPage();
  await page.goto(`${BASE}/hosts/new/bulk`);

  // 1. The browser reads and checks every row (hostEnrollmentSchema, NMState, across rows) and draws the table.
  await page.getByLabel('Or paste it here').fill(bulkCsv(rows('c')));
  const validateStart = performance.now();
  await page.getByRole('button', { name: 'Read the hosts' }).click();
  await page.getByRole('heading', { name: `Review: ${HOSTS} hosts` }).waitFor();
  await page.getByRole('textbox', { name: `Host name Row ${HOSTS}`, exact: true }).waitFor();
  const validateMs = performance.now() - validateStart;

  // 2. The server checks every row again and the apiserver dry-runs every object.
  const create = page.getByRole('button', { name: `Create ${HOSTS} hosts` });
  await waitFor('every row checked by the server and dry-run', async () => ((await create.isEnabled()) ? true : undefined), { timeoutMs: 300_000, intervalMs: 50 });
  const checkMs = performance.now() - validateStart - validateMs;

  // 3. kubectl create -f of the same objects (the baseline), then BMO left to settle its hosts, so both creates meet a quiet cluster.
  const file = kubectlFile();
  log(`kubectl create -f (${HOSTS} hosts, ${HOSTS * 3 - HOSTS / 2} objects)`);
  const kubectlStart = performance.now();
  await promisify(execFile)(binary('kubectl'), ['--kubeconfig', paths.kubeconfig, 'create', '-f', file], { maxBuffer: 16 * 1024 * 1024 });
  const kubectlMs = performance.now() - kubectlStart;
  log("waiting for BMO to provision kubectl's hosts");
  await waitFor(
    "kubectl's hosts provisioned",
    async () => {
      const list = await kubeRequest<{ items: { metadata: { name: string }; status?: { provisioning?: { state?: string } } }[] }>(kc, { method: 'GET', path: resourcePath(BareMetalHostKind, { namespace: MACHINE_API_NAMESPACE }) });
      const mine = list.items.filter((h) => h.metadata.name.startsWith('bench-k-'));
      return mine.length === HOSTS && mine.every((h) => h.status?.provisioning?.state === 'provisioned') ? true : undefined;
    },
    { timeoutMs: 900_000, intervalMs: 2_000 },
  );

  // 4. The console creates the batch: from the click to every row created, as the page shows it.
  log(`console create (${HOSTS} hosts)`);
  const createStart = performance.now();
  await create.click();
  await page.getByText(`${HOSTS} of ${HOSTS} hosts created.`).waitFor({ timeout: 300_000 });
  const consoleMs = performance.now() - createStart;

  const kubectlCreate = { name: `kubectl create -f (${HOSTS} hosts)`, value: kubectlMs / 1000 };
  return {
    figures: [
      figure({ name: `browser: read and check ${HOSTS} rows, table drawn`, value: validateMs / 1000, unit: 's', target: { max: 2, on: 'value', text: '≤ 2 s' } }),
      figure({ name: 'server: check every row again and dry-run every object', value: checkMs / 1000, unit: 's' }),
      figure({ name: kubectlCreate.name, value: kubectlCreate.value, unit: 's' }),
      figure({ name: `console create (${HOSTS} hosts, click to every row created)`, value: consoleMs / 1000, unit: 's', baseline: kubectlCreate, target: { max: 1.5, on: 'ratio', text: '≤ 1.5×' } }),
    ],
  };
});
