// dist/cli.js: loads only the bundle the subcommand needs. `verify` gets its own small bundle
// (dist/cli-verify.js) so a CI step verifying many files does not parse the whole CLI first;
// everything else runs dist/cli-main.js.
import { join } from 'node:path';

const file = process.argv[2] === 'verify' ? 'cli-verify.js' : 'cli-main.js';
// A computed path: esbuild leaves it to Node's require at run time.
const load = require;
load(join(__dirname, file));
