// The server's settings (`goOomLens.*`): defaults, validation and the memory-size parser.
// package.json's `contributes.configuration` declares the same keys and defaults; a test keeps them in sync.
import { ruleIds } from './analysis/registry';
import { heapSampleTypes, type HeapSampleType } from './profile/sampleTypes';

/** How a rule's findings are shown: `default` keeps error for certain findings and warning for possible ones. */
export type RuleSetting = 'default' | 'error' | 'warning' | 'information' | 'hint' | 'off';
export const ruleSettingValues: readonly RuleSetting[] = ['default', 'error', 'warning', 'information', 'hint', 'off'];

export type ReportSetting = 'all' | 'certain';
export type TraceSetting = 'off' | 'messages' | 'verbose';
export type EscapeMode = 'off' | 'compiler' | 'predicted' | 'auto';

export interface Settings {
  /** Per rule id: severity override or `off`. */
  rules: Record<string, RuleSetting>;
  /** `certain` reports only findings that hold for every run (errors). */
  report: ReportSetting;
  /** The memory limit the explanations assume, as written (`1GiB`). */
  memoryLimit: string;
  /** The same limit in bytes. */
  memoryLimitBytes: number;
  codeLens: { enabled: boolean };
  hover: { enabled: boolean };
  debounceMs: number;
  trace: { server: TraceSetting };
  /** Where escape facts come from, and how long one compiler run may take. */
  escape: { mode: EscapeMode; timeoutMs: number };
  /** The go binary for escape analysis; empty: `go` on the PATH. */
  goPath: string;
  /** Larger documents are not analysed (a message says so); as written (`10MiB`) and in bytes. */
  maxFileSize: string | number;
  maxFileSizeBytes: number;
  /** An opened heap profile: which sample type the annotations show, and the smallest share (percent) annotated. */
  profile: { sampleType: HeapSampleType; threshold: number };
}

/** The defaults; package.json declares the same values. */
export function defaultSettings(): Settings {
  return {
    rules: Object.fromEntries(ruleIds.map((id) => [id, 'default' as RuleSetting])),
    report: 'all',
    memoryLimit: '1GiB',
    memoryLimitBytes: 1024 ** 3,
    codeLens: { enabled: true },
    hover: { enabled: true },
    debounceMs: 150,
    trace: { server: 'off' },
    escape: { mode: 'auto', timeoutMs: 60_000 },
    goPath: '',
    maxFileSize: '10MiB',
    maxFileSizeBytes: 10 * 1024 ** 2,
    profile: { sampleType: 'inuse_space', threshold: 1 },
  };
}

/** The flat keys (below `goOomLens.`) the server reads; package.json must declare exactly these. */
export function settingKeys(): string[] {
  return [
    ...ruleIds.map((id) => `rules.${id}`),
    'report', 'memoryLimit', 'codeLens.enabled', 'hover.enabled', 'debounceMs', 'trace.server', 'escape.mode', 'escape.timeoutMs', 'goPath', 'maxFileSize',
    'profile.sampleType', 'profile.threshold',
  ];
}

/** The default of one flat key, as package.json should declare it. */
export function defaultOf(key: string): unknown {
  let v: unknown = defaultSettings();
  const ruleKey = /^rules\.(.+)$/.exec(key);
  if (ruleKey) return (v as Settings).rules[ruleKey[1]];
  for (const part of key.split('.')) v = (v as Record<string, unknown>)?.[part];
  return v;
}

const units: Record<string, number> = {
  b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12,
  kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3, tib: 1024 ** 4,
  k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4,
};

/**
 * Parses a memory size such as `1GiB`, `512MiB`, `2GB`, `1.5g` or `1073741824`.
 * Binary units (KiB, MiB, GiB, TiB, and the bare K, M, G, T that GOMEMLIMIT and Kubernetes' Gi also mean)
 * are powers of 1024; KB, MB, GB, TB are powers of 1000. Returns undefined when it is not a size.
 */
export function parseMemorySize(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(text);
  if (!m) return undefined;
  let unit = m[2].toLowerCase();
  if (unit === 'gi' || unit === 'mi' || unit === 'ki' || unit === 'ti') unit += 'b';
  const factor = unit === '' ? 1 : units[unit];
  if (factor === undefined) return undefined;
  const bytes = Math.round(Number(m[1]) * factor);
  return bytes >= 1 && Number.isFinite(bytes) ? bytes : undefined;
}

export interface SettingsResult { settings: Settings; problems: string[] }

/**
 * Reads the client's `goOomLens` section. Unknown or invalid values are replaced by their defaults,
 * each with a message that names the setting, the bad value and what was used instead.
 */
