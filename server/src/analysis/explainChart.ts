// An SVG chart of heap vs. loop iterations against the memory limit, with the goroutine stack flat.
// Pure: a growth plan in, SVG text out (the explanation embeds it as an image).
import type { GrowthPlan } from './growth';
import { stackStartBytes } from './explainFacts';
import { formatBytes } from './sizes';

const W = 640;
const H = 300;
const left = 70;
const right = 20;
const top = 20;
const bottom = 40;

/** Heap (backing array, log scale) against iterations, with the limit and the stack. */
export function heapChartSvg(plan: GrowthPlan, limitBytes: number, label: string): string {
  const lastIteration = plan.limitIteration ?? plan.steps[plan.steps.length - 1]?.iteration ?? 1;
  const minY = 1024;
  const maxY = Math.max(limitBytes * 2, minY * 4);
  const x = (it: number): number => left + (it / lastIteration) * (W - left - right);
  const y = (bytes: number): number => {
    const v = Math.log2(Math.max(bytes, minY) / minY) / Math.log2(maxY / minY);
    return H - bottom - v * (H - top - bottom);
  };
  // The live backing array is a step function: constant between growths.
  let path = `M ${x(0).toFixed(1)} ${y(minY).toFixed(1)}`;
  let prevBytes = minY;
  for (const s of plan.steps) {
    path += ` L ${x(s.iteration).toFixed(1)} ${y(prevBytes).toFixed(1)} L ${x(s.iteration).toFixed(1)} ${y(s.bytes).toFixed(1)}`;
    prevBytes = s.bytes;
  }
  path += ` L ${x(lastIteration).toFixed(1)} ${y(prevBytes).toFixed(1)}`;
  const ticks: string[] = [];
  for (let b = minY; b <= maxY; b *= 1024) {
    ticks.push(`<line x1="${left}" x2="${W - right}" y1="${y(b).toFixed(1)}" y2="${y(b).toFixed(1)}" stroke="#8884" />`
      + `<text x="${left - 6}" y="${(y(b) + 4).toFixed(1)}" text-anchor="end">${formatBytes(b)}</text>`);
  }
  const killed = plan.limitIteration !== undefined
    ? `<circle cx="${x(lastIteration).toFixed(1)}" cy="${y(limitBytes).toFixed(1)}" r="5" fill="#d33" /><text x="${(x(lastIteration) - 8).toFixed(1)}" y="${(y(limitBytes) - 10).toFixed(1)}" text-anchor="end" fill="#d33">SIGKILL (exit 137) at iteration ${plan.limitIteration.toLocaleString('en-US')}</text>`
    : '';
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`,
    `<rect width="${W}" height="${H}" fill="#fff" />`,
    ...ticks,
    `<line x1="${left}" x2="${W - right}" y1="${y(limitBytes).toFixed(1)}" y2="${y(limitBytes).toFixed(1)}" stroke="#d33" stroke-dasharray="6 4" />`,
    `<text x="${W - right}" y="${(y(limitBytes) + 14).toFixed(1)}" text-anchor="end" fill="#d33">memory limit ${formatBytes(limitBytes)}</text>`,
    `<path d="${path}" fill="none" stroke="#15c" stroke-width="2" />`,
    `<text x="${left + 6}" y="${top + 12}" fill="#15c">heap: ${escapeXml(label)}</text>`,
    `<line x1="${left}" x2="${W - right}" y1="${y(stackStartBytes).toFixed(1)}" y2="${y(stackStartBytes).toFixed(1)}" stroke="#393" stroke-width="2" />`,
    `<text x="${W - right}" y="${(y(stackStartBytes) - 6).toFixed(1)}" text-anchor="end" fill="#393">goroutine stack: flat at ${formatBytes(stackStartBytes)}</text>`,
    killed,
    `<line x1="${left}" x2="${left}" y1="${top}" y2="${H - bottom}" stroke="#000" /><line x1="${left}" x2="${W - right}" y1="${H - bottom}" y2="${H - bottom}" stroke="#000" />`,
    `<text x="${left}" y="${H - bottom + 16}">0</text><text x="${W - right}" y="${H - bottom + 16}" text-anchor="end">${lastIteration.toLocaleString('en-US')}</text>`,
    `<text x="${(left + W - right) / 2}" y="${H - 6}" text-anchor="middle">loop iterations</text>`,
    '</svg>',
  ].join('');
}

/** The chart as a markdown image (a data URI, so it needs no file). */
export function heapChartMarkdown(plan: GrowthPlan, limitBytes: number, label: string): string {
  const svg = heapChartSvg(plan, limitBytes, label);
  return `![Heap vs. iterations: ${escapeMarkdown(label)}](data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')})`;
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeMarkdown(s: string): string {
  return s.replace(/[[\]()]/g, '');
}
