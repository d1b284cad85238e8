// `npm start` (scripts/start.mjs) stops everything it started: SIGTERM or SIGINT to its process
// id leaves no VS Code server behind and frees the port (#20). Runs the real script (without
// rebuilding) on a temp demo copy; needs the code-server install of scripts/setup.sh.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../unit/helpers';

const freePort = () => new Promise<number>((resolve, reject) => {
  const s = createServer();
  s.once('error', reject);
  s.listen(0, '127.0.0.1', () => { const { port } = s.address() as { port: number }; s.close(() => resolve(port)); });
});
const listening = (port: number) => new Promise<boolean>((resolve) => {
  const c = createConnection({ port, host: '127.0.0.1' });
  c.once('connect', () => { c.destroy(); resolve(true); });
  c.once('error', () => resolve(false));
});
const alive = (pid: number) => { try { process.kill(pid, 0); return true; } catch { return false; } };
async function until(what: string, ok: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  test(`npm start: ${signal} to its pid stops the VS Code server it started and frees the port; the demo copy is fresh`, async () => {
    const work = mkdtempSync(join(tmpdir(), 'cw-start-'));
    const port = await freePort();
    const child = spawn(process.execPath, [join(ROOT, 'scripts/start.mjs'), '--no-build', '--port', String(port), '--demo-dir', join(work, 'demo')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    try {
      await until('the URL', () => /Open this URL/.test(out), 120_000);
      const group = Number(/server process group (\d+)/.exec(out)?.[1]);
      assert.ok(group > 0, out);
      assert.ok(alive(group));
      assert.equal(await listening(port), true);
      assert.ok(existsSync(join(work, 'demo/certs/payment-service.crt')), 'the demo copy');
      assert.match(readFileSync(join(work, 'demo/README.md'), 'utf8'), /What Certwright shows here/);
      child.kill(signal);
      assert.equal(await exited, 0, out);
      await until('the server to end', () => !alive(group), 10_000);
      await until('the port to be free', async () => !(await listening(port)), 10_000);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(work, { recursive: true, force: true });
    }
  });
}
