/**
 * npm run bench:inventory — the inventory at scale (2,000 hosts and 2,000 nodes by default).
 * Prints figures; timings are reported as ratios against baselines measured in the same run
 * (raw apiserver LISTs, the raw watch), because these machines are shared and noisy.
 *
 * It starts its own scaled local cluster (stopping a running one) and the built console;
 * BENCH_REUSE_CLUSTER=1 uses a running cluster instead (e.g. one from `cluster:up -- --scale 2000`).
 */
import * as k8s from '@kubernetes/client-node';
import { chromium } from '@playwright/test';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { BareMetalHostKind, NodeKind, resourcePath } from '../../lib/k8s/kinds';
import { MACHINE_API_NAMESPACE } from '../../lib/metal3/constants';
import { ObjectClient, adminKubeConfig, kubeRequest, waitFor } from '../cluster/kube';
import { REPO_ROOT, testbedPaths } from '../cluster/paths';
import { down, isRunning, up } from '../cluster/testbed';

const SCALE = Number(process.env.BENCH_SCALE ?? 2000);
const PORT = Number(process.env.BENCH_PORT ?? 3300);
const BASE = `http://127.0.0.1:${PORT}`;
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 30);

const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

async function timed<T>(action: () => Promise<T>): Promise<number> {
  const start = performance.now();
  await action();
  return performance.now() - start;
}

