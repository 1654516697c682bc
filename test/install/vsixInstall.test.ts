// The .vsix as a user installs it (README "Install"): `npm run package`, then
// `code-server --install-extension` into an empty extensions folder. Checks what lands there and
// that the installed language server starts; the smoke suite (test/smoke) clicks through it.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { cleanEnv, incidentDir, listFiles, lspHandshake, makeSandbox, repoRoot, rulePages, runOk } from './installHarness';

const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { name: string; publisher: string; version: string };
const shipped = ['package.json', 'readme.md', 'GRAMMAR.md', '.vsixmanifest', 'dist/extension.js', 'dist/server.js',
  'dist/tree-sitter.wasm', 'dist/tree-sitter-go.wasm', 'syntaxes/go-escape-log.tmLanguage.json', ...rulePages()].sort();

/** scripts/editor/codeServer.mjs: where code-server is and the environment it runs with (HOME in the temp dir). */
interface CodeServerModule { CODE_SERVER: string; codeServerEnv(tmp: string, extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv }

describe('the .vsix, installed into code-server', { timeout: 300_000 }, () => {
  let sandbox: string;
  let vsix: string;
  let installed: string;

  before(async () => {
    sandbox = makeSandbox('vsix');
    const env = cleanEnv(sandbox);
    vsix = path.join(sandbox, `${manifest.name}.vsix`);
    runOk('npm', ['run', 'package', '--silent', '--', '--out', vsix], repoRoot, env);
    // The runner (scripts/run-tests.mjs) hands this build on to the smoke suite instead of packaging twice.
    const keep = process.env.GO_OOM_LENS_VSIX_OUT;
    if (keep) fs.copyFileSync(vsix, keep);
    const cs = (await import(pathToFileURL(path.join(repoRoot, 'scripts', 'editor', 'codeServer.mjs')).href)) as CodeServerModule;
    if (!fs.existsSync(cs.CODE_SERVER)) throw new Error(`${cs.CODE_SERVER} is missing: run \`bash scripts/install-code-server.sh\``);
    const ext = path.join(sandbox, 'ext');
    runOk(process.execPath, [cs.CODE_SERVER, '--install-extension', vsix, '--extensions-dir', ext, '--user-data-dir', path.join(sandbox, 'user')],
      sandbox, cs.codeServerEnv(sandbox, { PATH: env.PATH, npm_config_cache: env.npm_config_cache }));
    const folders = fs.readdirSync(ext).filter((d) => fs.statSync(path.join(ext, d)).isDirectory());
    assert.deepEqual(folders, [`${manifest.publisher}.${manifest.name}-${manifest.version}`], `what code-server installed into ${ext}`);
    installed = path.join(ext, folders[0]);
  });
  after(() => { if (sandbox) fs.rmSync(sandbox, { recursive: true, force: true }); });

  test('the installed extension holds its manifest, both bundles, the WASM, the grammar and the rule pages, and nothing else', () => {
    assert.deepEqual(listFiles(installed), shipped);
    const main = (JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8')) as { main: string }).main;
    assert.ok(fs.existsSync(path.join(installed, main)), `package.json "main" (${main}) is installed`);
  });

  test('the installed server starts: `node dist/server.js --stdio` answers initialize and publishes the incident findings', async () => {
    const incident = path.join(sandbox, 'incident');
    fs.cpSync(incidentDir, incident, { recursive: true });
    const { init, published } = await lspHandshake(process.execPath, [path.join(installed, 'dist', 'server.js'), '--stdio'], sandbox, cleanEnv(sandbox), path.join(incident, 'main.go'));
    assert.equal(init.serverInfo?.name, 'go-oom-lens');
    assert.ok(published.diagnostics.some((d) => d.code === 'zero-step-loop'), JSON.stringify(published.diagnostics.map((d) => d.code)));
    for (const d of published.diagnostics) {
      const href = d.codeDescription?.href ?? '';
      assert.ok(href.startsWith(pathToFileURL(path.join(installed, 'docs', 'rules')).href), `${d.code} links ${href}, not a page of the installed extension`);
    }
  });
});
