// A structural check of SARIF 2.1.0 logs, written from the OASIS specification (required
// properties, allowed property names — the schema forbids others —, enums and minimums) for the
// objects go-oom-lens emits. No schema is fetched: tests run offline.

type Obj = Record<string, unknown>;

const allowed: Record<string, readonly string[]> = {
  sarifLog: ['$schema', 'version', 'runs', 'inlineExternalProperties', 'properties'],
  run: ['tool', 'invocations', 'conversion', 'language', 'versionControlProvenance', 'originalUriBaseIds', 'artifacts', 'logicalLocations', 'graphs', 'results', 'automationDetails', 'runAggregates', 'baselineGuid', 'redactionTokens', 'defaultEncoding', 'defaultSourceLanguage', 'newlineSequences', 'columnKind', 'externalPropertyFileReferences', 'threadFlowLocations', 'taxonomies', 'addresses', 'translations', 'policies', 'webRequests', 'webResponses', 'specialLocations', 'properties'],
  tool: ['driver', 'extensions', 'properties'],
  toolComponent: ['guid', 'name', 'organization', 'product', 'productSuite', 'shortDescription', 'fullDescription', 'fullName', 'version', 'semanticVersion', 'dottedQuadFileVersion', 'releaseDateUtc', 'downloadUri', 'informationUri', 'globalMessageStrings', 'notifications', 'rules', 'taxa', 'locations', 'language', 'contents', 'isComprehensive', 'localizedDataSemanticVersion', 'minimumRequiredLocalizedDataSemanticVersion', 'associatedComponent', 'translationMetadata', 'supportedTaxonomies', 'properties'],
  reportingDescriptor: ['id', 'deprecatedIds', 'guid', 'deprecatedGuids', 'name', 'deprecatedNames', 'shortDescription', 'fullDescription', 'messageStrings', 'defaultConfiguration', 'helpUri', 'help', 'relationships', 'properties'],
  reportingConfiguration: ['enabled', 'level', 'rank', 'parameters', 'properties'],
  multiformatMessageString: ['text', 'markdown', 'properties'],
  message: ['text', 'markdown', 'id', 'arguments', 'properties'],
  result: ['ruleId', 'ruleIndex', 'rule', 'kind', 'level', 'message', 'analysisTarget', 'locations', 'guid', 'correlationGuid', 'occurrenceCount', 'partialFingerprints', 'fingerprints', 'stacks', 'codeFlows', 'graphs', 'graphTraversals', 'relatedLocations', 'suppressions', 'baselineState', 'rank', 'attachments', 'hostedViewerUri', 'workItemUris', 'provenance', 'fixes', 'taxa', 'webRequest', 'webResponse', 'properties'],
  location: ['id', 'physicalLocation', 'logicalLocations', 'message', 'annotations', 'relationships', 'properties'],
  physicalLocation: ['address', 'artifactLocation', 'region', 'contextRegion', 'properties'],
  artifactLocation: ['uri', 'uriBaseId', 'index', 'description', 'properties'],
  region: ['startLine', 'startColumn', 'endLine', 'endColumn', 'charOffset', 'charLength', 'byteOffset', 'byteLength', 'snippet', 'message', 'sourceLanguage', 'properties'],
  invocation: ['commandLine', 'arguments', 'responseFiles', 'startTimeUtc', 'endTimeUtc', 'exitCode', 'ruleConfigurationOverrides', 'notificationConfigurationOverrides', 'toolExecutionNotifications', 'toolConfigurationNotifications', 'exitCodeDescription', 'exitSignalName', 'exitSignalNumber', 'processStartFailureMessage', 'executionSuccessful', 'machine', 'account', 'processId', 'executableLocation', 'workingDirectory', 'environmentVariables', 'stdin', 'stdout', 'stderr', 'stdoutStderr', 'properties'],
  notification: ['locations', 'message', 'level', 'threadId', 'timeUtc', 'exception', 'descriptor', 'associatedRule', 'properties'],
};

const levels = ['none', 'note', 'warning', 'error'];

