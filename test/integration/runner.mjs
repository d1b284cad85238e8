// Runs the integration suite inside real VS Code, once per fixture workspace in
// test/fixtures/workspaces (or those named on the command line), and merges the results into
// test-results/integration.json for scripts/test.mjs. After each workspace, the secret-hygiene
// sweep (test/integration/secret-sweep.ts) searches everything the run left behind for the
// private keys it involved: one more test per workspace.
//
// `--vsix FILE` runs against the packaged extension instead of the development copy: FILE is
// installed into each run's server with the server's `--install-extension`, and the
// development path given to the workbench is an empty host extension, so the suite drives the
// installed copy (CERTWRIGHT_TEST_VSIX tells the suite, which checks it). `--results NAME`
// names the merged result file (default integration.json).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { freePort, installVsix, launchBrowser, ROOT, startServer, workbenchUrl } from './vscode-server.mjs';

const TIMEOUT_MS = Number(process.env.CERTWRIGHT_TEST_TIMEOUT_MS ?? 300_000);
const resultsDir = join(ROOT, 'test-results');
mkdirSync(resultsDir, { recursive: true });
const wsRoot = join(ROOT, 'test/fixtures/workspaces');
const argv = process.argv.slice(2);
/** `--name value` options, removed from argv. */
function option(name) {
  const i = argv.indexOf(name);
  if (i < 0) return undefined;
  const [, value] = argv.splice(i, 2);
  return value;
}
const vsix = option('--vsix');
const resultsName = option('--results') ?? 'integration.json';
const names = argv.length ? argv : readdirSync(wsRoot).filter((n) => existsSync(join(wsRoot, n))).sort();
const testsEntry = join(ROOT, 'out/test/integration/index.js');
const sweepModule = join(ROOT, 'out/test/integration/secret-sweep.js');
const total = { passed: 0, failed: 0, failures: [] };

function fail(title, error) {
  total.failed++;
  total.failures.push({ title, error });
  console.log(`not ok - ${title}\n  ${error}`);
}

/**
 * The secret-hygiene sweep of one workspace run, before its folder is deleted. Keys: every
 * private key in the workspace (as committed, and as the tests left it: generated keys
 * included) and those the suite reported (the cluster stand-in's tls.key values). Searched:
 * every file of the run's folder but the workspace copy (VS Code's logs with the Certwright
 * output channel at trace level, the suite log, the results, the private TMPDIR of VS Code and
 * the extension), what the suite recorded the extension showing (diagnostics, hovers, code
 * lenses, tree items, details documents, clipboard), the server's output, the browser console,
 * and every file created in the system temp folder during the run (other workspace copies
 * left out; there only this run's keys count, not the armor of keys other processes write).
 * Returns undefined when clean, else the problem (never the secret).
 */
function secretSweep({ name, work, folder, shownFile, startedAt, texts }) {
  const { findKeys, findKeysInTree, needlesFor, sweep, undetectable, walkFiles } = createRequire(import.meta.url)(sweepModule);
  const keys = findKeysInTree(join(wsRoot, name));
  findKeysInTree(folder, keys, (p) => basename(p) === '.git');
  const dump = existsSync(shownFile) ? JSON.parse(readFileSync(shownFile, 'utf8')) : { shown: [], keys: [] };
  for (const k of dump.keys) findKeys(k.pem, k.label, keys);
  const needles = needlesFor(keys.values());
  const changedSince = (f) => { try { return lstatSync(f).ctimeMs >= startedAt; } catch { return false; } };
  const systemTmp = walkFiles(tmpdir(), (p) => p === work || /^cw-ws-/.test(basename(p))).filter(changedSince);
  const sources = [
    ...dump.shown.map((s) => ({ name: `shown by the extension: ${s.where}`, text: s.text })),
    ...texts.map(([n, text]) => ({ name: n, text })),
    // The installed .vsix (--vsix runs) is the package as shipped, not something the run wrote.
    ...walkFiles(work, (p) => p === folder || p === shownFile || p === join(work, 'server-data', 'extensions')).map((f) => ({ name: relative(work, f), file: f })),
    // Shared with every other process on the machine: only this run's keys count there.
    ...systemTmp.map((f) => ({ name: f, file: f, keysOnly: true })),
  ];
  const r = sweep(sources, needles);
  const mb = (r.bytes / 1048576).toFixed(1);
  console.log(`# ${name}: secret sweep: ${keys.size} private keys (${needles.count} needles) searched in ${r.scanned} texts and files (${mb} MB): ${dump.shown.length} shown by the extension, ${systemTmp.length} new in ${tmpdir()}${r.skipped.length ? `; skipped ${r.skipped.join(', ')}` : ''}`);
  if (keys.size === 0) return 'no private key to search for: the workspace and the suite hold none';
  const blind = undetectable(keys.values(), needles);
  if (blind.length) return `the sweep could not find these keys even in their own PEM body: ${blind.join(', ')}`;
  if (dump.shown.length === 0) return `the suite recorded nothing the extension showed (${shownFile})`;
  if (r.hits.length) return `key material found:\n${r.hits.map((h) => `${h.source}: ${h.kind} of ${h.key} at offset ${h.offset} (needle sha256 ${h.needle})`).join('\n')}`;
  return undefined;
}

