/**
 * npm run bench:inventory [-- --hosts N] — the inventory at scale (N hosts and N nodes besides the
 * seed; 2,000 by default). Prints, each against the raw apiserver measured in the same run:
 * - inventory API latency p50/p95 as a ratio to a raw LIST of both kinds (target ≤ 0.1×);
 * - time to interactive of `/` in headless Chromium: the first rows drawn and the search answering
 *   over every row (target ≤ 1.5 s at 10,000);
 * - a host change reaching its row, p95 (target ≤ 1 s), and as a ratio to the raw watch event;
 * - first-load JS of `/`, gzip (target ≤ 200 kB);
 * - the console server's RSS (target ≤ 400 MB at 10,000 + 10,000);
 * - RSS with 1, 5 and 20 distinct identities holding the inventory stream (target: 20 ≤ 1.5× one),
 *   and that an identity with fewer rights (no nodes) gets nothing.
 * The console runs as it would in a cluster: token sign-in, its shared cache filled by a
 * ServiceAccount holding exactly deploy/base/shared-cache-rbac.yaml's rights; users are ServiceAccounts
 * with read-only rights. Writes inventory.json, inventory-latency.svg and inventory-rss.svg
 * (inventory-<N>.* for another scale).
 *
 * It starts its own scaled local cluster (stopping a running one of the same TESTBED_NAME) and
 * stops it at the end, or on any failure; BENCH_REUSE_CLUSTER=1 uses a running cluster instead
 * (e.g. one from `cluster:up -- --scale 10000`) and leaves it running.
 */
import * as k8s from '@kubernetes/client-node';
import { chromium } from '@playwright/test';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseAllDocuments } from 'yaml';
import { linkInventory } from '../../lib/inventory/links';
import type { StreamSnapshot } from '../../lib/inventory/stream';
import { BareMetalHostKind, ClusterRoleBindingKind, ClusterRoleKind, type KindRef, NamespaceKind, NodeKind, RoleBindingKind, RoleKind, ServiceAccountKind, resourcePath } from '../../lib/k8s/kinds';
import { MACHINE_API_NAMESPACE } from '../../lib/metal3/constants';
import { serviceAccountToken, serviceAccountWithRole } from '../cluster/identities';
import { type KubeObject, ObjectClient, adminKubeConfig, kubeRequest, tokenKubeConfig, waitFor } from '../cluster/kube';
import { REPO_ROOT } from '../cluster/paths';
import { down, isRunning, up } from '../cluster/testbed';
import { barChart, latencyChart } from './charts';
import { type BenchContext, figure, log, percentile, runBench, timed } from './harness';

function hostsArgument(): number {
  const index = process.argv.indexOf('--hosts');
  const raw = index >= 0 ? process.argv[index + 1] : (process.env.BENCH_SCALE ?? '2000');
  const hosts = Number(raw);
  if (!Number.isInteger(hosts) || hosts < 0) throw new Error(`--hosts takes a whole number, not ${raw}`);
  return hosts;
}

const HOSTS = hostsArgument();
const PORT = Number(process.env.BENCH_PORT ?? 3300);
const BASE = `http://127.0.0.1:${PORT}`;
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 30);
const IDENTITY_COUNTS = [1, 5, 20];
/** Results of the default scale are `inventory.*`; of another scale, `inventory-<hosts>.*`. */
const BENCH_NAME = HOSTS === 2000 ? 'inventory' : `inventory-${HOSTS}`;
/** Scaling the test bed dominates: about 1 min per 1,000 hosts and nodes on a busy 2-core machine, plus the build and the measurements. */
const LIMIT_MS = (15 + Math.ceil(HOSTS / 1000) * 2.5) * 60_000;
const CONSOLE_NAMESPACE = 'bare-metal-console';
const CONSOLE_SERVICE_ACCOUNT = 'bare-metal-console';
const USERS_NAMESPACE = 'bench-users';

