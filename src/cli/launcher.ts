// dist/cli.js: loads only the bundle the subcommand needs. `verify` gets its own small bundle
// (dist/cli-verify.js) so a CI step verifying many files does not parse the whole CLI first;
// everything else runs dist/cli-main.js. (A V8 code cache for the verify bundle, compiled through
// vm.Script, was measured: 10% more CPU for a 50-file run than compiling it, so none is used.)
import { join } from 'node:path';
import { VERIFY_WORKER_ARG } from './verify-parallel';

const verify = process.argv[2] === 'verify' || process.argv[2] === VERIFY_WORKER_ARG;
const file = verify ? 'cli-verify.js' : 'cli-main.js';
// A computed path: esbuild leaves it to Node's require at run time.
const load = require;
load(join(__dirname, file));
