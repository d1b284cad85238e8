// Writes dist/cli-verify.cache: the V8 code cache of dist/cli-verify.js after a verify run over
// the test fixtures, so it holds the bytecode of every function such a run calls (dist/cli.js
// loads the bundle with it). Run by scripts/build.mjs in a process of its own; the cache is
// only valid for this Node and these V8 flags (V8 rejects it otherwise, and the bundle is then
// compiled as usual). Output of the run goes nowhere (the caller passes stdio 'ignore').
const { Script } = require('node:vm');
const { readFileSync, writeFileSync, existsSync } = require('node:fs');
const { join } = require('node:path');
const { createHash } = require('node:crypto');

const root = join(__dirname, '..');
const file = join(root, 'dist/cli-verify.js');
const out = join(root, 'dist/cli-verify.cache');
// The same wrapper as src/cli/launcher.ts (Module.wrap's).
const source = readFileSync(file);
const script = new Script(`(function (exports, require, module, __filename, __dirname) { ${source.toString('utf8')}\n});`, { filename: file });
// Prefixed with the bundle's SHA-256: the launcher uses the cache only with the bundle it was made from.
const write = () => writeFileSync(out, Buffer.concat([createHash('sha256').update(source).digest(), script.createCachedData()]));
const fixtures = join(root, 'test/fixtures/certs/verify');
const f = (n) => join(fixtures, `${n}.pem`);
if (existsSync(f('root'))) {
  process.argv = [process.argv[0], join(root, 'dist/cli.js'), 'verify', '--ca', f('root'), '--untrusted', f('inter'), '--purpose', 'server',
    '--at', '2030-01-01T00:00:00Z', f('leaf'), f('client'), f('leaf-bundle'), f('noca-leaf')];
  process.on('exit', write);
  const mod = { exports: {} };
  script.runInThisContext().call(mod.exports, mod.exports, require, mod, file, join(root, 'dist'));
} else {
  write();
}
