// SARIF 2.1.0 for GitHub code scanning and other SARIF viewers: one run, a rule descriptor for
// every rule, results with 1-based regions (columns in UTF-16 code units, SARIF's default kind).
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Span } from '../../analysis/analyzer';
import { allRules } from '../../analysis/registry';
import { packageInfo } from '../packageInfo';
import type { CheckReport } from '../report';

const schema = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
const srcRoot = '%SRCROOT%';

type Json = Record<string, unknown>;

/** The report as a SARIF log; relative URIs are resolved against `cwd` (the %SRCROOT% base). */
export function toSarif(report: CheckReport, cwd: string): Json {
  const info = packageInfo();
  const ruleIndex = new Map(allRules.map((r, i) => [r.id, i]));
  const driver: Json = {
    name: info.name,
    version: info.version,
    ...(info.homepage ? { informationUri: info.homepage } : {}),
    rules: allRules.map((r) => {
      const doc = r.doc.trim() || r.title;
      return {
        id: r.id,
        name: pascalCase(r.id),
        shortDescription: { text: r.title },
        fullDescription: { text: doc },
        help: { text: doc, markdown: doc },
        defaultConfiguration: { level: r.defaultSeverity },
      };
    }),
  };
  const location = (file: string, span: Span): Json => ({
    physicalLocation: {
      artifactLocation: artifactLocation(file, cwd),
      region: { startLine: span.start.line + 1, startColumn: span.start.character + 1, endLine: span.end.line + 1, endColumn: span.end.character + 1 },
    },
  });
  const results = report.findings.map((f) => ({
    ruleId: f.rule,
    ...(ruleIndex.has(f.rule) ? { ruleIndex: ruleIndex.get(f.rule) } : {}),
    level: f.severity,
    message: { text: f.message },
    locations: [location(f.file, f.span)],
    ...(f.related.length > 0
      ? { relatedLocations: f.related.map((r, i) => ({ id: i, ...location(r.file ?? f.file, r.span), message: { text: r.message } })) }
      : {}),
  }));
  const notifications = [
    ...report.problems.map((p) => ({ level: 'warning', message: { text: `${p.file}: ${p.message}` }, locations: [{ physicalLocation: { artifactLocation: artifactLocation(p.file, cwd) } }] })),
    ...report.internalErrors.map((e) => ({ level: 'error', message: { text: e } })),
  ];
  return {
    $schema: schema,
    version: '2.1.0',
    runs: [
      {
        tool: { driver },
        invocations: [{ executionSuccessful: report.internalErrors.length === 0, ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}) }],
        originalUriBaseIds: { [srcRoot]: { uri: pathToFileURL(cwd.endsWith(path.sep) ? cwd : cwd + path.sep).href } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

export function formatSarif(report: CheckReport, cwd: string): string {
  return `${JSON.stringify(toSarif(report, cwd), null, 2)}\n`;
}

/** A relative URI with forward slashes under %SRCROOT%, or a file: URI for files outside cwd. */
function artifactLocation(file: string, cwd: string): Json {
  const abs = path.resolve(cwd, file);
  const rel = path.relative(cwd, abs);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return { uri: pathToFileURL(abs).href };
  return { uri: rel.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: srcRoot };
}

function pascalCase(id: string): string {
  return id.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}
