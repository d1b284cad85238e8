// `npm start`: builds the extension and opens a real VS Code (the VS Code server from
// code-server, with Certwright in development mode) on a fresh copy of examples/ whose
// certificates are made relative to today (scripts/demo.mjs). Prints the URL to open.
// Options: --port N (default $PORT or 8080), --host H (default 127.0.0.1), --folder DIR (open DIR
// as it is instead of the demo), --demo-dir DIR (where the demo copy goes, default .cache/demo),
// --no-build.
// Stopping it (Ctrl-C, or SIGTERM/SIGHUP to its process id, also through npm) stops everything it
// started: the VS Code server runs in its own process group, which is killed on the way out.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { ROOT, startServer, workbenchUrl } from '../test/integration/vscode-server.mjs';
import { prepareDemo } from './demo.mjs';

let serverChild;
let stopping = false;
/** Kills the VS Code server's process group (it was started detached, so it is not ours by default). */
function stopServer() {
  if (!serverChild?.pid) return;
  try { process.kill(-serverChild.pid, 'SIGTERM'); } catch { /* already gone */ }
  const pid = serverChild.pid;
  serverChild = undefined;
  // Whatever ignores SIGTERM is killed shortly after (synchronously, so it also works on exit).
  spawnSync(process.execPath, ['-e', `setTimeout(() => { try { process.kill(-${pid}, 'SIGKILL'); } catch {} }, 1500)`]);
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    if (stopping) return;
    stopping = true;
    console.log(`\ncertwright: stopping (${sig}): the VS Code server and its processes`);
    stopServer();
    process.exit(0);
  });
}
process.on('exit', stopServer);

const argv = process.argv.slice(2);
const opt = (name, dflt) => (argv.includes(`--${name}`) ? argv[argv.indexOf(`--${name}`) + 1] : dflt);
const port = Number(opt('port', process.env.PORT ?? 8080));
const host = opt('host', '127.0.0.1');

if (!argv.includes('--no-build')) {
  const build = spawnSync(process.execPath, [join(ROOT, 'scripts/build.mjs'), '--no-tests'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

let folder;
if (argv.includes('--folder')) folder = resolve(opt('folder'));
else {
  // A fresh demo each start: what the authoring and scaffold commands write stays out of examples/.
  folder = resolve(opt('demo-dir', join(ROOT, '.cache/demo')));
  const problem = prepareDemo(ROOT, folder);
  const shown = relative(process.cwd(), folder) || '.';
  if (problem) console.error(`certwright: the demo's certificates were not remade (${problem}); their dates may be stale`);
  else console.log(`certwright: fresh demo in ${shown} (certificates made relative to today)`);
}

const dataDir = join(ROOT, '.cache/vscode-server-data');
mkdirSync(dataDir, { recursive: true });
let server;
try {
  server = await startServer({ port, host, dataDir, trusted: true, onSpawn: (child) => { serverChild = child; } });
} catch (e) {
  console.error(`certwright: ${e.message.split('\n')[0]}; is port ${port} free? Try --port N`);
  process.exit(1);
}
const url = workbenchUrl({ host, port, folder, extensionDevelopmentPath: ROOT });
console.log(`\nVS Code with Certwright (development mode) is running on ${relative(process.cwd(), folder) || '.'} (server process group ${server.child.pid}).\nOpen this URL in a browser:\n\n  ${url}\n\nPress Ctrl-C to stop. Rebuild with "npm run build" and reload the window to pick up changes.`);
server.child.once('exit', (code) => {
  if (stopping) return;
  console.error(`certwright: the VS Code server exited (${code}); run npm start again`);
  serverChild = undefined;
  process.exit(code ?? 1);
});