/** Every violation found in `log`, as `path: what`; empty when the log is well formed. */
export function sarifProblems(log: unknown): string[] {
  const problems: string[] = [];
  const fail = (at: string, what: string): void => void problems.push(`${at}: ${what}`);

  const object = (value: unknown, at: string, kind: string, required: readonly string[] = []): Obj | undefined => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      fail(at, `expected a ${kind} object`);
      return undefined;
    }
    const o = value as Obj;
    for (const key of Object.keys(o)) if (!allowed[kind].includes(key)) fail(at, `${kind} has no property '${key}'`);
    for (const key of required) if (!(key in o)) fail(at, `${kind} requires '${key}'`);
    return o;
  };
  const array = (value: unknown, at: string): unknown[] => {
    if (!Array.isArray(value)) {
      fail(at, 'expected an array');
      return [];
    }
    return value;
  };
  const string = (value: unknown, at: string): void => {
    if (typeof value !== 'string') fail(at, 'expected a string');
  };
  const integer = (value: unknown, at: string, min: number): void => {
    if (!Number.isInteger(value) || (value as number) < min) fail(at, `expected an integer ≥ ${min}`);
  };
  const oneOf = (value: unknown, at: string, values: readonly string[]): void => {
    if (typeof value !== 'string' || !values.includes(value)) fail(at, `expected one of ${values.join(', ')}`);
  };
  const uriReference = (value: unknown, at: string, absolute: boolean): void => {
    if (typeof value !== 'string' || /[\s\\]/.test(value)) return fail(at, 'expected a URI (no spaces or backslashes)');
    const isAbsolute = /^[a-z][a-z0-9+.-]*:/i.test(value);
    if (absolute && !isAbsolute) fail(at, 'expected an absolute URI');
    if (isAbsolute) {
      try {
        new URL(value);
      } catch {
        fail(at, 'not a valid URI');
      }
    }
  };
  const multiformat = (value: unknown, at: string): void => {
    const o = object(value, at, 'multiformatMessageString', ['text']);
    if (o) string(o.text, `${at}.text`);
  };
  const message = (value: unknown, at: string): void => {
    const o = object(value, at, 'message');
    if (o && !('text' in o) && !('id' in o)) fail(at, "message requires 'text' or 'id'");
    if (o && 'text' in o) string(o.text, `${at}.text`);
  };
  const artifactLocation = (value: unknown, at: string): void => {
    const o = object(value, at, 'artifactLocation');
    if (o && 'uri' in o) uriReference(o.uri, `${at}.uri`, false);
    if (o && 'uriBaseId' in o) string(o.uriBaseId, `${at}.uriBaseId`);
  };
  const region = (value: unknown, at: string): void => {
    const o = object(value, at, 'region');
    if (!o) return;
    for (const key of ['startLine', 'startColumn', 'endLine', 'endColumn'] as const) if (key in o) integer(o[key], `${at}.${key}`, 1);
    if (!('startLine' in o)) fail(at, 'a text region needs startLine');
    if (typeof o.endLine === 'number' && typeof o.startLine === 'number' && o.endLine < o.startLine) fail(at, 'endLine before startLine');
    if (o.endLine === o.startLine && typeof o.endColumn === 'number' && typeof o.startColumn === 'number' && o.endColumn < o.startColumn) fail(at, 'endColumn before startColumn');
  };
  const location = (value: unknown, at: string): void => {
    const o = object(value, at, 'location');
    if (!o) return;
    if ('id' in o) integer(o.id, `${at}.id`, -1);
    if ('message' in o) message(o.message, `${at}.message`);
    if ('physicalLocation' in o) {
      const p = object(o.physicalLocation, `${at}.physicalLocation`, 'physicalLocation');
      if (p && !('artifactLocation' in p) && !('address' in p)) fail(`${at}.physicalLocation`, "requires 'artifactLocation' or 'address'");
      if (p?.artifactLocation !== undefined) artifactLocation(p.artifactLocation, `${at}.physicalLocation.artifactLocation`);
      if (p?.region !== undefined) region(p.region, `${at}.physicalLocation.region`);
    }
  };

  const root = object(log, '$', 'sarifLog', ['version', 'runs']);
  if (!root) return problems;
  if (root.version !== '2.1.0') fail('$.version', "expected '2.1.0'");
  if ('$schema' in root) uriReference(root.$schema, '$.$schema', true);
  array(root.runs, '$.runs').forEach((r, i) => {
    const at = `$.runs[${i}]`;
    const run = object(r, at, 'run', ['tool']);
    if (!run) return;
    const tool = object(run.tool, `${at}.tool`, 'tool', ['driver']);
    const driver = tool && object(tool.driver, `${at}.tool.driver`, 'toolComponent', ['name']);
    const ruleIds: string[] = [];
    if (driver) {
      string(driver.name, `${at}.tool.driver.name`);
      if ('version' in driver) string(driver.version, `${at}.tool.driver.version`);
      if ('informationUri' in driver) uriReference(driver.informationUri, `${at}.tool.driver.informationUri`, true);
      array(driver.rules ?? [], `${at}.tool.driver.rules`).forEach((d, k) => {
        const rat = `${at}.tool.driver.rules[${k}]`;
        const rule = object(d, rat, 'reportingDescriptor', ['id']);
        if (!rule) return;
        string(rule.id, `${rat}.id`);
        ruleIds.push(String(rule.id));
        for (const key of ['shortDescription', 'fullDescription', 'help'] as const) if (key in rule) multiformat(rule[key], `${rat}.${key}`);
        if ('defaultConfiguration' in rule) {
          const c = object(rule.defaultConfiguration, `${rat}.defaultConfiguration`, 'reportingConfiguration');
          if (c && 'level' in c) oneOf(c.level, `${rat}.defaultConfiguration.level`, levels);
        }
      });
      if (new Set(ruleIds).size !== ruleIds.length) fail(`${at}.tool.driver.rules`, 'rule ids must be unique');
    }
    if ('columnKind' in run) oneOf(run.columnKind, `${at}.columnKind`, ['utf16CodeUnits', 'unicodeCodePoints']);
    if ('originalUriBaseIds' in run) {
      for (const [name, base] of Object.entries(run.originalUriBaseIds as Obj)) {
        artifactLocation(base, `${at}.originalUriBaseIds.${name}`);
        const uri = (base as Obj | null)?.uri;
        if (typeof uri === 'string' && !uri.endsWith('/')) fail(`${at}.originalUriBaseIds.${name}.uri`, 'must end with a slash');
      }
    }
    array(run.invocations ?? [], `${at}.invocations`).forEach((v, k) => {
      const iat = `${at}.invocations[${k}]`;
      const inv = object(v, iat, 'invocation', ['executionSuccessful']);
      if (inv && typeof inv.executionSuccessful !== 'boolean') fail(`${iat}.executionSuccessful`, 'expected a boolean');
      array(inv?.toolExecutionNotifications ?? [], `${iat}.toolExecutionNotifications`).forEach((n, m) => {
        const nat = `${iat}.toolExecutionNotifications[${m}]`;
        const note = object(n, nat, 'notification', ['message']);
        if (note) message(note.message, `${nat}.message`);
        if (note && 'level' in note) oneOf(note.level, `${nat}.level`, levels);
        array(note?.locations ?? [], `${nat}.locations`).forEach((l, j) => location(l, `${nat}.locations[${j}]`));
      });
    });
    array(run.results ?? [], `${at}.results`).forEach((x, k) => {
      const rat = `${at}.results[${k}]`;
      const result = object(x, rat, 'result', ['message']);
      if (!result) return;
      message(result.message, `${rat}.message`);
      if ('ruleId' in result) string(result.ruleId, `${rat}.ruleId`);
      if ('ruleIndex' in result) {
        integer(result.ruleIndex, `${rat}.ruleIndex`, -1);
        if (typeof result.ruleIndex === 'number' && result.ruleIndex >= 0 && ruleIds[result.ruleIndex] !== result.ruleId) fail(`${rat}.ruleIndex`, 'does not point at the rule named by ruleId');
      }
      if ('level' in result) oneOf(result.level, `${rat}.level`, levels);
      array(result.locations ?? [], `${rat}.locations`).forEach((l, j) => location(l, `${rat}.locations[${j}]`));
      const related = array(result.relatedLocations ?? [], `${rat}.relatedLocations`);
      related.forEach((l, j) => location(l, `${rat}.relatedLocations[${j}]`));
      const ids = related.map((l) => (l as Obj | null)?.id).filter((id) => id !== undefined);
      if (new Set(ids).size !== ids.length) fail(`${rat}.relatedLocations`, 'location ids must be unique within a result');
    });
  });
  return problems;
}