/** What a user needs to see the inventory: read-only rights on hosts and nodes. */
const VIEWER_RULES = [
  { apiGroups: ['metal3.io'], resources: ['baremetalhosts', 'provisionings'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['apps'], resources: ['deployments', 'daemonsets'], verbs: ['get', 'list', 'watch'] },
];
/** Fewer rights: hosts but no nodes, so the inventory must show this identity nothing. */
const NO_NODES_RULES = [VIEWER_RULES[0]];

const KINDS_BY_NAME: Record<string, KindRef> = { ClusterRole: ClusterRoleKind, ClusterRoleBinding: ClusterRoleBindingKind, Role: RoleKind, RoleBinding: RoleBindingKind };

/** The test bed's admin identity, read once the cluster is up: the bench may be what starts it. */
let kc: k8s.KubeConfig;
let client: ObjectClient;

/** The console's ServiceAccount with exactly deploy/base/shared-cache-rbac.yaml's rights; returns a kubeconfig file of its token. */
async function consoleIdentity(directory: string): Promise<string> {
  await client.ensure(NamespaceKind, { metadata: { name: CONSOLE_NAMESPACE } });
  await client.ensure(ServiceAccountKind, { metadata: { name: CONSOLE_SERVICE_ACCOUNT, namespace: CONSOLE_NAMESPACE } });
  for (const document of parseAllDocuments(readFileSync(join(REPO_ROOT, 'deploy', 'base', 'shared-cache-rbac.yaml'), 'utf8'))) {
    const object = document.toJS() as KubeObject;
    const kind = KINDS_BY_NAME[object.kind ?? ''];
    if (!kind) throw new Error(`deploy/base/shared-cache-rbac.yaml: unexpected kind ${object.kind}`);
    await client.delete(kind, object.metadata.name ?? '', object.metadata.namespace);
    await client.create(kind, { ...object, apiVersion: undefined, kind: undefined } as KubeObject);
  }
  const token = await serviceAccountToken(kc, { namespace: CONSOLE_NAMESPACE, name: CONSOLE_SERVICE_ACCOUNT, expirationSeconds: 24 * 3600 });
  const file = join(directory, 'console.kubeconfig');
  writeFileSync(file, tokenKubeConfig(kc, token, CONSOLE_SERVICE_ACCOUNT).exportConfig(), { mode: 0o600 });
  return file;
}

async function userToken(name: string, rules: unknown[]): Promise<string> {
  return serviceAccountWithRole(client, { namespace: USERS_NAMESPACE, name, rules });
}

function startConsole(kubeconfig: string): ChildProcess {
  return spawn(process.execPath, ['node_modules/next/dist/bin/next', 'start', '--hostname', '127.0.0.1', '--port', String(PORT)], {
    cwd: REPO_ROOT,
    env: { ...process.env, KUBECONFIG: kubeconfig, CONSOLE_AUTH_MODE: 'token', CONSOLE_SESSION_SECRET: 'bench-session-secret-0123456789abcdef', NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

function rssMiB(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? Number.NaN) / 1024;
}

/** The pid of whatever listens on the console's port (next start runs the server in its own process). */
function consolePid(): number {
  const out = execFileSync('ss', ['-ltnpH', `sport = :${PORT}`], { encoding: 'utf8' });
  const pid = Number(/pid=(\d+)/.exec(out)?.[1]);
  if (!Number.isInteger(pid)) throw new Error(`nothing listens on port ${PORT}`);
  return pid;
}

async function signIn(token: string): Promise<string> {
  const response = await fetch(`${BASE}/api/session`, { method: 'POST', headers: { Origin: BASE, 'Content-Type': 'application/json' }, body: JSON.stringify({ token }) });
  if (!response.ok) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  return response.headers.get('set-cookie')?.split(';')[0] ?? '';
}

/**
 * Opens the inventory stream as a browser would and resolves with the first snapshot it carries
 * (hosts and nodes) and, when the topic refuses, its health error; the stream stays open until
 * `close()`.
 */
async function openInventoryStream(cookie: string): Promise<{ first: Promise<{ hosts: number; nodes: number; error?: string }>; close: () => void }> {
  const controller = new AbortController();
  const response = await fetch(`${BASE}/api/stream?topic=inventory`, { headers: { Cookie: cookie, Accept: 'text/event-stream' }, signal: controller.signal });
  if (!response.ok || !response.body) throw new Error(`stream: ${response.status}`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const first = (async () => {
    let buffer = '';
    let counts: { hosts: number; nodes: number } | undefined;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error('the stream ended before a snapshot');
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const data = buffer.slice(0, end).split('\n').filter((line) => line.startsWith('data: ')).map((line) => line.slice(6)).join('\n');
        buffer = buffer.slice(end + 2);
        if (!data) continue;
        const message = JSON.parse(data) as { event: string; data: { hosts?: unknown[]; nodes?: unknown[]; error?: string } };
        if (message.event === 'snapshot') counts = { hosts: message.data.hosts?.length ?? 0, nodes: message.data.nodes?.length ?? 0 };
        if (message.event === 'health' && counts) {
          // Keep reading (and discarding) so the server never sees a stalled reader.
          void (async () => {
            for (;;) if ((await reader.read()).done) return;
          })().catch(() => undefined);
          return { ...counts, ...(message.data.error ? { error: message.data.error } : {}) };
        }
      }
    }
  })();
  return { first, close: () => controller.abort() };
}

async function measure({ onCleanup }: BenchContext) {
  const reuse = Boolean(process.env.BENCH_REUSE_CLUSTER) && (await isRunning());
  if (reuse) log('reusing the running cluster (BENCH_REUSE_CLUSTER)');
  else {
    log(`starting a local cluster with ${HOSTS} extra hosts and nodes`);
    onCleanup(() => down());
    await down({ quiet: true });
    await up({ scale: HOSTS });
  }
  kc = adminKubeConfig();
  client = new ObjectClient(kc);
  const directory = mkdtempSync(join(tmpdir(), 'bench-inventory-'));
  onCleanup(() => rmSync(directory, { recursive: true, force: true }));

  log('building the console');
  execFileSync(process.execPath, ['node_modules/next/dist/bin/next', 'build'], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });

  await client.ensure(NamespaceKind, { metadata: { name: USERS_NAMESPACE } });
  const consoleKubeconfig = await consoleIdentity(directory);
  const viewers = await Promise.all(Array.from({ length: Math.max(...IDENTITY_COUNTS) }, (_, i) => userToken(`bench-viewer-${i}`, VIEWER_RULES)));
  const noNodes = await userToken('bench-no-nodes', NO_NODES_RULES);

  const server = startConsole(consoleKubeconfig);
  onCleanup(() => void server.kill('SIGTERM'));
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
  onCleanup(() => browser.close());
  await waitFor('the console to answer', async () => ((await fetch(`${BASE}/sign-in`).catch(() => undefined))?.ok ? true : undefined), { timeoutMs: 60_000 });
  const pid = consolePid();

  const cookie = await signIn(viewers[0] ?? '');
  const inventory = async () => {
    const response = await fetch(`${BASE}/api/inventory`, { headers: { Cookie: cookie } });
    if (!response.ok) throw new Error(`inventory: ${response.status} ${await response.text()}`);
    return (await response.json()) as StreamSnapshot;
  };
  const first = await inventory();
  const rows = linkInventory(first.hosts, first.nodes).length;
  log(`inventory holds ${first.hosts.length} hosts and ${first.nodes.length} nodes (${rows} rows)`);

  // 1. Inventory API latency against a raw LIST of both kinds, interleaved.
  const raw: number[] = [];
  const api: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    raw.push(await timed(() => Promise.all([kubeRequest(kc, { method: 'GET', path: resourcePath(BareMetalHostKind, { namespace: MACHINE_API_NAMESPACE }) }), kubeRequest(kc, { method: 'GET', path: resourcePath(NodeKind) })])));
    api.push(await timed(inventory));
  }

  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  const [name, value] = cookie.split('=');
  await context.addCookies([{ name: name ?? '', value: value ?? '', url: BASE }]);
  const page = await context.newPage();
  page.on('pageerror', (error) => log(`page error: ${error.message}`));
  page.on('console', (message) => message.type() === 'error' && log(`page console: ${message.text().slice(0, 300)}`));

  // 2. First-load JS of /: every script the page's HTML loads (as Next counts "First Load JS"),
  // gzipped; not what the page prefetches later for the links it shows.
  const html = await (await fetch(`${BASE}/`, { headers: { Cookie: cookie } })).text();
  // nomodule scripts (polyfills) are never loaded by a browser that runs modules.
  // The attribute may come before or after src (React writes `<script src=… noModule="">`).
  const scriptTags = [...html.matchAll(/<script\b([^>]*)>/g)].map((match) => match[1] ?? '').filter((attributes) => !/\snomodule\b/i.test(attributes));
  const scriptUrls = [...new Set(scriptTags.flatMap((attributes) => /\ssrc="([^"]+)"/.exec(attributes)?.[1] ?? []))];
  let jsGzipBytes = 0;
  for (const src of scriptUrls) jsGzipBytes += gzipSync(Buffer.from(await (await fetch(new URL(src, BASE))).arrayBuffer())).length;

  // 3. Time to interactive of /: the first rows drawn, and the search answering over every row.
  const search = page.getByLabel('Search by name, MAC or IP');
  const tti: number[] = [];
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    await page.goto(`${BASE}/`);
    await page.getByRole('row', { name: /controller1/ }).waitFor();
    await search.fill('controller1');
    await page.getByText(`Showing 1 of ${rows} rows`, { exact: true }).waitFor({ timeout: 60_000 });
    tti.push(performance.now() - start);
    log(`time to interactive ${i + 1}: ${(performance.now() - start).toFixed(0)} ms`);
    await search.fill('');
  }

  // 4. A host change reaching its row in Chromium, against the raw watch seeing it.
  const host = 'controller1';
  // A host row's name starts with its selection checkbox's label.
  const row = page.getByRole('row', { name: new RegExp(`^Select host ${host} `) });
  await row.waitFor();
  const update: number[] = [];
  const watchBaseline: number[] = [];
  for (let i = 0; i < 20; i++) {
    const online = i % 2 !== 0;
    let seen: (() => void) | undefined;
    const watched = new Promise<void>((resolve) => (seen = resolve));
    const watch = await new k8s.Watch(kc).watch(
      resourcePath(BareMetalHostKind, { namespace: MACHINE_API_NAMESPACE }),
      { fieldSelector: `metadata.name=${host}` },
      (type: string, object: { spec?: { online?: boolean } }) => {
        if (type === 'MODIFIED' && object.spec?.online === online) seen?.();
      },
      () => undefined,
    );
    const start = performance.now();
    // The Power cell follows spec.online at once (On / Powering on… or Off / Powering off…; BMO catches up later).
    const rowUpdated = row.getByRole('cell', { name: online ? /(Powering on…|\bOn|asked on\))$/ : /(Powering off…|\bOff|asked off\))$/ }).first().waitFor();
    await client.jsonPatch(BareMetalHostKind, { name: host, namespace: MACHINE_API_NAMESPACE, ops: [{ op: 'replace', path: '/spec/online', value: online }] });
    await watched;
    watchBaseline.push(performance.now() - start);
    await rowUpdated;
    update.push(performance.now() - start);
    watch.abort();
  }
  await client.jsonPatch(BareMetalHostKind, { name: host, namespace: MACHINE_API_NAMESPACE, ops: [{ op: 'replace', path: '/spec/online', value: true }] });
  await context.close();
  const rssAfterRun = rssMiB(pid);

  // 5. Memory with 1, 5 and 20 identities each holding the inventory stream (cumulative).
  const streams: { close: () => void }[] = [];
  onCleanup(() => streams.forEach((s) => s.close()));
  const rssByIdentities: { identities: number; rssMiB: number }[] = [];
  for (const count of IDENTITY_COUNTS) {
    while (streams.length < count) {
      const stream = await openInventoryStream(await signIn(viewers[streams.length] ?? ''));
      streams.push(stream);
      const seen = await stream.first;
      if (seen.hosts !== first.hosts.length || seen.nodes !== first.nodes.length) throw new Error(`identity ${streams.length} saw ${seen.hosts} hosts and ${seen.nodes} nodes`);
    }
    await new Promise((resolve) => setTimeout(resolve, 3000));
    rssByIdentities.push({ identities: count, rssMiB: rssMiB(pid) });
    log(`${count} identities: RSS ${rssMiB(pid).toFixed(0)} MiB`);
  }
  const refused = await openInventoryStream(await signIn(noNodes));
  const fewer = await refused.first;
  refused.close();
  if (fewer.hosts !== 0 || fewer.nodes !== 0 || !fewer.error) throw new Error(`the identity without node rights saw ${fewer.hosts} hosts and ${fewer.nodes} nodes`);
  log(`the identity without node rights got nothing: ${fewer.error}`);

  const rawP50 = percentile(raw, 50);
  const rawP95 = percentile(raw, 95);
  const rssOne = rssByIdentities[0]?.rssMiB ?? Number.NaN;
  const figures = [
    figure({ name: 'inventory API latency p50', value: percentile(api, 50), unit: 'ms', baseline: { name: 'raw LIST of both kinds p50', value: rawP50 }, target: { max: 0.1, on: 'ratio', text: '≤ 0.1×' } }),
    figure({ name: 'inventory API latency p95', value: percentile(api, 95), unit: 'ms', baseline: { name: 'raw LIST of both kinds p95', value: rawP95 }, target: { max: 0.1, on: 'ratio', text: '≤ 0.1×' } }),
    figure({ name: 'host change → row updated in Chromium p95', value: percentile(update, 95), unit: 'ms', baseline: { name: 'raw watch event p95', value: percentile(watchBaseline, 95) }, target: { max: 1000, on: 'value', text: '≤ 1000 ms' } }),
    figure({ name: `time to interactive of / (median of 5, ${rows} rows)`, value: percentile(tti, 50), unit: 'ms', baseline: { name: 'raw LIST of both kinds p50', value: rawP50 }, target: { max: 1500, on: 'value', text: '≤ 1500 ms' } }),
    figure({ name: 'first-load JS of / (gzip)', value: jsGzipBytes / 1024, unit: 'kB', target: { max: 200, on: 'value', text: '≤ 200 kB' } }),
    figure({ name: 'console server RSS after the run', value: rssAfterRun, unit: 'MiB', target: { max: 400, on: 'value', text: '≤ 400 MB' } }),
    ...rssByIdentities.map((r) =>
      figure({ name: `console server RSS, ${r.identities} identit${r.identities === 1 ? 'y' : 'ies'} streaming`, value: r.rssMiB, unit: 'MiB', baseline: { name: '1 identity', value: rssOne }, ...(r.identities === 20 ? { target: { max: 1.5, on: 'ratio' as const, text: '≤ 1.5× one' } } : {}) }),
    ),
  ];
  const scale = `${first.hosts.length} hosts, ${first.nodes.length} nodes`;
  return {
    figures,
    details: { hosts: first.hosts.length, nodes: first.nodes.length, rows, samplesMs: { api, rawList: raw, rowUpdate: update, rawWatch: watchBaseline, timeToInteractive: tti }, rssByIdentities, refusedIdentity: fewer },
    charts: {
      [`${BENCH_NAME}-latency`]: latencyChart({
        title: `Inventory latency at ${scale}`,
        subtitle: 'inventory API vs a raw LIST of both kinds; a host change reaching its row vs the raw watch',
        series: [
          { name: 'inventory API', valuesMs: api },
          { name: 'raw LIST (both)', valuesMs: raw, dashed: true },
          { name: 'row updated', valuesMs: update },
          { name: 'raw watch event', valuesMs: watchBaseline, dashed: true },
        ],
      }),
      [`${BENCH_NAME}-rss`]: barChart({
        title: `Console server RSS per identity count at ${scale}`,
        subtitle: 'each identity a ServiceAccount holding the inventory stream; target: 20 ≤ 1.5× one',
        xLabel: 'identities streaming the inventory',
        yLabel: 'RSS (MiB)',
        bars: rssByIdentities.map((r) => ({ label: String(r.identities), value: r.rssMiB, note: `(${(r.rssMiB / rssOne).toFixed(2)}×)` })),
      }),
    },
  };
}

runBench({ name: BENCH_NAME, limitMs: LIMIT_MS, parameters: { hosts: HOSTS, iterations: ITERATIONS, identities: IDENTITY_COUNTS } }, measure);
