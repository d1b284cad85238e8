// Runs every test layer (unit, integration inside real VS Code, interop with real peers)
// and ends with one line "N passed, N failed" for all of them together.
// Usage: node scripts/test.mjs [--only unit|integration|interop|vsix|web] [--no-build]
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const argv = process.argv.slice(2);
const only = argv.includes('--only') ? argv[argv.indexOf('--only') + 1] : undefined;
const skipBuild = argv.includes('--no-build');
const totals = { passed: 0, failed: 0 };

// Every layer's temporary files go into one folder of this run (TMPDIR is what os.tmpdir(),
// VS Code, Go, Python and openssl's callers all honour), removed at the end: a run leaves
// nothing in /tmp, and the integration runner's secret sweep of "files new in the temp folder"
// sees this run's files only, not those of another run or tool on the same machine.
// CERTWRIGHT_KEEP_TMP=1 keeps it for a post-mortem.
const runTmp = mkdtempSync(join(tmpdir(), 'certwright-test-'));
process.env.TMPDIR = runTmp;
process.on('exit', () => {
  if (process.env.CERTWRIGHT_KEEP_TMP === '1') console.log(`temporary files kept in ${runTmp}`);
  else rmSync(runTmp, { recursive: true, force: true, maxRetries: 3 });
});
const failures = [];

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  return r.status ?? 1;
}

function step(name, cmd, args) {
  console.log(`\n=== ${name}`);
  const code = run(cmd, args);
  if (code === 0) totals.passed++;
  else { totals.failed++; failures.push(name); }
  return code === 0;
}

function listTests(dir) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const name of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, name.name);
    if (name.isDirectory()) out.push(...listTests(p));
    else if (name.name.endsWith('.test.js')) out.push(p);
  }
  return out.sort();
}

function nodeTests(layer) {
  const files = listTests(join(root, 'out/test', layer));
  console.log(`\n=== ${layer} tests (${files.length} files)`);
  if (files.length === 0) {
    console.log(`no ${layer} test files were built`);
    totals.failed++; failures.push(`${layer}: no tests`);
    return;
  }
  const tapDir = join(root, 'test-results');
  mkdirSync(tapDir, { recursive: true });
  const tap = join(tapDir, `${layer}.tap`);
  rmSync(tap, { force: true });
  run(process.execPath, [
    '--enable-source-maps', '--test', '--test-concurrency=2',
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tap}`,
    ...files,
  ]);
  const text = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  const num = (k) => Number((text.match(new RegExp(`^# ${k} (\\d+)$`, 'm')) ?? [])[1] ?? NaN);
  const pass = num('pass'), fail = num('fail'), cancelled = num('cancelled'), skipped = num('skipped'), todo = num('todo');
  if (Number.isNaN(pass)) {
    totals.failed++; failures.push(`${layer}: no TAP summary`);
    return;
  }
  totals.passed += pass;
  // Skipped, cancelled and todo tests are not passes: they count as failures.
  const bad = fail + (cancelled || 0) + (skipped || 0) + (todo || 0);
  totals.failed += bad;
  if (bad) failures.push(`${layer}: ${fail} failed, ${cancelled || 0} cancelled, ${skipped || 0} skipped, ${todo || 0} todo`);
}

function integration(label = 'integration', runnerArgs = [], resultName = 'integration.json', runner = 'test/integration/runner.mjs') {
  console.log(`\n=== ${label} tests inside real VS Code`);
  const resultFile = join(root, 'test-results', resultName);
  rmSync(resultFile, { force: true });
  run(process.execPath, [join(root, runner), ...runnerArgs]);
  if (!existsSync(resultFile)) {
    totals.failed++; failures.push(`${label}: no result file`);
    return;
  }
  const r = JSON.parse(readFileSync(resultFile, 'utf8'));
  totals.passed += r.passed;
  totals.failed += r.failed;
  if (r.failed) failures.push(`${label}: ${r.failed} failed (${(r.failures || []).map((f) => f.title).join('; ')})`);
  if (r.passed + r.failed === 0) { totals.failed++; failures.push(`${label}: ran no test`); }
}

/**
 * The packaged extension: `npm run package` (production build + vsce), then the whole
 * integration suite (every workspace) against the .vsix installed with the server's
 * --install-extension. Runs
 * after the development-mode suite (the production build replaces dist/ with minified bundles
 * without source maps; the interop tests after it run on those).
 */
function integrationVsix() {
  if (!step('npm run package (certwright.vsix)', 'npm', ['run', 'package'])) return;
  integration('integration (installed .vsix)', ['--vsix', join(root, 'certwright.vsix'), '--results', 'integration-vsix.json'], 'integration-vsix.json');
}

if (!skipBuild) {
  if (!step('build', process.execPath, [join(root, 'scripts/build.mjs')])) {
    console.log(`\n${totals.passed} passed, ${totals.failed} failed`);
    process.exit(1);
  }
  step('typecheck (tsc --noEmit, strict)', process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', root]);
}
if (!only || only === 'unit') nodeTests('unit');
/** The web extension (package.json `browser`) in the browser's extension host: test/integration/web-runner.mjs. */
const integrationWeb = () => integration('integration (web extension)', [], 'integration-web.json', 'test/integration/web-runner.mjs');

if (!only || only === 'integration') { integration(); integrationWeb(); integrationVsix(); }
if (only === 'vsix') integrationVsix();
if (only === 'web') integrationWeb();
if (!only || only === 'interop') nodeTests('interop');

if (failures.length) console.log(`\nfailures:\n  ${failures.join('\n  ')}`);
console.log(`\n${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed ? 1 : 0);
