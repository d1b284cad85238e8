// Tests never read the live examples/ folder (a user's authoring or scaffold commands write into
// it): they read a copy of the files a fresh checkout has, made once per process in a temp folder.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyDemo, prepareDemo } from '../../scripts/demo.mjs';

const copies = new Map<string, string>();

function tempFolder(prefix: string): string {
  const base = mkdtempSync(join(tmpdir(), prefix));
  process.once('exit', () => rmSync(base, { recursive: true, force: true }));
  return base;
}

/**
 * `<temp>/examples`: a copy of the demo (the repository's examples/ as git tracks it). With
 * `fresh`, its certificates are remade relative to now as `npm start` does (needs openssl).
 * The copy is shared by the callers of one process: treat it as read-only.
 */
export function demoCopy(root: string, opts: { fresh?: boolean } = {}): string {
  const key = opts.fresh ? 'fresh' : 'plain';
  let dir = copies.get(key);
  if (!dir) {
    dir = join(tempFolder('cw-demo-'), 'examples');
    if (opts.fresh) {
      const problem = prepareDemo(root, dir);
      if (problem) throw new Error(problem);
    } else copyDemo(root, dir);
    copies.set(key, dir);
  }
  return dir;
}
