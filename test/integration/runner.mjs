// Runs the integration suite inside real VS Code, once per fixture workspace in
// test/fixtures/workspaces (or those named on the command line), and merges the results into
// test-results/integration.json for scripts/test.mjs.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, launchBrowser, ROOT, startServer, workbenchUrl } from './vscode-server.mjs';

const TIMEOUT_MS = Number(process.env.CERTWRIGHT_TEST_TIMEOUT_MS ?? 300_000);
const resultsDir = join(ROOT, 'test-results');
mkdirSync(resultsDir, { recursive: true });
const wsRoot = join(ROOT, 'test/fixtures/workspaces');
const names = process.argv.slice(2).length ? process.argv.slice(2) : readdirSync(wsRoot).filter((n) => existsSync(join(wsRoot, n))).sort();
const testsEntry = join(ROOT, 'out/test/integration/index.js');
const total = { passed: 0, failed: 0, failures: [] };

function fail(title, error) {
  total.failed++;
  total.failures.push({ title, error });
  console.log(`not ok - ${title}\n  ${error}`);
}

async function runWorkspace(name) {
  const work = mkdtempSync(join(tmpdir(), `cw-ws-${name}-`));
  const folder = join(work, name);
  cpSync(join(wsRoot, name), folder, { recursive: true });
  const trusted = !existsSync(join(folder, '.untrusted'));
  rmSync(join(folder, '.untrusted'), { force: true });
  if (existsSync(join(folder, 'prepare.sh'))) {
    const r = spawnSync('bash', ['prepare.sh'], { cwd: folder, encoding: 'utf8' });
    rmSync(join(folder, 'prepare.sh'), { force: true });
    if (r.status !== 0) return fail(`${name}: prepare.sh`, r.stderr || `exit ${r.status}`);
  }
  const resultFile = join(work, 'result.json');
  const logFile = join(work, 'tests.log');
  writeFileSync(logFile, '');
  const port = await freePort();
  let server, browser;
  const serverLog = [];
  try {
    server = await startServer({
      port, trusted, dataDir: join(work, 'server-data'),
      env: { CERTWRIGHT_TEST_RESULTS: resultFile, CERTWRIGHT_TEST_WORKSPACE: name, CERTWRIGHT_TEST_LOG: logFile },
      onOutput: (s) => serverLog.push(s),
    });
    browser = await launchBrowser();
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await page.goto(workbenchUrl({ port, folder, extensionDevelopmentPath: ROOT, extensionTestsPath: testsEntry }));
    console.log(`# ${name}: VS Code on port ${port}, workspace ${trusted ? 'trusted' : 'untrusted (Restricted Mode)'}`);
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
  } catch (e) {
    fail(`${name}: harness`, e.stack ?? String(e));
  } finally {
    await browser?.close().catch(() => {});
    server?.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

if (!existsSync(testsEntry)) {
  fail('integration: build', `${testsEntry} is missing: run "node scripts/build.mjs" first`);
} else {
  for (const name of names) await runWorkspace(name);
}
writeFileSync(join(resultsDir, 'integration.json'), JSON.stringify(total, null, 2));
console.log(`# integration: ${total.passed} passed, ${total.failed} failed`);
process.exit(total.failed ? 1 : 0);
