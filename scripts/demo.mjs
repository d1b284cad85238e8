// The demo workspace: a copy of examples/ whose certificates are made relative to today.
// Shared by `npm start` (scripts/start.mjs), the unit test that checks every finding
// examples/README.md promises, and the integration suite's first-session workspace, so the
// live examples/ folder is never written by the demo and never read by a test.
// Plain JavaScript without import.meta, so esbuild can bundle it into the (CommonJS) tests.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The files of `root`/examples a fresh checkout has: those git tracks when `root` is a git
 * checkout (what a user's authoring or scaffold commands added to examples/ is left out), else
 * every file. Paths relative to examples/.
 */
export function demoFiles(root) {
  const src = join(root, 'examples');
  const git = spawnSync('git', ['-C', root, 'ls-files', '-z', '--', 'examples'], { encoding: 'utf8' });
  if (git.status === 0 && git.stdout) {
    return git.stdout.split('\0').filter(Boolean).map((p) => p.slice('examples/'.length)).filter((p) => existsSync(join(src, p)));
  }
  const out = [];
  const walk = (rel) => {
    for (const name of readdirSync(join(src, rel))) {
      const p = rel ? `${rel}/${name}` : name;
      if (statSync(join(src, p)).isDirectory()) walk(p);
      else out.push(p);
    }
  };
  walk('');
  return out;
}

/** Copies the demo's files into `dest` (emptied first); returns `dest`. */
export function copyDemo(root, dest) {
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dest, { recursive: true });
  for (const p of demoFiles(root)) {
    mkdirSync(dirname(join(dest, p)), { recursive: true });
    cpSync(join(root, 'examples', p), join(dest, p));
  }
  return dest;
}

/**
 * Remakes the demo's certificates in `dest` relative to now (certs/regenerate.sh: the
 * payment-service certificate expires in 20 days, auth-service's expired 30 days ago).
 * Returns undefined when done, else one line saying what went wrong and what to do.
 */
export function refreshDemoCertificates(dest) {
  const script = join(dest, 'certs', 'regenerate.sh');
  if (!existsSync(script)) return `${join('certs', 'regenerate.sh')} is missing in the demo copy; restore examples/certs/regenerate.sh from git`;
  const r = spawnSync('bash', [script], { cwd: join(dest, 'certs'), encoding: 'utf8' });
  if (r.error) return `cannot run bash (${r.error.code ?? r.error.message}); install bash and openssl (bash scripts/setup.sh) to remake the demo certificates`;
  if (r.status !== 0) {
    const why = (r.stderr || r.stdout || '').trim().split('\n').pop() ?? '';
    return `certs/regenerate.sh failed (exit ${r.status}${why ? `: ${why}` : ''}); install openssl 3 (bash scripts/setup.sh) and run npm start again`;
  }
  return undefined;
}

/** A fresh demo in `dest`: the copy, then today's certificates. Returns the problem, if any. */
export function prepareDemo(root, dest) {
  copyDemo(root, dest);
  return refreshDemoCertificates(dest);
}
