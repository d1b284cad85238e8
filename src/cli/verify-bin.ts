// `certwright verify` on its own (dist/cli-verify.js, loaded by dist/cli.js): a bundle of a
// thirtieth of the full one, because CI runs verify over many files and startup counts.
import { main } from './main-verify';
import { runProcess } from './process-io';

// Output through the file descriptors: no stream objects to set up before the first file.
runProcess(main, process.argv.slice(2), true);
