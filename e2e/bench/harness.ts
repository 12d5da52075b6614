/**
 * What every bench shares: a time limit, clean-up of everything it started whether it ends well,
 * fails, runs out of time or is interrupted (Ctrl-C), the figures printed and written as JSON with
 * their SVG charts beside them in e2e/bench/results/, and small statistics helpers.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, hostname, totalmem } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../cluster/paths';

export const RESULTS_DIR = join(REPO_ROOT, 'e2e', 'bench', 'results');

export const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);

/** The p-th percentile (nearest rank) of `values`; NaN for none. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

export async function timed(action: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await action();
  return performance.now() - start;
}

/** One printed figure: its value, and the baseline it is a ratio of and the target, where it has them. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** The same-run baseline it is compared with, and the ratio value / baseline. */
  baseline?: { name: string; value: number; ratio: number };
  /** e.g. "≤ 0.1×" or "≤ 1000 ms", and whether this run met it. */
  target?: { text: string; met: boolean };
}

export interface BenchContext {
  /** Registers clean-up, run last-registered first, once, however the bench ends. */
  onCleanup(cleanup: () => Promise<void> | void): void;
  /** Aborted when the time limit passes or the bench is interrupted. */
  signal: AbortSignal;
}

export interface BenchOutcome {
  /** Printed as a table and written to <name>.json. */
  figures: Figure[];
  /** Anything else worth keeping with the figures (sample arrays, counts). */
  details?: Record<string, unknown>;
  /** SVG charts: file name (without .svg) → SVG text, written beside the JSON. */
  charts?: Record<string, string>;
}

function machine(): { hostname: string; cpus: number; cpuModel: string; memoryGiB: number; node: string } {
  const list = cpus();
  return { hostname: hostname(), cpus: list.length, cpuModel: list[0]?.model ?? 'unknown', memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version };
}

function print(name: string, figures: Figure[]): void {
  const rows = figures.map((f) => {
    const value = `${f.value.toFixed(f.unit === '×' ? 2 : 1)} ${f.unit}`;
    const ratio = f.baseline ? `${f.baseline.ratio.toFixed(2)}× of ${f.baseline.name} (${f.baseline.value.toFixed(1)} ${f.unit})` : '';
    const target = f.target ? `target ${f.target.text}: ${f.target.met ? 'met' : 'MISSED'}` : '';
    return [f.name, value, ratio, target];
  });
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  process.stdout.write(`\n${name}\n`);
  for (const row of rows) process.stdout.write(`${row.map((cell, i) => (i < 3 ? cell.padEnd(widths[i] ?? 0) : cell)).join('  ')}\n`);
}

/**
 * Runs a bench: `body` within `limitMs`, then prints and writes what it returns. Whatever
 * happens (an error, the time limit, SIGINT/SIGTERM), every registered clean-up runs before the
 * process exits, non-zero unless the bench finished.
 */
export function runBench(options: { name: string; limitMs: number; parameters?: Record<string, unknown> }, body: (context: BenchContext) => Promise<BenchOutcome>): void {
  const cleanups: (() => Promise<void> | void)[] = [];
  const controller = new AbortController();
  let cleaning: Promise<void> | undefined;
  const cleanUp = () =>
    (cleaning ??= (async () => {
      for (const cleanup of cleanups.splice(0).reverse()) {
        try {
          await cleanup();
        } catch (error) {
          log(`clean-up failed: ${(error as Error).message}`);
        }
      }
    })());
  const fail = (why: string) => {
    log(why);
    controller.abort(new Error(why));
    void cleanUp().finally(() => process.exit(1));
  };
  const limit = setTimeout(() => fail(`${options.name} ran past its limit of ${Math.round(options.limitMs / 60_000)} min; stopping everything it started`), options.limitMs);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => fail(`interrupted (${signal}); stopping everything the bench started`));
  const started = new Date();
  body({ onCleanup: (cleanup) => cleanups.push(cleanup), signal: controller.signal })
    .then(async (outcome) => {
      clearTimeout(limit);
      print(options.name, outcome.figures);
      mkdirSync(RESULTS_DIR, { recursive: true });
      const record = { bench: options.name, date: started.toISOString(), durationS: Math.round((Date.now() - started.getTime()) / 1000), machine: machine(), parameters: options.parameters ?? {}, figures: outcome.figures, ...outcome.details };
      writeFileSync(join(RESULTS_DIR, `${options.name}.json`), `${JSON.stringify(record, null, 2)}\n`);
      for (const [file, svg] of Object.entries(outcome.charts ?? {})) writeFileSync(join(RESULTS_DIR, `${file}.svg`), `${svg}\n`);
      log(`figures and charts written to ${RESULTS_DIR}`);
      await cleanUp();
      process.exit(0);
    })
    .catch(async (error: unknown) => {
      clearTimeout(limit);
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      await cleanUp();
      process.exit(1);
    });
}

/** A figure compared with a same-run baseline (ratio = value / baseline) and a target on that ratio or on the value. */
export function figure(options: { name: string; value: number; unit: string; baseline?: { name: string; value: number }; target?: { max: number; on: 'ratio' | 'value'; text: string } }): Figure {
  const ratio = options.baseline ? options.value / options.baseline.value : undefined;
  const measured = options.target?.on === 'ratio' ? ratio : options.value;
  return {
    name: options.name,
    value: options.value,
    unit: options.unit,
    ...(options.baseline && ratio !== undefined ? { baseline: { ...options.baseline, ratio } } : {}),
    ...(options.target ? { target: { text: options.target.text, met: measured !== undefined && measured <= options.target.max } } : {}),
  };
}
