// Starts the real VS Code server (from code-server, installed by scripts/setup.sh) and opens
// its web workbench in Debian's Chromium. Shared by the integration runner, `npm start` and
// the screenshot script.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');
export const SERVER_MAIN = join(ROOT, '.cache/code-server/node_modules/code-server/lib/vscode/out/server-main.js');
export const CHROMIUM = '/usr/bin/chromium';

export function checkInstalled() {
  const missing = [];
  if (!existsSync(SERVER_MAIN)) missing.push('code-server (VS Code server)');
  if (!existsSync(CHROMIUM)) missing.push('chromium');
  if (missing.length) throw new Error(`${missing.join(' and ')} not installed: run "bash scripts/setup.sh" first`);
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/**
 * Starts the server; resolves when it listens. `trusted: false` leaves workspace trust on, so
 * the window opens in Restricted Mode; otherwise trust is disabled (everything trusted).
 * `logLevel` (e.g. 'trace') applies to every log, extensions' output channels included.
 */
export async function startServer({ port, host = '127.0.0.1', dataDir, env = {}, trusted = true, logLevel, onOutput, onSpawn }) {
  checkInstalled();
  dataDir ??= mkdtempSync(join(tmpdir(), 'cw-vscode-'));
  // Machine settings: no welcome walkthrough, no git prompts about parent repositories.
  mkdirSync(join(dataDir, 'data/Machine'), { recursive: true });
  writeFileSync(join(dataDir, 'data/Machine/settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none', 'git.openRepositoryInParentFolders': 'never', 'workbench.tips.enabled': false,
    'telemetry.telemetryLevel': 'off', 'extensions.ignoreRecommendations': true,
  }, null, 2));
  const args = [
    SERVER_MAIN, '--host', host, '--port', String(port), '--without-connection-token',
    '--accept-server-license-terms', '--server-data-dir', dataDir,
    '--telemetry-level', 'off',
  ];
  if (trusted) args.push('--disable-workspace-trust');
  if (logLevel) args.push('--log', logLevel);
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  // The caller learns the child at once, so it can stop it even while the server is starting.
  onSpawn?.(child);
  let buffered = '';
  await new Promise((resolve, reject) => {
    const onData = (d) => {
      const s = d.toString();
      buffered += s;
      onOutput?.(s);
      if (/Extension host agent listening on/.test(buffered)) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`VS Code server exited (${code}) before listening:\n${buffered.slice(-2000)}`)));
    setTimeout(() => reject(new Error(`VS Code server did not listen within 60 s:\n${buffered.slice(-2000)}`)), 60_000).unref();
  });
  return {
    child,
    stop() {
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
    },
  };
}

/**
 * Installs a .vsix into the server data folder `dataDir` (its `extensions/`) with the server's
 * own `--install-extension`, as a user of the VS Code server would. Returns the exit status and output.
 */
export function installVsix({ dataDir, vsix }) {
  checkInstalled();
  const r = spawnSync(process.execPath, [SERVER_MAIN, '--server-data-dir', dataDir, '--accept-server-license-terms', '--install-extension', vsix], { encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
}

/** The workbench URL: a folder plus, optionally, the extension in development mode and a tests entry. */
export function workbenchUrl({ host = '127.0.0.1', port, folder, extensionDevelopmentPath, extensionTestsPath }) {
  const remote = (p) => `vscode-remote://${host}:${port}${p}`;
  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  let url = `http://${host}:${port}/?folder=${encodeURIComponent(folder)}`;
  if (payload.length) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return url;
}

export async function launchBrowser() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
  });
}
