// Takes the README screenshot from the real workbench: the Certificates view and the hover
// card over a Secret's base64 tls.crt. Usage: node scripts/screenshot.mjs [--folder DIR]
// [--file REL] [--needle TEXT] [--out PNG]; `--timeline` takes the certificate timeline instead
// (default output media/screenshot-timeline.png).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, launchBrowser, ROOT, startServer, workbenchUrl } from '../test/integration/vscode-server.mjs';

const argv = process.argv.slice(2);
const opt = (name, dflt) => (argv.includes(`--${name}`) ? argv[argv.indexOf(`--${name}`) + 1] : dflt);
const folder = resolve(opt('folder', join(ROOT, 'examples')));
const timeline = argv.includes('--timeline');
const out = resolve(opt('out', join(ROOT, timeline ? 'media/screenshot-timeline.png' : 'media/screenshot-hover-tree.png')));

if (spawnSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { stdio: 'inherit' }).status !== 0) process.exit(1);
const work = mkdtempSync(join(tmpdir(), 'cw-shot-'));
const ready = join(work, 'ready');
const done = join(work, 'done');
const port = await freePort();
const server = await startServer({
  port, dataDir: join(work, 'data'),
  env: { CERTWRIGHT_SHOT_READY: ready, CERTWRIGHT_SHOT_DONE: done, CERTWRIGHT_SHOT_FILE: opt('file', 'certs/secret.yaml'), CERTWRIGHT_SHOT_NEEDLE: opt('needle', 'tls.crt:'), ...(timeline ? { CERTWRIGHT_SHOT_MODE: 'timeline' } : {}) },
});
const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
  await page.goto(workbenchUrl({ port, folder, extensionDevelopmentPath: ROOT, extensionTestsPath: join(ROOT, 'out/test/integration/screenshot.js') }));
  const started = Date.now();
  while (!existsSync(ready)) {
    if (Date.now() - started > 120_000) throw new Error('the workbench did not get ready within 120 s');
    await new Promise((r) => setTimeout(r, 200));
  }
  if (timeline) {
    // The webview's page lives in nested iframes: wait until one of them shows bars.
    const until = Date.now() + 15_000;
    while (Date.now() < until && !(await Promise.all(page.frames().map((f) => f.locator('rect.bar').count().catch(() => 0)))).some((n) => n > 0)) await page.waitForTimeout(200);
  } else {
    await page.waitForSelector('.monaco-hover', { timeout: 15_000 }).catch(() => console.warn('no hover widget visible'));
  }
  await page.screenshot({ path: out });
  console.log(`screenshot written to ${out}`);
} finally {
  writeFileSync(done, 'done');
  await browser.close();
  server.stop();
  rmSync(work, { recursive: true, force: true });
}
