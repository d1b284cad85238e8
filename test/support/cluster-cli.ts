// The processes the cluster interop tests run against the stand-in: `certwright` (dist/cli.js)
// and the real kubectl, both asynchronous (the stand-in answers from the test's event loop).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface Ran { code: number; out: string; err: string }

/** The repository root: the nearest folder above this file with a package.json. */
const ROOT = (() => {
  let d = __dirname;
  while (!existsSync(join(d, 'package.json')) && dirname(d) !== d) d = dirname(d);
  return d;
})();
const CLI = join(ROOT, 'dist', 'cli.js');

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(cmd, args, { encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024, env }, (e, out, err) => {
      resolve({ code: e ? (typeof e.code === 'number' ? e.code : 1) : 0, out, err });
    });
  });
}

/** `certwright ARGS`: no KUBECONFIG, and not marked as a test-runner child (main.ts then stays idle). */
export function cli(args: string[]): Promise<Ran> {
  const env: NodeJS.ProcessEnv = { ...process.env, KUBECONFIG: '' };
  delete env.NODE_TEST_CONTEXT;
  return run(process.execPath, [CLI, ...args], env);
}

/** kubectl ARGS with its discovery cache under `dir`; rejects with kubectl's stderr. */
export async function kubectlIn(dir: string, args: string[]): Promise<string> {
  const r = await run('kubectl', args, { ...process.env, KUBECACHEDIR: join(dir, 'kubectl-cache') });
  if (r.code) throw new Error(`kubectl failed: ${r.err}`);
  return r.out;
}
