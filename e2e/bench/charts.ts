/**
 * SVG charts of the benches' figures, written beside their JSON (e2e/bench/results/). Geometry
 * comes from d3-scale (axes, ticks) and d3-shape (lines); the SVG is plain text with no script and
 * no external reference, so GitHub and the README show it as an image.
 */
import { scaleBand, scaleLinear, scaleLog } from 'd3-scale';
import { curveStepAfter, line } from 'd3-shape';

const WIDTH = 720;
const HEIGHT = 360;
const MARGIN = { top: 40, right: 170, bottom: 48, left: 64 };
const COLORS = ['#1d4ed8', '#b45309', '#047857', '#7c3aed', '#be123c'];

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const fmt = (value: number) => (Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 10 ? value.toFixed(1) : value.toPrecision(2));

function frame(options: { title: string; subtitle?: string; xLabel: string; yLabel: string; body: string[] }): string {
  const { top, left, bottom } = MARGIN;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<text x="${left}" y="18" font-size="14" font-weight="bold">${escape(options.title)}</text>`,
    options.subtitle ? `<text x="${left}" y="33" fill="#475569">${escape(options.subtitle)}</text>` : '',
    `<text x="${(left + WIDTH - MARGIN.right) / 2}" y="${HEIGHT - 8}" text-anchor="middle">${escape(options.xLabel)}</text>`,
    `<text transform="translate(14 ${(top + HEIGHT - bottom) / 2}) rotate(-90)" text-anchor="middle">${escape(options.yLabel)}</text>`,
    ...options.body,
    '</svg>',
  ].join('\n');
}

function axes(x: { ticks: { at: number; label: string }[] }, y: { ticks: { at: number; label: string }[] }): string[] {
  const x0 = MARGIN.left;
  const x1 = WIDTH - MARGIN.right;
  const y0 = HEIGHT - MARGIN.bottom;
  const y1 = MARGIN.top;
  return [
    `<line x1="${x0}" y1="${y0}" x2="${x1}" y2="${y0}" stroke="#0f172a"/>`,
    `<line x1="${x0}" y1="${y0}" x2="${x0}" y2="${y1}" stroke="#0f172a"/>`,
    ...x.ticks.map((t) => `<line x1="${t.at}" y1="${y0}" x2="${t.at}" y2="${y0 + 4}" stroke="#0f172a"/><text x="${t.at}" y="${y0 + 17}" text-anchor="middle">${escape(t.label)}</text>`),
    ...y.ticks.map((t) => `<line x1="${x0}" y1="${t.at}" x2="${x1}" y2="${t.at}" stroke="#e2e8f0"/><text x="${x0 - 6}" y="${t.at + 4}" text-anchor="end">${escape(t.label)}</text>`),
  ];
}

function legend(entries: { name: string; color: string; dashed?: boolean }[]): string[] {
  const x = WIDTH - MARGIN.right + 14;
  return entries.map((entry, i) => {
    const y = MARGIN.top + 8 + i * 20;
    return `<line x1="${x}" y1="${y}" x2="${x + 22}" y2="${y}" stroke="${entry.color}" stroke-width="3"${entry.dashed ? ' stroke-dasharray="5 3"' : ''}/><text x="${x + 28}" y="${y + 4}">${escape(entry.name)}</text>`;
  });
}

/**
 * Latency distributions as cumulative curves: for each series, the share of requests (y, 0–100 %)
 * done within x milliseconds (log scale). A curve to the left is faster.
 */
export function latencyChart(options: { title: string; subtitle?: string; series: { name: string; valuesMs: number[]; dashed?: boolean }[] }): string {
  const all = options.series.flatMap((s) => s.valuesMs).filter((v) => v > 0);
  const x = scaleLog()
    .domain([Math.max(0.1, Math.min(...all) * 0.8), Math.max(...all) * 1.2])
    .range([MARGIN.left, WIDTH - MARGIN.right])
    .nice();
  const y = scaleLinear().domain([0, 100]).range([HEIGHT - MARGIN.bottom, MARGIN.top]);
  const path = line<[number, number]>()
    .x(([ms]) => x(Math.max(ms, x.domain()[0] ?? 0.1)))
    .y(([, share]) => y(share))
    .curve(curveStepAfter);
  const body = options.series.map((s, i) => {
    const sorted = [...s.valuesMs].sort((a, b) => a - b);
    const points: [number, number][] = [[sorted[0] ?? 0, 0], ...sorted.map((ms, j): [number, number] => [ms, ((j + 1) / sorted.length) * 100])];
    return `<path d="${path(points) ?? ''}" fill="none" stroke="${COLORS[i % COLORS.length]}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5 3"' : ''}/>`;
  });
  return frame({
    title: options.title,
    subtitle: options.subtitle,
    xLabel: 'milliseconds (log scale)',
    yLabel: 'share of samples done (%)',
    body: [
      // Log ticks at 1, 2 and 5 of each decade only: the rest crowd each other out.
      ...axes({ ticks: x.ticks().filter((t) => [1, 2, 5].includes(Number(t.toExponential(0).split('e')[0]))).map((t) => ({ at: x(t), label: fmt(t) })) }, { ticks: y.ticks(5).map((t) => ({ at: y(t), label: `${t}` })) }),
      ...body,
      ...legend(options.series.map((s, i) => ({ name: s.name, color: COLORS[i % COLORS.length] ?? '#000', dashed: s.dashed }))),
    ],
  });
}

