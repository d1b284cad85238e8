// Runs Certwright as a web extension (package.json `browser`, dist/web/) in a real browser
// extension host: the VS Code server's web workbench in Chromium, where the extension runs in
// the workbench's web worker extension host and never in Node. The tests
// (test/integration/web/index.ts, bundled for the browser) run there and write their results
// into the workspace through vscode.workspace.fs.
//
// How it is made to run there: the workbench's payload `["extensionDevelopmentKind","web"]` is
// ignored by VS Code 1.100's web workbench (its environment service exposes the value as
// `extensionDevelopmentLocationKind`, the running-location code reads `extensionDevelopmentKind`),
// so a development extension with both `main` and `browser` runs in the server's Node host.
// Instead the runner loads a copy of the extension as github.dev and vscode.dev see it: the
// package.json without `main`, the files the .vsix packs, and the test entry inside it (VS Code
// runs the tests in the extension host of the extension that contains them).
// Writes test-results/integration-web.json for scripts/test.mjs.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, launchBrowser, ROOT, startServer, workbenchUrl } from './vscode-server.mjs';

const TIMEOUT_MS = Number(process.env.CERTWRIGHT_TEST_TIMEOUT_MS ?? 240_000);
const resultsDir = join(ROOT, 'test-results');
mkdirSync(resultsDir, { recursive: true });
const testsEntry = join(ROOT, 'out/test/integration/web.js');
const total = { passed: 0, failed: 0, failures: [] };
const fail = (title, error) => { total.failed++; total.failures.push({ title, error }); console.log(`not ok - ${title}\n  ${error}`); };

async function main() {
  for (const f of [testsEntry, join(ROOT, 'dist/web/extension.js'), join(ROOT, 'dist/web/lint-worker.js')]) {
    if (!existsSync(f)) return fail('web: build', `${f} is missing: run "node scripts/build.mjs" first`);
  }
  const work = mkdtempSync(join(tmpdir(), 'cw-web-'));
  const ext = join(work, 'extension');
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  delete pkg.main;
  mkdirSync(join(ext, 'out'), { recursive: true });
  writeFileSync(join(ext, 'package.json'), JSON.stringify(pkg, null, 2));
  for (const d of ['dist/web', 'syntaxes', 'media', 'README.md', 'LICENSE']) cpSync(join(ROOT, d), join(ext, d), { recursive: true });
  cpSync(testsEntry, join(ext, 'out', 'web-tests.js'));
  const folder = join(work, 'web');
  cpSync(join(ROOT, 'test/fixtures/web'), folder, { recursive: true });
  const resultFile = join(folder, '.certwright-web-results.json');
  const logFile = join(folder, '.certwright-web-tests.log');
  const port = await freePort();
  const serverLog = [];
  const consoleLog = [];
  let server, browser;
  try {
    server = await startServer({ port, dataDir: join(work, 'server-data'), onOutput: (s) => serverLog.push(s) });
    browser = await launchBrowser();
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('console', (m) => consoleLog.push(m.text()));
    const url = workbenchUrl({ port, folder, extensionDevelopmentPath: ext, extensionTestsPath: join(ext, 'out', 'web-tests.js') });
    await page.goto(url, { timeout: 120_000 });
    console.log(`# web: VS Code on port ${port}, Certwright as a web extension (browser entry only)`);
    const started = Date.now();
    let printed = 0;
    const flush = () => {
      const log = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
      if (log.length > printed) { process.stdout.write(log.slice(printed)); printed = log.length; }
    };
    while (!existsSync(resultFile) && Date.now() - started < TIMEOUT_MS) {
      await new Promise((r) => setTimeout(r, 250));
      flush();
    }
    await new Promise((r) => setTimeout(r, 200));
    flush();
    await page.screenshot({ path: join(resultsDir, 'web.png') }).catch(() => {});
    if (!existsSync(resultFile)) {
      const hostLines = consoleLog.filter((l) => /certwright|extension host|web worker|error/i.test(l)).slice(-30).join('\n');
      return fail(`web: the suite produced no result within ${TIMEOUT_MS / 1000} s`, `browser console:\n${hostLines}\nserver log tail:\n${serverLog.join('').slice(-2000)}`);
    }
    const r = JSON.parse(readFileSync(resultFile, 'utf8'));
    total.passed += r.passed;
    total.failed += r.failed;
    total.failures.push(...r.failures);
  } catch (e) {
    fail('web: harness', e.stack ?? String(e));
  } finally {
    await browser?.close().catch(() => {});
    server?.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
writeFileSync(join(resultsDir, 'integration-web.json'), JSON.stringify(total, null, 2));
console.log(`# integration (web extension): ${total.passed} passed, ${total.failed} failed`);
process.exit(total.failed ? 1 : 0);
