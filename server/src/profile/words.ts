// How a heap profile's figures read: `9.2 MiB in use`, `1,204 objects allocated`, `91%`. Pure.
import { formatBytes } from '../analysis/sizes';
import type { HeapSampleType } from './sampleTypes';

export interface SampleWords {
  /** What the end-of-line annotation says after the amount (`in use`, `allocated`). */
  state: string;
  /** The verb of a quote (`holds`, `allocated`). */
  verb: string;
  /** What a share is of (`in-use memory`, `all allocated objects`). */
  whole: string;
  bytes: boolean;
}

export const sampleWords: Record<HeapSampleType, SampleWords> = {
  inuse_space: { state: 'in use', verb: 'holds', whole: 'in-use memory', bytes: true },
  inuse_objects: { state: 'in use', verb: 'holds', whole: 'in-use objects', bytes: false },
  alloc_space: { state: 'allocated', verb: 'allocated', whole: 'all memory allocated', bytes: true },
  alloc_objects: { state: 'allocated', verb: 'allocated', whole: 'all objects allocated', bytes: false },
};

const count = (v: number): string => Math.round(v).toLocaleString('en-US');

/** An amount of the sample type: `9.2 MiB` or `1,204 objects`. */
export function amount(value: number, type: HeapSampleType): string {
  return sampleWords[type].bytes ? formatBytes(Math.round(value)) : `${count(value)} object${Math.round(value) === 1 ? '' : 's'}`;
}

/** A share in percent: `91%`, `4.5%`, `<0.1%`. */
export function percent(part: number, whole: number): string {
  if (whole <= 0) return '0%';
  const p = (100 * part) / whole;
  if (p > 0 && p < 0.1) return '<0.1%';
  return `${p >= 10 ? Math.round(p) : Number(p.toFixed(1))}%`;
}

/** The end-of-line annotation: `▲ 812 MiB in use · 91%`. */
export function annotation(value: number, total: number, type: HeapSampleType): string {
  return `▲ ${amount(value, type)} ${sampleWords[type].state} · ${percent(value, total)}`;
}

/** A count rounded to 3 significant digits, for "about 207,000 elements". */
export function about(v: number): string {
  if (v < 1000) return count(v);
  const digits = Math.floor(Math.log10(v)) + 1;
  const unit = 10 ** (digits - 3);
  return count(Math.round(v / unit) * unit);
}

export { count };