/** Bars, one per category (e.g. RSS per number of identities), each labelled with its value. */
export function barChart(options: { title: string; subtitle?: string; xLabel: string; yLabel: string; bars: { label: string; value: number; note?: string }[] }): string {
  const x = scaleBand()
    .domain(options.bars.map((b) => b.label))
    .range([MARGIN.left, WIDTH - MARGIN.right])
    .padding(0.3);
  const y = scaleLinear()
    .domain([0, Math.max(...options.bars.map((b) => b.value)) * 1.15])
    .range([HEIGHT - MARGIN.bottom, MARGIN.top])
    .nice();
  const base = y(0);
  const body = options.bars.map((bar, i) => {
    const left = x(bar.label) ?? 0;
    const top = y(bar.value);
    return [
      `<rect x="${left}" y="${top}" width="${x.bandwidth()}" height="${base - top}" fill="${COLORS[i % COLORS.length]}"/>`,
      `<text x="${left + x.bandwidth() / 2}" y="${top - 6}" text-anchor="middle">${escape(`${fmt(bar.value)}${bar.note ? ` ${bar.note}` : ''}`)}</text>`,
    ].join('');
  });
  return frame({
    title: options.title,
    subtitle: options.subtitle,
    xLabel: options.xLabel,
    yLabel: options.yLabel,
    body: [...axes({ ticks: options.bars.map((b) => ({ at: (x(b.label) ?? 0) + x.bandwidth() / 2, label: b.label })) }, { ticks: y.ticks(5).map((t) => ({ at: y(t), label: fmt(t) })) }), ...body],
  });
}

/**
 * A drain over time: for each run, the disruptions its budget allowed (a step line) and each
 * eviction the budget admitted (a tick on the time axis, above the line of its run).
 */
export function drainTimelineChart(options: {
  title: string;
  subtitle?: string;
  runs: { name: string; allowed: { atMs: number; value: number }[]; evictionsAtMs: number[] }[];
}): string {
  const end = Math.max(1, ...options.runs.flatMap((r) => [...r.allowed.map((p) => p.atMs), ...r.evictionsAtMs]));
  const top = Math.max(1, ...options.runs.flatMap((r) => r.allowed.map((p) => p.value)));
  const x = scaleLinear().domain([0, end / 1000]).range([MARGIN.left, WIDTH - MARGIN.right]).nice();
  const y = scaleLinear().domain([-0.5 * options.runs.length, top + 0.5]).range([HEIGHT - MARGIN.bottom, MARGIN.top]);
  const path = line<{ atMs: number; value: number }>()
    .x((p) => x(p.atMs / 1000))
    .y((p) => y(p.value))
    .curve(curveStepAfter);
  const body = options.runs.flatMap((run, i) => {
    const color = COLORS[i % COLORS.length] ?? '#000';
    const rowY = y(-0.5 * (i + 0.5));
    return [
      `<path d="${path(run.allowed) ?? ''}" fill="none" stroke="${color}" stroke-width="2"/>`,
      ...run.evictionsAtMs.map((at) => `<line x1="${x(at / 1000)}" y1="${rowY - 6}" x2="${x(at / 1000)}" y2="${rowY + 6}" stroke="${color}" stroke-width="2"/>`),
    ];
  });
  return frame({
    title: options.title,
    subtitle: options.subtitle,
    xLabel: 'seconds since the drain started',
    yLabel: 'disruptions the budget allows',
    body: [
      ...axes({ ticks: x.ticks(8).map((t) => ({ at: x(t), label: fmt(t) })) }, { ticks: y.ticks(Math.min(6, top + 1)).filter((t) => t >= 0 && Number.isInteger(t)).map((t) => ({ at: y(t), label: `${t}` })) }),
      ...body,
      ...legend(options.runs.map((r, i) => ({ name: `${r.name} (ticks: evictions)`, color: COLORS[i % COLORS.length] ?? '#000' }))),
    ],
  });
}
