// `npm start`: builds the extension and opens a real VS Code (the VS Code server from
// code-server, with Certwright in development mode) on examples/. Prints the URL to open.
// Options: --port N (default $PORT or 8080), --host H (default 127.0.0.1), --folder DIR.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ROOT, startServer, workbenchUrl } from '../test/integration/vscode-server.mjs';

const argv = process.argv.slice(2);
const opt = (name, dflt) => (argv.includes(`--${name}`) ? argv[argv.indexOf(`--${name}`) + 1] : dflt);
const port = Number(opt('port', process.env.PORT ?? 8080));
const host = opt('host', '127.0.0.1');
const folder = resolve(opt('folder', join(ROOT, 'examples')));

const build = spawnSync(process.execPath, [join(ROOT, 'scripts/build.mjs'), '--no-tests'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const dataDir = join(ROOT, '.cache/vscode-server-data');
mkdirSync(dataDir, { recursive: true });
let server;
try {
  server = await startServer({ port, host, dataDir, trusted: true });
} catch (e) {
  console.error(`certwright: ${e.message}`);
  process.exit(1);
}
const url = workbenchUrl({ host, port, folder, extensionDevelopmentPath: ROOT });
console.log(`\nVS Code with Certwright (development mode) is running on ${folder}.\nOpen this URL in a browser:\n\n  ${url}\n\nPress Ctrl-C to stop. Rebuild with "npm run build" and reload the window to pick up changes.`);
const stop = () => { server.stop(); process.exit(0); };
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.child.once('exit', (code) => { console.error(`VS Code server exited (${code})`); process.exit(code ?? 1); });