async function runWorkspace(name) {
  const startedAt = Date.now() - 1000;
  const work = mkdtempSync(join(tmpdir(), `cw-ws-${name}-`));
  const folder = join(work, name);
  cpSync(join(wsRoot, name), folder, { recursive: true });
  const trusted = !existsSync(join(folder, '.untrusted'));
  rmSync(join(folder, '.untrusted'), { force: true });
  if (existsSync(join(folder, 'prepare.sh'))) {
    const r = spawnSync('bash', ['prepare.sh'], { cwd: folder, encoding: 'utf8', env: { ...process.env, CERTWRIGHT_ROOT: ROOT } });
    rmSync(join(folder, 'prepare.sh'), { force: true });
    if (r.status !== 0) return fail(`${name}: prepare.sh`, r.stderr || `exit ${r.status}`);
  }
  const resultFile = join(work, 'result.json');
  const logFile = join(work, 'tests.log');
  const shownFile = join(work, 'shown.json');
  // VS Code and the extension get their own temp folder (searched whole by the sweep).
  const tmp = join(work, 'tmp');
  mkdirSync(tmp);
  writeFileSync(logFile, '');
  const port = await freePort();
  let extensionDevelopmentPath = ROOT;
  if (vsix) {
    // The packaged extension, installed as a user would; an empty extension holds the test entry.
    const out = installVsix({ dataDir: join(work, 'server-data'), vsix });
    if (out.status !== 0) return fail(`${name}: --install-extension ${basename(vsix)}`, out.output);
    extensionDevelopmentPath = join(work, 'test-host');
    mkdirSync(extensionDevelopmentPath);
    writeFileSync(join(extensionDevelopmentPath, 'package.json'), JSON.stringify({ name: 'certwright-vsix-tests', publisher: 'certwright-tests', version: '0.0.0', engines: { vscode: '*' } }));
  }
  let server, browser;
  let ran = false;
  const serverLog = [];
  const consoleLog = [];
  try {
    server = await startServer({
      port, trusted, dataDir: join(work, 'server-data'), logLevel: 'trace',
      env: { ...(vsix ? { CERTWRIGHT_TEST_VSIX: join(work, 'server-data', 'extensions') } : {}), CERTWRIGHT_ROOT: ROOT, CERTWRIGHT_TEST_RESULTS: resultFile, CERTWRIGHT_TEST_WORKSPACE: name, CERTWRIGHT_TEST_LOG: logFile, CERTWRIGHT_TEST_SWEEP: shownFile, TMPDIR: tmp },
      onOutput: (s) => serverLog.push(s),
    });
    browser = await launchBrowser();
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    page.on('console', (m) => consoleLog.push(m.text()));
    // The workbench's first load can take long on a loaded machine (2 cores shared).
    await page.goto(workbenchUrl({ port, folder, extensionDevelopmentPath, extensionTestsPath: testsEntry }), { timeout: 120_000 });
    console.log(`# ${name}: VS Code on port ${port}, workspace ${trusted ? 'trusted' : 'untrusted (Restricted Mode)'}${vsix ? `, extension installed from ${basename(vsix)}` : ''}`);
    // Wait for the result file (the extension host writes it when run() settles) or the time limit.
    const started = Date.now();
    let printed = 0;
    while (!existsSync(resultFile) && Date.now() - started < TIMEOUT_MS) {
      await new Promise((r) => setTimeout(r, 250));
      const log = readFileSync(logFile, 'utf8');
      if (log.length > printed) { process.stdout.write(log.slice(printed)); printed = log.length; }
    }
    const log = readFileSync(logFile, 'utf8');
    if (log.length > printed) process.stdout.write(log.slice(printed));
    await page.screenshot({ path: join(resultsDir, `${name}.png`) }).catch(() => {});
    if (!existsSync(resultFile)) {
      return fail(`${name}: the suite produced no result within ${TIMEOUT_MS / 1000} s`, `server log tail:\n${serverLog.join('').slice(-3000)}\npage errors: ${pageErrors.slice(0, 5).join('\n')}`);
    }
    const r = JSON.parse(readFileSync(resultFile, 'utf8'));
    total.passed += r.passed;
    total.failed += r.failed;
    total.failures.push(...r.failures);
    ran = true;
  } catch (e) {
    fail(`${name}: harness`, e.stack ?? String(e));
  } finally {
    await browser?.close().catch(() => {});
    server?.stop();
    if (ran) {
      // The server is gone, so its logs are complete.
      await new Promise((r) => setTimeout(r, 300));
      try {
        const problem = secretSweep({ name, work, folder, shownFile, startedAt, texts: [['VS Code server output', serverLog.join('')], ['browser console', consoleLog.join('\n')]] });
        if (problem) fail(`${name}: secret hygiene: no key material in logs, output channels, what the extension showed, the clipboard or temp files`, problem);
        else { total.passed++; console.log(`ok - ${name}: secret hygiene: no key material in logs, output channels, what the extension showed, the clipboard or temp files`); }
      } catch (e) {
        fail(`${name}: secret hygiene sweep`, e.stack ?? String(e));
      }
    }
    rmSync(work, { recursive: true, force: true });
  }
}

if (!existsSync(testsEntry)) {
  fail('integration: build', `${testsEntry} is missing: run "node scripts/build.mjs" first`);
} else if (vsix && !existsSync(vsix)) {
  fail('integration: package', `${vsix} is missing: run "npm run package" first`);
} else {
  for (const name of names) await runWorkspace(name);
}
writeFileSync(join(resultsDir, resultsName), JSON.stringify(total, null, 2));
console.log(`# integration: ${total.passed} passed, ${total.failed} failed`);
process.exit(total.failed ? 1 : 0);