function startConsole(kubeconfig: string): ChildProcess {
  const server = spawn(process.execPath, ['node_modules/next/dist/bin/next', 'start', '--hostname', '127.0.0.1', '--port', String(PORT)], {
    cwd: REPO_ROOT,
    env: { ...process.env, KUBECONFIG: kubeconfig, CONSOLE_AUTH_MODE: 'kubeconfig', NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return server;
}

function rssMiBOfPort(port: number): number {
  const out = execFileSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8' });
  const pid = /pid=(\d+)/.exec(out)?.[1];
  if (!pid) return NaN;
  const status = execFileSync('cat', [`/proc/${pid}/status`], { encoding: 'utf8' });
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
}

async function main(): Promise<void> {
  const reuse = Boolean(process.env.BENCH_REUSE_CLUSTER) && (await isRunning());
  if (reuse) {
    log('reusing the running cluster (BENCH_REUSE_CLUSTER)');
  } else {
    log(`starting a local cluster with ${SCALE} extra hosts and nodes`);
    await down({ quiet: true });
    await up({ scale: SCALE });
  }
  const kubeconfig = testbedPaths().kubeconfig;
  const kc = adminKubeConfig();
  const client = new ObjectClient(kc);

  log('building the console');
  execFileSync(process.execPath, ['node_modules/next/dist/bin/next', 'build'], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  const server = startConsole(kubeconfig);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
  try {
    await waitFor('the console to answer', async () => ((await fetch(`${BASE}/sign-in`)).ok ? true : undefined), { timeoutMs: 60_000 });
    const signIn = await fetch(`${BASE}/api/session`, { method: 'POST', headers: { Origin: BASE, 'Content-Type': 'application/json' }, body: '{}' });
    if (!signIn.ok) throw new Error(`sign-in failed: ${signIn.status} ${await signIn.text()}`);
    const cookie = signIn.headers.get('set-cookie')?.split(';')[0] ?? '';
    const inventory = async () => {
      const response = await fetch(`${BASE}/api/inventory`, { headers: { Cookie: cookie } });
      if (!response.ok) throw new Error(`inventory: ${response.status} ${await response.text()}`);
      return (await response.json()) as { hosts: unknown[]; nodes: unknown[] };
    };
    const first = await inventory();
    log(`inventory holds ${first.hosts.length} hosts and ${first.nodes.length} nodes`);

    // 1. Inventory API latency against a raw LIST of both kinds, interleaved.
    const raw: number[] = [];
    const api: number[] = [];
    for (let i = 0; i < ITERATIONS; i++) {
      raw.push(
        await timed(() =>
          Promise.all([
            kubeRequest(kc, { method: 'GET', path: resourcePath(BareMetalHostKind, { namespace: MACHINE_API_NAMESPACE }) }),
            kubeRequest(kc, { method: 'GET', path: resourcePath(NodeKind) }),
          ]),
        ),
      );
      api.push(await timed(inventory));
    }

    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    const [name, value] = cookie.split('=');
    await context.addCookies([{ name: name ?? '', value: value ?? '', url: BASE }]);
    const page = await context.newPage();

    // 3. First-load JS of / in a cold browser: every script it fetched, gzipped.
    let jsGzipBytes = 0;
    const scripts: Promise<void>[] = [];
    const onResponse = (response: import('@playwright/test').Response) => {
      if (response.request().resourceType() !== 'script') return;
      scripts.push(response.body().then((body) => void (jsGzipBytes += gzipSync(body).length), () => undefined));
    };
    page.on('response', onResponse);
    await page.goto(`${BASE}/`);
    await page.waitForLoadState('networkidle');
    await Promise.all(scripts);
    page.off('response', onResponse);

    // 4. Time to interactive of / (rendered rows, and the search answering a keystroke).
    const tti: number[] = [];
    for (let i = 0; i < 5; i++) {
      const start = performance.now();
      await page.goto(`${BASE}/`);
      await page.getByRole('row', { name: /controller1/ }).waitFor();
      await page.getByLabel('Search by name, MAC or IP').fill('controller1');
      await page.getByText(/^Showing 1 of \d+ rows$/).waitFor();
      tti.push(performance.now() - start);
      await page.getByLabel('Search by name, MAC or IP').fill('');
    }

    // 5. A host change reaching its row in Chromium, against the raw watch seeing it.
    const host = 'controller1';
    const row = page.getByRole('row', { name: new RegExp(`^${host} `) });
    await row.waitFor();
    const update: number[] = [];
    const watchBaseline: number[] = [];
    for (let i = 0; i < 20; i++) {
      const online = i % 2 === 0 ? false : true;
      let seen: (() => void) | undefined;
      const watched = new Promise<void>((resolve) => {
        seen = resolve;
      });
      const watch = await new k8s.Watch(kc).watch(
        resourcePath(BareMetalHostKind, { namespace: MACHINE_API_NAMESPACE }),
        { fieldSelector: `metadata.name=${host}` },
        (type: string, object: { spec?: { online?: boolean } }) => {
          if (type === 'MODIFIED' && object.spec?.online === online) seen?.();
        },
        () => undefined,
      );
      const start = performance.now();
      const rowUpdated = row.getByRole('cell', { name: online ? 'Yes' : 'No', exact: true }).first().waitFor();
      await client.jsonPatch(BareMetalHostKind, { name: host, namespace: MACHINE_API_NAMESPACE, ops: [{ op: 'replace', path: '/spec/online', value: online }] });
      await watched;
      watchBaseline.push(performance.now() - start);
      await rowUpdated;
      update.push(performance.now() - start);
      watch.abort();
    }
    await client.jsonPatch(BareMetalHostKind, { name: host, namespace: MACHINE_API_NAMESPACE, ops: [{ op: 'replace', path: '/spec/online', value: true }] });

    const rss = rssMiBOfPort(PORT);
    const lines = [
      `Inventory benchmark: ${first.hosts.length} hosts, ${first.nodes.length} nodes, ${ITERATIONS} iterations`,
      `inventory API   p50 ${ms(percentile(api, 50))}  p95 ${ms(percentile(api, 95))}`,
      `raw LIST (both) p50 ${ms(percentile(raw, 50))}  p95 ${ms(percentile(raw, 95))}`,
      `  ratio         p50 ${(percentile(api, 50) / percentile(raw, 50)).toFixed(2)}x  p95 ${(percentile(api, 95) / percentile(raw, 95)).toFixed(2)}x   (target <= 0.5x)`,
      `row update in Chromium p50 ${ms(percentile(update, 50))}  p95 ${ms(percentile(update, 95))}   (target p95 <= 1000 ms)`,
      `raw watch event        p50 ${ms(percentile(watchBaseline, 50))}  p95 ${ms(percentile(watchBaseline, 95))}`,
      `  ratio                p95 ${(percentile(update, 95) / percentile(watchBaseline, 95)).toFixed(2)}x`,
      `time to interactive of / median ${ms(percentile(tti, 50))}   (target <= 2000 ms)`,
      `first-load JS of / (gzip) ${(jsGzipBytes / 1024).toFixed(1)} kB   (target <= 250 kB)`,
      `console server RSS ${rss.toFixed(0)} MB   (target <= 300 MB)`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await browser.close();
    server.kill('SIGTERM');
    if (!reuse) await down();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
