// dist/cli.js: loads only the bundle the subcommand needs. `verify` gets its own small bundle
// (dist/cli-verify.js) so a CI step verifying many files does not parse the whole CLI first;
// everything else runs dist/cli-main.js.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VERIFY_WORKER_ARG } from './verify-parallel';

// A computed path: esbuild leaves it to Node's require at run time.
const load = require;

/**
 * The verify bundle compiled with the V8 code cache scripts/build.mjs wrote next to it
 * (dist/cli-verify.cache: the bytecode of every function a verify run calls, so none is compiled
 * while 1,000 files wait). Node 20 has no module.enableCompileCache, hence vm.Script. A cache
 * V8 rejects (another Node, other flags) or a missing one only means compiling as usual.
 */
function loadVerify(): void {
  const file = join(__dirname, 'cli-verify.js');
  let run: ((...args: unknown[]) => void) | undefined;
  try {
    // The cache starts with the SHA-256 of the bundle it was made from: V8 itself only compares
    // lengths, and a bundle rebuilt without its cache (esbuild --watch) must not run stale bytecode.
    const cache = readFileSync(join(__dirname, 'cli-verify.cache'));
    const source = readFileSync(file);
    if (cache.length > 32 && createHash('sha256').update(source).digest().equals(cache.subarray(0, 32))) {
      const { Script } = load('node:vm') as typeof import('node:vm');
      // Module.wrap's wrapper, as the cache was made with.
      const code = `(function (exports, require, module, __filename, __dirname) { ${source.toString('utf8')}\n});`;
      run = new Script(code, { filename: file, cachedData: cache.subarray(32) }).runInThisContext();
    }
  } catch {
    // No cache, or not this bundle's: compiled as any module.
    run = undefined;
  }
  if (!run) { load(file); return; }
  const mod = { exports: {} };
  run.call(mod.exports, mod.exports, load, mod, file, __dirname);
}

if (process.argv[2] === 'verify' || process.argv[2] === VERIFY_WORKER_ARG) loadVerify();
else load(join(__dirname, 'cli-main.js'));