export function readSettings(raw: unknown): SettingsResult {
  const s = defaultSettings();
  const problems: string[] = [];
  const section = isObject(raw) ? raw : {};
  const bad = (key: string, value: unknown, expected: string, fallback: unknown): void => {
    problems.push(`goOomLens.${key}: ${JSON.stringify(value)} is not ${expected}; using ${JSON.stringify(fallback)}.`);
  };

  const rules = lookup(section, 'rules');
  if (rules !== undefined) {
    if (!isObject(rules)) bad('rules', rules, 'an object of rule ids', {});
    else {
      for (const [id, value] of Object.entries(rules)) {
        if (!ruleIds.includes(id)) { problems.push(`goOomLens.rules.${id}: there is no rule "${id}" (rules: ${ruleIds.join(', ')}).`); continue; }
        if (typeof value === 'boolean') s.rules[id] = value ? 'default' : 'off';
        else if (ruleSettingValues.includes(value as RuleSetting)) s.rules[id] = value as RuleSetting;
        else bad(`rules.${id}`, value, `one of ${ruleSettingValues.join(', ')}`, 'default');
      }
    }
  }
  const report = lookup(section, 'report');
  if (report !== undefined) {
    if (report === 'all' || report === 'certain') s.report = report;
    else bad('report', report, '"all" or "certain"', s.report);
  }
  const limit = lookup(section, 'memoryLimit');
  if (limit !== undefined) {
    const bytes = typeof limit === 'number' ? (limit >= 1 ? Math.round(limit) : undefined) : typeof limit === 'string' ? parseMemorySize(limit) : undefined;
    if (bytes === undefined) bad('memoryLimit', limit, 'a memory size such as "512MiB", "1GiB" or "2GB"', s.memoryLimit);
    else { s.memoryLimit = String(limit); s.memoryLimitBytes = bytes; }
  }
  readBoolean(section, 'codeLens.enabled', (v) => { s.codeLens.enabled = v; }, bad);
  readBoolean(section, 'hover.enabled', (v) => { s.hover.enabled = v; }, bad);
  const debounce = lookup(section, 'debounceMs');
  if (debounce !== undefined) {
    if (typeof debounce === 'number' && Number.isFinite(debounce) && debounce >= 0 && debounce <= 10_000) s.debounceMs = Math.round(debounce);
    else bad('debounceMs', debounce, 'a number of milliseconds from 0 to 10000', s.debounceMs);
  }
  const trace = lookup(section, 'trace.server');
  if (trace !== undefined) {
    if (trace === 'off' || trace === 'messages' || trace === 'verbose') s.trace.server = trace;
    else bad('trace.server', trace, '"off", "messages" or "verbose"', s.trace.server);
  }
  const mode = lookup(section, 'escape.mode');
  if (mode !== undefined) {
    if (mode === 'off' || mode === 'compiler' || mode === 'predicted' || mode === 'auto') s.escape.mode = mode;
    else bad('escape.mode', mode, '"off", "compiler", "predicted" or "auto"', s.escape.mode);
  }
  const timeout = lookup(section, 'escape.timeoutMs');
  if (timeout !== undefined) {
    if (typeof timeout === 'number' && Number.isFinite(timeout) && timeout >= 500 && timeout <= 600_000) s.escape.timeoutMs = Math.round(timeout);
    else bad('escape.timeoutMs', timeout, 'a number of milliseconds from 500 to 600000', s.escape.timeoutMs);
  }
  const goPath = lookup(section, 'goPath');
  if (goPath !== undefined) {
    if (typeof goPath === 'string') s.goPath = goPath;
    else bad('goPath', goPath, 'a path (string)', s.goPath);
  }
  const maxFileSize = lookup(section, 'maxFileSize');
  if (maxFileSize !== undefined) {
    const bytes = typeof maxFileSize === 'number' ? (Number.isFinite(maxFileSize) && maxFileSize >= 1 ? Math.round(maxFileSize) : undefined) : typeof maxFileSize === 'string' ? parseMemorySize(maxFileSize) : undefined;
    if (bytes === undefined) bad('maxFileSize', maxFileSize, 'a size in bytes or such as "10MiB" or "20MB"', s.maxFileSize);
    else { s.maxFileSize = maxFileSize as string | number; s.maxFileSizeBytes = bytes; }
  }
  const sampleType = lookup(section, 'profile.sampleType');
  if (sampleType !== undefined) {
    if ((heapSampleTypes as readonly unknown[]).includes(sampleType)) s.profile.sampleType = sampleType as HeapSampleType;
    else bad('profile.sampleType', sampleType, `one of ${heapSampleTypes.join(', ')}`, s.profile.sampleType);
  }
  const threshold = lookup(section, 'profile.threshold');
  if (threshold !== undefined) {
    if (typeof threshold === 'number' && Number.isFinite(threshold) && threshold >= 0 && threshold <= 100) s.profile.threshold = threshold;
    else bad('profile.threshold', threshold, 'a percentage from 0 to 100', s.profile.threshold);
  }
  return { settings: s, problems };
}

function readBoolean(section: Record<string, unknown>, key: string, set: (v: boolean) => void, bad: (k: string, v: unknown, e: string, f: unknown) => void): void {
  const v = lookup(section, key);
  if (v === undefined) return;
  if (typeof v === 'boolean') set(v);
  else bad(key, v, 'true or false', true);
}

/** Finds `a.b` either nested (`{a: {b}}`, as VS Code sends it) or flat (`{"a.b": …}`, as some editors do). */
function lookup(section: Record<string, unknown>, key: string): unknown {
  if (key in section) return section[key];
  const [head, ...rest] = key.split('.');
  if (rest.length === 0) return undefined;
  const inner = section[head];
  return isObject(inner) ? lookup(inner, rest.join('.')) : undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
